"""Time from process start to the editor's first full frame, beside a bare Textual app (the floor).

The editor's frame is complete when its status line (勾稽关系：…) has been
written; the floor's when its one label has. Goal: editor <= 1.5x floor.

The two are started turn about, so drift hits both alike. This VM also has a slow
mode: a run now and then takes ~1.5x as long, the floor's as well as the editor's,
and which runs it hits is luck -- it moves the ratio of medians between ~1.3 and
~1.65 from one run of this benchmark to the next. Machine noise only ever adds
time, so the ratio of the fastest runs is the steady figure; both are printed.

    .venv/bin/python bench/startup.py [RUNS]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from ptyrun import BIN, FLOOR_LABEL, ROOT, PtyProgram, median


def once(argv, marker) -> float:
    p = PtyProgram(argv)
    try:
        return p.read_until(marker)
    finally:
        p.close()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    # Textual's modules were byte-compiled by pip; ours too, or this would time the compiler
    # (PYTHONDONTWRITEBYTECODE is set on some machines, and Python then never caches them).
    import compileall
    for folder in ("nianbao", "format", "tui"):
        compileall.compile_dir(str(ROOT / folder), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "huaian-2024.toml"
        shutil.copy(ROOT / "samples/huaian-2024.toml", sample)
        floor, editor = [], []
        for _ in range(runs):  # interleaved, so machine noise hits both alike
            floor.append(once([sys.executable, "-c", FLOOR_LABEL], "floor-ready"))
            editor.append(once([str(BIN / "nianbao"), str(sample)], "勾稽关系："))
    f, e = median(floor), median(editor)
    print(f"runs:                 {runs}")
    print(f"bare Textual label:   median {f * 1000:6.0f} ms  (min {min(floor) * 1000:.0f}, max {max(floor) * 1000:.0f})")
    print(f"nianbao edit sample:  median {e * 1000:6.0f} ms  (min {min(editor) * 1000:.0f}, max {max(editor) * 1000:.0f})")
    print(f"ratio editor/floor:   {e / f:6.2f}  (medians)")
    print(f"                      {min(editor) / min(floor):6.2f}  (fastest runs; goal <= 1.50)")


if __name__ == "__main__":
    main()
