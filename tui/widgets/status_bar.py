"""The bottom status line: the last message on the left, the rules' verdict on the right.

One widget rather than two Lines in a Horizontal: every frame Textual renders
each widget under the changed area, containers included, and a figure commit
changes this line.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from .line import Line, wrap_rows

MAX_ROWS = 3  # a longer message than three rows holds is cut at the end of the third
RULES_WIDTH = 32  # 「勾稽关系：12 个错误，3 个警告」 fits with room to spare
GAP = 2


class StatusBar(Line):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.message = Text()
        self.rules = Text()

    def show(self, message: Text | None = None, rules: Text | None = None) -> None:
        if message is not None:
            self.message = message
        if rules is not None:
            self.rules = rules
        self._redraw()

    def on_resize(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        width = self.size.width or 78
        field = max(0, width - RULES_WIDTH - GAP)
        if cell_len(self.message.plain) > field:
            # A message longer than its field is shown whole: over the rules' place, and on as
            # many rows as it needs (up to MAX_ROWS) -- never cut off. The next short message
            # gives the rules their place back.
            rows = min(MAX_ROWS, len(wrap_rows(self.message, width)))
            self._height(rows)
            self.update(self.message)
            return
        self._height(1)
        line = Text()
        line.append_text(self.message)
        line.append(" " * (field - cell_len(self.message.plain) + GAP))
        line.append_text(cut_cells(self.rules, RULES_WIDTH))
        self.update(line)

    def _height(self, rows: int) -> None:
        if self.styles.height is None or self.styles.height.value != rows:
            self.styles.height = rows


def cut_cells(text: Text, width: int) -> Text:
    """The part of `text` that fits in `width` terminal cells (a message longer than its
    field is cut, never wrapped onto a row that is not there)."""
    used = 0
    for i, ch in enumerate(text.plain):
        used += cell_len(ch)
        if used > width:
            return text[:i]
    return text
