"""Derived totals: what every total cell holds, computed from the cells it adds up.

Which cells are totals, and of what, comes from the template's `sum` rules (a
total may feed another total, as Table 3's （七）总计 / 总计 does). A total adds
the filled terms -- a blank counts as 0, exactly as `check` reads it -- and is
empty only when every term is empty.
"""

from __future__ import annotations

from .report import Report, Value
from .template import Cell, Template


def _sum(parts: list[Value]) -> Value:
    filled = [p for p in parts if p is not None]
    return sum(filled) if filled else None


def derived(report: Report) -> dict[Cell, Value]:
    """Every total cell -> its sum from the inputs (totals of totals resolved)."""
    return recompute(report, set(report.template.total_cells()))


def recompute(report: Report, cells: set[Cell]) -> dict[Cell, Value]:
    """Sums for the given total cells, each computed from already-recomputed terms."""
    graph = report.template.total_cells()
    memo: dict[Cell, Value] = {}

    def value(cell: Cell, depth: int = 0) -> Value:
        if cell not in cells or cell not in graph:
            return report.value(cell)
        if cell not in memo:
            if depth > len(graph):
                raise ValueError(f"模板中的合计关系有循环：{cell.key}")
            memo[cell] = _sum([value(t, depth + 1) for t in graph[cell]])
        return memo[cell]

    return {cell: value(cell) for cell in cells if cell in graph}


def dependents(template: Template) -> dict[Cell, set[Cell]]:
    """Cell -> every total that changes when it changes (directly or through other totals)."""
    direct: dict[Cell, set[Cell]] = {}
    for total, terms in template.total_cells().items():
        for term in terms:
            direct.setdefault(term, set()).add(total)
    closure: dict[Cell, set[Cell]] = {}
    for cell in direct:
        seen, todo = set(), [cell]
        while todo:
            for nxt in direct.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        closure[cell] = seen
    return closure


def apply(report: Report) -> list[Cell]:
    """Store every derived total in the report; return the cells whose value changed."""
    changed = []
    for cell, v in derived(report).items():
        if report.value(cell) != v:
            report.cells[cell] = v
            changed.append(cell)
    return changed
