"""One semantic diff engine for every comparison: files, commits, this year against last.

Reviewers ask "which figures and which sentences changed", not "which TOML
lines". So the walk is by template ids: figures as `old -> new (+d)` under
their Chinese labels, prose per sentence, and inside a changed sentence per
character (`…[-较好地-]{+圆满+}完成…`). Reports in different templates are
compared on what the two formats share; a row that is one figure in one format
and a group of figures in the other (（六）其他处理) is compared against the sum of
its items, and what cannot be compared is said, not skipped silently.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model.numbers import json_value, shown
from ..model.report import Report, paragraphs, sentences, text_parts
from ..model.template import Cell, Template, numeral

META_LABELS = {"template": "模板", "year": "报告年度", "agency": "机关名称", "date": "发布日期"}


@dataclass
class FigureChange:
    section: str  # section title
    label: str    # 三 / 一、本年新收政府信息公开申请数量 / 自然人
    cell: Cell
    old: object
    new: object
    note: str = ""

    @property
    def delta(self):
        if isinstance(self.old, (int, Decimal)) and isinstance(self.new, (int, Decimal)):
            return self.new - self.old
        return None

    def text(self) -> str:
        d = self.delta
        line = f"{self.label}：{shown(self.old)} -> {shown(self.new)}"
        if d is not None:
            line += f" ({'+' if d >= 0 else ''}{shown(d)})"
        return line + (f"（{self.note}）" if self.note else "")


@dataclass
class SentenceChange:
    part: str
    title: str
    kind: str  # "changed" | "added" | "removed"
    old: str = ""
    new: str = ""

    @property
    def inline(self) -> str:
        if self.kind != "changed":
            return self.new or self.old
        return inline_diff(self.old, self.new)

    def text(self) -> str:
        mark = {"changed": "~", "added": "+", "removed": "-"}[self.kind]
        return f"{mark} {self.title}：{self.inline}"


@dataclass
class Diff:
    figures: list[FigureChange] = field(default_factory=list)
    sentences: list[SentenceChange] = field(default_factory=list)
    meta: list[tuple[str, object, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not (self.figures or self.sentences or self.meta)

    def sections_changed(self) -> list[str]:
        seen: list[str] = []
        for title in [f.section for f in self.figures] + [s.title for s in self.sentences]:
            if title not in seen:
                seen.append(title)
        return seen

    def summary(self) -> str:
        if self.equal:
            return "两份报告相同" + ("（" + "；".join(self.notes) + "）" if self.notes else "")
        parts = []
        for title in self.sections_changed():
            nf = sum(f.section == title for f in self.figures)
            ns = sum(s.title == title for s in self.sentences)
            bits = ([f"数字 {nf} 处"] if nf else []) + ([f"文字 {ns} 句"] if ns else [])
            parts.append(f"{title}：{'，'.join(bits)}")
        if self.meta:
            parts.append("基本信息：" + "、".join(META_LABELS.get(k, k) for k, _, _ in self.meta))
        return (f"共 {len(self.figures)} 处数字、{len(self.sentences)} 句文字不同"
                f"（{'；'.join(parts)}）")

    def lines(self) -> list[str]:
        out = [self.summary()]
        for key, old, new in self.meta:
            out.append(f"{META_LABELS.get(key, key)}：{_shown(old)} -> {_shown(new)}")
        out += [f.text() for f in self.figures]
        out += [s.text() for s in self.sentences]
        out += [f"注：{n}" for n in self.notes]
        return out

    def as_json(self) -> dict:
        return {
            "equal": self.equal,
            "summary": self.summary(),
            "meta": [{"field": k, "old": json_value(o), "new": json_value(n)} for k, o, n in self.meta],
            "figures": [{"section": f.section, "label": f.label, "table": f.cell.table, "row": f.cell.row,
                         "column": f.cell.column, "old": json_value(f.old), "new": json_value(f.new),
                         "delta": json_value(f.delta), "note": f.note} for f in self.figures],
            "sentences": [{"part": s.part, "title": s.title, "change": s.kind, "old": s.old, "new": s.new,
                           "inline": s.inline} for s in self.sentences],
            "notes": self.notes,
        }


def _shown(v) -> str:
    if v is None or v == "":
        return "空"
    return shown(v) if isinstance(v, (int, Decimal)) else str(v)




# A word of a sentence, for marking changes: a number whole (「3,119.5」), else one character.
WORD = re.compile(r"\d[\d,.]*\d|\d|.", re.S)


def words(text: str) -> list[str]:
    return WORD.findall(text)


def inline_diff(old: str, new: str) -> str:
    """One sentence with its changed words marked: 完成[-较好-]{+圆满+}，申请[-3119-]{+2996+}件 --
    a number is one word, so a changed figure is shown whole, never split into digits."""
    a, b = words(old), words(new)
    out = []
    for op, i1, i2, j1, j2 in bounded_opcodes(a, b):
        if op == "equal":
            out.append("".join(a[i1:i2]))
        if op in ("delete", "replace"):
            out.append(f"[-{''.join(a[i1:i2])}-]")
        if op in ("insert", "replace"):
            out.append(f"{{+{''.join(b[j1:j2])}+}}")
    return "".join(out)


# difflib's matching costs up to len(a) x len(b): past this many pairs the changed middle is shown
# replaced whole rather than compared word by word (a 10,000-character sentence took 69 s).
DIFF_BOUND = 250_000


def bounded_opcodes(a: list, b: list) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes for a -> b, in time bounded by DIFF_BOUND: the common start and end are
    found in one pass; only a middle small enough is compared item by item."""
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    mid_a, mid_b = a[head:len(a) - tail], b[head:len(b) - tail]
    ops = [("equal", 0, head, 0, head)] if head else []
    if len(mid_a) * len(mid_b) <= DIFF_BOUND:
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False).get_opcodes():
            ops.append((op, i1 + head, i2 + head, j1 + head, j2 + head))
    else:
        op = "replace" if mid_a and mid_b else "delete" if mid_a else "insert"
        ops.append((op, head, head + len(mid_a), head, head + len(mid_b)))
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def around_change(inline: str, before: int = 8) -> str:
    """An inline-marked sentence from just before its first change: where a line holds only part
    of the sentence, the part that changed is the part shown."""
    marks = [i for i in (inline.find("[-"), inline.find("{+")) if i >= 0]
    if not marks or min(marks) <= before:
        return inline
    return "…" + inline[min(marks) - before:]


