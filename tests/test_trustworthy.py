"""The editor in ordinary use: no key crashes it, keys land where they were typed, the cursor is
never stranded, the status says what `nianbao check` says, help and basics show all their text."""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import monkey
from conftest import SAMPLES, run_cli
from nianbao.format.file import load
from nianbao.format.model import template as templates
from tui_helpers import C, assert_snapshot, run, screen_text, view

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from ptyrun import start_editor  # noqa: E402


def burst(app, *keys) -> None:
    """Keys written at once, as a burst arrives over SSH: none waits for the one before."""
    for key in keys:
        event = monkey._key_event(key)
        event.set_sender(app)
        app._driver.send_message(event)


# ------------------------------------------------------------------ no key crashes a screen

@pytest.mark.parametrize("keys", [["escape"], ["escape", "escape"], ["delete"], ["backspace"],
                                  ["space"], ["ctrl+c"], ["ctrl+g"], ["x"], ["Q"], ["报"],
                                  ["5", "escape", "escape"], ["ctrl+x"], ["ctrl+v"]])
def test_ordinary_keys_on_a_table_cell_are_harmless(tmp_path, keys):
    async def t(app, pilot, path):
        await pilot.press("f5", *keys)
        await pilot.pause()
        assert app.is_running and app.views().current == "s3"
        assert app.session.report.value(C("t3", "new", "natural")) == 3001
        await pilot.press("escape", "down")
        assert view(app).current() == C("t3", "carried_in", "natural")
    run(t, tmp_path)


def test_a_chinese_numeral_on_a_cell_says_to_use_digits(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "一", "百", "enter")
        assert "请用阿拉伯数字（如 1234），不能用中文数字" in screen_text(app)
        assert app.session.report.value(C("t3", "new", "natural")) == 3001
        await pilot.press("escape")
        assert not view(app).editing
    run(t, tmp_path)


def test_ctrl_c_says_how_to_quit_in_chinese(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "ctrl+c")
        assert "退出请按 Ctrl+Q" in screen_text(app)
    run(t, tmp_path)


