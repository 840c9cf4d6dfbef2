"""The editor, driven by keystrokes (Textual Pilot): the model, totals and findings after typing."""

import re

import pytest

from nianbao.format.file import load
from tui_helpers import C, run, screen_text, view


def test_entering_section_three_puts_cursor_on_first_input(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5")
        assert app.views().current == "s3"
        assert view(app).current() == C("t3", "new", "natural")
        assert "一、本年新收政府信息公开申请数量 / 自然人 = 3001" in screen_text(app)
    run(t, tmp_path)


def test_typing_full_width_digits_commits_recomputes_and_reports(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "１", "２", "enter")
        r = app.session.report
        assert r.value(C("t3", "new", "natural")) == 12
        assert r.value(C("t3", "new", "total")) == 12 + 53 + 61 + 4
        assert [f.rule for f in app.session.findings] == ["T3-BAL", "T3-BAL", "TX-NEW"]
        assert view(app).current() == C("t3", "carried_in", "natural")  # Enter moves down
        text = screen_text(app)
        assert "勾稽关系：2 个错误，1 个警告" in text and "[已修改]" in text
        assert "=130" in text
    run(t, tmp_path)


def test_tab_and_shift_tab_commit_and_move(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "7", "tab", "8", "tab")
        r = app.session.report
        assert (r.value(C("t3", "new", "natural")), r.value(C("t3", "new", "commercial"))) == (7, 8)
        assert view(app).current() == C("t3", "new", "research")
        await pilot.press("9", "shift+tab")
        assert r.value(C("t3", "new", "research")) == 9
        assert view(app).current() == C("t3", "new", "commercial")
    run(t, tmp_path)


def test_escape_and_ctrl_g_revert(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "5", "5", "escape")
        assert app.session.report.value(C("t3", "new", "natural")) == 3001 and not app.session.modified
        await pilot.press("enter", "backspace", "9", "ctrl+g")
        assert app.session.report.value(C("t3", "new", "natural")) == 3001
        assert "已取消" in screen_text(app)
    run(t, tmp_path)


@pytest.mark.parametrize("keys, message", [
    (["minus", "5"], "件数不能为负数"),
    (["1", "full_stop", "5"], "件数应为整数"),
    (["1", "十"], "不能用中文数字"),
])
def test_refused_figures_show_a_message_and_keep_editing(tmp_path, keys, message):
    async def t(app, pilot, path):
        await pilot.press("f5", *keys, "enter")
        assert app.session.report.value(C("t3", "new", "natural")) == 3001
        assert message in screen_text(app)
        assert view(app).editing  # the typed text is still there to correct
        await pilot.press("escape")
    run(t, tmp_path)


def test_total_cells_cannot_be_edited(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", *["right"] * 6)
        assert view(app).current() == C("t3", "new", "total")
        await pilot.press("5")
        assert not view(app).editing
        assert "合计格由各项自动相加，不能直接修改" in screen_text(app)
    run(t, tmp_path)


def test_money_keeps_decimals_exactly(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f4")
        v = view(app)
        v.move_to(v.grid.where(C("t2", "fees", "amount")))
        await pilot.press(*"5949.088667", "enter", "ctrl+s")
        assert str(load.read(path).report.value(C("t2", "fees", "amount"))) == "5949.088667"
    run(t, tmp_path)


def test_pasted_tab_separated_row_fills_the_row(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "down", "down")
        v = view(app)
        assert v.current() == C("t3", "open", "natural")
        v.paste("1288\t21\t0\t0\t50\t5\t1364\n")
        await pilot.pause()
        assert app.session.report.value(C("t3", "open", "other_org")) == 5
        assert "已粘贴 7 个数" in screen_text(app)
    run(t, tmp_path)


def test_undo_redo_of_figures(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "1", "enter", "2", "enter")
        await pilot.press("ctrl+z")
        r = app.session.report
        assert r.value(C("t3", "carried_in", "natural")) == 34
        await pilot.press("ctrl+z")
        assert r.value(C("t3", "new", "natural")) == 3001 and not app.session.modified
        await pilot.press("ctrl+y")
        assert r.value(C("t3", "new", "natural")) == 1 and r.value(C("t3", "new", "total")) == 119
        assert "=119" in screen_text(app)
    run(t, tmp_path)


def test_problems_list_and_enter_jumps_to_the_cell(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "1", "enter", "f9")
        assert app.views().current == "problems"
        assert "T3-BAL" in screen_text(app)
        await pilot.press("enter")
        assert app.views().current == "s3"
        assert view(app).current() == C("t3", "results_total", "natural")
        assert "错误 T3-BAL 自然人" in screen_text(app)
    run(t, tmp_path)


def test_a_prose_figure_that_no_longer_agrees_is_listed_and_enter_opens_its_section(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "1", "enter", "f9")
        text = screen_text(app)
        assert "警告  TX-NEW  一、总体情况：2024年，全市共受理政府信息公…" in text
        rows = [f.rule for f in app.session.findings]
        await pilot.press(*["down"] * rows.index("TX-NEW"))
        shown = screen_text(app)
        assert "Enter 打开这一节：警告 TX-NEW 原文 3119" in shown and "为 119 或" in shown
        await pilot.press("enter")
        assert app.views().current == "s1"
    run(t, tmp_path)


def test_palette_finds_a_section_by_its_chinese_title(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("ctrl+p", *"收到和处理")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.views().current == "s3"
    run(t, tmp_path)


@pytest.mark.parametrize("words, section, cell", [
    ("结转下年度", "s3", C("t3", "carried_out", "natural")),
    ("新收 自然人", "s3", C("t3", "new", "natural")),
    ("予以公开 总计", "s3", C("t3", "open", "total")),
    ("行政复议 尚未", "s4", C("t4", "review", "pending")),
])
def test_palette_finds_rows_and_cells_by_their_labels(tmp_path, words, section, cell):
    async def t(app, pilot, path):
        await pilot.press("ctrl+p", *words)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.views().current == section
        assert view(app).current() == cell
    run(t, tmp_path)


def test_the_palette_says_in_chinese_when_nothing_matches(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("ctrl+p", *"abcxyz")
        await pilot.pause(0.9)
        assert "没有找到" in screen_text(app) and "No matches" not in screen_text(app)
    run(t, tmp_path)


def test_save_writes_the_figure_and_total_and_keeps_comments(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "3", "0", "0", "2", "enter", "ctrl+s")
        text = path.read_text(encoding="utf-8")
        assert "natural    = 3002      # 自然人" in text and "total      = 3120      # 总计（合计）" in text
        assert "# 来源：淮安市人民政府" in text
        assert "已保存" in screen_text(app)
        assert not app.session.modified
        await pilot.press("ctrl+q")
    app = run(t, tmp_path)
    assert app.return_code in (0, None)


def test_quit_with_changes_asks_and_discard_leaves_the_file(tmp_path):
    async def t(app, pilot, path):
        before = path.read_bytes()
        await pilot.press("f5", "9", "enter", "ctrl+q")
        assert "有未保存的修改" in screen_text(app)
        await pilot.press("c")
        assert app.is_running and app.session.modified
        await pilot.press("ctrl+q", "d")
        await pilot.pause()
        assert path.read_bytes() == before
    run(t, tmp_path)


def test_quit_save_answer_saves(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "9", "enter", "ctrl+q", "s")
        await pilot.pause()
        assert load.read(path).report.value(C("t3", "new", "natural")) == 9
    run(t, tmp_path)


def test_file_changed_on_disk_asks_before_overwriting(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "9", "enter")
        with open(path, "a", encoding="utf-8") as fh:
            fh.write("# 别人加的一行\n")
        await pilot.press("ctrl+s")
        assert "在打开后被其他程序改过" in screen_text(app)
        await pilot.press("n")
        assert path.read_text(encoding="utf-8").endswith("# 别人加的一行\n")
        await pilot.press("ctrl+s", "y")
        assert load.read(path).report.value(C("t3", "new", "natural")) == 9
    run(t, tmp_path)


def test_prose_typing_and_undo_reach_the_file(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f7")  # 五
        area = view(app).query_one("ProseArea")
        area.move_cursor((0, 0))
        await pilot.press(*"新增一句")  # (Pilot cannot synthesise 。 from its key name; tmux test types it)
        assert app.session.report.prose["s5"].startswith("新增一句对照上级新要求")
        await pilot.press("ctrl+s")
        assert load.read(path).report.prose["s5"].startswith("新增一句对照")
        await pilot.press("ctrl+z")
        assert not app.session.report.prose["s5"].startswith("新增一句")
    run(t, tmp_path)


def test_pasted_prose_is_kept_as_pasted(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f8")  # 六
        area = view(app).query_one("ProseArea")
        area.text = ""
        area.insert("（一）Ａ１　全角 and [b]x[/]y\n第二段")
        await pilot.pause()
        assert app.session.report.prose["s6"] == "（一）Ａ１　全角 and [b]x[/]y\n第二段"
    run(t, tmp_path)


def test_basics_edit_agency_year_date(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f2")
        agency = app.screen.query_one("#meta-agency")
        agency.value = "淮安市人民政府办公室"
        await pilot.press("enter")
        year = app.screen.query_one("#meta-year")
        year.focus()
        await pilot.pause()
        year.value = "２０２５"
        await pilot.press("enter")
        date = app.screen.query_one("#meta-date")
        date.focus()
        await pilot.pause()
        date.value = "2025年2月1日"
        await pilot.press("enter")
        r = app.session.report
        assert (r.agency, r.year, str(r.date)) == ("淮安市人民政府办公室", 2025, "2025-02-01")
        date.value = "2025-02-30"
        await pilot.press("enter")
        assert "没有这一天" in screen_text(app) and str(r.date) == "2025-02-01"
        assert "淮安市人民政府办公室 2025 ·" in screen_text(app)
    run(t, tmp_path)


def test_help_opens_on_f1_and_closes_with_q(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f1")
        assert "按键说明" in screen_text(app)
        await pilot.press("q")
        assert "按键说明" not in screen_text(app)
    run(t, tmp_path)


def test_keymap_file_overrides_a_binding(tmp_path, monkeypatch):
    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\nproblems = "f10"\n', encoding="utf-8")
    monkeypatch.setenv("NIANBAO_KEYS", str(keys))

    async def t(app, pilot, path):
        await pilot.press("f10")
        assert app.views().current == "problems"
    run(t, tmp_path)


def test_create_when_the_file_does_not_exist(tmp_path):
    import asyncio
    from nianbao.tui.app import NianbaoApp
    path = tmp_path / "2025.toml"
    app = NianbaoApp(None, create_path=str(path))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert "不存在。新建一份报告？" in screen_text(app)
            await pilot.press(*"某市某局", "enter")
            await pilot.pause()
            assert app.session.report.agency == "某市某局"
            assert "某市某局 2025 · 2025.toml" in screen_text(app)
    asyncio.run(main())
    assert load.read(path).report.agency == "某市某局"


def _repo_with_history(tmp_path):
    """A report repository: 2023 beside 2024, one commit changing 一、本年新收 / 自然人."""
    from conftest import SAMPLES, run_cli
    from nianbao.format.compare import history
    from nianbao.format.file.document import ReportFile
    root = tmp_path / "repo"
    root.mkdir()
    shutil_copy(SAMPLES / "huaian-2024.toml", root / "2024.toml")
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "HOME": "/nonexistent"}
    assert run_cli("new", root / "2023.toml", "--year", "2023", "--agency", "淮安市人民政府").returncode == 0
    assert run_cli("init", root, "--name", "王小明", "--email", "w@example.gov.cn", env=env).returncode == 0
    doc = ReportFile.open(root / "2024.toml")
    doc.set_cell(C("t3", "new", "natural"), 3005)
    doc.set_cell(C("t3", "new", "total"), 3123)
    doc.save()
    assert history.commit_save(doc.path, doc.report).status == "committed"
    return root


def shutil_copy(a, b):
    import shutil
    shutil.copy(a, b)


def test_history_view_shows_commits_and_restores_a_figure(tmp_path, monkeypatch):
    import asyncio
    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp
    root = _repo_with_history(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    app = NianbaoApp(ReportFile.open(root / "2024.toml"))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("f10")
            await pilot.pause()
            text = screen_text(app)
            assert "修改历史" in text and "王小明" in text and "数字2 文字0" in text
            assert "淮安市人民政府 2024 年度报告：" not in text  # the screen says whose report it is
            await pilot.press("down", "enter")  # the first commit: 2024 as published
            await pilot.pause()
            text = screen_text(app)
            assert "第一次提交，下面是它的全部内容" in text
            assert re.search(r"二/规章/制发\s+空\s+1\n", text)  # every figure it held, from nothing
            await pilot.press("escape", "up", "enter")
            await pilot.pause()
            text = screen_text(app)
            assert re.search(r"三/新收/自然人\s+3001\s+3005", text)  # position first, both figures on screen
            # r sets the cell to its value after the selected commit: already 3005, so go back a version
            await pilot.press("escape", "down", "enter", "R")
            await pilot.pause()
            assert app.session.report.value(C("t3", "new", "natural")) == 3001
            await pilot.press("ctrl+z")
            assert app.session.report.value(C("t3", "new", "natural")) == 3005
    asyncio.run(main())


def test_compare_view_against_last_year(tmp_path, monkeypatch):
    import asyncio
    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp
    root = _repo_with_history(tmp_path)
    app = NianbaoApp(ReportFile.open(root / "2024.toml"))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("f11")
            await pilot.pause()
            text = screen_text(app)
            assert "与 2023 年度（2023.toml）比较" in text and "2023 年度  2024 年度" in text
            # Changed cells only, position first and short, every column on an 80-column screen.
            assert re.search(r"三/新收/自然人\s+0\s+3005\s+\+3005\s+新增", text)
            assert "三/新收/科研机构" not in text and "+0" not in text  # 0 then and now: not listed
            await pilot.press("a")
            await pilot.pause()
            text = screen_text(app)
            assert "二/规章/制发" in text  # every cell on asking
    asyncio.run(main())


def test_compare_view_shows_prose_side_by_side(tmp_path):
    import asyncio
    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp
    root = _repo_with_history(tmp_path)
    last = ReportFile.open(root / "2023.toml")
    last.set_text("s5", "政策解读质量有待提高。队伍建设需要加强。")
    last.save()
    app = NianbaoApp(ReportFile.open(root / "2024.toml"))

    async def main():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("f11")
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            then = app.screen.query_one("#prose-then").render().plain
            now = app.screen.query_one("#prose-now").render().plain
            assert "2023 年度" in then and "- 政策解读质量有待提高。" in then
            assert "2024 年度" in now and "+ 对照上级新要求和公众新期待" in now
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen.query_one("#compare-table").display
    asyncio.run(main())


def test_preview_shows_unsaved_state_and_writes_formats(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "1", "2", "enter", "f12")
        await pilot.pause()
        text = screen_text(app)
        assert "预览" in text and "淮安市人民政府2024年政府信息公开工作年度报告" in text
        shown = app.screen.query_one("#preview-text").render().plain
        import re
        assert re.search(r"^(一、本年新收政府信息公开申请数量)?\s+12\s+53\s+0\s+0\s+61\s+4\s+130$", shown, re.M)
        for key, ext in (("h", ".html"), ("d", ".docx"), ("t", ".txt")):
            await pilot.press("w")
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert path.with_suffix(ext).exists(), ext
        assert "<table>" in path.with_suffix(".html").read_text(encoding="utf-8")
        assert app.session.modified  # the report itself is still unsaved
    run(t, tmp_path)


def test_writing_over_an_existing_export_asks_first(tmp_path):
    """The clerk polished huaian-2024.docx in Word: F12 w d asks; n writes -2 beside it, x keeps
    it, o replaces it."""
    async def t(app, pilot, path):
        polished = path.with_suffix(".docx")
        polished.write_bytes(b"polished in Word")
        await pilot.press("f12", "w", "d")
        await pilot.pause()
        assert "已存在" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert polished.read_bytes() == b"polished in Word"
        assert path.with_name("huaian-2024-2.docx").read_bytes()[:2] == b"PK"
        await pilot.press("w", "d", "x")
        await pilot.pause()
        assert polished.read_bytes() == b"polished in Word" and "保持不变" in screen_text(app)
        await pilot.press("w", "d", "o")
        await pilot.pause()
        assert polished.read_bytes()[:2] == b"PK"
    run(t, tmp_path)


def test_line_repaints_changed_rows_including_a_change_of_style_only(tmp_path):
    from rich.text import Text

    async def t(app, pilot, path):
        await pilot.press("f5")
        await pilot.pause()
        info = view(app).info_line
        refreshed = []
        original = info.refresh
        info.refresh = lambda *regions, **kw: (refreshed.append([r.y for r in regions]), original(*regions, **kw))
        info.update(Text("甲\n乙"))
        await pilot.pause()
        refreshed.clear()
        info.update(Text.assemble("甲\n", ("乙", "red")))
        assert refreshed == [[1]]  # only the row whose style changed
        await pilot.pause()
        strip = info.render_line(1)
        assert strip.text.startswith("乙") and any(s.style and s.style.color and s.style.color.name == "red"
                                                    for s in strip)
        refreshed.clear()
        info.update(Text.assemble("甲\n", ("乙", "red")))
        assert refreshed == []  # nothing changed, nothing sent

    run(t, tmp_path)


def test_a_made_up_template_edits_end_to_end(tmp_path):
    """The editor is as template-driven as the CLI: a two-section template of someone else's."""
    import asyncio

    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp
    from test_templates import MADE_UP, TOY_REPORT

    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "toy-2030.toml").write_text(MADE_UP, encoding="utf-8")
    path = tmp_path / "toy.toml"
    path.write_text(TOY_REPORT, encoding="utf-8")
    app = NianbaoApp(ReportFile.open(path, [tdir]), template_dirs=[tdir])

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.views().current == "s1" and "一、概况" in screen_text(app)
            await pilot.press("f4")
            assert app.views().current == "s2" and "第一行" in screen_text(app)
            await pilot.press("f5", "f8")
            assert app.is_running and "只有 2 个部分" in screen_text(app)
            await pilot.press("f2", "f9", "f12", "f11", "f10", "f4")
            await pilot.press("1", "enter")  # 第一行 / 甲: 1 -> 1, then 第二行 / 甲
            await pilot.press("5", "tab", "6", "enter", "ctrl+s")
            await pilot.pause()
            saved = load.read(path, [tdir]).report
            assert saved.value(C("t1", "y", "a")) == 5 and saved.value(C("t1", "y", "b")) == 6
            assert saved.value(C("t1", "y", "sum")) == 11
            await pilot.press("ctrl+p")
            await pilot.press(*"数字")
            await pilot.pause()
            assert "转到第二部分（F4）" in screen_text(app)
    asyncio.run(main())


def test_replace_all_across_the_report_is_one_undo_step(tmp_path):
    """Ctrl+F 2024年 → 2025年, all: no 2024年 left in any text; one Ctrl+Z brings every one back."""
    async def t(app, pilot, path):
        before = {p: app.session.report.text(p) for p in ("preamble", "s1", "s5", "s6", "closing")}
        assert sum(v.count("2024年") for v in before.values()) == 7
        await pilot.press("ctrl+f", *"2024年")
        await pilot.pause()
        assert "共 7 处" in screen_text(app)
        await pilot.press("tab", *"2025年", "ctrl+t")
        await pilot.pause()
        assert all("2024年" not in app.session.report.text(p) for p in before)
        assert "没有找到" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        from nianbao.tui.views.prose_view import ProseArea
        areas = {a.part: a.text for a in app.screen.query(ProseArea)}
        assert areas and all(text == app.session.report.text(part) for part, text in areas.items())
        assert "已替换" in screen_text(app) and "[已修改]" in screen_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert {p: app.session.report.text(p) for p in before} == before
        areas = {a.part: a.text for a in app.screen.query(ProseArea)}
        assert all(text == before[part] for part, text in areas.items())  # the areas show it restored
    run(t, tmp_path)


def test_find_shows_the_chosen_match_selected_in_its_section(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("ctrl+f", *"四个季度", "enter")
        await pilot.pause()
        assert app.views().current == "s1"
        area = app.focused
        assert area.selected_text == "四个季度"
        await pilot.press("ctrl+f", *"统计期限", "enter")
        await pilot.pause()
        assert app.views().current == "basics" and app.focused.selected_text == "统计期限"
    run(t, tmp_path)


def test_replace_one_replaces_only_the_chosen_match(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("ctrl+f", *"2024年", "down", "tab", *"2025年", "ctrl+r")
        await pilot.pause()
        texts = "".join(app.session.report.text(p) for p in ("preamble", "s1", "s5", "s6", "closing"))
        assert texts.count("2024年") == 6 and texts.count("2025年") == 1
        assert "共 6 处" in screen_text(app)
    run(t, tmp_path)


def test_pasting_two_rows_and_a_long_message_shown_whole(tmp_path):
    """Two spreadsheet rows fill two rows; the note that a pasted total differs is long, and the
    status line grows to show it whole; the next short message gives the verdict its place back."""
    async def t(app, pilot, path):
        await pilot.press("f5", "down", "down")
        v = view(app)
        v.paste("1\t2\t3\t4\t5\t6\t21\n7\t0\t0\t0\t0\t0\t9\n")
        await pilot.pause()
        r = app.session.report
        assert r.value(C("t3", "partial", "natural")) == 7 and r.value(C("t3", "partial", "total")) == 7
        shown = screen_text(app)
        flat = "".join(line.strip() for line in shown.splitlines())
        label = app.session.template.cell_label(C("t3", "partial", "total"))
        assert f"已粘贴 2 行 14 个数；粘贴的{label}是 9，各项之和是 7，合计格按各项之和" in flat
        assert "勾稽关系" not in shown  # the long message took the verdict's place for now
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "已撤销：粘贴 2 行" in screen_text(app) and "勾稽关系：全部通过" in screen_text(app)
        assert r.value(C("t3", "partial", "natural")) == 447  # one step for both rows
    run(t, tmp_path)


def test_the_section_bar_names_every_part_and_marks_the_one_shown(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "7", "enter")
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert top.startswith(" [已修改] 淮安市人民政府 2024 · huaian") and top.rstrip().endswith("F2基本 F3一 F4二 F5三 F6四 F7五 F8六")
        line = app.screen.query_one("#topbar").text
        marked = [line.plain[s.start:s.end] for s in line.spans if "reverse" in str(s.style)]
        assert marked == ["F5三"]
        await pilot.press("f2")
        await pilot.pause()
        line = app.screen.query_one("#topbar").text
        assert [line.plain[s.start:s.end] for s in line.spans if "reverse" in str(s.style)] == ["F2基本"]
    run(t, tmp_path)


def test_shift_end_twice_selects_to_the_end_of_the_paragraph(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f3", "ctrl+home", "shift+end")
        area = app.focused
        first_row = area.selected_text
        paragraph = app.session.report.text("s1").split("\n")[0]
        assert first_row and paragraph.startswith(first_row) and first_row != paragraph  # one screen row
        await pilot.press("shift+end")
        assert area.selected_text == paragraph  # on to the paragraph's end
        await pilot.press("ctrl+home", "ctrl+shift+end")
        assert area.selected_text == paragraph
    run(t, tmp_path)


def test_the_two_years_texts_scroll_together(tmp_path):
    import asyncio
    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp
    root = _repo_with_history(tmp_path)
    last = ReportFile.open(root / "2023.toml")
    last.set_text("s1", load.read(root / "2024.toml").report.text("s1"))
    last.save()
    app = NianbaoApp(ReportFile.open(root / "2024.toml"))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("f11", "t")
            await pilot.pause()
            await pilot.press("pagedown", "pagedown")
            await pilot.pause()
            now, then = app.screen.query_one("#pane-now"), app.screen.query_one("#pane-then")
            assert now.scroll_y > 0
            assert abs(then.scroll_y / then.max_scroll_y - now.scroll_y / now.max_scroll_y) < 0.05
    asyncio.run(main())


def test_the_palette_opens_replace(tmp_path):
    """Ctrl+P 替换: the same dialog as Ctrl+F, ready for the replacement."""
    async def t(app, pilot, path):
        await pilot.press("ctrl+p", *"替换")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"2024年", "tab", *"2025年", "ctrl+t", "escape")
        await pilot.pause()
        assert all("2024年" not in app.session.report.text(p) for p in ("preamble", "s1", "s5", "s6", "closing"))
        await pilot.press("ctrl+z")
        assert "2024年" in app.session.report.text("s1")
    run(t, tmp_path)


def test_table_three_has_the_official_head_in_both_formats(tmp_path):
    """申请人情况 over every column and 法人或其他组织 over 商业企业…其他, drawn from the
    template's header groups, at 80x24, in the 2021 and the 2019 format."""
    for sample in ("huaian-2024.toml", "shanghai-2019.toml"):
        async def t(app, pilot, path):
            await pilot.press("f5")
            await pilot.pause()
            lines = screen_text(app).splitlines()
            outer = next(i for i, l in enumerate(lines) if "申请人情况" in l)
            inner = next(i for i, l in enumerate(lines) if "法人或其他组织" in l)
            labels = next(i for i, l in enumerate(lines) if "自然" in l and "商业" in l)
            assert outer < inner < labels, lines[:8]
            # 申请人情况 spans from 自然人 to 总计; 法人或其他组织 starts right of 自然人
            assert lines[outer].index("─") < lines[labels].index("自然") < lines[inner].index("─")
        folder = tmp_path / sample.split(".")[0]
        folder.mkdir()
        run(t, folder, sample=sample)
