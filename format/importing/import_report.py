"""Recognising a report in the pieces of a published text: sections, prose, figures.

Published tables are read by label, not by position: a row's figures go to the
template row whose label the text before them contains, looked for in the
official order. That survives what real reports do to tables -- labels broken
over lines or printed one character a line, group labels repeated, merged cells
dropped, 「1、」 for 「1.」 -- and when it does not, the row is listed as a gap
with its source line instead of being guessed. Figures are kept as published;
nothing is added up or repaired here (`check` reports what does not reconcile).
Which template (2019 or 2021 format) is decided by trying each and keeping the
one the tables fit best; a new template file needs no change here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..model import template as templates
from .import_source import NotAReport, Piece, Source, figures_only, is_figure_token
from .solve import keeps_sums, place_runs, row_instances, readings, settle, split_candidates
from ..model.numbers import MAX_DIGITS, too_long
from ..model.report import Report
from ..model.template import Cell, Row, Template, expand_sum


@dataclass
class Gap:
    where: str
    text: str
    reason: str

    def __str__(self) -> str:
        excerpt = self.text if len(self.text) <= 50 else self.text[:48] + "…"
        return f"{self.where}：{self.reason}" + (f"（原文：{excerpt}）" if excerpt else "")


@dataclass
class Imported:
    report: Report
    gaps: list[Gap]
    kind: str
    figures: int  # cells that received a published figure (blanks not counted)
    solved: list[Gap] = field(default_factory=list)  # rows whose columns only the rules could tell


# ---------------------------------------------------------------- text helpers

_NUMERALS = "一二三四五六七八九十"
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)")
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》]"
_DATE = re.compile(r"((?:19|20)\d\d)\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_CHROME = re.compile(
    r"^(首页|当前位置|您的位置|您现在的位置|位置)\s*[:：>]|>\s*\S+\s*>|分享到|打印本页|【?打印】?$|关闭窗口|【?关闭】?$"
    r"|字号[:：]|字体[:：]|【\s*大\s*中\s*小\s*】|扫一扫|附件下载|^附件[:：]?$|相关链接|上一篇|下一篇|浏览次数|访问量"
    r"|^索引号|^主题分类|^发文机关|^信息来源|^来源[:：]|^发布(日期|时间)[:：]|^【?收藏】?$|^返回顶部|^微信|^微博")
_CLOSING_WORDS = ("政府", "局", "委员会", "委", "办公室", "办公厅", "中心", "厅", "院", "部", "处", "所", "站",
                  "队", "会", "办", "署", "馆")


def norm(text: str) -> str:
    """For comparing labels: NFKC, no spaces, no punctuation."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def row_keys(row: Row) -> list[str]:
    keys = []
    for label in (row.label,) + row.aliases:
        key = norm(label)
        bare = _ENUMERATOR.sub("", key) or key
        # Only the part before a bracketed note: 「部分公开（区分处理的，……）」 is often cut.
        head = norm(re.split(r"[（(]", strip_enumerator(label), maxsplit=1)[0])
        keys.extend(k for k in (bare, head) if k and k not in keys)
    return keys


def strip_enumerator(label: str) -> str:
    return re.sub(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.，,．]|\d+\s*[.、．,，])\s*",
                  "", label)


def _unspace(text: str) -> str:
    """pdftotext puts a space between Chinese and Latin/digits; the report did not."""
    text = re.sub(rf"(?<={_CJK}) +(?=[0-9A-Za-z%])", "", text)
    text = re.sub(rf"(?<=[0-9A-Za-z%]) +(?={_CJK})", "", text)
    return re.sub(rf"(?<={_CJK}) +(?={_CJK})", "", text)


def _similar(a: str, b: str) -> float:
    """Share of b's characters found in a (multiset): tolerant of typos and extra words."""
    ca, cb = Counter(a), Counter(b)
    return sum((ca & cb).values()) / max(1, sum(cb.values()))


# ---------------------------------------------------------------- structure

@dataclass
class _Structure:
    title: int | None
    headings: list[tuple[int, str]]  # (piece index, section id)
    end: int  # index after the last piece of the report body


def _heading(piece: Piece, tpl: Template, after: int) -> str | None:
    if piece.cells is not None:
        if len([c for c in piece.cells if c]) != 1:
            return None
        text = next(c for c in piece.cells if c)
    else:
        text = piece.text
    text = unicodedata.normalize("NFKC", text).strip()
    m = re.match(rf"^([{_NUMERALS}])\s*[、.,，．:：]?\s*(.*)$", text)
    if not m or len(text) > 40 or "。" in text:
        return None
    number = _NUMERALS.index(m.group(1))
    sections = tpl.sections
    if number >= len(sections) or number < after:
        return None
    section = sections[number]
    title = norm(strip_enumerator(section.title))
    rest = norm(m.group(2))
    if not rest or _similar(rest, title) < 0.5 or len(rest) > 2 * len(title) + 6:
        return None
    return section.id


