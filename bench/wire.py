"""Bytes on the wire per key: the editor beside a bare Textual Input (the framework's floor)
and `vim -u NONE` (the terminal's floor), all in a pseudo-terminal at 80x24, xterm-256color.

For each key: bytes the program writes in answer (median of ROUNDS) and the latency from
writing the key to the end of that answer (median, min, max). Then the goals of issue 8:
  digit while editing   <= 3x the bare Input's bytes
  3 digits + Enter + move to the next cell <= 3 KB
  cursor move           <= 1 KB
  Enter (commit, totals and rules recomputed) latency <= 1.5x the bare Input's echo

    .venv/bin/python bench/wire.py [ROUNDS]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from ptyrun import FLOOR_INPUT, ROOT, PtyProgram, median, start_editor

F3, F5, UP = b"\x1bOR", b"\x1b[15~", b"\x1b[A"


def stats(xs):
    return median(xs), min(xs), max(xs)


def typed(p, text: str) -> int:
    """Bytes for typing `text`, Enter and a move back up (the figure's cell again)."""
    total = sum(len(p.key(ch.encode())[1]) for ch in text)
    total += len(p.key(b"\r")[1])
    return total + len(p.key(UP)[1])


def editor(rounds: int, sample: Path) -> dict[str, list[tuple[float, int]]]:
    p = start_editor(sample, F5)
    got: dict[str, list[tuple[float, int]]] = {k: [] for k in
                                               ("digit", "enter", "move", "enter section", "leave section",
                                                "prose char", "3 digits+Enter+move", "first finding",
                                                "last finding gone")}
    try:
        # Transitions first, on a report that passes every rule: 自然人 3001 -> 300 breaks T3-BAL
        # (the first finding appears), back to 3001 clears it (the last one goes).
        for _ in range(rounds):
            got["first finding"].append((0.0, typed(p, "300")))  # 3 digits, as in the goal
            p.drain(0.1)
            got["last finding gone"].append((0.0, typed(p, "3001")))
            p.drain(0.1)
        for i in range(rounds):
            value = str(3001 + i + 1)
            t1, o1 = p.key(value[0].encode())
            t2, o2 = p.key(value[1].encode())  # a digit while editing
            got["digit"].append((t2, len(o2)))
            rest = [p.key(ch.encode()) for ch in value[2:]]
            t, out = p.key(b"\r")
            got["enter"].append((t, len(out)))
            got["3 digits+Enter+move"].append((0.0, len(o1) + len(o2) + sum(len(o) for _, o in rest) + len(out)))
            t, out = p.key(UP)  # back to 一、本年新收 / 自然人
            got["move"].append((t, len(out)))
        for _ in range(rounds):
            t, out = p.key(F3)
            got["leave section"].append((t, len(out)))
            p.drain(0.1)
            t, out = p.key("字".encode())
            got["prose char"].append((t, len(out)))
            p.key(b"\x7f")  # backspace it again
            p.drain(0.1)
            t, out = p.key(F5)
            got["enter section"].append((t, len(out)))
            p.drain(0.1)
    finally:
        p.close()
    return got


def bare_input(rounds: int) -> dict[str, list[tuple[float, int]]]:
    p = PtyProgram([sys.executable, "-c", FLOOR_INPUT])
    got: dict[str, list[tuple[float, int]]] = {"digit": [], "move": [], "prose char": []}
    try:
        p.read_until("floor-ready")
        p.drain(0.5)
        for i in range(rounds):
            t, out = p.key(str(i % 10).encode())
            got["digit"].append((t, len(out)))
            t, out = p.key(b"\x1b[D")  # cursor left
            got["move"].append((t, len(out)))
            t, out = p.key("字".encode())
            got["prose char"].append((t, len(out)))
    finally:
        p.close()
    return got


def vim(rounds: int, sample: Path) -> dict[str, list[tuple[float, int]]] | None:
    if shutil.which("vim") is None:
        return None
    p = PtyProgram(["vim", "-u", "NONE", "-N", str(sample)])
    got: dict[str, list[tuple[float, int]]] = {"digit": [], "enter": [], "move": [], "prose char": []}
    try:
        p.drain(1.0)
        p.key(b"30G")
        p.key(b"i")
        for i in range(rounds):
            t, out = p.key(str(i % 10).encode())
            got["digit"].append((t, len(out)))
            t, out = p.key("字".encode())
            got["prose char"].append((t, len(out)))
            t, out = p.key(b"\r")
            got["enter"].append((t, len(out)))
            t, out = p.key(UP)
            got["move"].append((t, len(out)))
    finally:
        p.close()
    return got


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "huaian-2024.toml"
        shutil.copy(ROOT / "samples/huaian-2024.toml", sample)
        ed = editor(rounds, sample)
        floor = bare_input(rounds)
        shutil.copy(ROOT / "samples/huaian-2024.toml", sample)
        vi = vim(rounds, sample)

    def b(d, k):
        return median([n for _, n in d[k]]) if d and k in d else None

    print(f"rounds: {rounds}   (bytes: median; latency ms: median [min-max])")
    print(f"{'key':<22}{'nianbao':>9}{'Input':>9}{'vim':>7}   nianbao latency       Input latency")
    for key in ed:
        lat = stats([t * 1000 for t, _ in ed[key]]) if ed[key] and ed[key][0][0] else None
        flat = stats([t * 1000 for t, _ in floor[key]]) if key in floor else None
        cells = [b(ed, key), b(floor, key), b(vi, key)]
        shown = "".join(f"{'-' if c is None else c:>9}" if i < 2 else f"{'-' if c is None else c:>7}"
                        for i, c in enumerate(cells))
        l1 = f"{lat[0]:6.1f} [{lat[1]:.1f}-{lat[2]:.1f}]" if lat else ""
        l2 = f"{flat[0]:6.1f} [{flat[1]:.1f}-{flat[2]:.1f}]" if flat else ""
        print(f"{key:<22}{shown}   {l1:<22}{l2}")
    digit_ratio = b(ed, "digit") / b(floor, "digit")
    enter_lat = stats([t for t, _ in ed["enter"]])[0] / stats([t for t, _ in floor["digit"]])[0]
    print()
    print(f"goal digit bytes <= 3x bare Input:        {digit_ratio:5.2f}x  {'ok' if digit_ratio <= 3 else 'MISSED'}")
    combo = b(ed, "3 digits+Enter+move")
    print(f"goal 3 digits+Enter+move <= 3072 bytes:   {combo:5d}   {'ok' if combo <= 3072 else 'MISSED'}")
    move = b(ed, "move")
    print(f"goal cursor move <= 1024 bytes:           {move:5d}   {'ok' if move <= 1024 else 'MISSED'}")
    print(f"goal Enter latency <= 1.5x Input echo:    {enter_lat:5.2f}x  {'ok' if enter_lat <= 1.5 else 'MISSED'}")
    for key in ("first finding", "last finding gone"):
        n = b(ed, key)
        print(f"goal {key} (digits+Enter+move) <= 3072:   {n:5d}   {'ok' if n <= 3072 else 'MISSED'}")
    for key in ("enter section", "leave section"):
        n = b(ed, key)
        print(f"goal {key} <= 8192 bytes:             {n:5d}   {'ok' if n <= 8192 else 'MISSED'}")
    print("(start-up goal: bench/startup.py)")


if __name__ == "__main__":
    main()