def section_of(tpl: Template, table_id: str):
    return next(s for s in tpl.sections if s.table == table_id)


def figure_label(tpl: Template, cell: Cell) -> str:
    """三 / 一、本年新收政府信息公开申请数量 / 自然人: section number, row path, column."""
    number = numeral(section_of(tpl, cell.table).title)
    return f"{number} / {tpl.cell_label(cell)}"


# Words every label of a kind carries: left out where a position must fit in 80 columns.
_FILLER = re.compile(r"政府信息公开申请数量|政府信息公开申请|申请数量|件数$|数量$|^本年度|^本年(?!度)|^结果(?=维持|纠正)"
                     r"|（单位：[^）]*）|（[^）]{6,}）")


def _short(label: str) -> str:
    from ..importing.import_report import strip_enumerator

    text = strip_enumerator(label)
    for _ in range(3):
        text = _FILLER.sub("", text).strip()
    text = text or label
    return text if len(text) <= SHORT else text[:SHORT - 1] + "…"


SHORT = 11  # characters of a row's name kept in a short position (still unique in both formats)


def short_label(tpl: Template, cell: Cell) -> str:
    """三/新收/自然人: the section's number, the row and the column, each without the words every
    such label has (「一、本年新收政府信息公开申请数量」 is 新收); a row whose short name is
    a word or two (其他) keeps its group's (其他处理/其他). Derived from the template's labels."""
    number = numeral(section_of(tpl, cell.table).title)
    row = tpl.row(cell.table, cell.row)
    name = _short(row.label)
    parents = tpl.ancestors(cell.table, cell.row)
    if len(name) <= 2 and parents:
        name = f"{_short(parents[-1].label)}/{name}"
    block = tpl.tables[cell.table].block_of(cell.row)
    parts = [number, name]
    if len(block.columns) > 1:
        parts.append(_short(tpl.column(cell).label))
    return "/".join(parts)


def compare(old: Report, new: Report) -> Diff:
    diff = Diff()
    for key in ("template", "year", "agency", "date"):
        a = old.template.id if key == "template" else getattr(old, key)
        b = new.template.id if key == "template" else getattr(new, key)
        if a != b:
            diff.meta.append((key, a, b))
    _figures(old, new, diff)
    _prose(old, new, diff)
    return diff


