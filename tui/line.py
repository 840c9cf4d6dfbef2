"""A fixed-size line of text that repaints itself and nothing else.

Static.update() asks for a new layout of the whole screen (its content might
change size); for the status, header, cell information and edit lines, which
change on every key, that reflow cost tens of milliseconds per key. Their size
is fixed in CSS, so a plain repaint is enough.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class Line(Widget):
    DEFAULT_CSS = "Line { height: 1; width: 1fr; }"

    def __init__(self, text: Text | str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = text if isinstance(text, Text) else Text(text)

    def update(self, text: Text | str) -> None:
        text = text if isinstance(text, Text) else Text(text)
        if text == self._text:
            return
        self._text = text
        self.refresh()

    @property
    def text(self) -> Text:
        return self._text

    def render(self) -> Text:
        return wrap_cells(self._text, self.size.width or 80)


def wrap_cells(text: Text, width: int) -> Text:
    """Break lines by terminal cells, not words: Chinese has no spaces, and Rich's word wrap
    moves a whole run of Chinese to the next line, leaving half a line empty."""
    from rich.cells import cell_len

    offsets, used, pos = [], 0, 0
    for ch in text.plain:
        if ch == "\n":
            used = 0
        else:
            w = cell_len(ch)
            if used + w > width and used:
                offsets.append(pos)
                used = 0
            used += w
        pos += 1
    if not offsets:
        return text
    parts = text.divide(offsets)
    out = Text("\n").join(parts)
    out.no_wrap = True
    return out
