"""A table of the template laid out as one grid for the screen.

Blocks with different columns (Table 2) share one grid: its columns are the
union in template order and a row shows only its own block's cells. Group
rows (三、本年度办理结果, 第二十条第（一）项) are label-only lines. Everything here
comes from the template; nothing names a label.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from nianbao.format.template import Cell, Template


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
                full = place + prefix + " / ".join(self._chain(row.id))
                self.rows.append(GridRow(prefix + row.label, full, level, row.id, not row.group))
                if row.group:
                    continue
                r = len(self.rows) - 1
                for col in block.columns:
                    self._cells[(r, seen_cols[col.id])] = Cell(table_id, row.id, col.id)
        self._where = {cell: rc for rc, cell in self._cells.items()}

    def _chain(self, row_id: str) -> list[str]:
        chain, rid = [], row_id
        while rid is not None:
            row = self.tpl.row(self.table_id, rid)
            chain.append(row.label)
            rid = row.parent
        return chain[::-1]

    def cell(self, r: int, c: int) -> Cell | None:
        return self._cells.get((r, c))

    def where(self, cell: Cell) -> tuple[int, int]:
        return self._where[cell]

    def cells(self):
        return self._cells.items()

    def editable(self, r: int, c: int) -> bool:
        cell = self._cells.get((r, c))
        return cell is not None and cell not in self.tpl.total_cells()

    def step(self, r: int, c: int, dr: int, dc: int) -> tuple[int, int]:
        """The next cell holding a figure (input or total) in a direction; stay at the edge."""
        if dr:
            rows = range(r + dr, len(self.rows)) if dr > 0 else range(r + dr, -1, -1)
            return next(((rr, c) for rr in rows if (rr, c) in self._cells), (r, c))
        cols = range(c + dc, len(self.columns)) if dc > 0 else range(c + dc, -1, -1)
        return next(((r, cc) for cc in cols if (r, cc) in self._cells), (r, c))

    def nearest(self, r: int, c: int) -> tuple[int, int]:
        """The figure cell closest to a row (after a page jump), in the same column if possible."""
        candidates = sorted(self._cells, key=lambda rc: (abs(rc[0] - r), rc[1] != c, abs(rc[1] - c)))
        return candidates[0]

    def first_input(self) -> tuple[int, int]:
        return min(rc for rc in self._cells if self.editable(*rc))

    def below(self, r: int, c: int) -> tuple[int, int]:
        for rr in range(r + 1, len(self.rows)):
            if self.editable(rr, c):
                return rr, c
        return r, c

    def right(self, r: int, c: int) -> tuple[int, int]:
        order = sorted(rc for rc in self._cells if self.editable(*rc))
        later = [rc for rc in order if rc > (r, c)]
        return later[0] if later else (r, c)

    def left(self, r: int, c: int) -> tuple[int, int]:
        order = sorted(rc for rc in self._cells if self.editable(*rc))
        earlier = [rc for rc in order if rc < (r, c)]
        return earlier[-1] if earlier else (r, c)


def header_lines(label: str, lines: int = 3) -> str:
    """A column label stacked over `lines` lines, so seven columns fit in 80 cells."""
    per = max(2, math.ceil(len(label) / lines))
    return "\n".join(label[i:i + per] for i in range(0, len(label), per))
