"""How the bundled samples were made from the published reports in ../shared.

Run once (`.venv/bin/python samples/build.py ../shared`); the .toml files are
committed and are what users and tests open. Figures are taken from the
published tables exactly as printed -- blanks stay empty, nothing is repaired
-- and each sample's `check` output is asserted in tests/test_samples.py.
This is provenance, not the importer: `nianbao import` (issue 6) will read
such texts in general; these three parsers know their one file each.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal
from pathlib import Path

from nianbao.format.model import template as templates
from nianbao.format.model.report import Report
from nianbao.format.model.template import Cell
from nianbao.format.file.write import dumps

HERE = Path(__file__).resolve().parent
T3_COLS = ["natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"]


def t3_rows(tpl) -> list[str]:
    return [r.id for r in tpl.tables["t3"].blocks[0].figure_rows]


def split_sections(paragraphs: list[str], tpl) -> tuple[list[str], dict[str, list[str]]]:
    """Paragraphs before section 一 (preamble) and each section's paragraphs."""
    # By numeral: Shanghai titles 五 「五、政府信息公开工作存在的主要问题及改进情况」.
    numerals = {s.title[:2]: s.id for s in tpl.sections}
    pre, parts, current = [], {}, None
    for p in paragraphs:
        head = p.strip()
        if head[:2] in numerals and len(head) < 30 and "。" not in head:
            current = numerals[head[:2]]
            parts[current] = []
        elif current is None:
            pre.append(p)
        else:
            parts[current].append(p)
    return pre, parts


def fill(report: Report, table: str, rows: list[str], cols: list[str], values: list[list]) -> None:
    assert len(rows) == len(values), (table, len(rows), len(values))
    for row, vals in zip(rows, values):
        assert len(vals) == len(cols), (row, vals)
        for col, v in zip(cols, vals):
            report.cells[Cell(table, row, col)] = v


def num(field: str):
    field = field.strip()
    if field == "":
        return None
    if field.endswith("元"):
        return Decimal(field[:-1])
    return Decimal(field) if "." in field else int(field)


def longwan(shared: Path) -> Report:
    """Seed: TAB-separated web copy, all figures 0, prose with its published defects."""
    tpl = templates.get("official-2021")
    lines = [l.strip() for l in (shared / "seed/longwan-2023.txt").read_text("utf-8").splitlines()]
    paras = [l for l in lines if l]
    _, parts = split_sections(paras, tpl)
    report = Report(tpl, 2023, "温州市龙湾区机关事务管理中心", dt.date(2024, 1, 15))
    report.set_text("s1", "\n".join(parts["s1"]))
    report.set_text("s5", "\n".join(parts["s5"]))
    six = parts["s6"]
    report.set_text("s6", six[0])
    report.set_text("closing", "\n".join(six[1:]))  # agency and date after section 六
    for cell in tpl.cells:
        report.cells[cell] = Decimal(0) if tpl.column(cell).kind == "money" else 0
    return report


_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》]"


def _unspace(text: str) -> str:
    """pdftotext puts a space between Chinese and Latin/digits; the report did not."""
    text = re.sub(rf"(?<={_CJK}) +(?=[0-9A-Za-z%])", "", text)
    return re.sub(rf"(?<=[0-9A-Za-z%]) +(?={_CJK})", "", text)


def huaian(shared: Path) -> Report:
    """pdftotext -layout: prose re-joined (indented line = new paragraph), tables by position."""
    tpl = templates.get("official-2021")
    raw = (shared / "fixtures/huaian-2024-pdftotext-layout.txt").read_text("utf-8").replace("\f", "")
    lines = raw.splitlines()[1:]  # the first line is the fixture's provenance note
    numerals = tuple(sec.title[:2] for sec in tpl.sections)
    paras: list[str] = []
    after_title = False
    for line in lines:
        if not line.strip() or re.fullmatch(r"\s*-\d+-\s*", line):
            continue
        head = line.strip()
        is_title = head.startswith(numerals) and len(head) < 30 and "。" not in head
        # A section title is a paragraph of its own, and so is whatever follows it
        # (the tables of sections 二 to 四 must not run on into the prose).
        if line.startswith("   ") or not paras or is_title or after_title:
            paras.append(head)
        else:
            paras[-1] += head
        after_title = is_title
    paras = [_unspace(p) for p in paras]
    pre, parts = split_sections(paras[2:], tpl)  # paras[0:2]: the two title lines
    report = Report(tpl, 2024, "淮安市人民政府")
    report.set_text("preamble", "\n".join(pre))
    for sid in ("s1", "s5", "s6"):
        report.set_text(sid, "\n".join(parts[sid]))

    fill(report, "t2", ["rules", "normative"], ["issued", "repealed", "valid"], [[1, 0, 11], [8, 26, 66]])
    fill(report, "t2", ["licensing", "penalty", "enforcement"], ["decisions"], [[447228], [3985758], [88283]])
    fill(report, "t2", ["fees"], ["amount"], [[Decimal("96171.6")]])
    seven = [l for l in lines if re.search(r"(\d+\s+){6}\d+\s*$", l) and "-" not in l.strip()[:3]]
    t3 = [[int(x) for x in l.split()[-7:]] for l in seven]
    t4_line = t3.pop()  # Table 4's single row of 15 also ends in 7 numbers
    fill(report, "t3", t3_rows(tpl), T3_COLS, t3)
    t4 = [int(x) for x in [l for l in lines if len(l.split()) == 15][0].split()]
    assert t4[-7:] == t4_line
    fill(report, "t4", ["review", "suit_direct", "suit_after"],
         ["upheld", "corrected", "other", "pending", "total"], [t4[0:5], t4[5:10], t4[10:15]])
    return report


