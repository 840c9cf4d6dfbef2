"""Run a terminal program in a pseudo-terminal at 80x24 and time what it writes.

Shared by the benchmarks: they measure the program a user runs (the real
`nianbao` console script), not a test harness.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class PtyProgram:
    def __init__(self, argv: list[str], cols: int = 80, rows: int = 24, term: str = "xterm-256color"):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = dict(os.environ, TERM=term, LANG="C.UTF-8", COLUMNS=str(cols), LINES=str(rows))
        env.pop("COLORTERM", None)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = b""

    def read_until(self, marker: str, timeout: float = 20.0) -> float:
        """Seconds since start until `marker` has been written (checked on decoded output)."""
        data = marker.encode("utf-8")
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if data in self.output:
                return time.perf_counter() - self.started
            r, _, _ = select.select([self.master], [], [], 0.05)
            if r:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    break
        raise TimeoutError(f"{marker!r} not seen; last output: {self.output[-300:]!r}")

    def drain(self, quiet: float = 0.15) -> None:
        while True:
            r, _, _ = select.select([self.master], [], [], quiet)
            if not r:
                return
            try:
                self.output += os.read(self.master, 65536)
            except OSError:
                return

    def key(self, data: bytes, quiet: float = 0.05, timeout: float = 5.0) -> tuple[float, bytes]:
        """Send a key; return (seconds to the end of the first burst of output, that output)."""
        self.drain(0.02)
        sent = time.perf_counter()
        os.write(self.master, data)
        got, last = b"", None
        end = sent + timeout
        while time.perf_counter() < end:
            r, _, _ = select.select([self.master], [], [], quiet if got else timeout)
            if not r:
                if got:
                    break
                continue
            chunk = os.read(self.master, 65536)
            got += chunk
            last = time.perf_counter()
        self.output += got
        return ((last - sent) if last else float("nan")), got

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        os.close(self.master)


def start_editor(sample, section_key: bytes | None = None) -> PtyProgram:
    """The real `nianbao` on a report file, after its first full frame (and a section key, if given)."""
    p = PtyProgram([str(BIN / "nianbao"), str(sample)])
    p.read_until("勾稽关系：")
    p.drain(0.5)
    if section_key:
        p.key(section_key)
        p.drain(0.5)
    return p


F5 = b"\x1b[15~"  # section 三

FLOOR_LABEL = """
from textual.app import App
from textual.widgets import Label
class Floor(App):
    def compose(self):
        yield Label("floor-ready")
Floor().run(mouse=False)
"""

FLOOR_INPUT = """
from textual.app import App
from textual.widgets import Input
class Floor(App):
    def compose(self):
        yield Input(value="", placeholder="floor-ready")
Floor().run(mouse=False)
"""


def median(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2]
