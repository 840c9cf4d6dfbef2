"""Three-way merge of reports: figure by figure, sentence by sentence, totals recomputed.

git merges a report line by line, and stored totals make that wrong without a conflict: branch A
raises 自然人 (总计 3119 -> 3120), branch B raises 法律服务机构 (总计 3119 -> 3120), and git keeps
总计 = 3120 once. Here every figure is merged on its own against the common ancestor, the totals are
then recomputed from the merged figures, and only a figure, sentence or detail changed differently
on both sides is a conflict. A conflict keeps our value in place and is recorded beside it (the
file's [[conflict]] tables, FORMAT.md) for `check`, the editor and the user to settle.

`base` may be None (a merge whose ancestor is unknown, as in `nianbao resolve` of plain git
markers): then every difference between the two sides is a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.report import Conflict, Report, sentences, text_parts
from ..model.template import Cell
from ..model.totals import apply

META = ("year", "agency", "date")


@dataclass
class Merged:
    report: Report  # ours, with every merged change applied and the totals recomputed
    cells: list[Cell] = field(default_factory=list)  # figures taken from theirs
    texts: list[str] = field(default_factory=list)  # parts whose text changed
    meta: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


class CannotMerge(Exception):
    """Not two versions of one report (another template): left to git's own line merge."""


def merge(base: Report | None, ours: Report, theirs: Report) -> Merged:
    import copy

    if ours.template.id != theirs.template.id or (base is not None and base.template.id != ours.template.id):
        raise CannotMerge("两边的模板不同")
    result = Merged(copy.deepcopy(ours))
    out = result.report
    out.conflicts = [c for c in ours.conflicts]
    totals = set(ours.template.total_cells())
    for cell in ours.template.cells:
        if cell in totals:
            continue
        o, t = ours.value(cell), theirs.value(cell)
        if _same(o, t):
            continue
        b = base.value(cell) if base is not None else _UNKNOWN
        if base is not None and _same(b, o):
            out.cells[cell] = t
            result.cells.append(cell)
        elif base is not None and _same(b, t):
            continue
        else:
            result.conflicts.append(Conflict(cell.key, None if b is _UNKNOWN else b, o, t))
    for key in META:
        o, t = getattr(ours, key), getattr(theirs, key)
        if o == t:
            continue
        b = getattr(base, key) if base is not None else _UNKNOWN
        if base is not None and b == o:
            setattr(out, key, t)
            result.meta.append(key)
        elif base is None or b != t:
            result.conflicts.append(Conflict(key, None if b is _UNKNOWN else b, o, t))
    for part, _title in text_parts(ours.template):
        o, t = ours.text(part), theirs.text(part)
        if o == t:
            continue
        b = base.text(part) if base is not None else None
        text, clashes = merge_text(b, o, t)
        if text != o:
            out.set_text(part, text)
            result.texts.append(part)
        result.conflicts += [Conflict(f"{part}.text", bb, oo, tt) for bb, oo, tt in clashes]
    out.conflicts = _unique(out.conflicts + [c for c in result.conflicts if c not in out.conflicts])
    result.conflicts = [c for c in out.conflicts]
    apply(out)
    return result


_UNKNOWN = object()


def _same(a, b) -> bool:
    return a == b and type(a) is type(b)


def _unique(conflicts: list[Conflict]) -> list[Conflict]:
    seen, out = set(), []
    for c in conflicts:
        ident = (c.key, repr(c.base), repr(c.ours), repr(c.theirs))
        if ident not in seen:
            seen.add(ident)
            out.append(c)
    return out


def units(text: str) -> list[str]:
    """A part's text as merge units: each sentence, and a paragraph break as a unit of its own."""
    out = []
    for i, paragraph in enumerate(text.split("\n")):
        if i:
            out.append("\n")
        out.extend(sentences(paragraph))
    return out


def merge_text(base: str | None, ours: str, theirs: str) -> tuple[str, list[tuple[str | None, str, str]]]:
    """(merged text, conflicts as (base, ours, theirs) passages). Sentences changed on one side
    only are taken; a passage changed on both sides differently keeps ours and is a conflict."""
    if base is None:
        return ours, [(None, ours, theirs)]
    b = units(base)
    events = sorted([(s, e, new, "o") for s, e, new in _changes(b, units(ours))]
                    + [(s, e, new, "t") for s, e, new in _changes(b, units(theirs))], key=lambda c: (c[0], c[1]))
    out: list[str] = []
    clashes = []
    i = k = 0
    while k < len(events):
        lo, hi = events[k][0], events[k][1]
        out.extend(b[i:lo])
        group = [events[k]]
        k += 1
        while k < len(events) and _overlaps(lo, hi, events[k][0], events[k][1]):
            group.append(events[k])
            hi = max(hi, events[k][1])
            k += 1
        mine = [(s, e, new) for s, e, new, side in group if side == "o"]
        yours = [(s, e, new) for s, e, new, side in group if side == "t"]
        region_o, region_t = _apply(b, lo, hi, mine), _apply(b, lo, hi, yours)
        if not mine:
            out.extend(region_t)
        else:
            out.extend(region_o)
            if yours and region_o != region_t:
                clashes.append(("".join(b[lo:hi]), "".join(region_o), "".join(region_t)))
        i = hi
    out.extend(b[i:])
    return "".join(out), clashes


def _overlaps(lo: int, hi: int, start: int, end: int) -> bool:
    """Does an edit of base[start:end] touch the region base[lo:hi]? Edits of neighbouring
    sentences do not (each side's sentence is taken); two insertions at one place do."""
    return (start < hi and end > lo) or (start == end == lo == hi)


def _changes(base: list[str], side: list[str]) -> list[tuple[int, int, list[str]]]:
    """The side's edits as (base start, base end, replacement), in order."""
    from .diff import bounded_opcodes

    return [(i1, i2, side[j1:j2]) for op, i1, i2, j1, j2 in bounded_opcodes(base, side) if op != "equal"]


def _apply(base: list[str], lo: int, hi: int, changes) -> list[str]:
    out, i = [], lo
    for start, end, new in changes:
        out.extend(base[i:start])
        out.extend(new)
        i = end
    out.extend(base[i:hi])
    return out

