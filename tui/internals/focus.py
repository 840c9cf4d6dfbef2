"""Focus that moves now, not on the next turn of the event loop."""


def focus_now(widget) -> None:
    """Move the focus before the next queued key is routed.

    Widget.focus() defers the move with call_later, so a key typed right after
    a section switch or a digit that opens the edit line would still reach the
    old widget. Over SSH keys arrive in bursts; none may go astray.
    """
    widget.screen.set_focus(widget)
