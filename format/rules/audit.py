"""What an evaluator looks for beyond the tables: the wrong year, a late report, web or PDF
debris in the prose, and a section 五 copied from last year.

These are findings like `check`'s (same Finding type, Chinese messages naming the sentence),
kept apart because they need what a report file alone cannot say: the date it is judged
against (a department's deadline or a government's), and last year's report.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from .check import Finding
from ..model.report import Report, text_parts

# 条例 art. 49: a department by Y+1-01-31, a government's own report by Y+1-03-31.
DEADLINES = {"department": (1, 31), "government": (3, 31)}
GOVERNMENT = re.compile(r"人民政府$")  # its offices (办公厅) are departments
_DEBRIS = [
    (re.compile(r"(?:^|\s)[-—－]\s*\d{1,3}\s*[-—－](?:\s|$)"), "页码"),
    (re.compile(r"附件下载|附件：\S+\.(?:pdf|docx?|xlsx?)"), "附件下载"),
    (re.compile(r"分享到|打印本页|关闭窗口|【\s*打印\s*】|【\s*关闭\s*】|扫一扫在手机"), "网页按钮"),
    (re.compile(r"首页\s*>|当前位置[:：]"), "网页导航"),
]


def kind_of(report: Report, given: str | None = None) -> str:
    """department or government: as given, else from the name (…人民政府 is a government)."""
    if given:
        return given
    return "government" if GOVERNMENT.search(report.agency.strip()) else "department"


def deadline(report: Report, kind: str) -> dt.date:
    month, day = DEADLINES[kind]
    return dt.date(report.year + 1, month, day)


def audit(report: Report, previous: Report | None = None, kind: str | None = None) -> list[Finding]:
    out: list[Finding] = []
    out += _date(report, kind_of(report, kind))
    out += _debris(report)
    if previous is not None:
        out += _copied(report, previous)
    return out


def _date(report: Report, kind: str):
    due = deadline(report, kind)
    who = "政府" if kind == "government" else "部门"
    if report.date is None:
        yield Finding("AUD-DATE", "warning", f"没有发布日期，无法判断是否在 {due:%Y-%m-%d}（{who}的期限）前发布",
                      key="date", expected=due)
    elif report.date > due:
        late = (report.date - due).days
        yield Finding("AUD-LATE", "error",
                      f"{report.date:%Y-%m-%d} 发布，晚于{who}的法定期限 {due:%Y-%m-%d}（条例第四十九条）{late} 天",
                      key="date", expected=due, actual=report.date)
    elif report.date.year < report.year or (report.date.year == report.year and report.date.month < 12):
        yield Finding("AUD-DATE", "warning", f"发布日期 {report.date:%Y-%m-%d} 早于报告年度结束", key="date",
                      actual=report.date)


def _debris(report: Report):
    for part, _title in text_parts(report.template):
        for paragraph in report.text(part).split("\n"):
            for pattern, what in _DEBRIS:
                m = pattern.search(paragraph)
                if m:
                    yield Finding("AUD-DEBRIS", "warning", f"正文里有{what}（网页或 PDF 残留）：「{m.group(0).strip()}」",
                                  key=f"{part}.text", quote=paragraph[:40])


SIMILARITY_EXACT = 20_000  # characters of both texts: past this, similarity is estimated in linear time


def similarity(a: str, b: str) -> float:
    """How much of two texts is the same, 0..1: difflib's ratio for texts of a real report's size;
    for longer ones (difflib is quadratic: 125,000 paragraphs took minutes) the share of
    four-character pieces the two have in common, which is 1 for identical texts too."""
    if not a and not b:
        return 0.0
    if a == b:
        return 1.0
    if len(a) + len(b) <= SIMILARITY_EXACT:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    from collections import Counter

    pieces_a = Counter(a[i:i + 4] for i in range(max(1, len(a) - 3)))
    pieces_b = Counter(b[i:i + 4] for i in range(max(1, len(b) - 3)))
    shared = sum((pieces_a & pieces_b).values())
    return 2 * shared / (sum(pieces_a.values()) + sum(pieces_b.values()))


def _copied(report: Report, previous: Report):
    for section in report.template.prose_sections:
        if not (section.fresh_each_year and report.text(section.id).strip()):
            continue
        score = similarity(report.text(section.id), previous.text(section.id))
        if score >= 0.9:
            title = section.title.split("、", 1)[-1]
            yield Finding("AUD-COPY5", "warning",
                          f"“{title}”与 {previous.year} 年度的报告{'相同' if score == 1 else '几乎相同'}"
                          f"（相似度 {score:.0%}）", key=f"{section.id}.text", actual=round(score, 3))
    parts = [p for p, _ in text_parts(report.template)]
    whole = similarity("\n".join(report.text(p) for p in parts), "\n".join(previous.text(p) for p in parts))
    if whole > 0.5:
        yield Finding("AUD-SIMILAR", "warning", f"全文与 {previous.year} 年度的报告相似度 {whole:.0%}（超过 50%）",
                      actual=round(whole, 3))
