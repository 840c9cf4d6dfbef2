"""Keys applied in the order they were typed, in every widget that takes text.

Textual runs a widget's printable characters in the widget's own key handler but
its bound keys (Backspace, arrows, Ctrl+S …) only when the key event has bubbled
up to the App, one message queue per ancestor later. Over SSH keys arrive in
bursts, so 「Backspace X」 could insert X and then delete it, and 「← ← Y」 put Y
where the cursor was. Here the focused widget resolves a key's binding at once,
walking the same chain Textual walks (the widget, its ancestors, the screen, the
App), before the next key is looked at.

A key can also reach a widget that lost the focus to an earlier key of the same
burst (Tab to the next field): it is handed on to the widget that has the focus.

This leans on two Textual internals (`App._check_bindings`, `_forward_event`);
tests/test_textual_internals.py fails if the pinned Textual changes under them.
"""

from __future__ import annotations

from textual import events
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS

# ESC and a key arriving together (Esc then 9, typed fast over SSH) are read by Textual as a
# macOS Option symbol (ESC 9 -> ª). Where such symbols mean nothing -- a table cell -- they are
# taken back apart. (Not in prose: £ or – may be typed there on purpose.)
_OPTION_SYMBOLS = {value: seq[1] for seq, value in ANSI_SEQUENCES_KEYS.items()
                   if len(seq) == 2 and seq[0] == "\x1b" and isinstance(value, str) and len(value) == 1}


def unfold_escape(key: str, char: str | None) -> list[tuple[str, str | None]]:
    """[(key, char)] as typed: Escape and the key behind it, or the key itself."""
    if char is not None and key == char and char in _OPTION_SYMBOLS:
        plain = _OPTION_SYMBOLS[char]
        return [("escape", "\x1b"), (plain if plain.isalnum() else events.Key(plain, plain).key, plain)]
    return [(key, char)]


async def run_binding_now(widget, event: events.Key, key: str | None = None) -> bool:
    """Run the binding `key` (default: the event's) has from `widget` up, now. True if one ran."""
    if await widget.app._check_bindings(key or event.key):
        event.stop()
        event.prevent_default()
        return True
    return False


def hand_on(widget, event: events.Key) -> bool:
    """If an earlier key of the burst moved the focus away, give this key to the new owner."""
    app = widget.app
    focused = app.focused
    if focused is widget:
        return False
    target = focused if focused is not None else app.screen
    event.stop()
    event.prevent_default()
    target._forward_event(events.Key(event.key, event.character))
    return True


class KeysInOrder:
    """Mixin for Input / TextArea subclasses: bound keys run in arrival order with typing."""

    async def _on_key(self, event: events.Key) -> None:
        if hand_on(self, event):
            return
        if not event.is_printable and await run_binding_now(self, event):
            return
        await super()._on_key(event)
