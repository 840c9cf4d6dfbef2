"""Hostile and broken input: a clear message naming the file and line (exit 2), or success.

Never a traceback, never a silently wrong figure; control characters and markup in a report
are shown, not obeyed.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, run_cli
from nianbao.format.file import load
from nianbao.format.rules.check import check
from nianbao.format.compare.diff import compare, flatten
from nianbao.format.output.render import render_html, render_markdown, render_text
from nianbao.format.model.template import Cell
from nianbao.format.visible import visible
from nianbao.format.file.write import dumps

BASE = (SAMPLES / "huaian-2024.toml").read_text(encoding="utf-8")
SAMPLE = load.loads(BASE).report
VALUE_LINES = [i for i, l in enumerate(BASE.splitlines()) if re.match(r"^[a-z_]+ += \d", l)]
C = Cell


def everything(text: str) -> str:
    """Load, then run every consumer of a loaded report; 'refused' or 'ok'."""
    try:
        loaded = load.loads(text, "hostile.toml")
    except load.ReportError as exc:
        assert str(exc).startswith("hostile.toml") and exc.message
        return "refused"
    r = loaded.report
    check(r)
    render_text(r, 80, 2)
    render_html(r)
    render_markdown(r)
    dumps(r)
    flatten(r)
    compare(SAMPLE, r).lines()
    return "ok"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_is_refused_or_read(text):
    everything(text)


TOML_VALUES = st.one_of(
    st.integers(min_value=-(2 ** 80), max_value=2 ** 80).map(str),
    st.text(max_size=10).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"')
                             .replace("\n", "\\n").replace("\r", "\\r") + '"'),
    st.sampled_from(["true", "[]", "[1, 2]", "{}", "{ a = 1 }", "1.5", "1e3", "-0", "-0.0", "inf", "nan",
                     "2024-01-15", "0x10", "0o17", "0b101", "1_000", "+7", '""', "'x'", "[[1]]"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(VALUE_LINES), TOML_VALUES)
def test_any_value_in_any_cell_is_refused_on_its_line_or_kept_exactly(line_no, value):
    lines = BASE.splitlines()
    key = lines[line_no].split("=")[0].strip()
    lines[line_no] = f"{key} = {value}"
    text = "\n".join(lines) + "\n"
    try:
        loaded = load.loads(text, "hostile.toml")
    except load.ReportError as exc:
        assert exc.line == line_no + 1, (value, str(exc))
        return
    everything(text)
    # Read: then exactly what was written (an integer), never rounded or guessed.
    got = [v for c, v in loaded.report.cells.items() if loaded.line_of(c) == line_no + 1]
    assert len(got) == 1
    written = value.replace("_", "")
    if re.fullmatch(r"[+-]?\d+", written):
        assert got[0] == int(written)
    else:
        assert isinstance(got[0], Decimal) and got[0] == Decimal(written)  # money only


@pytest.mark.parametrize("change, message", [
    (lambda t: t.replace("[t3.new]", "[t3.new]\nfoo = 1", 1), "未知的列 “foo”"),
    (lambda t: t.replace("[t3.new]", "[t3.nowhere]\nnatural = 1\n[t3.new]", 1), "未知的行 “t3.nowhere”"),
    (lambda t: t.replace("natural    = 3001", "natural    = 3001\nnatural = 1", 1), "同一个键写了两次"),
    (lambda t: t.replace("[t3.new]", "[t3.new]\n[t3.new]", 1), "同一个表头写了两次"),
    (lambda t: t.replace("natural    = 3001", "natural    = 30\r01", 1), "一行只能写一项"),  # a lone CR
    (lambda t: t.replace("natural    = 3001", "natural    = 0x10", 1), "十六、八或二进制"),
    (lambda t: t.replace("natural    = 3001", "natural    = 1e3", 1), "应为整数"),
    (lambda t: t.replace("amount = 96171.6", "amount = nan", 1), "有限的数"),
    (lambda t: t.replace('year = 2024', 'year = "2024"', 1), "年度"),
    (lambda t: "a = " + "[" * 100000 + "]" * 100000, "嵌套层数过多"),
])
def test_broken_files_name_the_line_through_every_command(tmp_path, change, message):
    path = tmp_path / "bad.toml"
    path.write_bytes(change(BASE).encode("utf-8"))
    for args in (["check", path], ["fmt", path], ["render", path], ["diff", SAMPLES / "huaian-2024.toml", path],
                 ["textconv", path]):
        res = run_cli(*args)
        out = res.stdout + res.stderr
        assert "Traceback" not in out, (args, out)
        if args[0] == "textconv":
            assert message in out and res.returncode == 0  # git shows it inside the diff instead
            continue
        assert res.returncode == 2, (args, out)
        assert message in out and f"{path}:" in out, (args, out)


def test_missing_tables_are_blanks_reported_not_zeros(tmp_path):
    text = re.sub(r"\[t4\.[a-z_]+\][^\[]*", "", BASE)
    r = load.loads(text).report
    assert all(r.value(c) is None for c in r.template.cells if c.table == "t4")
    assert sum(f.rule == "NN" for f in check(r)) == 15


@pytest.mark.parametrize("data, message", [
    (b"\xef\xbb\xbf" + BASE.encode("utf-8"), None),                     # a BOM: read
    (BASE.replace("\n", "\r\n").encode("utf-8"), None),                  # CRLF: read
    (BASE.encode("utf-8")[:500] + b"\xff\xfe" + BASE.encode("utf-8")[500:], "UTF-8"),
    (BASE.encode("gbk", errors="replace"), "UTF-8"),
    (BASE.replace("\n", "\r").encode("utf-8"), "单独的回车符 CR"),          # lone CR
])
def test_encodings_and_line_ends(tmp_path, data, message):
    path = tmp_path / "r.toml"
    path.write_bytes(data)
    res = run_cli("check", path)
    assert "Traceback" not in res.stderr
    if message is None:
        assert res.returncode == 0, res.stderr
    else:
        assert res.returncode == 2 and message in res.stderr and f"{path}" in res.stderr


def test_a_50_mb_file_is_refused_at_once(tmp_path):
    path = tmp_path / "huge.toml"
    with open(path, "wb") as fh:
        fh.write(BASE.encode("utf-8"))
        fh.seek(50 * 1024 * 1024)
        fh.write(b"\n")
    res = run_cli("check", path)
    assert res.returncode == 2 and "文件过大" in res.stderr


# ---------------------------------------------------------------- numbers at the edges

def test_numbers_at_the_edges_are_kept_exactly_or_refused(tmp_path):
    huge = 2 ** 64 + 12345
    text = BASE.replace("natural    = 3001", f"natural    = {huge}", 1)
    text = text.replace("amount = 96171.6", "amount = 96171.123456789012", 1)
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    r = load.read(path).report
    assert r.value(C("t3", "new", "natural")) == huge
    assert r.value(C("t2", "fees", "amount")) == Decimal("96171.123456789012")
    assert str(huge) in render_text(r, 100, 1) and "96171.123456789012" in render_html(r)
    assert run_cli("fmt", path).returncode == 0
    back = load.read(path).report
    assert back.value(C("t3", "new", "natural")) == huge
    assert str(back.value(C("t2", "fees", "amount"))) == "96171.123456789012"
    res = run_cli("check", path)  # T3-ROW now fails, and says so with the exact figures
    assert f"各列之和为 {huge + 118}，填报为 3119" in res.stdout

    zero = BASE.replace("natural    = 3001", "natural    = -0", 1).replace("amount = 96171.6", "amount = 1e3", 1)
    r = load.loads(zero).report
    assert r.value(C("t3", "new", "natural")) == 0 and r.value(C("t2", "fees", "amount")) == 1000
    assert not any(f.rule == "NN" for f in check(r))


# ---------------------------------------------------------------- shown, not obeyed

HOSTILE = "加粗[b]x[/]y 红\\u001b[31m色\\u0007铃\\u009b2J 受理申请5件。"


def test_control_characters_and_markup_are_shown_not_obeyed(tmp_path):
    text = BASE.replace('agency = "淮安市人民政府"', 'agency = "淮安[b]市[/]\\u001b[2J政府"', 1)
    start = text.index('[s5]')
    at = text.index('"""\n', start) + 4
    text = text[:at] + HOSTILE + "\\\n" + text[at:]
    path = tmp_path / "h.toml"
    path.write_text(text, encoding="utf-8")
    r = load.read(path).report
    assert "\x1b[31m" in r.prose["s5"] and "[b]x[/]y" in r.prose["s5"]  # kept in the report
    for args in (["check", path], ["diff", SAMPLES / "huaian-2024.toml", path], ["textconv", path],
                 ["render", path, "--to", "markdown"]):
        res = run_cli(*args)
        assert "\x1b" not in res.stdout + res.stderr or args[0] == "render", args
        assert "Traceback" not in res.stderr
    res = run_cli("check", path)
    assert "红␛[31m色␇铃�2J" in res.stdout
    assert visible("a\x1bb\x07c\x9bd\x7fe\n\t") == "a␛b␇c�d␡e\n\t"


def test_the_editor_shows_control_characters_as_pictures(tmp_path):
    from tui_helpers import screen_text
    import asyncio

    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp

    text = BASE.replace('agency = "淮安市人民政府"', 'agency = "淮安[b]市[/]\\u001b[2J政府"', 1)
    start = text.index('[s5]')
    at = text.index('"""\n', start) + 4
    path = tmp_path / "h.toml"
    path.write_text(text[:at] + HOSTILE + "\\\n" + text[at:], encoding="utf-8")
    app = NianbaoApp(ReportFile.open(path))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f7")
            await pilot.pause()
            shown = screen_text(app)
            strips = app.screen._compositor.render_strips(app.screen.size)
            raw = "".join(seg.text for strip in strips for seg in strip)
            assert "\x1b" not in raw and "\x07" not in raw and "\x9b" not in raw
            assert "淮安[b]市[/]␛[2J政府" in shown and "加粗[b]x[/]y 红␛[31m色␇铃" in shown
            await pilot.press("f2", "ctrl+s")  # looking is not editing: nothing is rewritten
            await pilot.pause()

    asyncio.run(main())
    assert path.read_text(encoding="utf-8").count("\\u001b") == 2
    assert not app.session.modified