def test_palette_over_palette_or_help_is_not_stacked(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("ctrl+p", "f1", "ctrl+p", "f1", "escape", "escape")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "EditorScreen"
    run(t, tmp_path)


def _repo_whose_older_version_has_less_prose(tmp_path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    path = root / "2024.toml"
    final = (SAMPLES / "huaian-2024.toml").read_text(encoding="utf-8")
    marker = 'text = """\n'
    first = final.index(marker, final.index("[s1]")) + len(marker)
    longer = final[:first] + "第一段。\n第二段。\n第三段。\n" + final[first:]

    def git(*args):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.name", "王小明")
    git("config", "user.email", "wang@example.gov.cn")
    path.write_text(final, encoding="utf-8")
    git("add", "2024.toml")
    git("commit", "-q", "-m", "older")
    path.write_text(longer, encoding="utf-8")
    git("commit", "-q", "-am", "newer")
    return path


def test_restoring_a_version_with_fewer_paragraphs_under_the_prose_cursor(tmp_path, monkeypatch):
    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp

    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    path = _repo_whose_older_version_has_less_prose(tmp_path)
    app = NianbaoApp(ReportFile.open(path))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            area = view(app).query_one("ProseArea")
            last = area.document.line_count - 1
            area.move_cursor((last, 3))
            await pilot.press("f10")
            await pilot.pause()
            await pilot.press("down", "enter", "R")
            await pilot.pause()
            assert app.is_running
            assert not app.session.report.prose["s1"].startswith("第一段")
            await pilot.press("f3", "ctrl+z")
            await pilot.pause()
            assert app.session.report.prose["s1"].startswith("第一段。\n第二段。")
            assert view(app).query_one("ProseArea").text == app.session.report.prose["s1"]
    asyncio.run(main())


# ------------------------------------------------------------------ every key where it was typed

async def prose_at_start(app, pilot):
    """Section 一's text area with the cursor at its start, and its text then."""
    await pilot.press("f3")
    area = view(app).query_one("ProseArea")
    area.move_cursor((0, 0))
    return area, area.text


def test_a_burst_in_prose_is_applied_in_arrival_order(tmp_path):
    async def t(app, pilot, path):
        area, start = await prose_at_start(app, pilot)
        burst(app, "right", "right", "Y")
        await pilot.pause()
        assert area.text == start[:2] + "Y" + start[2:]
        burst(app, "backspace", "X")
        await pilot.pause()
        assert area.text == start[:2] + "X" + start[2:]
        burst(app, "left", "left", "Z", "right", "W")
        await pilot.pause()
        assert area.text == start[:1] + "Z" + start[1:2] + "WX" + start[2:]
        assert app.session.report.prose["s1"] == area.text
    run(t, tmp_path)


def test_a_burst_ending_in_undo_undoes_the_keys_before_it(tmp_path):
    async def t(app, pilot, path):
        area, start = await prose_at_start(app, pilot)
        burst(app, "A", "B", "ctrl+z", "C")
        await pilot.pause()
        assert area.text == "C" + start
    run(t, tmp_path)


def test_a_burst_in_a_basics_field_and_across_fields(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f2")
        burst(app, "end", "backspace", "backspace", "局", "left", "X")
        await pilot.pause()
        field = app.screen.query_one("#meta-agency")
        assert field.value == "淮安市人民X局"
        burst(app, "tab", "end", "backspace", "5", "tab")
        await pilot.pause()
        assert app.screen.query_one("#meta-year").value == "2025"
        assert app.session.report.agency == "淮安市人民X局" and app.session.report.year == 2025
    run(t, tmp_path)


def test_a_burst_in_the_create_dialog(tmp_path):
    from nianbao.tui.app import NianbaoApp

    target = tmp_path / "new.toml"
    app = NianbaoApp(create_path=str(target))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            burst(app, *"某局", "left", "市", "end", "X", "backspace")
            await pilot.pause()
            assert app.screen.query_one("#create-agency").value == "某市局"
    asyncio.run(main())


@pytest.mark.skipif(sys.platform != "linux", reason="pty harness is Linux-only")
def test_bursts_written_at_once_into_a_pty_land_in_order(tmp_path):
    sample = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", sample)
    start = load.read(sample).report.prose["s1"]
    p = start_editor(sample)
    try:
        os.write(p.master, b"\x1b[C\x1b[CY\x7fX\x1b[D\x1b[DZ")  # Right Right Y Backspace X Left Left Z
        p.drain(0.5)
        os.write(p.master, b"\x1b[15~9\r\x1b[A7\t\x13")  # F5 9 Enter Up 7 Tab Ctrl+S, one write
        p.read_until("已保存")
    finally:
        p.close()
    saved = load.read(sample).report
    assert saved.prose["s1"] == start[:1] + "Z" + start[1:2] + "X" + start[2:]
    # 9 into the first cell, Enter down, Up back to it, 7 over the 9: in order, nothing astray
    assert saved.value(C("t3", "new", "natural")) == 7
    assert saved.value(C("t3", "carried_in", "natural")) == 34


def test_keys_right_behind_a_dialog_answer_reach_the_editor(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "f1")
        burst(app, "escape", "f3")  # Esc closes help in the App's own turn: F3 is not lost
        await pilot.pause()
        assert app.views().current == "s1"
        await pilot.press("f5", "1", "enter", "ctrl+q")
        burst(app, "c", "up", "5", "enter")  # 「留下继续编辑」, then a figure: it lands in the table
        await pilot.pause()
        assert type(app.screen).__name__ == "EditorScreen"
        assert app.session.report.value(C("t3", "new", "natural")) == 5
    run(t, tmp_path)


# ------------------------------------------------------------------ navigation never strands the cursor

def test_down_from_the_last_cell_of_table_two_block_one_reaches_the_next_block(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f4")
        v = view(app)
        v.move_to(v.grid.where(C("t2", "normative", "valid")))
        await pilot.press("down")
        assert v.current() == C("t2", "licensing", "decisions")
        await pilot.press("up")
        assert v.current().row == "normative"
        v.move_to(v.grid.where(C("t2", "licensing", "decisions")))
        await pilot.press("left")
        assert v.current() == C("t2", "normative", "valid")  # Left at a row's start: the row above
        await pilot.press("right")
        assert v.current() == C("t2", "licensing", "decisions")
    run(t, tmp_path)


def _moves(grid):
    from nianbao.tui.views.table_view import STEPS
    for (r, c), _cell in grid.cells():
        for key, (dr, dc) in STEPS.items():
            yield (r, c), key, grid.step(r, c, dr, dc)


@pytest.mark.parametrize("template_id", ["official-2021", "official-2019"])
def test_arrows_reach_every_row_and_cell_in_every_table(template_id):
    from nianbao.tui.widgets.grid import Grid

    tpl = templates.get(template_id)
    for table_id in tpl.tables:
        grid = Grid(tpl, table_id)
        order = sorted(rc for rc, _ in grid.cells())
        rows = sorted({r for r, _ in order})
        for (r, c), key, (tr, tc) in _moves(grid):
            assert (tr, tc) in dict(grid.cells())
            if key == "down":
                later = [x for x in rows if x > r]
                assert tr == (later[0] if later else r), (table_id, r, c, key)
            elif key == "up":
                earlier = [x for x in rows if x < r]
                assert tr == (earlier[-1] if earlier else r), (table_id, r, c, key)
            elif key == "right":
                after = [rc for rc in order if rc > (r, c)]
                assert (tr, tc) == (after[0] if after else (r, c))
            else:
                before = [rc for rc in order if rc < (r, c)]
                assert (tr, tc) == (before[-1] if before else (r, c))


@pytest.mark.parametrize("template_id", ["official-2021", "official-2019"])
def test_enter_goes_on_in_reading_order_and_never_rests_silently(template_id):
    from nianbao.tui.widgets.grid import Grid

    tpl = templates.get(template_id)
    for table_id in tpl.tables:
        grid = Grid(tpl, table_id)
        inputs = sorted(rc for rc, _ in grid.cells() if grid.editable(*rc))
        for r, c in inputs:
            target = grid.below(r, c)
            column_below = [rc for rc in inputs if rc[1] == c and rc[0] > r]
            later = [rc for rc in inputs if rc > (r, c)]
            expected = min(column_below) if column_below else (later[0] if later else (r, c))
            assert target == expected, (table_id, r, c)


def test_enter_on_the_last_cell_says_so_and_the_next_figure_does_not_overwrite_silently(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5")
        v = view(app)
        inputs = sorted(rc for rc, _ in v.grid.cells() if v.grid.editable(*rc))
        foot = max(r for r, c in inputs if c == 0)
        v.move_to((foot, 0))
        await pilot.press("7", "2", "enter")
        assert v.current() != v.grid.cell(foot, 0)  # on to the next cell in reading order
        v.move_to(inputs[-1])
        await pilot.press("5", "enter")
        assert "已到最后一格" in screen_text(app)
    run(t, tmp_path)


# ------------------------------------------------------------------ the live status is `nianbao check`

def _two_years(tmp_path) -> Path:
    """Huaian 2024 beside a 2023 report whose 结转下年度 differ from 2024's 上年结转."""
    path = tmp_path / "2024.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", path)
    prev = (SAMPLES / "huaian-2024.toml").read_text(encoding="utf-8").replace("year = 2024", "year = 2023", 1)
    (tmp_path / "2023.toml").write_text(prev, encoding="utf-8")
    return path


def _check_json(path) -> list[tuple[str, str]]:
    res = run_cli("check", path, "--format", "json")
    return [(row["rule"], row["message"]) for row in json.loads(res.stdout)]


def _editor_findings(app) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in app.session.findings]


def test_the_status_counts_cross_year_findings_like_check(tmp_path):
    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp

    path = _two_years(tmp_path)
    expected = _check_json(path)
    assert any(rule == "X-CARRY" for rule, _ in expected)
    app = NianbaoApp(ReportFile.open(path))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert _editor_findings(app) == expected
            errors = sum(1 for rule, _ in expected if rule.startswith("X-CARRY"))
            assert f"勾稽关系：{errors} 个错误" in screen_text(app)
            await pilot.press("f5")
            v = view(app)
            agreeing = [c for (r, _), c in v.grid.cells() if c.row == "carried_in" and not v.session.is_total(c)
                        and not any(f.rule == "X-CARRY" for f in app.session.findings_for(c))]
            v.move_to(v.grid.where(agreeing[0]))
            before = sum(f.rule == "X-CARRY" for f in app.session.findings)
            await pilot.press("9", "9", "enter")  # a changed 上年结转: its X-CARRY at once
            assert sum(f.rule == "X-CARRY" for f in app.session.findings) == before + 1
            assert "X-CARRY" in {f.rule for f in app.session.findings_for(agreeing[0])}
            assert f"勾稽关系：{sum(f.severity == 'error' for f in app.session.findings)} 个错误" in screen_text(app)
    asyncio.run(main())


def test_prose_rules_follow_the_prose_once_typing_pauses(tmp_path):
    async def t(app, pilot, path):
        assert not any(f.rule == "TX-NEW" for f in app.session.findings)
        await pilot.press("f3")
        area = view(app).query_one("ProseArea")
        where = area.text.index("3119")
        area.move_cursor(area.document.get_location_from_index(where))
        await pilot.press("delete", "9")  # 3119 -> 9119
        assert not any(f.rule == "TX-NEW" for f in app.session.findings)  # not per keystroke
        app._recovery_due = time.monotonic()  # the idle tick that writes the recovery file
        await pilot.pause(0.3)
        assert any(f.rule == "TX-NEW" and "9119" in f.message for f in app.session.findings)
        assert "1 个警告" in screen_text(app)
        await pilot.press("f9")
        assert "TX-NEW" in screen_text(app)
    run(t, tmp_path)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_leave_the_editor_agreeing_with_check(tmp_path, seed):
    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp

    rng = random.Random(seed)
    path = _two_years(tmp_path)
    app = NianbaoApp(ReportFile.open(path))
    sections = ["f3", "f4", "f5", "f6", "f7", "f8"]

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for _ in range(12):
                keys = [rng.choice(sections)]
                keys += [rng.choice(["down", "right", "up", "tab"]) for _ in range(rng.randint(0, 4))]
                keys += [rng.choice("0123456789年") for _ in range(rng.randint(1, 4))] + ["enter"]
                await pilot.press(*keys)
                await pilot.press("escape")
            await pilot.press("ctrl+s")
            await pilot.pause()
            app.recheck()
            expected = _check_json(path)
            assert _editor_findings(app) == expected
            errors = sum(f.severity == "error" for f in app.session.findings)
            assert f"{errors} 个错误，{len(expected) - errors} 个警告" in screen_text(app) or not expected
            await pilot.press("f9")
            table = app.screen.query_one("ProblemTable")
            assert table.row_count == len(expected)
    asyncio.run(main())


# ------------------------------------------------------------------ help and basics show all their text

@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_help_scrolls_to_its_last_section(tmp_path, size):
    async def t(app, pilot, path):
        await pilot.press("f1")
        assert "自定义按键" not in screen_text(app) or size == (120, 40)
        await pilot.press("end")
        await pilot.pause()
        assert "可用的名称" in screen_text(app)
        assert_snapshot(app, f"help-end-{size[0]}x{size[1]}")
        await pilot.press("home", "pagedown", "down")
        await pilot.press("escape")
        assert type(app.screen).__name__ == "EditorScreen"
    run(t, tmp_path, size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_basics_fields_wrap_within_their_width(tmp_path, size):
    async def t(app, pilot, path):
        await pilot.press("f2")
        await pilot.pause()
        flat = "".join(line.strip() for line in screen_text(app).split("\n"))
        assert "国令第711号" in flat and "12月31日" in flat
        assert_snapshot(app, f"basics-huaian-{size[0]}x{size[1]}")
    run(t, tmp_path, size=size)


# ------------------------------------------------------------------ the monkey

MONKEY_SEEDS = [int(s) for s in os.environ.get("NIANBAO_MONKEY_SEEDS", "1,2,3,4,5,6,7,8,9,10").split(",")]
MONKEY_KEYS = int(os.environ.get("NIANBAO_MONKEY_KEYS", "300"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_monkey_on_the_folder_screen(seed):
    problem = monkey.run_folder_seed(seed, 150)
    assert problem is None, problem


@pytest.mark.parametrize("seed", MONKEY_SEEDS)
def test_monkey(seed):
    """Random keys over every screen and dialog (tests/monkey.py); a failure names its seed and
    the shortest key list that reproduces it."""
    problem = monkey.run_seed(seed, MONKEY_KEYS)
    assert problem is None, problem


def test_keys_behind_save_and_quit_open_no_dialog_while_closing():
    """Found by the monkey (seed 1097): Ctrl+S queued behind 「保存并退出」 asked for an identity
    while the editor closed."""
    assert monkey.run_keys(["３", "f9", "ctrl+q", "enter", "ctrl+s"], "shanghai-2019.toml",
                           variant="git-no-identity") is None


def test_a_basics_field_committing_as_the_editor_closes():
    """Found by the monkey (seed 2086): the field's commit on blur reached an app with no screens."""
    assert monkey.run_keys(["f2", "1"], "longwan-2023.toml") is None


@pytest.mark.parametrize("keys, sample, variant", [
    # seed 3074: an undo in the same burst as the F-key that mounts a table view
    (["局", "enter", "５", "burst:e,plus,ctrl+z,f6,8"], "shanghai-2019.toml", "create"),
    # seed 3080: a figure typed into a report whose published row totals are blank
    (["f5", "ctrl+g", "pagedown", "9", "tab"], "shanghai-2019.toml", "plain"),
])
def test_monkey_finds_stay_fixed(keys, sample, variant):
    assert monkey.run_keys(keys, sample, variant=variant) is None
