"""Dialogs that are dismissed once, however fast the keys come.

A dialog stays the active screen until its pop completes, so the second key of a burst
(「d d」 on the quit question, Enter then Esc in the palette) reaches it again. Textual's
dismiss would then set the answer a second time (InvalidStateError) and pop the screen
*under* it -- the editor itself. The monkey test found both.
"""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

Answer = TypeVar("Answer")


async def _nothing() -> None:
    return None


class DismissOnce:
    """Mixin for a Screen: the first dismiss counts, later ones do nothing."""

    _dismissed = False

    def dismiss(self, result=None) -> AwaitComplete:
        if self._dismissed:
            return AwaitComplete(_nothing())
        self._dismissed = True
        return super().dismiss(result)


class Modal(DismissOnce, ModalScreen[Answer]):
    """The editor's dialogs."""
