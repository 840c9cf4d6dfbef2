"""The palette finds rows and cells by their labels: 「结转」, 「予以公开」, 「新收 自然人」.

Table 三 has 28 rows; a clerk who knows the words on the paper form types them rather than
counting rows. Every word typed (separated by spaces) must occur in the row's full name (its
groups and label) or its column's; a hit jumps to that cell. Labels come from the template, as
everywhere.
"""

from __future__ import annotations

from textual.command import Hit, Hits, Provider

from nianbao.format.model.template import Cell, Template, numeral

MAX_HITS = 40


def find_cells(template: Template, query: str) -> list[tuple[Cell, str]]:
    """(cell, its name shown as 「三 / 新收… / 自然人」) for the cells the words name: a row's
    first column when only the row is named, every column the words name otherwise."""
    words = [w for w in query.split() if w]
    if not words:
        return []
    found: list[tuple[int, Cell, str]] = []
    for section in template.sections:
        if section.table is None:
            continue
        table = template.tables[section.table]
        short = numeral(section.title)
        for block in table.blocks:
            for row in block.figure_rows:
                row_name = " / ".join(template.label_chain(table.id, row.id))
                for i, col in enumerate(block.columns):
                    col_name = col.label
                    in_row = [w for w in words if w in row_name]
                    in_col = [w for w in words if w not in in_row and w in col_name]
                    if len(in_row) + len(in_col) != len(words):
                        continue
                    if not in_col and i > 0:
                        continue  # the row alone: its first cell stands for it
                    if not in_row and row is not block.figure_rows[0]:
                        continue  # the column alone: its first row stands for it
                    name = f"{short} / {row_name}" + (f" / {col_name}" if len(block.columns) > 1 else "")
                    found.append((len(name), Cell(table.id, row.id, col.id), name))
    found.sort(key=lambda f: f[0])
    return [(cell, name) for _, cell, name in found[:MAX_HITS]]


class CellsProvider(Provider):
    """Palette hits for the cells named by the words typed."""

    async def search(self, query: str) -> Hits:
        app = self.app
        session = getattr(app, "session", None)
        if session is None:
            return
        from ..messages import JumpTo

        for cell, name in find_cells(session.template, query):
            matcher = self.matcher(query.split()[0])
            yield Hit(1.0 - len(name) / 1000, matcher.highlight(name),
                      lambda cell=cell: app.post_message(JumpTo(_At(cell))), help="转到这一格")


class _At:
    """Where to jump, in the shape of a finding (JumpTo's argument): a cell and no file key."""

    def __init__(self, cell: Cell) -> None:
        self.cell = cell
        self.key = None
