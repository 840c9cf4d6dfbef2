"""Other people's reports, file names, locks and repositories (issue 19): shown, never obeyed;
numbers of any length; outputs that stay data; repositories left as they were.

The terminal tests run the real console script on a pseudo-terminal -- what a person sees -- and
look in the raw bytes for the payloads: an OSC that retitles the window, a CSI that recolours, a
bidi override that reverses text, a newline that forges a line of output.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess

import pytest

from conftest import SAMPLES, run_cli, run_in_pty

OSC = "\x1b]0;PWNED\x07"
CSI = "\x1b[31m"
RLO = "\u202e"
PAYLOADS = [OSC, CSI, RLO, "\u2066", "\x9b"]
BASE = (SAMPLES / "huaian-2024.toml").read_text(encoding="utf-8")
HOSTILE_NAME = "坏\n名" + CSI + RLO + "fdp.toml"


def hostile_report(year: int = 2024) -> str:
    """The sample with payloads in the agency, a comment-free prose sentence and the year."""
    agency = "淮安\\u001b]0;PWNED\\u0007市\\u001b[31m人民\\u202e政府\\u2066"
    text = BASE.replace('agency = "淮安市人民政府"', f'agency = "{agency}"', 1)
    text = text.replace("圆满完成了各项任务。", "圆满完成了各项任务\x1b[31m。" .replace("\x1b", "\\u001b"), 1)
    if year != 2024:
        text = text.replace("year = 2024", f"year = {year}", 1)
    return text


def assert_clean(out: str, where) -> None:
    for payload in PAYLOADS:
        assert payload not in out, (where, repr(payload), out[-400:])
    assert "Traceback" not in out, (where, out[-800:])


def test_every_command_on_a_terminal_shows_hostile_text_and_names_without_obeying_them(tmp_path):
    folder = tmp_path / "收到的"
    folder.mkdir()
    hostile = folder / HOSTILE_NAME
    hostile.write_text(hostile_report(), encoding="utf-8")
    last = folder / "2023.toml"
    last.write_text(hostile_report(2023), encoding="utf-8")
    (folder / ("网页" + CSI + "\n.html")).write_text("<p>" + OSC + "不是报告</p>", encoding="utf-8")
    # The recovery file and lock of the hostile report, as planted by someone else.
    (folder / f".{HOSTILE_NAME}.nianbao-recover").write_text(
        hostile_report().replace("3001", "3002", 1), encoding="utf-8")
    commands = [
        ("check", hostile), ("check", hostile, "--prev", last), ("check", folder / ("无此" + OSC + ".toml")),
        ("diff", last, hostile), ("textconv", hostile), ("render", hostile), ("audit", folder),
        ("import", folder, "-o", tmp_path / "导入"), ("recover", hostile), ("templates",),
        ("sum", hostile, last, "-o", tmp_path / "s.toml"), ("new", tmp_path / "n.toml", "--from", hostile),
        ("edit", folder / ("坏" + OSC + ".toml")),
    ]
    (folder / ("坏" + OSC + ".toml")).write_text("year = [", encoding="utf-8")
    for command in commands:
        code, out = run_in_pty(*command)
        assert_clean(out, command)
    # The lock of someone else, with a hostile user name: `recover` quotes who holds it.
    (folder / f".{HOSTILE_NAME}.nianbao-lock").write_text(json.dumps(
        {"host": "elsewhere", "pid": 1, "user": "王" + OSC + "\n伪造的一行", "since": CSI}), encoding="utf-8")
    code, out = run_in_pty("recover", hostile)
    assert code == 2 and "王␛]0;PWNED␇␊伪造的一行" in out, out
    assert_clean(out, "recover with a hostile lock")


def test_a_newline_in_a_file_name_cannot_forge_an_audit_line(tmp_path):
    (tmp_path / "a.toml").write_text(BASE, encoding="utf-8")
    (tmp_path / "b.toml\n伪造.toml：某局 2024 年度（official-2021），0 个错误，0 个警告.toml").write_text(
        "not a report", encoding="utf-8")
    res = run_cli("audit", tmp_path)
    lines = res.stdout.splitlines()
    assert not any(l.startswith("伪造.toml") for l in lines), res.stdout
    assert any("b.toml␊伪造.toml" in l for l in lines)


def test_the_editor_dialogs_show_a_hostile_lock_and_recovery_file_as_text(tmp_path):
    import asyncio

    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp
    from tui_helpers import screen_text

    path = tmp_path / "r.toml"
    path.write_text(hostile_report(), encoding="utf-8")
    (tmp_path / ".r.toml.nianbao-recover").write_text(
        hostile_report().replace("圆满完成了各项任务", "圆满完成了" + "\\u001b]0;PWNED\\u0007" + "任务", 1),
        encoding="utf-8")
    os.utime(tmp_path / ".r.toml.nianbao-recover", (2e9, 2e9))  # newer than the report
    (tmp_path / ".r.toml.nianbao-lock").write_text(json.dumps(
        {"host": "elsewhere", "pid": 1, "user": "王" + OSC + RLO, "since": "2026"}), encoding="utf-8")
    app = NianbaoApp(ReportFile.open(path))
    seen = []

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.3)
            seen.append(screen_text(app))  # the lock dialog
            await pilot.press("o")  # 「仍然打开」 or whatever the first answer is: the recovery dialog next
            await pilot.pause(0.3)
            seen.append(screen_text(app))
            await pilot.press("d")  # 查看差异
            await pilot.pause(0.3)
            seen.append(screen_text(app))
    asyncio.run(main())
    assert "elsewhere" in seen[0], seen[0]
    for screen in seen:
        assert_clean(screen, screen[:200])


# ---------------------------------------------------------------- numbers of any length
def test_a_5000_digit_count_is_an_nn_error_not_a_traceback(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(BASE.replace("natural    = 3001", "natural    = " + "9" * 5000, 1)
                    .replace("圆满完成了各项任务。", "受理申请" + "7" * 5000 + "件。", 1), encoding="utf-8")
    res = run_cli("check", path)
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr[-500:]
    assert "NN 一、本年新收政府信息公开申请数量 / 自然人：数字位数过多（超过 30 位）" in res.stdout
    for command in (("textconv", path), ("diff", SAMPLES / "huaian-2024.toml", path), ("render", path),
                    ("audit", tmp_path), ("render", path, "--to", "json")):
        res = run_cli(*command)
        assert "Traceback" not in res.stderr and res.returncode in (0, 1), (command, res.stderr[-500:])
    source = tmp_path / "src.txt"
    source.write_text((SAMPLES.parent.parent / "shared" / "fixtures" / "huaian-2024-pdftotext-layout.txt")
                      .read_text(encoding="utf-8").replace("3119", "9" * 5000, 2), encoding="utf-8")
    res = run_cli("import", source, "-o", tmp_path / "i.toml")
    assert "Traceback" not in res.stderr and "数字位数过多" in res.stdout, res.stdout[-800:]


def test_typing_a_figure_longer_than_any_is_refused():
    from nianbao.format.model.numbers import FigureError, parse

    assert parse("9" * 30, "count") == int("9" * 30)
    with pytest.raises(FigureError, match="数字太长（31 位）"):
        parse("9" * 31, "count")
    with pytest.raises(FigureError, match="数字太长"):
        parse("1" * 5000, "money")


# ---------------------------------------------------------------- outputs that stay data
AGENCIES = ["=HYPERLINK(\"http://x\",\"点我\")", "+1", "-2", "@SUM(A1)", "\t制表", "引号\"和,逗号", "换\n行",
            "控制\x07字符"]


def test_audit_csv_round_trips_hostile_agencies_and_never_starts_a_formula(tmp_path):
    for i, agency in enumerate(AGENCIES):
        escaped = json.dumps(agency, ensure_ascii=False)  # a TOML basic string, as a writer would escape it
        (tmp_path / f"r{i}.toml").write_text(BASE.replace('agency = "淮安市人民政府"', f"agency = {escaped}", 1),
                                             encoding="utf-8")
    res = subprocess.run([str(shutil.which("nianbao") or (SAMPLES.parent / ".venv" / "bin" / "nianbao")),
                          "audit", str(tmp_path), "--format", "csv"], capture_output=True)
    text = res.stdout.decode("utf-8")
    assert "␍" not in text and text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:3] == ["file", "agency", "year"]
    got = {row[1] for row in rows[1:]}
    for agency in AGENCIES:
        number = agency.lstrip("-").isdigit()  # 「-2」 is a number in a spreadsheet, not a formula
        shown = "'" + agency if agency[0] in "=+-@\t" and not number else agency
        assert shown in got, (agency, got)
    assert not any(cell.startswith(("=", "+", "@")) or (cell.startswith("-") and not cell[1:].isdigit())
                   for row in rows[1:] for cell in row)


def test_render_csv_round_trips_and_a_cell_is_never_a_formula():
    from nianbao.format.file.load import loads
    from nianbao.format.output.render import figures, render_csv
    from nianbao.format.output.spreadsheet import safe_cell

    report = loads(BASE, "x.toml").report
    rows = list(csv.reader(io.StringIO(render_csv(report)[1:])))
    assert rows[0] == ["section", "block", "row", "column", "value"]
    assert [row[4] for row in rows[1:]] == [str(report.value(cell)) for *_, cell in figures(report)]
    assert safe_cell("-2") == "-2" and safe_cell("-1.5") == "-1.5" and safe_cell(-2) == -2
    assert safe_cell("-x") == "'-x" and safe_cell("=1+1") == "'=1+1" and safe_cell("\r=1") == "'\r=1"


# ---------------------------------------------------------------- repositories and batches
def test_init_in_a_repository_commits_only_the_reports_and_lists_what_it_left(tmp_path, monkeypatch):
    for k, v in {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}.items():
        monkeypatch.setenv(k, v)
    repo = tmp_path / "r"
    repo.mkdir()
    git = lambda *a: subprocess.run(["git", "-C", str(repo), *a], capture_output=True, text=True, check=True).stdout
    git("init", "-q")
    git("config", "user.name", "王")
    git("config", "user.email", "w@example.org")
    (repo / "notes.txt").write_text("一\n", encoding="utf-8")
    git("add", "notes.txt")
    git("commit", "-qm", "first")
    (repo / "notes.txt").write_text("一\n改了一半\n", encoding="utf-8")
    (repo / "staged.txt").write_text("暂存\n", encoding="utf-8")
    git("add", "staged.txt")
    (repo / ".env").write_text("PASSWORD=secret\n", encoding="utf-8")
    shutil.copy(SAMPLES / "huaian-2024.toml", repo / "2024.toml")
    res = run_cli("init", repo)
    assert res.returncode == 0, res.stderr
    committed = git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(committed) == [".gitattributes", ".gitignore", "2024.toml"]
    status = git("status", "--porcelain")
    assert "?? .env" in status and " M notes.txt" in status and "A  staged.txt" in status
    assert ".env" in res.stdout + res.stderr and "没有动" in res.stdout + res.stderr


def test_two_sources_with_one_stem_never_write_one_output(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    layout = SAMPLES.parent.parent / "shared" / "fixtures" / "huaian-2024-pdftotext-layout.txt"
    shutil.copy(layout, src / "2024.txt")
    res = run_cli("render", SAMPLES / "longwan-2023.toml", "--to", "html", "-o", src / "2024.html")
    assert res.returncode == 0
    res = run_cli("import", src, "-o", tmp_path / "out", "--force")
    made = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert made == ["2024-html.toml", "2024-txt.toml"], (made, res.stdout)
    assert "淮安" in (tmp_path / "out" / "2024-txt.toml").read_text(encoding="utf-8")
    assert "龙湾" in (tmp_path / "out" / "2024-html.toml").read_text(encoding="utf-8")


def test_a_docx_zip_bomb_and_an_endless_text_are_refused_at_once(tmp_path):
    import resource
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document>" + b"\0" * (200 * 2 ** 20))
    assert bomb.stat().st_size < 2 ** 20
    res = run_cli("import", bomb, "-o", tmp_path / "b.toml")
    assert res.returncode == 2 and "压缩炸弹" in res.stderr + res.stdout, res.stderr
    assert not (tmp_path / "b.toml").exists()
    endless = tmp_path / "endless.txt"
    endless.write_text("某市人民政府2024年政府信息公开工作年度报告\n" + "受理申请。" * 1_000_000, encoding="utf-8")
    res = run_cli("import", endless, "-o", tmp_path / "e.toml")
    assert res.returncode == 2 and "文字过长" in res.stderr + res.stdout, res.stderr
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1024 * 1024  # KB: under 1 GB


# ---------------------------------------------------------------- templates are data from elsewhere
TEMPLATE = (SAMPLES.parent / "templates" / "official-2021.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("change, said", [
    (("pattern = '(?:受理|收到|新收)", "pattern = '(?:受理)(?P<x>(a|aa)+)$|"), "可能极慢"),
    (("pattern = '(?:受理|收到|新收)", "pattern = '((\\d+)+)+x|(?:受理|收到|新收)"), "可能极慢"),
    (("pattern = '统计(?:期限", "pattern = '.*.*.*统计(?:期限"), "须有上限"),
    (("pattern = '(?:受理|收到|新收)", "pattern = '(a)\\1(?:受理|收到|新收)"), "反向引用"),
    (('terms = ["upheld", "corrected", "other", "pending"]', 'terms = "upheld"'), "terms 应为文字的列表"),
    (("pattern = '(?:受理|收到|新收)[^，。；\\d]{0,20}?申请[^，。；\\d]{0,6}?(?P<n>\\d+)\\s*件'", "pattern = 7"),
     "pattern 应为文字"),
    (('name = "政府信息公开工作年度报告（2021 年格式）"', "name = 5"), "name 类型不对"),
])
def test_a_hostile_or_mistyped_template_is_refused_by_name_never_run(tmp_path, change, said):
    old, new = change
    assert old in TEMPLATE, old
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "official-2021.toml").write_text(TEMPLATE.replace(old, new, 1), encoding="utf-8")
    report = tmp_path / "r.toml"
    report.write_text(BASE.replace("圆满完成了各项任务。", "受理" + "a" * 40 + "b。" + "1" * 40 + "x。", 1),
                      encoding="utf-8")
    for command in (("check", report), ("templates",), ("render", report)):
        res = run_cli(*command, "--template-dir", folder)  # run_cli's timeout fails a hang
        assert "Traceback" not in res.stderr, (command, res.stderr[-600:])
        if command[0] != "templates":
            assert res.returncode == 2 and said in res.stderr and "official-2021.toml" in res.stderr, res.stderr


def test_every_writer_round_trips_hostile_agencies_and_comments(tmp_path):
    """Control characters, newlines, quotes and backslashes in the agency and in comments: every
    file a command writes reads back with the same values (import and sum once wrote files that
    could not be read)."""
    from nianbao.format.file.load import read

    agency = '坏"机关\\名\n第二行\x07\u202e\t称'
    escaped = json.dumps(agency, ensure_ascii=False)
    text = BASE.replace('agency = "淮安市人民政府"', f"agency = {escaped}", 1)
    text = text.replace("natural    = 3001", 'natural    = 3001  # 注释里有"引号"、\\反斜杠和 ␛', 1)
    path = tmp_path / "r.toml"
    path.write_text(text.replace("natural    = 3001", "natural = 3001", 1), encoding="utf-8")
    outputs = {
        "fmt": (("fmt", path), path),
        "new": (("new", tmp_path / "2025.toml", "--from", path), tmp_path / "2025.toml"),
        "sum": (("sum", path, path, "-o", tmp_path / "s.toml", "--agency", agency), tmp_path / "s.toml"),
        "import": (("import", SAMPLES.parent.parent / "shared" / "fixtures" / "huaian-2024-pdftotext-layout.txt",
                    "-o", tmp_path / "i.toml", "--agency", agency), tmp_path / "i.toml"),
    }
    for name, (command, written) in outputs.items():
        res = run_cli(*command)
        assert res.returncode in (0, 1) and "Traceback" not in res.stderr, (name, res.stderr)
        assert read(written).report.agency == agency, name
    assert "注释里有\"引号\"" in path.read_text(encoding="utf-8")  # fmt kept the comment
    res = run_cli("render", path, "--to", "json")
    assert json.loads(res.stdout)["agency"] == agency
    res = run_cli("render", path, "--to", "html")
    assert "坏&quot;机关" in res.stdout or "坏&#x27;" in res.stdout or "坏\"机关" not in res.stdout.split("<body")[-1][:0]
    assert "<script" not in res.stdout