def _figures(old: Report, new: Report, diff: Diff) -> None:
    ta, tb = old.template, new.template
    cells_b = set(tb.cells)
    cells_a = set(ta.cells)
    for cell in tb.cells:  # new report's order
        if cell in cells_a:
            a, b = old.value(cell), new.value(cell)
            if a != b:
                diff.figures.append(FigureChange(section_of(tb, cell.table).title, figure_label(tb, cell),
                                                 cell, a, b))
    if ta.id == tb.id:
        return
    # A row that is one figure on one side and a group of figures on the other.
    handled: set[Cell] = set()
    for (side_one, rep_one, side_many, rep_many, one_is_old) in ((ta, old, tb, new, True), (tb, new, ta, old, False)):
        for cell in side_one.cells:
            if cell in (cells_b if one_is_old else cells_a):
                continue
            try:
                row_many = side_many.row(cell.table, cell.row)
            except KeyError:
                continue
            if not row_many.group:
                continue
            block = side_many.tables[cell.table].block_of(cell.row)
            items = [r.id for r in block.figure_rows if r.parent == cell.row]
            terms = [Cell(cell.table, r, cell.column) for r in items]
            if not terms or not all(side_many.has_cell(t) for t in terms):
                continue
            values = [rep_many.value(t) for t in terms]
            total = None if all(v is None for v in values) else sum(v for v in values if v is not None)
            one = rep_one.value(cell)
            handled |= set(terms) | {cell}
            label = figure_label(side_one, cell)
            note = f"{'新' if one_is_old else '旧'}格式中为 {len(terms)} 项之和"
            a, b = (one, total) if one_is_old else (total, one)
            if a != b:
                diff.figures.append(FigureChange(section_of(side_one, cell.table).title, label, cell, a, b, note))
            if cell.column == block.columns[0].id:
                diff.notes.append(f"{row_many.label}：{side_one.name}为一行，{side_many.name}分为 "
                                  f"{len(terms)} 项，按各项之和比较")
    only_a = [c for c in ta.cells if c not in cells_b and c not in handled]
    only_b = [c for c in tb.cells if c not in cells_a and c not in handled]
    for cells, tpl in ((only_a, ta), (only_b, tb)):
        rows: dict[tuple[str, str], list[str]] = {}
        for c in cells:
            rows.setdefault((c.table, c.row), []).append(tpl.column(c).label)
        for (table, row), cols in rows.items():
            diff.notes.append(f"只在{tpl.name}中、未比较：{tpl.row(table, row).label}（{'、'.join(cols)}）")


def _prose(old: Report, new: Report, diff: Diff) -> None:
    titles = dict(text_parts(new.template))
    titles.update({k: v for k, v in text_parts(old.template) if k not in titles})
    for part, title in titles.items():
        a = [s for p in paragraphs(old.text(part)) for s in sentences(p)]
        b = [s for p in paragraphs(new.text(part)) for s in sentences(p)]
        if a == b:
            continue
        for op, i1, i2, j1, j2 in bounded_opcodes(a, b):
            if op == "equal":
                continue
            olds, news = a[i1:i2], b[j1:j2]
            for k in range(max(len(olds), len(news))):
                o = olds[k] if k < len(olds) else None
                n = news[k] if k < len(news) else None
                if o is not None and n is not None:
                    diff.sentences.append(SentenceChange(part, title, "changed", o, n))
                elif n is not None:
                    diff.sentences.append(SentenceChange(part, title, "added", "", n))
                else:
                    diff.sentences.append(SentenceChange(part, title, "removed", o, ""))


def flatten(report: Report) -> list[str]:
    """The report as one labelled line per figure and one line per sentence (git textconv)."""
    tpl = report.template
    out = [f"模板 = {tpl.id}", f"报告年度 = {report.year}", f"机关名称 = {report.agency}",
           f"发布日期 = {report.date.isoformat() if report.date else '空'}"]

    def prose(part: str, title: str) -> None:
        for i, para in enumerate(paragraphs(report.text(part))):
            if i:
                out.append(f"{title} |")  # a paragraph break
            out.extend(f"{title} | {s}" for s in sentences(para))

    prose("preamble", "前言")
    for section in tpl.sections:
        if section.kind == "prose":
            prose(section.id, section.title)
            continue
        for cell in tpl.cells:
            if cell.table == section.table:
                out.append(f"{figure_label(tpl, cell)} = {_shown(report.value(cell))}")
    prose("closing", "结尾")
    return out
