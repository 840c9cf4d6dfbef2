"""A one-line progress bar on stderr for the batch commands (import DIR, audit), and only
when stderr is a terminal: piped output stays one clean line per file."""

from __future__ import annotations

import sys

from nianbao.format.visible import one_line

WIDTH = 20


class Progress:
    def __init__(self, total: int, enabled: bool | None = None) -> None:
        import time

        self.total = total
        self.started = time.monotonic()
        self.on = sys.stderr.isatty() if enabled is None else enabled
        # Our own \r and ESC[K, written past the stream that shows a report's control characters.
        self.stream = getattr(sys.stderr, "raw", sys.stderr)

    def step(self, done: int, name: str) -> None:
        """Before item `done + 1` (called `name`) starts."""
        if self.on:
            filled = int(WIDTH * done / self.total)
            import time

            elapsed = time.monotonic() - self.started
            rate = f" {done / elapsed:.0f} 份/秒" if done and elapsed > 0.5 else ""
            print(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{self.total}{rate} {one_line(name[:30])}", end="",
                  file=self.stream, flush=True)

    def clear(self) -> None:
        """Wipe the bar so a result line can be printed in its place."""
        if self.on:
            print("\r\x1b[K", end="", file=self.stream, flush=True)

    def finish(self) -> None:
        if self.on:
            print(f"\r[{'#' * WIDTH}] {self.total}/{self.total}\x1b[K", file=self.stream, flush=True)