def _structure(pieces: list[Piece], tpl: Template) -> _Structure:
    headings: list[tuple[int, str]] = []
    order = 0
    for i, p in enumerate(pieces):
        sid = _heading(p, tpl, order)
        if sid is not None:
            headings.append((i, sid))
            order = [s.id for s in tpl.sections].index(sid) + 1
    first = headings[0][0] if headings else len(pieces)
    # The title is before section 一; a later line naming the report is prose.
    title = next((i for i, p in enumerate(pieces[:first])
                  if "政府信息公开" in norm(p.text) and "报告" in p.text and len(p.text.strip()) < 80), None)
    return _Structure(title, headings, len(pieces))


# ---------------------------------------------------------------- prose

def _paragraphs(pieces: list[Piece], kind: str) -> list[tuple[str, Piece]]:
    """Prose pieces -> paragraphs. PDF text is re-joined: a line break there is the page's, not
    the report's; an indented line (layout) or one after a full stop (plain) starts a paragraph."""
    out: list[tuple[str, Piece]] = []
    layout = any(p.cells is None and re.match(r"\s{2,}\S", p.text) for p in pieces)
    full = _full_width([p.text for p in pieces if p.cells is None and p.text.strip()])
    joining = False
    last = ""
    for p in pieces:
        if p.cells is not None or not p.text.strip():
            joining = False
            continue
        text = p.text.strip()
        if kind not in ("pdf-text", "pdf"):
            out.append((text, p))
            continue
        if layout:  # a blank line there is often just a page break
            starts = bool(re.match(r"\s{2,}\S", p.text))
        else:
            # A sentence end starts a new paragraph only at a short line or before a heading:
            # a line that happens to end in 「。」 at the page's edge goes on.
            ended = bool(out) and bool(re.search(r"[。！？]$", out[-1][0]))
            starts = not joining or ended and (_width(last) < full * 0.8 or bool(_HEADING_START.match(text)))
        last = p.text
        if starts or not out:
            out.append((text, p))
        else:
            out[-1] = (out[-1][0] + text, out[-1][1])
        joining = True
    if kind in ("pdf-text", "pdf"):
        out = [(_unspace(t), p) for t, p in out]
    return out


_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]\D)")


def _width(line: str) -> int:
    from wcwidth import wcswidth

    return max(0, wcswidth(line.strip().replace("\f", "")))


