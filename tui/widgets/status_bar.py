"""The bottom status line: the last message on the left, the rules' verdict on the right.

One widget rather than two Lines in a Horizontal: every frame Textual renders
each widget under the changed area, containers included, and a figure commit
changes this line.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from .line import Line

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
        field = max(0, (self.size.width or 78) - RULES_WIDTH - GAP)
        message = cut_cells(self.message, field)
        line = Text()
        line.append_text(message)
        line.append(" " * (field - cell_len(message.plain) + GAP))
        line.append_text(cut_cells(self.rules, RULES_WIDTH))
        self.update(line)


def cut_cells(text: Text, width: int) -> Text:
    """The part of `text` that fits in `width` terminal cells (a message longer than its
    field is cut, never wrapped onto a row that is not there)."""
    used = 0
    for i, ch in enumerate(text.plain):
        used += cell_len(ch)
        if used > width:
            return text[:i]
    return text
