"""A fixed-size line of text that repaints itself and nothing else.

Static.update() asks for a new layout of the whole screen (its content might
change size); for the status, header, cell information and edit lines, which
change on every key, that reflow cost tens of milliseconds per key. Their size
is fixed in CSS, so a plain repaint is enough.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Region
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
        width = self.size.width
        old = wrap_cells(self._text, width or 80).split("\n")
        self._text = text
        if not width or self.size.height <= 1:
            self.refresh()
            return
        # Only the rows that changed: a three-line info area whose lower rows stay blank
        # costs one row on the wire, not three.
        new = wrap_cells(text, width).split("\n")
        rows = [y for y in range(self.size.height)
                if (old[y] if y < len(old) else None) != (new[y] if y < len(new) else None)]
        if rows:
            self.refresh(*(Region(0, y, width, 1) for y in rows))

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