def _full_width(lines: list[str]) -> int:
    """The width of a full line of the page's prose (what its wrapped lines mostly measure)."""
    widths = sorted(_width(l) for l in lines)
    return widths[len(widths) * 3 // 4] if widths else 0


def _is_closing(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > 40 or "。" in t or "，" in t:
        return False
    return bool(_DATE.fullmatch(unicodedata.normalize("NFKC", t).replace(" ", ""))) or t.endswith(_CLOSING_WORDS)


# ---------------------------------------------------------------- figures

@dataclass
class _Segment:
    label: str
    values: list[str]
    where: str
    source: str
    edges: list[int] | None = None  # right edge of each value on its line (aligned text)
    stacked: bool = False  # figures one a line (plain pdftotext): may run on into the next rows


# A label (ending in a Chinese character or closing punctuation) with figures glued to it.
_GLUED = re.compile(r"^(.*[\u4e00-\u9fff）)”》])\s*(\d[\d.,]*)$")


def _segments(pieces: list[Piece]) -> list[_Segment]:
    """The table area as (label, values) runs: text before figures labels them."""
    out: list[_Segment] = []
    buffer = ""
    last_was_values = False
    for p in pieces:
        glued = _GLUED.match(p.text.strip()) if p.cells is None else None
        if glued:  # 「规章1011」: a row whose label and figures lost every separator
            p = Piece(p.text, [glued.group(1), glued.group(2)], p.where)
        if p.cells is None:
            if p.text.strip():
                buffer += p.text.strip()
                last_was_values = False
            continue
        cells = p.cells
        text_idx = [i for i, c in enumerate(cells) if c and not is_figure_token(c) and not figures_only(c)]
        k = text_idx[-1] if text_idx else -1
        label = "".join(c for c in cells[:k + 1] if c)
        values: list[str] = []
        for c in cells[k + 1:]:
            values.extend(c.split() if figures_only(c) else [c])
        edges = p.edges[k + 1:] if p.edges is not None and len(values) == len(cells) - k - 1 else None
        if not any(v.strip() for v in values) and not values:
            buffer += label
            last_was_values = False
            continue
        if k < 0 and not buffer and out and last_was_values:
            if not any(v.strip() for v in out[-1].values):
                # A label row with empty cells and the figures on a row of their own under it
                # (Markdown from a PDF converter): the figures are that label's.
                if len(values) == len(out[-1].values) + 1 and not values[0].strip():
                    values, edges = values[1:], edges[1:] if edges else edges  # the empty label cell
                out[-1].values, out[-1].edges = values, edges
                out[-1].source += "\t" + p.text.strip()
                continue
            out[-1].values.extend(values)  # one figure a line (plain pdftotext)
            out[-1].source += "\t" + p.text.strip()
            if len(values) == 1:
                out[-1].stacked = True
                out[-1].edges = None  # where one figure's line ends says nothing of the others
            continue
        out.append(_Segment(buffer + label, values, p.where, p.text.strip(), edges))
        buffer = ""
        last_was_values = True
    if buffer:
        out.append(_Segment(buffer, [], "", buffer))  # labels of rows with no figures at the end
    return out


def read_figure(token: str, kind: str, unit: str = ""):
    """A published cell -> int / Decimal / None (blank). ValueError with a Chinese reason."""
    s = unicodedata.normalize("NFKC", token).strip().replace(" ", "")
    s = s.replace("－", "-").replace("—", "-").replace("–", "-")
    if s in ("", "/", "-", "--", "---") or re.fullmatch(r"[/\-]+", s):
        return None
    s = re.sub(r"(?<=[\d件个项元])\([^()]*\)$", "", s)  # a note in the cell: 「22（其中修订16件）」 is 22
    m = re.fullmatch(r"([+-]?)([\d,]+(?:\.\d+)?)(万元|元|件|个|项)?", s)
    if not m:
        raise ValueError(f"「{token}」不是数字")
    sign, digits, written_unit = m.groups()
    if written_unit in ("万元", "元") and unit and written_unit != unit:
        raise ValueError(f"「{token}」的单位与本栏（{unit}）不同，未换算")
    digits = digits.replace(",", "")
    if too_long(digits):
        raise ValueError(f"数字位数过多（超过 {MAX_DIGITS} 位），不是一个数")
    if kind == "money":
        if sign == "-":
            raise ValueError(f"金额「{token}」为负数")
        try:
            return Decimal(digits)
        except InvalidOperation:
            raise ValueError(f"「{token}」不是数字") from None
    if "." in digits:
        raise ValueError(f"「{token}」是小数，件数应为整数")
    value = int(digits)
    if sign and kind != "signed":
        if sign == "-":
            raise ValueError(f"「{token}」是负数，本栏不能为负")
    return -value if sign == "-" else value


@dataclass
class _TableRead:
    cells: dict[Cell, object] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)
    solved: list[Gap] = field(default_factory=list)  # rows placed by the rules (solve.py)
    pending: list = field(default_factory=list)  # (segment, row, candidate readings, tokens) to settle
    line_end_field: bool = False  # rows end in an empty field that is no cell (see _read_table)
    figures: int = 0
    positions: dict[int, list[int]] = field(default_factory=dict)  # columns -> right edges
    grid: bool = False  # rows from a PDF's table grid: the figures are a row's last fields
    open: list = field(default_factory=list)  # (gap, readings of its cells) the rules left open


def _read_table(tpl: Template, table_id: str, segments: list[_Segment],
                area: list[Piece] = (), grid: bool = False) -> _TableRead:
    table = tpl.tables[table_id]
    order = [(b, r) for b in table.blocks for r in b.figure_rows]
    keys = [row_keys(r) for _, r in order]
    out = _TableRead(grid=grid)
    pointer = 0
    seen: set[str] = set()
    silent: set[str] = set()  # rows whose label appears with no figures after it
    run_on = None  # (segment, further rows of figures, row index): see below
    heads = {norm(c.label) for b in table.blocks for c in b.columns} \
        | {norm(g) for b in table.blocks for g, _ in b.header_groups}
    out.positions = _positions(table, segments, area)
    # Copied text whose complete rows end in one more, empty field: an empty last field there is
    # the copy's line end, not a blank cell (a row of 6 figures then goes to the rules).
    widths = {len(b.columns) for b in table.blocks}
    out.line_end_field = any(len(s.values) == n + 1 and all(v.strip() for v in s.values[:-1])
                             and not s.values[-1].strip() for s in segments for n in widths)
    for seg in segments:
        label = norm(seg.label)
        values = seg.values
        hit = None
        total = sum(len(b.columns) for b, _ in order)
        if len(values) == total and not seen and total > len(order[0][0].columns):
            # The whole table flattened into one line (Table 4's single row of 15 figures).
            pos = 0
            for block, row in order:
                n = len(block.columns)
                _place(tpl, table_id, block, row, values[pos:pos + n], seg, out)
                pos += n
            seen.update(r.id for _, r in order)
            pointer = len(order)
            continue
        if not seen and len(values) == 1 and values[0].isdigit() and len(values[0]) >= total \
                and total > len(order[0][0].columns) and sum(1 for s in segments if s.values) == 1:
            # ... and with every separator lost too (「72641783735113481261211620」): cut by the rules
            # (only when no other row of the table has figures: 「规章8146681855」 is one row).
            cells = [Cell(table_id, r.id, c.id) for b, r in order for c in b.columns]
            kinds = [c.kind for b, _ in order for c in b.columns]
            instances = [(t, terms) for rule in tpl.rules if rule.kind == "sum" and rule.table == table_id
                         for t, terms in expand_sum(tpl, rule)]
            options = split_candidates(cells, kinds, values, instances, 50)
            if options and len(options) <= 50:
                # Read the cells every allowed cut agrees on; list the rest with their choices.
                agreed = {c: v for c, v in options[0].items() if all(o[c] == v for o in options)}
                out.cells.update(agreed)
                out.figures += len(agreed)
                out.solved.append(Gap(seg.where, seg.source, f"整张表的 {total} 个数连在一起：{len(agreed)} 格的数由勾稽关系"
                                                             "唯一确定"))
                open_cells = [c for c in cells if c not in agreed]
                if open_cells:
                    choices = sorted({tuple(o[c] for c in open_cells) for o in options})
                    shown = "；".join(" ".join(map(str, ch)) for ch in choices[:4])
                    names = "、".join(tpl.cell_label(c) for c in open_cells[:3]) + ("等" if len(open_cells) > 3 else "")
                    out.gaps.append(Gap(seg.where, seg.source, f"{names} {len(open_cells)} 格有 {len(choices)} 种分法"
                                                               f"都符合勾稽关系（{shown}），未导入"))
                    out.open.append((out.gaps[-1], [dict(zip(open_cells, ch)) for ch in choices]))
                seen.update(r.id for _, r in order)
                pointer = len(order)
                continue
        # The row named last before the figures: rows with no figures at all leave only their
        # labels in the text before (aligned text drops blank cells), and those rows are blank.
        # Column heads before the first row (「…法律服务机构 其他 总计」) are no row's name: there a
        # row named like a column (总计, 其他) is not named.
        header = sum(1 for w in heads if w in label) >= 3
        found = [(end, i) for i in range(pointer, len(order))
                 for end in [max((_match_end(k, label) for k in keys[i] if not header or k not in heads),
                                 default=-1)] if end >= 0]
        if found:
            hit = max(found)[1]
            silent.update(order[i][1].id for _, i in found if i != hit)
            if run_on is not None:
                pointer = _run_on(tpl, table_id, order, run_on, hit, seen, out) or pointer
                run_on = None
        if not values:
            silent.update(order[i][1].id for _, i in found)
            continue
        if hit is not None and not any(v.strip() for v in values) \
                and len(values) != len(order[hit][0].columns) \
                and not (grid and len(values) > len(order[hit][0].columns) and table.layout != "rows-side-by-side"):
            # (a PDF grid's blank row keeps empty fields for the label's merged columns too)
            continue  # a header row ending in merged cells, not a row of blanks
        if hit is None:
            if any(v.strip() for v in values):
                out.gaps.append(Gap(seg.where, seg.source, "这一行的数字对不上表中任何一行，未导入"))
            continue
        block, row = order[hit]
        if row.id in seen:
            out.gaps.append(Gap(seg.where, seg.source, f"「{row.label}」出现了两次，只用了第一次"))
            continue
        if seg.stacked and table.layout == "rows-side-by-side":
            # Table 4's row names are heads above the figures: one figure a line, the name
            # printed just before a run of figures is as often another row's (see _by_runs).
            out.gaps.append(Gap(seg.where, seg.source, f"「{row.label}」前后的数一个一行，分不清属于哪一行，未导入"))
            continue
        n = len(block.columns)
        if seg.stacked and len(values) > n and len(values) % n == 0 and all(v.strip() for v in values):
            # One figure a line, and the rows after this one have their labels elsewhere (a
            # label wrapped over several lines comes out after the figures): whole rows of
            # figures, placed in the table's order once the next labelled row shows how many.
            run_on = (seg, [values[i:i + n] for i in range(n, len(values), n)], hit)
            values = values[:n]
        _place(tpl, table_id, block, row, values, seg, out)
        seen.add(row.id)
        pointer = hit + 1
    if run_on is not None:
        _run_on(tpl, table_id, order, run_on, len(order), seen, out)
    _settle_pending(tpl, table_id, out)
    if (out.gaps or len(seen) < len(order)) and _by_runs(tpl, table_id, order, segments, out):
        return out
    for block, row in order:
        if row.id not in seen and row.id not in silent:
            out.gaps.append(Gap(table.name or table_id, "", f"没有找到「{row.label}」这一行"))
    return out


def _by_runs(tpl: Template, table_id: str, order, segments: list[_Segment], out: _TableRead) -> bool:
    """A small table whose labels did not place its figures, but whose figures, taken as the
    runs the text gives, fill it exactly: keep the cells that every way of laying the runs into
    the rows that keeps the rules gives alike; list the rest. False (nothing changed) when this does not apply."""
    cells = [[Cell(table_id, r.id, c.id) for c in b.columns] for b, r in order]
    runs = [s.values for s in segments if s.values]
    if not runs or len(runs) > 8 or sum(map(len, cells)) > 40 \
            or not all(v.strip() and is_figure_token(v) for r in runs for v in r) \
            or sum(map(len, runs)) != sum(map(len, cells)):
        return False
    kinds = {Cell(table_id, r.id, c.id): c for b, r in order for c in b.columns}
    # What the labels placed is no evidence here: labels that failed to place every run are as
    # likely to stand beside another row's figures (plain pdftotext puts 「未经复议直接起诉」
    # just before the 行政复议 figures).
    options = place_runs(cells, kinds, runs, lambda t, col: read_figure(t, col.kind, col.unit),
                         _table_checks(tpl, table_id), 24)
    if not options or len(options) > 24:
        return False
    flat = [c for row in cells for c in row]
    agreed = {c: options[0][c] for c in flat if all(o[c] == options[0][c] for o in options)}
    source = "\t".join(" ".join(r) for r in runs)
    out.cells = agreed
    out.figures = len(agreed)
    out.gaps = []
    where = next(s.where for s in segments if s.values)
    if agreed:
        out.solved.append(Gap(where, source, f"表中数字的次序被打乱：{len(agreed)} 格的数由勾稽关系唯一确定"))
    open_cells = [c for c in flat if c not in agreed]
    if open_cells:
        choices = sorted({tuple(str(o[c]) for c in open_cells) for o in options})
        shown = "；".join(" ".join(ch) for ch in choices[:3])
        names = "、".join(tpl.cell_label(c) for c in open_cells[:3]) + ("等" if len(open_cells) > 3 else "")
        out.gaps.append(Gap(where, source, f"表中数字的次序被打乱：{names} {len(open_cells)} 格有 {len(choices)} 种"
                                           f"放法都符合勾稽关系（如 {shown}），未导入"))
        out.open.append((out.gaps[-1], [{c: o[c] for c in open_cells} for o in options]))
    return True


def _run_on(tpl: Template, table_id: str, order, run_on, upto: int, seen: set[str], out: _TableRead) -> int | None:
    """Rows of figures that followed a row's own figures with no label: they belong to the rows
    between that row and the next one named (`upto`) -- only when there are exactly as many of
    them as rows left there and each row's figures keep its own sums; else none is read.
    Returns the index after the last row placed."""
    seg, groups, after = run_on
    between = [i for i in range(after + 1, upto) if order[i][1].id not in seen]
    fits = len(between) == len(groups) and all(len(order[i][0].columns) == len(g) for i, g in zip(between, groups))
    if fits:
        for i, group in zip(between, groups):
            block, row = order[i]
            try:
                values = {Cell(table_id, row.id, c.id): read_figure(t, c.kind, c.unit)
                          for c, t in zip(block.columns, group)}
            except ValueError:
                fits = False
                break
            if not keeps_sums(tpl, table_id, row.id, values):
                fits = False
                break
    if not fits:
        out.gaps.append(Gap(seg.where, seg.source, f"这一行之后还有 {len(groups)} 行数字没有标签，"
                                                   "对不上表中的行，未导入"))
        return None
    names = []
    for i, group in zip(between, groups):
        block, row = order[i]
        _place(tpl, table_id, block, row, group, seg, out)
        seen.add(row.id)
        names.append(f"「{row.label}」")
    out.solved.append(Gap(seg.where, "", f"{'、'.join(names)}的数字与标签分开了：按表中次序放入，"
                                         "各行合计相符"))
    return between[-1] + 1


def _positions(table, segments: list[_Segment], area=()) -> dict[int, list[int]]:
    """For text laid out in columns: where the figures of an n-column row end. From a row with
    all n figures, else from every figure's right edge when they fall into exactly n places,
    else from a header line of n column labels set right-aligned over the figures."""
    from wcwidth import wcswidth

    out: dict[int, list[int]] = {}
    headers: dict[int, list[int]] = {}
    for p in area:
        if p.cells is None and p.text.strip():
            words = list(re.finditer(r"\S+", p.text))
            headers[len(words)] = [max(0, wcswidth(p.text[:m.end()])) for m in words]
    for n in {len(b.columns) for b in table.blocks}:
        rows = [s for s in segments if s.edges is not None]
        full = [s.edges for s in rows if len(s.values) == n and all(v.strip() for v in s.values)]
        if full:
            out[n] = full[-1]
            continue
        edges = sorted({e for s in rows if len(s.values) < n for e in s.edges})
        groups: list[list[int]] = []
        for e in edges:
            if groups and e - groups[-1][-1] <= 1:
                groups[-1].append(e)
            else:
                groups.append([e])
        if len(groups) == n:
            out[n] = [g[-1] for g in groups]
        elif n in headers and n > 1:
            out[n] = headers[n]
    return out


def _by_position(values: list[str], edges: list[int], columns: list[int]) -> list[str] | None:
    """Each figure to the column whose right edge is nearest; None if two share one or a
    figure is nearer the gap between columns than either (then the caller reports it)."""
    slots = [""] * len(columns)
    gap = min((b - a for a, b in zip(columns, columns[1:])), default=8)
    for value, edge in zip(values, edges):
        i = min(range(len(columns)), key=lambda c: abs(columns[c] - edge))
        if abs(columns[i] - edge) > max(1, gap // 2 - 1) or slots[i]:
            return None
        slots[i] = value
    return slots


def _match_end(key: str, label: str) -> int:
    """Where in the label the key ends, -1 if absent. A short key (规章, 其他) must end the
    label -- 「法人或其他组织」 is not row 「3.其他」; a long one may be cut after its first
    eight characters (a label wrapped mid-word)."""
    if len(key) < 4:
        return len(label) if label.endswith(key) else -1
    at = label.rfind(key)
    if at >= 0:
        return at + len(key)
    if len(key) >= 8:
        at = label.rfind(key[:8])
        return at + 8 if at >= 0 else -1
    return -1


def _solved(out: _TableRead, seg, row: Row, values: dict, tokens: int, n: int) -> None:
    out.cells.update(values)
    out.figures += len(values)
    what = f"这一行有 {tokens} 个数、{n} 栏" if tokens != 1 else f"这一行 {n} 栏的数连在一起"
    out.solved.append(Gap(seg.where, seg.source, f"「{row.label}」{what}：各栏的数由勾稽关系唯一确定"))


def _table_checks(tpl: Template, table_id: str):
    """A predicate: do these values keep every sum and balance of the table that they fill?"""
    instances = [(t, terms) for rule in tpl.rules if rule.kind == "sum" and rule.table == table_id
                 for t, terms in expand_sum(tpl, rule)]
    balances = [r for r in tpl.rules if r.kind == "balance" and r.table == table_id]

    def checks(values) -> bool:
        for target, terms in instances:
            cells = [target, *terms]
            if all(values.get(c) is not None for c in cells) and values[target] != sum(values[t] for t in terms):
                return False
        for rule in balances:
            for block in tpl.tables[table_id].blocks:
                for col in block.columns:
                    left = [values.get(Cell(table_id, r, col.id)) for r in rule.left]
                    right = [values.get(Cell(table_id, r, col.id)) for r in rule.right]
                    if None not in left + right and sum(left) != sum(right):
                        return False
        return True

    return checks


def _settle_pending(tpl: Template, table_id: str, out: _TableRead) -> None:
    """Rows whose run-together figures could be cut more than one way: the table's column sums
    and balances across rows choose; a row no rule decides stays unread, its cuts listed."""
    if not out.pending:
        return
    checks = _table_checks(tpl, table_id)

    chosen = settle(out.cells, [options for _, _, options, _ in out.pending], checks)
    for (seg, row, options, tokens), reading in zip(out.pending, chosen):
        n = len(options[0])
        if reading is not None:
            _solved(out, seg, row, reading, tokens, n)
            continue
        shown = "；".join(" ".join(str(v) for _, v in sorted(o.items(), key=lambda kv: list(o).index(kv[0])))
                         for o in options[:4])
        what = "这一行的数连在一起" if tokens == 1 else f"这一行有 {tokens} 个数，表中应有 {n} 栏"
        out.gaps.append(Gap(seg.where, seg.source, f"「{row.label}」{what}，有 {len(options)} 种读法"
                                                   f"都符合勾稽关系（如 {shown}），未导入"))
        if len(options) <= 12:
            out.open.append((out.gaps[-1], options))
    out.pending = []


def _place(tpl: Template, table_id: str, block, row: Row, values: list[str], seg: _Segment,
           out: _TableRead) -> None:
    n = len(block.columns)
    vals = list(values)
    if out.line_end_field and vals and not vals[-1].strip():
        vals.pop()
    if out.grid:
        # A PDF table's row has a field for every column line: a label spanning two columns
        # leaves an empty field before the figures, and a blank last cell is a blank total.
        while len(vals) > n and not vals[0].strip():
            vals.pop(0)
    while len(vals) > n and not vals[-1].strip():
        vals.pop()  # merged cells at the end of a row
    while len(vals) > n and not vals[0].strip():
        vals.pop(0)
    if len(vals) < n and seg.edges is not None and n in out.positions:
        placed = _by_position(values, seg.edges, out.positions[n])
        if placed is not None:
            vals = placed
    if len(vals) != n:
        tokens = [v for v in vals if v.strip()]
        options = readings(tpl, table_id, block, row.id, tokens, lambda t, col: read_figure(t, col.kind, col.unit), 12)
        if options and len(options) == 1:
            _solved(out, seg, row, options[0], len(tokens), n)
            return
        if options and len(options) <= 12:  # the table's other rules may decide (_settle_pending)
            out.pending.append((seg, row, options, len(tokens)))
            return
        long = [v for v in vals if len(re.sub(r"\D", "", v)) >= 5]
        why = f"「{row.label}」这一行有 {len(vals)} 个数，表中应有 {n} 栏，无法确定各属哪一栏，整行未导入"
        if len(vals) < n and long:
            why += "（可能有几栏的数字连在了一起）"
        out.gaps.append(Gap(seg.where, seg.source, why))
        return
    if seg.stacked:
        # One figure a line: a blank cell leaves no line, so n figures may still cross rows.
        # Only a row that keeps its own sums is read (a row with none, as in Table 2, only when
        # no further figures ran on after it).
        try:
            values_read = {Cell(table_id, row.id, c.id): read_figure(t, c.kind, c.unit) for c, t in zip(block.columns, vals)}
        except ValueError:
            values_read = None
        if values_read is None or None in values_read.values() or not keeps_sums(tpl, table_id, row.id, values_read) \
                or not row_instances(tpl, table_id, row.id) and len(seg.values) != n:
            out.gaps.append(Gap(seg.where, seg.source, f"「{row.label}」这一行的数一个一行，合计对不上或无从核对"
                                                       "（空格在这种文本里会消失），整行未导入"))
            return
    for col, token in zip(block.columns, vals):
        cell = Cell(table_id, row.id, col.id)
        try:
            value = read_figure(token, col.kind, col.unit)
        except ValueError as exc:
            out.gaps.append(Gap(seg.where, seg.source, f"{tpl.cell_label(cell)}：{exc}，未导入"))
            continue
        if value is not None:
            out.cells[cell] = value
            out.figures += 1


# ---------------------------------------------------------------- the report

def build(source: Source, year: int | None = None, agency: str | None = None,
          candidates: list[Template] | None = None) -> Imported:
    published = _published_date(source.pieces)
    pieces = [p for p in source.pieces if p.cells is not None or not _chrome(p.text)]
    if candidates is None:
        candidates = [templates.get(t) for t in templates.available()]
    best = None
    for tpl in candidates:
        attempt = _build_with(tpl, source.kind, pieces, year, agency, published)
        if attempt is None:
            continue
        # Figures read, less what did not fit (a row not found counts: the other format has it),
        # and the format the year calls for: when little can be read (a run-together page with
        # its blanks gone), the year decides rather than a few figures read into the wrong form.
        in_force = tpl.covers(year if year is not None else attempt.report.year)
        score = (attempt.figures - 3 * len(attempt.gaps) + 10 * in_force, in_force)
        if best is None or score > best[0]:
            best = (score, attempt)
    if best is None:
        raise NotAReport("不像政府信息公开工作年度报告：找不到“一、总体情况”……“六、其他需要报告的事项”这些章节")
    return best[1]


def _chrome(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t) < 60 and bool(_CHROME.search(t))


def _build_with(tpl: Template, kind: str, pieces: list[Piece], year, agency, published) -> Imported | None:
    st = _structure(pieces, tpl)
    if len(st.headings) < 2:
        return None
    gaps: list[Gap] = []
    first = st.headings[0][0]
    start = st.title + 1 if st.title is not None and st.title < first else first
    preamble = [t for t, _ in _paragraphs(pieces[start:first], kind)]
    parts: dict[str, list[tuple[str, Piece]]] = {}
    areas: dict[str, list[Piece]] = {}
    bounds = st.headings + [(st.end, "")]
    for (i, sid), (j, _) in zip(bounds, bounds[1:]):
        areas[sid] = pieces[i + 1:j]
        parts[sid] = _paragraphs(pieces[i + 1:j], kind)

    # Closing: the agency and the date after the last section's prose.
    last_prose = next((s.id for s in reversed(tpl.sections) if s.kind == "prose" and s.id in parts), None)
    closing: list[str] = []
    if last_prose:
        paras = parts[last_prose]
        date_at = max((k for k, (t, _) in enumerate(paras) if _is_closing(t) and _DATE.search(t)), default=None)
        if date_at is not None:
            k = date_at
            while k > 0 and _is_closing(paras[k - 1][0]) and date_at - k < 3:
                k -= 1
            closing = [t for t, _ in paras[k:date_at + 1]]
            parts[last_prose] = paras[:k]
        else:
            while paras and _is_closing(paras[-1][0]) and len(closing) < 2:
                closing.insert(0, paras.pop()[0])

    # Figures, table by table.
    cells: dict[Cell, object] = {}
    solved: list[Gap] = []
    figures = 0
    still_open: list = []
    for section in tpl.sections:
        if section.kind != "table":
            continue
        if section.id not in areas:
            gaps.append(Gap(section.title, "", "没有找到这一节，表中数字未导入"))
            continue
        read = _read_table(tpl, section.table, _segments(areas[section.id]), areas[section.id], grid=kind == "pdf")
        cells.update(read.cells)
        figures += read.figures
        gaps.extend(read.gaps)
        solved.extend(read.solved)
        still_open.extend(read.open)
        leftover = [t for t, _ in parts[section.id] if len(t) > 40 and "。" in t]
        for t in leftover:
            gaps.append(Gap(section.title, t, "表格一节中的文字，未导入"))

    title_text = pieces[st.title].text.strip() if st.title is not None else ""
    found_year = year or _year(title_text, pieces[:first], preamble, parts, closing)
    if found_year is None:
        raise NotAReport("找不到报告年度（标题或统计期限中的“20XX年”），请用 --year 指定")
    found_agency = agency or _agency(title_text, pieces, st.title, closing)
    if not found_agency:
        gaps.append(Gap("标题", title_text, "找不到机关名称，请用 --agency 指定"))
    date = _date(closing) or published
    report = Report(tpl, found_year, found_agency or "", date)
    report.set_text("preamble", "\n".join(preamble))
    report.set_text("closing", "\n".join(closing))
    for section in tpl.prose_sections:
        if section.id in parts:
            report.set_text(section.id, "\n".join(t for t, _ in parts[section.id]))
        else:
            gaps.append(Gap(section.title, "", "没有找到这一节，正文为空"))
    report.cells.update(cells)
    figures += _settle_by_prose(report, still_open, gaps, solved)
    return Imported(report, gaps, kind, figures, solved)


def _settle_by_prose(report: Report, still_open: list, gaps: list[Gap], solved: list[Gap]) -> int:
    """Cells the table's rules left with several readings, settled by what the report's own
    text says of them (「行政诉讼46件，其中结果维持25件……」, the template's prose rules): a
    reading is taken only when it is the one reading with which every prose figure of that
    table agrees. Returns how many cells were read this way."""
    from ..rules.check import check

    read = 0
    for gap, options in still_open:
        table = next(iter(options[0])).table
        rules = [r for r in report.template.rules if r.kind == "prose_figure" and r.table == table]
        if not rules:
            continue
        agreeing = []
        for option in options:
            trial = Report(report.template, report.year, report.agency, report.date, report.preamble,
                           report.closing, dict(report.prose), {**report.cells, **option})
            if not any(f.rule in {r.id for r in rules} for f in check(trial)):
                agreeing.append(option)
        if len(agreeing) != 1:
            continue
        report.cells.update(agreeing[0])
        read += len(agreeing[0])
        gaps.remove(gap)
        shown = " ".join(str(v) for v in agreeing[0].values())
        solved.append(Gap(gap.where, gap.text, f"{len(options)} 种读法中只有一种（{shown}）与正文所述的数字相符，"
                                                 "按它导入"))
    return read


def _year(title: str, before: list[Piece], preamble: list[str], parts, closing) -> int | None:
    m = re.search(r"((?:19|20)\d\d)\s*年", unicodedata.normalize("NFKC", title))
    if m:
        return int(m.group(1))
    for p in before:
        t = unicodedata.normalize("NFKC", p.text).strip()
        if re.fullmatch(r"(?:19|20)\d\d\s*年?度?", t):
            return int(t[:4])
    for text in preamble + [t for t, _ in parts.get("s1", [])[:1]]:
        m = re.search(r"((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日", text) or re.match(r"\s*((?:19|20)\d\d)\s*年", text)
        if m:
            return int(m.group(1))
    d = _date(closing)
    return d.year - 1 if d else None


def _agency(title: str, pieces: list[Piece], title_at: int | None, closing: list[str]) -> str:
    t = unicodedata.normalize("NFKC", title).strip()
    t = re.sub(r"政府信息公开.*$", "", t)
    t = re.sub(r"(?:19|20)\d\d\s*年度?", "", t).strip(" ：:　")
    if t:
        return t
    if title_at:
        prev = pieces[title_at - 1].text.strip()
        if prev and len(prev) <= 30 and "。" not in prev:
            return prev
    names = [c for c in closing if not _DATE.search(c)]
    return names[0].strip() if names else ""


def _published_date(pieces: list[Piece]) -> dt.date | None:
    """The page's 「发布日期：」 line: the report's date when its closing has none."""
    for p in pieces:
        m = re.search(r"(?:发布|成文|印发)(?:日期|时间)\s*[:：]\s*(.+)", p.text)
        if m:
            return _date([m.group(1)])
    return None


def _date(texts: list[str]) -> dt.date | None:
    for text in reversed(texts):
        m = _DATE.search(unicodedata.normalize("NFKC", text))
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None
