"""The reconciliation rules (勾稽关系), driven entirely by the template.

A finding names the cell in Chinese and gives both numbers, because the clerk
has to find the cell on paper and decide which figure is wrong.

A sum or balance rule with empty cells reports only what the figures prove. A
blank is not 0 (the NN rule reports every blank), and counts are never negative,
so a blank can only make its side larger: the rule is broken for certain when the
figures present already exceed a side that is complete (known addends above
their total). Otherwise it is said once per rule, as a warning, that the rule
could not be checked -- never a pile of false alarms on top of the NN errors.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import NamedTuple

from ..model.numbers import MAX_DIGITS, json_value, shown, too_long
from ..model.report import Report, sentences, text_parts
from ..model.template import Cell, Rule, Template, expand_sum

SEVERITY_ZH = {"error": "错误", "warning": "警告"}
_FIELD = re.compile(r"\{([a-z_]+)\}")


class Finding(NamedTuple):
    rule: str
    severity: str  # "error" | "warning"
    message: str
    cell: Cell | None = None
    expected: object = None
    actual: object = None
    key: str | None = None  # the file key the finding is about, when not a cell
    involved: tuple[Cell, ...] = ()  # every cell the rule compared (the editor marks them all)
    quote: str | None = None  # the sentence of the prose a finding is about
    unchecked: bool = False  # a rule that blanks kept from being checked: nothing is known wrong

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.involved or ((self.cell,) if self.cell else ())

    @property
    def severity_zh(self) -> str:
        return SEVERITY_ZH[self.severity]

    def as_json(self, template: Template) -> dict:
        """The one JSON form of a finding (check --format json, audit): where it is, by id and
        by label, and both figures exactly."""
        row = {"rule": self.rule, "severity": self.severity, "message": self.message,
               "table": None, "row": None, "column": None}
        if self.cell:
            c = self.cell
            row.update(table=c.table, row=c.row, column=c.column, table_label=template.tables[c.table].name,
                       row_label=" / ".join(template.row(c.table, c.row).path),
                       column_label=template.column(c).label)
        row.update(expected=json_value(self.expected), actual=json_value(self.actual))
        return row


def fill(message: str, fields: dict[str, str]) -> str:
    """Plain substitution of {name} fields: template text is data, never code."""
    return _FIELD.sub(lambda m: fields.get(m.group(1), m.group(0)), message)




def check(report: Report, all_templates: list[Template] | None = None,
          previous: Report | None = None) -> list[Finding]:
    """Every rule of the report's template; the cross-year ones only when last year's report is given."""
    findings: list[Finding] = list(_conflicts(report))
    quoting = None
    for rule in report.template.rules:
        if rule.needs_previous:
            if previous is not None:
                findings.extend(_CROSS[rule.kind](report, rule, previous))
            continue
        if rule.kind == "prose_year":
            findings.extend(_prose_year(report, rule))
            continue
        if rule.kind == "prose_figure":
            if quoting is None:  # the prose is split once for all the prose rules
                quoting = _quoting(report)
            if quoting:
                findings.extend(_prose_figure(report, rule, quoting))
            continue
        findings.extend(_RUNNERS[rule.kind](report, rule, all_templates or []))
    return findings


def _conflicts(report: Report):
    """A merge's open conflicts (the file's [[conflict]] tables): each an error naming its place
    and both values -- 「… / 自然人：合并冲突，我方 3002，对方 3005，共同祖先 3001」."""
    from ..model.template import Cell as _Cell

    tpl = report.template
    for c in report.conflicts:
        if c.key.endswith(".text"):
            part = c.key[:-5]
            where = dict(text_parts(tpl)).get(part, part)
            shown = _where_they_differ([str(v) for v in (c.ours, c.theirs, c.base) if v is not None])
            said = f"{where}：合并冲突，我方「{shown[0]}」，对方「{shown[1]}」" + (
                f"，共同祖先「{shown[2]}」" if c.base is not None else "")
            yield Finding("MERGE", "error", said, None, None, None, key=c.key,
                          quote=(str(c.ours).strip().split("\n")[0] or None))
            continue
        if c.key in ("year", "agency", "date"):
            where, cell = {"year": "报告年度", "agency": "机关名称", "date": "发布日期"}[c.key], None
        else:
            cell = _Cell(*c.key.split("."))
            where = tpl.cell_label(cell)
        said = f"{where}：合并冲突，我方 {_shown_value(c.ours)}，对方 {_shown_value(c.theirs)}" + (
            f"，共同祖先 {_shown_value(c.base)}" if c.base is not None else "")
        yield Finding("MERGE", "error", said, cell, c.theirs, c.ours, key=c.key)


def _shown_value(v) -> str:
    return "空白" if v is None else shown(v) if isinstance(v, (int, Decimal)) else str(v)


def _where_they_differ(texts: list[str], context: int = 6, limit: int = 40) -> list[str]:
    """Passages cut to where they differ (with a little context each side): two versions of one
    long sentence differ in a word, and that word is what the message must show."""
    texts = [t.replace("\n", " ") for t in texts]
    head = 0
    while all(head < len(t) for t in texts) and len({t[head] for t in texts}) == 1:
        head += 1
    tail = 0
    while all(tail < len(t) - head for t in texts) and len({t[len(t) - 1 - tail] for t in texts}) == 1:
        tail += 1
    out = []
    for t in texts:
        start, end = max(0, head - context), min(len(t), len(t) - tail + context)
        piece = t[start:end]
        if len(piece) > limit:
            piece = piece[:limit] + "…"
        out.append(("…" if start else "") + piece + ("…" if end < len(t) and not piece.endswith("…") else ""))
    return out


def _sum(report: Report, rule: Rule, _):
    tpl = report.template
    get = report.cells.get
    unchecked: list[Cell] = []
    for target, terms in expand_sum(tpl, rule):
        actual = get(target)
        values = [get(t) for t in terms]
        present = [v for v in values if v is not None]
        if actual is None and not present:
            continue  # nothing at all: NN reports every blank
        blanks = [t for t, v in zip(terms, values) if v is None]
        expected = sum(present)
        if actual is not None and not blanks:
            if expected != actual:
                yield _sum_finding(tpl, rule, target, expected, actual, "")
            continue
        # Blanks on the terms' side only raise the sum: proven when the known terms exceed it.
        if actual is not None and expected > actual and _never_negative(tpl, blanks):
            note = f"（另有 {len(blanks)} 项为空，填上只会更大）"
            yield _sum_finding(tpl, rule, target, expected, actual, note)
            continue
        unchecked.append(target)
    yield from _unchecked(tpl, rule, unchecked)


def _sum_finding(tpl: Template, rule: Rule, target: Cell, expected, actual, note: str) -> Finding:
    fields = _cell_fields(tpl, target)
    fields.update(expected=shown(expected), actual=shown(actual))
    return Finding(rule.id, rule.severity, fill(rule.message, fields) + note, target, expected, actual)


def _never_negative(tpl: Template, cells) -> bool:
    return all(tpl.column(c).kind != "signed" for c in cells)


def _unchecked(tpl: Template, rule: Rule, cells: list[Cell]):
    """One warning for every instance of a rule that blanks kept from being checked."""
    if not cells:
        return
    first = tpl.cell_label(cells[0])
    more = f"等 {len(cells)} 处" if len(cells) > 1 else ""
    yield Finding(rule.id, "warning", f"{rule.title or rule.id}：{first}{more}因相关的格空白而无法核对"
                  "（空白不等于 0；填上后再查）", cells[0], unchecked=True)


def _balance(report: Report, rule: Rule, _):
    tpl = report.template
    table = tpl.tables[rule.table]
    unchecked: list[Cell] = []
    for block in table.blocks:
        rows = {r.id for r in block.figure_rows}
        if not set(rule.left + rule.right) <= rows:
            continue
        for col in block.columns:
            left_cells = [Cell(table.id, r, col.id) for r in rule.left]
            right_cells = [Cell(table.id, r, col.id) for r in rule.right]
            left = [report.value(c) for c in left_cells]
            right = [report.value(c) for c in right_cells]
            if all(v is None for v in left + right):
                continue  # nothing at all: NN reports every blank
            lsum = sum(v for v in left if v is not None)
            rsum = sum(v for v in right if v is not None)
            left_blank = [c for c, v in zip(left_cells, left) if v is None]
            right_blank = [c for c, v in zip(right_cells, right) if v is None]
            if left_blank or right_blank:
                # A blank only raises its side: proven when the other, complete side is already smaller.
                proven = (not left_blank and rsum > lsum and _never_negative(tpl, right_blank)) or \
                         (not right_blank and lsum > rsum and _never_negative(tpl, left_blank))
                if not proven:
                    unchecked.append(right_cells[0])
                    continue
            elif lsum == rsum:
                continue
            anchor = right_cells[0]
            fields = _cell_fields(tpl, anchor)
            fields.update(left=shown(lsum), right=shown(rsum), expected=shown(lsum), actual=shown(rsum))
            yield Finding(rule.id, rule.severity, fill(rule.message, fields), anchor, lsum, rsum,
                          involved=tuple(left_cells + right_cells))
    yield from _unchecked(tpl, rule, unchecked)


def _filled(report: Report, rule: Rule, _):
    tpl = report.template
    get = report.cells.get
    for cell in tpl.cells:
        value = get(cell)
        if cell in report.too_long:
            problem = f"数字位数过多（超过 {MAX_DIGITS} 位），没有读入"
        elif value is None:
            problem = "未填写（空白不等于 0，没有发生请填 0）"
        elif value < 0 and tpl.column(cell).kind != "signed":
            problem = f"不能为负数，填报为 {shown(value)}"
        else:
            continue
        fields = _cell_fields(tpl, cell)
        fields.update(actual=problem, expected="")
        yield Finding(rule.id, rule.severity, fill(rule.message, fields), cell, None, value)


def _prose_figure(report: Report, rule: Rule, quoting):
    """A figure the prose quotes against the tables: 「受理申请859件」 against 一、本年新收 / 总计.
    Quiet when the prose quotes nothing; a quoted percentage is recomputed from the quoted figure."""
    for part, sentence, m in _matches(rule.pattern, quoting):
        yield from _quoted(report, rule, part, sentence, m)


@functools.lru_cache(maxsize=256)
def _matches(pattern: str, quoting: tuple[tuple[str, str], ...]) -> tuple:
    """Where a prose rule's pattern matches; cached, as the prose changes far less than figures."""
    compiled = _compiled(pattern)
    return tuple((part, sentence, m) for part, sentence in quoting for m in compiled.finditer(masked(sentence)))


