"""A widget's own Rich style, computed once per style change instead of once per drawn line.

`Widget.rich_style` walks every ancestor's styles and blends their colours: ~50 us a
call, more than drawing a row of the table. Our line-API widgets ask for it on every
line they draw, so it is cached here until Textual says the widget's styles changed
(a new theme or CSS, a pseudo-class that changes its rules: `notify_style_update`).
"""

from __future__ import annotations

from rich.style import Style


class BaseStyle:
    _base_style: Style | None = None

    @property
    def base_style(self) -> Style:
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self.style_changed()

    def style_changed(self) -> None:
        """Forget what was drawn with the old style."""
