"""What the views tell the app: messages up (attributes go down).

A view changes the model (the session) itself, at once -- a key typed right behind must see the
change -- and then says so; the app redraws the chrome, repaints other views, writes the
recovery file on its tick. A view never calls into the app.

Messages go straight to the app's queue (`tell`), not bubbling through each parent's queue:
the app's own messages are queued too (App.flash), so what is said is shown in the order it was
said -- a Tab's cleared message never lands after the 「已保存」 of the Ctrl+S typed behind it.
"""

from __future__ import annotations

from textual.message import Message


def tell(widget, message: Message) -> None:
    """Say something to the app, in order with everything else it is told."""
    widget.app.post_message(message)


class Flash(Message):
    """A one-line message for the status bar ("" clears it)."""

    def __init__(self, text: str, error: bool = False) -> None:
        super().__init__()
        self.text, self.error = text, error


class Edited(Message):
    """The report changed: figures or basics, or prose (`prose`: the recovery file may wait)."""

    def __init__(self, prose: bool = False) -> None:
        super().__init__()
        self.prose = prose


class Restored(Message):
    """Cells and basics or prose parts changed behind the views' backs (a restored version, a
    cell from history): every view brings them in line."""

    def __init__(self, cells, meta=()) -> None:
        super().__init__()
        self.cells, self.meta = list(cells), list(meta)


class JumpTo(Message):
    """Show the cell or sentence a finding is about."""

    def __init__(self, finding) -> None:
        super().__init__()
        self.finding = finding
