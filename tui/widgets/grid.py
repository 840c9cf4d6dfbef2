"""A table of the template laid out as one grid for the screen.

Blocks with different columns (Table 2) share one grid: its columns are the
union in template order and a row shows only its own block's cells. Group
rows (三、本年度办理结果, 第二十条第（一）项) are label-only lines. Everything here
comes from the template; nothing names a label.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from nianbao.format.model.template import Cell, Template


class GridRow(NamedTuple):
    label: str
    full_label: str
    level: int
    row_id: str | None  # None for block headings
    figures: bool


class GridColumn(NamedTuple):
    id: str
    label: str


class Grid:
    def __init__(self, tpl: Template, table_id: str):
        self.tpl = tpl
        self.table_id = table_id
        table = tpl.tables[table_id]
        self.columns: list[GridColumn] = []
        self.rows: list[GridRow] = []
        self._cells: dict[tuple[int, int], Cell] = {}
        seen_cols: dict[str, int] = {}
        for block in table.blocks:
            for col in block.columns:
                if col.id not in seen_cols:
                    seen_cols[col.id] = len(self.columns)
                    self.columns.append(GridColumn(col.id, col.label))
        groups = {r: label for label, members in table.row_groups for r in members}
        multi_block = len(table.blocks) > 1
        for block in table.blocks:
            if multi_block and block.label:
                self.rows.append(GridRow(block.label, block.label, 0, None, False))
            for row in block.rows:
                level = row.level + (1 if multi_block else 0)
                prefix = f"{groups[row.id]} / " if row.id in groups else ""
                place = f"{block.label} / " if multi_block and block.label else ""
                full = place + prefix + " / ".join(tpl.label_chain(table_id, row.id))
                self.rows.append(GridRow(prefix + row.label, full, level, row.id, not row.group))
                if row.group:
                    continue
                r = len(self.rows) - 1
                for col in block.columns:
                    self._cells[(r, seen_cols[col.id])] = Cell(table_id, row.id, col.id)
        self.head_groups = head_groups(table, [c.id for c in self.columns])
        self._where = {cell: rc for rc, cell in self._cells.items()}
        self._figures = sorted(self._cells)  # reading order: inputs and totals
        self._inputs = [rc for rc in self._figures if self.editable(*rc)]
        self._columns_of: dict[int, list[int]] = {}
        for r, c in self._figures:
            self._columns_of.setdefault(r, []).append(c)


    def cell(self, r: int, c: int) -> Cell | None:
        return self._cells.get((r, c))

    def where(self, cell: Cell) -> tuple[int, int]:
        return self._where[cell]

    def cells(self):
        return self._cells.items()

    def editable(self, r: int, c: int) -> bool:
        cell = self._cells.get((r, c))
        return cell is not None and cell not in self.tpl.total_cells()

    # Moving. No key may strand the cursor: Up/Down reach the next row that has a figure
    # even when it has none in this column (Table 2's rows have 3, 1 or 1 cells), Left/Right
    # go on into the next or previous row, Enter at the foot of a column goes on in reading
    # order. Where nothing lies further, the cursor stays and the view says so.

    def step(self, r: int, c: int, dr: int, dc: int) -> tuple[int, int]:
        """The next cell holding a figure (input or total) in a direction; stay at the edge."""
        if dr:
            rows = range(r + dr, len(self.rows)) if dr > 0 else range(r + dr, -1, -1)
            for rr in rows:
                if rr in self._columns_of:
                    return rr, min(self._columns_of[rr], key=lambda cc: (abs(cc - c), cc))
            return r, c
        return self._next_in(self._figures, (r, c), dc)

    @staticmethod
    def _next_in(order: list[tuple[int, int]], here: tuple[int, int], direction: int) -> tuple[int, int]:
        if direction > 0:
            return next((rc for rc in order if rc > here), here)
        return next((rc for rc in reversed(order) if rc < here), here)

    def nearest(self, r: int, c: int) -> tuple[int, int]:
        """The figure cell closest to a row (after a page jump), in the same column if possible."""
        candidates = sorted(self._cells, key=lambda rc: (abs(rc[0] - r), rc[1] != c, abs(rc[1] - c)))
        return candidates[0]

    def first_input(self) -> tuple[int, int]:
        return self._inputs[0]

    def below(self, r: int, c: int) -> tuple[int, int]:
        """Where Enter goes: down the column to the next input, past its foot on in reading order."""
        for rr in range(r + 1, len(self.rows)):
            if self.editable(rr, c):
                return rr, c
        return self.right(r, c)

    def right(self, r: int, c: int) -> tuple[int, int]:
        return self._next_in(self._inputs, (r, c), 1)

    def left(self, r: int, c: int) -> tuple[int, int]:
        return self._next_in(self._inputs, (r, c), -1)


def head_groups(table, column_ids: list[str]) -> list[list[tuple[str, int, int]]]:
    """The official head's group cells above the column labels, from the template: one list per
    line, outermost first, each group as (label, first column, last column) -- 申请人情况 over all
    of Table 3, 法人或其他组织 over 商业企业…其他. Groups whose columns are not side by side here
    are left out (a head can only span neighbours)."""
    groups = []
    for block in table.blocks:
        for label, members in block.header_groups:
            at = sorted(column_ids.index(m) for m in members if m in column_ids)
            if at and at == list(range(at[0], at[-1] + 1)) and (label, at[0], at[-1]) not in groups:
                groups.append((label, at[0], at[-1]))
    lines: list[list[tuple[str, int, int]]] = []
    for label, a, b in sorted(groups, key=lambda g: g[1] - g[2]):  # widest first
        level = sum(1 for _, x, y in groups if x <= a and b <= y and (x, y) != (a, b))
        while len(lines) <= level:
            lines.append([])
        lines[level].append((label, a, b))
    return lines


def header_lines(label: str, lines: int = 3) -> str:
    """A column label stacked over `lines` lines, so seven columns fit in 80 cells."""
    per = max(2, math.ceil(len(label) / lines))
    return "\n".join(label[i:i + per] for i in range(0, len(label), per))