_LONG_DIGITS = re.compile(r"\d{%d,}|\s{%d,}" % (MAX_DIGITS + 1, MAX_DIGITS + 1))


def masked(sentence: str) -> str:
    """The sentence as the patterns see it: a run of more digits than any figure (or of that much
    white space) becomes 「#」s of the same length (no figure, and every position unchanged). A pattern starting 「\\d+」 would
    otherwise try each of a 100,000-digit run's digits as the start of a figure: quadratic."""
    return _LONG_DIGITS.sub(lambda m: "#" * len(m.group()), sentence) if len(sentence) > MAX_DIGITS else sentence


def _prose_year(report: Report, rule: Rule):
    """A year in the text where the report's own year belongs (the statistics period, a
    paragraph's 「2024年，」, 「2024年四个季度」): last year's text copied forward says so."""
    pattern = _compiled(rule.pattern)
    unless = _compiled(rule.unless) if rule.unless else None
    for part, sentence in _all_sentences(tuple((p, report.text(p)) for p, _ in text_parts(report.template))):
        for m in pattern.finditer(masked(sentence)):
            if unless is not None and unless.search(clause(sentence, m.start(), m.end())):
                continue
            years = [int(v) for g, v in m.groupdict().items() if g.startswith("y") and v]
            wrong = next((y for y in years if y - report.year not in rule.allow), None)
            if wrong is None:
                continue
            fields = {"sentence": sentence.strip(), "actual": str(wrong), "expected": str(report.year)}
            yield Finding(rule.id, rule.severity, fill(rule.message, fields), None, report.year, wrong,
                          key=f"{part}.text", quote=sentence.strip())
            break  # one finding a sentence


