"""Focus that moves now, not on the next turn of the event loop -- and repaints only what it
changes."""


def focus_now(widget) -> None:
    """Move the focus before the next queued key is routed.

    Widget.focus() defers the move with call_later, so a key typed right after
    a section switch or a digit that opens the edit line would still reach the
    old widget. Over SSH keys arrive in bursts; none may go astray.

    Screen.focused is a reactive that repaints the whole screen when it changes; the widgets
    that gain and lose the focus repaint themselves (their :focus styles), so that screen-wide
    repaint only resends every cell over the link (a whole screen, ~5 KB, per section switch).
    A repaint the screen already owed is kept.
    """
    screen = widget.screen
    owed = screen._repaint_required
    screen.set_focus(widget)
    if not owed:
        screen._repaint_required = False
