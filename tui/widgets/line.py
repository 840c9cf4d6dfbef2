"""A fixed-size line of text that repaints itself and nothing else.

Static.update() asks for a new layout of the whole screen (its content might
change size); for the status, header, cell information and edit lines, which
change on every key, that reflow cost tens of milliseconds per key. Their size
is fixed in CSS, so a plain repaint is enough.

It draws through the line API (one cached Strip per row) rather than
`render()`: a rendered Text goes through Textual's Content pipeline on every
repaint, ~0.5 ms per line, and the edit line repaints on every typed digit.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from nianbao.format.visible import visible

from ..internals.base_style import BaseStyle


class Line(BaseStyle, Widget):
    DEFAULT_CSS = "Line { height: 1; width: 1fr; }"

    def __init__(self, text: Text | str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = shown(text if isinstance(text, Text) else Text(text))
        self._rows: list[Text] | None = None
        self._strips: dict[int, Strip] = {}
        self._drawn_for: tuple[int, Style] | None = None

    def update(self, text: Text | str) -> None:
        text = shown(text if isinstance(text, Text) else Text(text))
        if same(text, self._text):
            return
        width, height = self.size
        if not width or height <= 1:
            self._set(text)
            self.refresh()
            return
        old = self._wrapped(width)
        kept = {y: strip for y, strip in self._strips.items()}
        self._set(text)
        new = self._rows = wrap_rows(text, width)
        # Only the rows that changed (text or style): a three-line info area whose lower
        # rows stay blank costs one row on the wire, not three, and unchanged rows keep
        # their drawn strips.
        rows = []
        for y in range(height):
            before, after = (old[y] if y < len(old) else None), (new[y] if y < len(new) else None)
            if not same(before, after):
                rows.append(y)
            elif y in kept:
                self._strips[y] = kept[y]
        if rows:
            self.refresh(*(Region(0, y, width, 1) for y in rows))

    def _set(self, text: Text) -> None:
        self._text = text  # already made visible by update()
        self._rows = None
        self._strips.clear()

    @property
    def text(self) -> Text:
        return self._text

    def _wrapped(self, width: int) -> list[Text]:
        if self._rows is None or self._drawn_for is None or self._drawn_for[0] != width:
            return wrap_rows(self._text, width)
        return self._rows

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.base_style
        if self._rows is None or self._drawn_for != (width, base):
            self._rows = wrap_rows(self._text, width or 80)
            self._strips.clear()
            self._drawn_for = (width, base)
        strip = self._strips.get(y)
        if strip is None:
            rows = self._rows
            if y >= len(rows):
                strip = Strip.blank(width, base)
            else:
                console = self.app.console
                segs = [Segment(s.text, base + s.style if s.style else base)
                        for s in rows[y].render(console) if s.text]
                strip = Strip(segs).adjust_cell_length(width, base).simplify()
            self._strips[y] = strip
        return strip


def shown(text: Text) -> Text:
    """The text with its control characters as pictures (same length: the styles still fit)."""
    plain = text.plain
    safe = visible(plain)
    if safe == plain:
        return text
    out = Text(safe, style=text.style, justify=text.justify, no_wrap=text.no_wrap, end=text.end)
    out._spans = list(text._spans)
    return out


def same(a: Text | None, b: Text | None) -> bool:
    """Equal as drawn: Rich's Text equality ignores the base style."""
    if a is None or b is None:
        return a is b
    return a == b and a.style == b.style


def wrap_rows(text: Text, width: int) -> list[Text]:
    """The screen rows of `text`: broken at newlines and by terminal cells, not words.
    Chinese has no spaces, and Rich's word wrap moves a whole run of Chinese to the next
    line, leaving half a line empty."""
    offsets, pos = [], 0
    for line in text.plain.split("\n"):
        if cell_len(line) > width:  # only a line too long is measured character by character
            used = 0
            for i, ch in enumerate(line):
                w = cell_len(ch)
                if used + w > width and used:
                    offsets.append(pos + i)
                    used = 0
                used += w
        pos += len(line)
        offsets.append(pos)  # the newline, which starts the next part
        pos += 1
    offsets.pop()  # after the last line there is no newline
    if not offsets:
        return [text]
    rows = []
    for part in text.divide(offsets):
        if part.plain.startswith("\n"):
            part = part[1:]
        rows.append(part)
    return rows
