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
        return self._text
