"""Noticing that the terminal has gone when no SIGHUP says so.

Over SSH the connection dropping sends SIGHUP. A program that runs us on a pseudo-terminal it
never made our controlling terminal (a test harness, some multiplexers and IDEs) just closes
it: no signal comes, reads return end-of-file, and Textual's input thread spins on that at
full CPU for ever. Polling `isatty` on stdin is one cheap system call.
"""

from __future__ import annotations

import os
import sys


def terminal_fd(app) -> int | None:
    """stdin's descriptor when the app runs on a real terminal, else None (headless tests)."""
    stdin = sys.__stdin__
    return stdin.fileno() if not app.is_headless and stdin and stdin.isatty() else None


def gone(fd: int | None) -> bool:
    return fd is not None and not os.isatty(fd)
