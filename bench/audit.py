"""How fast `nianbao audit` is over a folder of reports, beside `nianbao check` on the same files.

Generates N reports (default 1,000) from the Huaian sample (bench/check.py's generator: one
figure sometimes off by one, a different agency each), plus, when asked, the same number of
last year's reports in a second folder (so every report is also compared with its predecessor:
X-CARRY, X-VALID and the similarity checks). Prints reports per second for
  check   nianbao check FILE...
  audit   nianbao audit DIR --jobs 1   (every rule plus the evaluator's checks, one process)
  audit   nianbao audit DIR --jobs N   (a worker per core: the speed-up, and the same output)
  audit+  nianbao audit DIR --prev-dir (and last year's reports)

    .venv/bin/python bench/audit.py [N]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from check import generate, timed


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    exe = Path(sys.executable).parent / "nianbao"
    with tempfile.TemporaryDirectory() as tmp:
        now, prev = Path(tmp) / "now", Path(tmp) / "prev"
        now.mkdir()
        prev.mkdir()
        paths = generate(n, now)
        for p in generate(n, prev):
            text = Path(p).read_text(encoding="utf-8").replace("year = 2024", "year = 2023", 1)
            Path(p).write_text(text, encoding="utf-8")
        check, _ = timed([str(exe), "check", *paths], repeat=2)
        audit, res = timed([str(exe), "audit", str(now), "--jobs", "1"], repeat=2)
        cores = len(os.sched_getaffinity(0))
        par, resn = timed([str(exe), "audit", str(now), "--jobs", str(cores)], repeat=2)
        cross, res2 = timed([str(exe), "audit", str(now), "--prev-dir", str(prev)], repeat=1)
    last = res.stdout.strip().splitlines()
    print(f"reports:                    {n}")
    print(f"nianbao check:              {n / check:8.0f} reports/s  ({check:.2f} s)")
    print(f"nianbao audit:              {n / audit:8.0f} reports/s  ({audit:.2f} s, exit {res.returncode})")
    print(f"nianbao audit --prev-dir:   {n / cross:8.0f} reports/s  ({cross:.2f} s, exit {res2.returncode})")
    print(f"nianbao audit --jobs {cores}:     {n / par:8.0f} reports/s  ({par:.2f} s, speed-up {audit / par:.2f}x, "
          f"goal >= {0.8 * cores:.1f}x; output {'identical' if resn.stdout == res.stdout else 'DIFFERENT'})")
    print(f"ratio audit/check:          {check / audit:8.2f}")
    print(f"summary line: {next((l for l in last if l.startswith('共')), '')}")


if __name__ == "__main__":
    main()
