"""Derived totals: what every total cell must hold, computed from the input cells.

The editor shows these live and saves them; the checker compares what a file
stores against the same sums. Which cells are totals, and of what, comes from
the template's `sum` rules (a total may feed another total, as Table 3's
（七）总计 / 总计 does), so this is a memoised walk down that graph.
"""

from __future__ import annotations

from .report import Report, Value
from .template import Cell


def derived(report: Report) -> dict[Cell, Value]:
    """Total cell -> its sum; None where any input it depends on is empty."""
    graph = report.template.total_cells()
    memo: dict[Cell, Value] = {}

    def value(cell: Cell, depth: int = 0) -> Value:
        if cell not in graph:
            return report.value(cell)
        if cell in memo:
            return memo[cell]
        if depth > len(graph):
            raise ValueError(f"模板中的合计关系有循环：{cell.key}")
        parts = [value(t, depth + 1) for t in graph[cell]]
        memo[cell] = None if any(p is None for p in parts) else sum(parts)
        return memo[cell]

    return {cell: value(cell) for cell in graph}


def apply(report: Report) -> list[Cell]:
    """Store derived totals in the report; return the cells whose value changed."""
    changed = []
    for cell, v in derived(report).items():
        if report.value(cell) != v:
            report.cells[cell] = v
            changed.append(cell)
    return changed


def is_input(report: Report, cell: Cell) -> bool:
    return cell not in report.template.total_cells()
