"""The bottom line: the keys that work where the focus is.

Textual's Footer builds a widget per key and recomposes on every focus change;
at start-up that alone cost ~85 ms here. One line of text from the screen's
active bindings says the same, and is redrawn only when the focus moves.
"""

from __future__ import annotations

from rich.text import Text

from .line import Line


class KeyHints(Line):
    DEFAULT_CSS = "KeyHints { height: 1; background: $panel; }"

    def update_hints(self) -> None:
        screen = self.screen
        text = Text(" ")
        seen: set[str] = set()
        palette = None
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.action in ("command_palette", "app.command_palette"):
                palette = (self.app.get_key_display(binding), binding.description)
                continue
            if not binding.show or not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            text.append(self.app.get_key_display(binding), style="bold")
            text.append(f" {binding.description} ", style="" if active.enabled else "dim")
        if palette:
            text.append(f"{palette[0]}", style="bold")
            text.append(f" {palette[1]}")
        self.update(text)
