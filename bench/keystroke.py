"""Time from a key to what it changes on screen, beside a bare Textual Input (the floor).

Editor, section 三, cursor on 一、本年新收 / 自然人:
  digit   -> the edit line shows it
  Enter   -> committed, totals and every rule recomputed, cells and status repainted
Floor: a bare app with one Input, the same digit echoed.
Each latency is from writing the key to the end of the program's first burst
of output (the frame it draws in answer). Goal: Enter <= 1.5x the floor's echo.

    .venv/bin/python bench/keystroke.py [ROUNDS]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from ptyrun import F5, FLOOR_INPUT, ROOT, PtyProgram, median, start_editor


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    # Both programs run side by side and each round measures the floor right before the
    # editor: this VM's speed drifts by a third between minutes, which separate runs
    # would count as the editor's.
    floor = PtyProgram([sys.executable, "-c", FLOOR_INPUT])
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "huaian-2024.toml"
        shutil.copy(ROOT / "samples/huaian-2024.toml", sample)
        ed = start_editor(sample, F5)
        try:
            floor.read_until("floor-ready")
            floor.drain(0.5)
            echo, echo_bytes = [], []
            digit, commit, drawn, digit_bytes, commit_bytes = [], [], 0, [], []
            for i in range(rounds):
                t, out = floor.key(str(i % 10).encode())
                echo.append(t)
                echo_bytes.append(len(out))
                value = 3001 + i + 1
                t, out = ed.key(str(value)[0].encode())
                digit.append(t)
                digit_bytes.append(len(out))
                for ch in str(value)[1:]:
                    ed.key(ch.encode())
                t, out = ed.key(b"\r")
                commit.append(t)
                commit_bytes.append(len(out))
                drawn += f"={value + 118}".encode() in out
                ed.key(b"\x1b[A")  # back up to the same cell
        finally:
            ed.close()
            floor.close()
    f, d, c = median(echo), median(digit), median(commit)
    print(f"rounds:                               {rounds}")
    print(f"bare Input, digit echo:       median {f * 1000:6.1f} ms (min {min(echo) * 1000:.1f}, max {max(echo) * 1000:.1f})")
    print(f"nianbao, digit in edit line:  median {d * 1000:6.1f} ms (min {min(digit) * 1000:.1f}, max {max(digit) * 1000:.1f})")
    print(f"nianbao, Enter -> totals:     median {c * 1000:6.1f} ms (min {min(commit) * 1000:.1f}, max {max(commit) * 1000:.1f})"
          f"  (new total drawn in {drawn}/{rounds})")
    print(f"bytes written: floor echo {median(echo_bytes)}, digit {median(digit_bytes)}, "
          f"Enter {median(commit_bytes)} (medians)")
    print(f"ratio digit/floor:            {d / f:6.2f}")
    print(f"ratio Enter/floor:            {c / f:6.2f}  (goal <= 1.50)")
    paired = median([e / f_ for e, f_ in zip(commit, echo)])
    print(f"  same, round by round:       {paired:6.2f}  (median of each round's Enter / that round's echo)")
    print(f"  fastest Enter / fastest echo: {min(commit) / min(echo):4.2f}  (machine noise only adds time)")


if __name__ == "__main__":
    main()