def shanghai(shared: Path) -> Report:
    """HTML turned into TAB text: one line per paragraph; blank cells stay empty."""
    tpl = templates.get("official-2019")
    lines = (shared / "fixtures/shanghai-bangongting-2019-html-tabs.txt").read_text("utf-8").splitlines()[1:]
    title, published = lines[0], lines[1]
    date = dt.date.fromisoformat(published.split("：", 1)[1].strip())
    prose_lines = [l.strip() for l in lines[2:] if l.strip() and "\t" not in l]
    pre, parts = split_sections(prose_lines, tpl)
    report = Report(tpl, 2019, "上海市人民政府办公厅", date)
    report.set_text("preamble", "\n".join(pre))
    for sid in ("s1", "s5", "s6"):
        report.set_text(sid, "\n".join(parts[sid]))

    rows = [l.split("\t") for l in lines if "\t" in l]
    by_label = {r[0].strip(): r[1:] for r in rows}
    fill(report, "t2", ["rules", "normative"], ["made", "published", "published_total"],
         [[num(x) for x in by_label["规章"]], [num(x) for x in by_label["规范性文件"]]])
    fill(report, "t2", ["licensing", "other_services", "penalty", "enforcement"],
         ["prev_items", "change", "decisions"],
         [[num(x) for x in by_label[k]] for k in ("行政许可", "其他对外管理服务事项", "行政处罚", "行政强制")])
    fill(report, "t2", ["fees"], ["prev_items", "change"], [[num(x) for x in by_label["行政事业性收费"]]])
    fill(report, "t2", ["procurement"], ["items", "amount"], [[num(x) for x in by_label["政府集中采购"]]])
    start = next(i for i, r in enumerate(rows) if r[0].startswith("一、本年新收"))
    t3 = [[num(x) for x in r[-7:]] for r in rows[start:start + 23]]
    fill(report, "t3", t3_rows(tpl), T3_COLS, t3)
    t4 = [num(x) for x in rows[start + 23 + 3]]
    assert len(t4) == 15, t4
    fill(report, "t4", ["review", "suit_direct", "suit_after"],
         ["upheld", "corrected", "other", "pending", "total"], [t4[0:5], t4[5:10], t4[10:15]])
    assert title.startswith("2019年上海市人民政府办公厅")
    return report


SOURCES = {
    "longwan-2023": "# 来源：温州市龙湾区机关事务管理中心2023年政府信息公开工作年度报告（网页复制文本），"
                    "正文与数字照原文，原文的缺陷（断句、“and”）也照录。",
    "huaian-2024": "# 来源：淮安市人民政府2024年政府信息公开工作年度报告（PDF 经 pdftotext -layout），"
                   "正文去掉了 PDF 排版带来的换行、页码和中文与数字之间的空格。",
    "shanghai-2019": "# 来源：2019年上海市人民政府办公厅政府信息公开工作年度报告（www.shanghai.gov.cn 网页），"
                     "表中空白照原文留空，由 nianbao check 报告。",
}


def main(shared: Path) -> None:
    for name, build in (("longwan-2023", longwan), ("huaian-2024", huaian), ("shanghai-2019", shanghai)):
        text = dumps(build(shared), {"file_version": [SOURCES[name]]})
        (HERE / f"{name}.toml").write_text(text, encoding="utf-8")
        print(f"wrote samples/{name}.toml")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else HERE.parent.parent / "shared"))
