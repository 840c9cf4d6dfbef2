"""The corpus as data (issue 22): export to Parquet, CSV and Excel; the audit as a workbook."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from conftest import SAMPLES, report_folder, run_cli


def corpus(folder, n=10):
    folder = report_folder(folder)  # two report files and a published web page
    text = (SAMPLES / "huaian-2024.toml").read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"r{i}.toml").write_text(text.replace('agency = "淮安市人民政府"', f'agency = "机关{i}"'),
                                           encoding="utf-8")
    return folder


def test_export_writes_every_figure_exactly_to_parquet_csv_and_excel(tmp_path):
    import openpyxl
    import pyarrow.parquet as pq

    folder = corpus(tmp_path / "now")
    for ext in ("parquet", "csv", "xlsx"):
        res = run_cli("export", folder, "-o", tmp_path / f"all.{ext}")
        assert res.returncode == 0 and "份报告" in res.stderr, res.stderr
    table = pq.read_table(tmp_path / "all.parquet").to_pylist()
    rows = list(csv.DictReader(io.StringIO((tmp_path / "all.csv").read_text(encoding="utf-8-sig"))))
    sheet = list(openpyxl.load_workbook(tmp_path / "all.xlsx", read_only=True)["数字"].iter_rows(values_only=True))
    assert len(table) == len(rows) == len(sheet) - 1 > 2000
    fee = next(r for r in table if r["agency"] == "淮安市人民政府" and r["table_id"] == "t2" and r["row_id"] == "fees")
    assert fee["value"] == Decimal("96171.6") and fee["kind"] == "money" and fee["section"].startswith("二、")
    new = next(r for r in rows if r["agency"] == "机关3" and r["row_id"] == "new" and r["column_id"] == "total")
    assert new["value"] == "3119" and new["column"] == "总计" and new["row"].startswith("一、本年新收")
    assert any(r["file"].endswith("longwan.html") for r in table)  # the web page, imported on the fly
    shanghai = [r for r in table if r["template"] == "official-2019"]
    assert shanghai and any(r["value"] is None for r in shanghai)  # blanks stay blank, never 0
    res = run_cli("export", folder, "-o", tmp_path / "all.csv")
    assert res.returncode == 2 and "已存在" in res.stderr
    res = run_cli("export", folder, "-o", tmp_path / "all.txt")
    assert res.returncode == 2 and ".parquet" in res.stderr


def test_audit_as_a_workbook_has_every_finding(tmp_path):
    import openpyxl

    folder = corpus(tmp_path / "now", 4)
    (folder / "r1.toml").write_text((folder / "r1.toml").read_text(encoding="utf-8").replace(
        "natural    = 3001", "natural    = 3002", 1), encoding="utf-8")
    res = run_cli("audit", folder, "-o", tmp_path / "audit.xlsx")
    assert res.returncode in (0, 1) and "已写入" in res.stderr, res.stderr
    findings = sum(len(r["findings"]) for r in json.loads(run_cli("audit", folder, "--format", "json").stdout))
    wb = openpyxl.load_workbook(tmp_path / "audit.xlsx")
    summary, found = wb["汇总"], wb["问题"]
    assert summary.freeze_panes == "A2" and found.freeze_panes == "A2"
    assert summary.auto_filter.ref and found.auto_filter.ref
    assert summary.max_row - 1 == 7  # one row per report
    assert found.max_row - 1 >= findings > 0
    heads = [c.value for c in found[1]]
    assert {"文件", "规则", "级别", "说明"} <= set(heads)
    r1 = [row for row in found.iter_rows(min_row=2, values_only=True) if row[0] and str(row[0]).endswith("r1.toml")]
    assert any("T3-BAL" in row for row in r1)


def test_audit_as_a_page_is_self_contained_with_charts(tmp_path):
    import re
    import shutil as sh
    import subprocess

    folder = corpus(tmp_path / "now", 4)
    prev = tmp_path / "prev"
    prev.mkdir()
    text = (SAMPLES / "huaian-2024.toml").read_text(encoding="utf-8").replace("year = 2024", "year = 2023", 1)
    (prev / "2023.toml").write_text(text.replace("total      = 3119", "total      = 3000", 1), encoding="utf-8")
    page = tmp_path / "audit.html"
    res = run_cli("audit", folder, "--prev-dir", prev, "-o", page)
    assert res.returncode in (0, 1) and "已写入" in res.stderr, res.stderr
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 3  # findings by rule, reports by status, the year-over-year change
    assert "淮安市人民政府（+119）" in html  # 3119 this year against 3000 last year
    # Nothing loaded from anywhere: no src, href, url() or @import; the SVG namespace is a name, not a load.
    assert not re.search(r"\b(src|href)\s*=|url\(|@import", html)
    assert set(re.findall(r"https?://[^\"' ]+", html)) <= {"http://www.w3.org/2000/svg"}
    chromium = sh.which("chromium") or sh.which("chromium-browser")
    if chromium:  # look at it as the office would, on a desktop and on a phone
        for width in (1280, 390):
            shot = tmp_path / f"audit-{width}.png"
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={width},900",
                            f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
            data = shot.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == width
