"""`nianbao audit` over folders of reports, the evaluator's checks, and `nianbao sum`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from conftest import SAMPLES, report_folder, run_cli, run_in_pty
from nianbao.format.file import load
from nianbao.format.rules.check import check
from nianbao.format.rules.audit import audit, deadline, kind_of
from nianbao.format.model.template import Cell

C = Cell


def sample(name):
    return load.read(SAMPLES / f"{name}.toml").report


@pytest.fixture
def folder(tmp_path):
    now = report_folder(tmp_path / "2024")
    (now / "notes.txt").write_text("会议纪要：今天开会。\n", encoding="utf-8")
    return now


def test_audit_a_folder_one_line_per_report_then_totals(folder):
    res = run_cli("audit", folder)
    assert res.returncode == 1  # Shanghai has errors
    lines = res.stdout.splitlines()
    assert lines[0] == "huaian-2024.toml：淮安市人民政府 2024 年度（official-2021），0 个错误，1 个警告：AUD-DATE"
    assert lines[1] == "longwan.html：温州市龙湾区机关事务管理中心 2023 年度（official-2021），0 个错误，0 个警告"
    assert lines[2].startswith("notes.txt：无法读取（不是年度报告")
    assert lines[3] == ("shanghai-2019.toml：上海市人民政府办公厅 2019 年度（official-2019），135 个错误，7 个警告："
                        "NN×135、T3-BAL、T3-ROW、T3-SUM、T4-SUM、TX-OPEN-PARTIAL×2、TX-UNABLE")
    assert "共 4 份报告（3 份可读），2 份有错误，2 份有警告" in res.stdout
    assert "  NN：1 份报告，135 处" in res.stdout and "  TX-OPEN-PARTIAL：1 份报告，2 处" in res.stdout
    assert "[####" not in res.stderr  # no progress bar when not in a terminal


def test_audit_json_and_csv(folder):
    rows = json.loads(run_cli("audit", folder, "--format", "json").stdout)
    sh = next(r for r in rows if r["file"].endswith("shanghai-2019.toml"))
    assert (sh["agency"], sh["year"], sh["errors"], sh["warnings"]) == ("上海市人民政府办公厅", 2019, 135, 7)
    assert next(r for r in rows if r["file"].endswith("longwan.html"))["imported"] is True
    text = run_cli("audit", folder, "--format", "csv").stdout
    assert text.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["errors"] for r in table] == ["0", "0", "1", "135"]


def test_audit_against_last_year(folder, tmp_path):
    prev = tmp_path / "2023"
    prev.mkdir()
    last = (SAMPLES / "huaian-2024.toml").read_text(encoding="utf-8").replace("year = 2024", "year = 2023", 1)
    (prev / "huaian-2023.toml").write_text(last, encoding="utf-8")
    res = run_cli("audit", folder / "huaian-2024.toml", "--prev-dir", prev)
    line = res.stdout.splitlines()[0]
    assert "X-CARRY×2" in line and "X-VALID×2" in line and "AUD-COPY5" in line and "AUD-SIMILAR" in line
    r, p = sample("huaian-2024"), load.loads(last).report
    copy5 = [f for f in audit(r, p) if f.rule == "AUD-COPY5"]
    assert copy5 and "与 2023 年度的报告相同（相似度 100%）" in copy5[0].message
    p.prose["s5"] = "今年的问题完全不同：人员不足。"
    assert not [f for f in audit(r, p) if f.rule == "AUD-COPY5"]


@pytest.mark.parametrize("agency, kind, date, late", [
    ("某市某局", "department", dt.date(2025, 1, 31), False),
    ("某市某局", "department", dt.date(2025, 2, 1), True),
    ("淮安市人民政府", "government", dt.date(2025, 3, 31), False),
    ("淮安市人民政府", "government", dt.date(2025, 4, 1), True),
    ("上海市人民政府办公厅", "department", dt.date(2025, 2, 1), True),
])
def test_deadlines_on_both_sides(agency, kind, date, late):
    r = sample("huaian-2024")
    r.agency, r.date = agency, date
    assert kind_of(r) == kind and deadline(r, kind) == (dt.date(2025, 1, 31) if kind == "department"
                                                          else dt.date(2025, 3, 31))
    found = [f for f in audit(r) if f.rule == "AUD-LATE"]
    assert bool(found) == late
    if late:
        assert found[0].severity == "error" and "晚于" in found[0].message and "1 天" in found[0].message
    r.date = dt.date(2025, 2, 1)
    assert [f.rule for f in audit(r, kind="government") if f.rule == "AUD-LATE"] == []  # set by flag


def test_wrong_statistical_year_and_debris():
    """Years in the text are the template's TX-YEAR rules, run by check (and so by audit,
    which runs check first); audit itself finds page debris."""
    r = sample("huaian-2024")
    assert [f.rule for f in audit(r) if f.rule != "AUD-DATE"] == []
    r.preamble = r.preamble.replace("自2024年1月1日至2024年12月31日", "自2023年1月1日至2023年12月31日")
    r.prose["s5"] = "2022年，我市继续推进政务公开。\n详见附件下载。\n -3- "
    found = {f.rule for f in check(r)}
    assert {"TX-YEAR", "TX-YEAR-OPEN"} <= found
    assert sum(f.rule == "AUD-DEBRIS" for f in audit(r)) == 2


def test_sum_of_two_reports_is_the_figures_added(tmp_path):
    out = tmp_path / "total.toml"
    # Longwan's report as if for 2024 (every figure 0, as published), beside Huaian's twice.
    longwan = tmp_path / "longwan.toml"
    longwan.write_text((SAMPLES / "longwan-2023.toml").read_text(encoding="utf-8").replace(
        "year = 2023", "year = 2024", 1), encoding="utf-8")
    res = run_cli("sum", SAMPLES / "huaian-2024.toml", longwan, SAMPLES / "huaian-2024.toml", "-o", out,
                  "--agency", "淮安市")
    assert res.returncode == 0, res.stderr
    total, one, zero = load.read(out).report, sample("huaian-2024"), load.read(longwan).report
    assert all(total.value(c) == 2 * one.value(c) + zero.value(c) for c in one.template.cells)
    assert total.value(C("t3", "new", "total")) == 6238
    assert total.value(C("t2", "fees", "amount")) == Decimal("192343.2")  # exact, never a float
    assert total.agency == "淮安市" and all(not total.text(p) for p in ("s1", "s5", "s6"))
    assert "汇总：3 份 2024 年度报告" in out.read_text(encoding="utf-8")
    assert run_cli("check", out).returncode == 0  # every input passes, so does the sum
    res = run_cli("sum", SAMPLES / "huaian-2024.toml", SAMPLES / "shanghai-2019.toml", "-o", tmp_path / "x.toml")
    assert res.returncode == 2 and "不同格式的表不能相加" in res.stderr and not (tmp_path / "x.toml").exists()
    res = run_cli("sum", SAMPLES / "huaian-2024.toml", "-o", out)
    assert res.returncode == 2 and "已存在" in res.stderr


def test_audit_shows_a_progress_bar_in_a_terminal(folder):
    code, text = run_in_pty("audit", folder)
    assert code == 1
    assert "[####################] 4/4" in text and "共 4 份报告" in text


def test_exports_beside_a_report_are_not_counted_again(folder, tmp_path):
    """F12 w / render -o write 2025.docx beside 2025.toml: the same report, skipped and said so,
    in audit and in import DIR; an export saved under another name is read as a report."""
    for fmt, ext in (("docx", ".docx"), ("html", ".html")):
        assert run_cli("render", folder / "huaian-2024.toml", "--to", fmt, "-o", folder / f"huaian-2024{ext}").returncode == 0
    assert run_cli("render", folder / "huaian-2024.toml", "--to", "html", "-o", folder / "送审稿.html").returncode == 0
    res = run_cli("audit", folder)
    assert "跳过 2 个文件（与同名的 .toml 是同一份报告：它的导出或导入来源）：huaian-2024.docx、huaian-2024.html" in res.stderr
    names = [line.split("：", 1)[0] for line in res.stdout.splitlines() if "：" in line and "份报告" not in line]
    assert "huaian-2024.docx" not in names and "huaian-2024.html" not in names and "送审稿.html" in names
    res = run_cli("import", folder, "-o", tmp_path / "out")
    assert "跳过 2 个文件" in res.stderr
    assert not (tmp_path / "out" / "huaian-2024.toml").exists()


def test_the_folder_screen_leaves_exports_out_and_says_so(folder):
    import asyncio

    from nianbao.tui.views.audit_view import AuditApp
    from tui_helpers import screen_text

    assert run_cli("render", folder / "huaian-2024.toml", "--to", "docx", "-o", folder / "huaian-2024.docx").returncode == 0
    app = AuditApp(folder)

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert [a.path.name for a in app.items if a.path.suffix == ".docx"] == []
            assert "另有 1 个与同名的 .toml 是同一份报告，未计入：huaian-2024.docx" in screen_text(app).replace("\n", "")

    asyncio.run(main())


def test_audit_on_every_core_prints_exactly_what_one_process_prints(tmp_path):
    """--jobs 2 and --jobs 1: byte-identical text, JSON and CSV, in the files' order -- with a
    broken file, an imported web page and last year's folder in play."""
    import shutil

    from conftest import report_folder, run_cli

    folder = report_folder(tmp_path / "now")
    for i in range(6):
        text = (SAMPLES / "huaian-2024.toml").read_text(encoding="utf-8")
        (folder / f"r{i}.toml").write_text(text.replace('agency = "淮安市人民政府"', f'agency = "机关{i}"'),
                                           encoding="utf-8")
    (folder / "broken.toml").write_text("year = [", encoding="utf-8")
    prev = tmp_path / "prev"
    prev.mkdir()
    shutil.copy(SAMPLES / "huaian-2024.toml", prev / "2023.toml")
    text = (prev / "2023.toml").read_text(encoding="utf-8").replace("year = 2024", "year = 2023", 1)
    (prev / "2023.toml").write_text(text, encoding="utf-8")
    for fmt in ("text", "json", "csv"):
        one = run_cli("audit", folder, "--prev-dir", prev, "--format", fmt, "--jobs", "1")
        two = run_cli("audit", folder, "--prev-dir", prev, "--format", fmt, "--jobs", "2")
        assert one.returncode == two.returncode == 1, (one.stderr, two.stderr)
        assert one.stdout == two.stdout and one.stdout, fmt
    assert "X-CARRY" in one.stdout or "AUD-" in one.stdout
    res = run_cli("audit", folder, "--jobs", "0")
    assert res.returncode == 2 and "--jobs" in res.stderr


def test_ctrl_c_stops_a_parallel_audit_with_what_was_done(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    folder = tmp_path / "many"
    folder.mkdir()
    text = (SAMPLES / "huaian-2024.toml").read_text(encoding="utf-8")
    for i in range(600):
        (folder / f"r{i:03d}.toml").write_text(text.replace('agency = "淮安市人民政府"', f'agency = "机关{i}"'),
                                               encoding="utf-8")
    exe = Path(sys.executable).parent / "nianbao"
    proc = subprocess.Popen([str(exe), "audit", str(folder), "--jobs", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    first = proc.stdout.readline()  # the first report is out: the audit is under way
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl+C: the whole group
    rest, err = proc.communicate(timeout=60)
    out = first + rest
    assert proc.returncode == 130, (proc.returncode, err[-500:])
    assert "已中断" in err and "Traceback" not in err, err[-800:]
    done = [line for line in out.splitlines() if line.startswith("r")]
    assert 0 < len(done) < 600 and done == sorted(done)  # what was done, in order