_CLAUSE_END = re.compile(r"[，,；;：:（）()。！？]")


def clause(sentence: str, start: int, end: int) -> str:
    """The clause around sentence[start:end]: 「（含上年度结转申请34件）」 speaks of last year,
    the 「2024年，全市共受理…」 it sits in does not."""
    before = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, start)]
    after = _CLAUSE_END.search(sentence, end)
    return sentence[before[-1] if before else 0:after.start() if after else len(sentence)]


@functools.lru_cache(maxsize=16)
def _all_sentences(parts: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Every sentence of the text, with its part (cached on the text, as _split_quoting)."""
    return tuple((part, s) for part, text in parts if text
                 for paragraph in text.split("\n") for s in sentences(paragraph))


_COUNT = re.compile(r"\d\s*件")


def _quoting(report: Report) -> tuple[tuple[str, str], ...]:
    """The sentences of the prose that quote a count (「N件」): the only ones a prose rule reads."""
    return _split_quoting(tuple((part, report.text(part)) for part, _title in text_parts(report.template)))


@functools.lru_cache(maxsize=16)
def _split_quoting(parts: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    # Cached on the prose itself: the editor re-checks after every figure, the prose unchanged.
    out = []
    for part, text in parts:
        if not _COUNT.search(text):
            continue
        for paragraph in text.split("\n"):
            out.extend((part, s) for s in sentences(paragraph) if _COUNT.search(s))
    return tuple(out)


def _quoted(report: Report, rule: Rule, part: str, sentence: str, m):
    if too_long(m.group("n")):
        return  # thirty-odd digits in a sentence are no figure (and int() of thousands would not end)
    quoted = int(m.group("n"))
    options = [sum(_row_value(report, rule.table, r, rule.column) for r in rows) for rows in rule.sums]
    fields = {"sentence": sentence.strip(), "actual": str(quoted), "expected": " 或 ".join(map(str, options))}
    if quoted not in options:
        yield Finding(rule.id, rule.severity, fill(rule.message, fields), None, options[0], quoted,
                      key=f"{part}.text", quote=sentence.strip())
    pct = m.groupdict().get("pct")
    if pct and rule.percent_of:
        whole = sum(_row_value(report, rule.table, r, rule.column) for r in rule.percent_of)
        if whole:
            exact = Decimal(quoted) * 100 / whole
            places = len(pct.split(".")[1]) if "." in pct else 0
            if abs(Decimal(pct) - exact) >= Decimal(1).scaleb(-places):
                rounded = round(exact, max(places, 1))
                yield Finding(rule.id, rule.severity,
                              f"原文写 {pct}%，{quoted} ÷ {whole} = {rounded}%：「{sentence.strip()}」",
                              None, rounded, Decimal(pct), key=f"{part}.text", quote=sentence.strip())


def _row_value(report: Report, table_id: str, row: str, column: str):
    """A row's figure in `column`; when that cell is blank, the row's other columns added up
    (blanks as 0) -- a published 总计 column is often left empty."""
    value = report.value(Cell(table_id, row, column))
    if value is not None:
        return value
    block = report.template.tables[table_id].block_of(row)
    return sum(report.value(Cell(table_id, row, c.id)) or 0 for c in block.columns if c.id != column)


_PATTERNS: dict[str, re.Pattern] = {}


def _compiled(pattern: str) -> re.Pattern:
    if pattern not in _PATTERNS:
        _PATTERNS[pattern] = re.compile(pattern)
    return _PATTERNS[pattern]


def _year_range(report: Report, rule: Rule, all_templates: list[Template]):
    tpl = report.template
    if tpl.covers(report.year):
        return
    better = [t for t in all_templates if t.covers(report.year)]
    expected = better[0].name if better else "适用该年度的格式"
    fields = {"year": str(report.year), "actual": tpl.name, "expected": expected}
    yield Finding(rule.id, rule.severity, fill(rule.message, fields), None, expected, tpl.name, key="template")


def _carry(report: Report, rule: Rule, previous: Report):
    tpl = report.template
    block = tpl.tables[rule.table].block_of(rule.target)
    for col in block.columns:
        cell = Cell(rule.table, rule.target, col.id)
        before = Cell(rule.table, rule.source, col.id)
        if not previous.template.has_cell(before):
            continue
        expected, actual = previous.value(before), report.value(cell)
        if expected is None or actual is None or expected == actual:
            continue
        fields = _cell_fields(tpl, cell)
        fields.update(expected=shown(expected), actual=shown(actual))
        yield Finding(rule.id, rule.severity, fill(rule.message, fields), cell, expected, actual)


def _running_total(report: Report, rule: Rule, previous: Report):
    tpl = report.template
    for row in rule.rows:
        cell = Cell(rule.table, row, rule.target)
        if not previous.template.has_cell(cell):
            continue
        prev = previous.value(cell)
        plus, minus = report.value(Cell(rule.table, row, rule.plus)), report.value(Cell(rule.table, row, rule.minus))
        actual = report.value(cell)
        if None in (prev, plus, minus, actual):
            continue
        expected = prev + plus - minus
        if expected == actual:
            continue
        fields = _cell_fields(tpl, cell)
        fields.update(expected=shown(expected), actual=shown(actual), prev=shown(prev),
                      plus=shown(plus), minus=shown(minus))
        yield Finding(rule.id, rule.severity, fill(rule.message, fields), cell, expected, actual)


_RUNNERS = {"sum": _sum, "balance": _balance, "filled": _filled, "year_range": _year_range}
_CROSS = {"carry": _carry, "running_total": _running_total}


def _cell_fields(tpl: Template, cell: Cell) -> dict[str, str]:
    row = tpl.row(cell.table, cell.row)
    return {"cell": tpl.cell_label(cell), "row": " / ".join(row.path),
            "column": tpl.column(cell).label}
