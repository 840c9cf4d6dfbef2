"""How fast `nianbao check` is over many files, beside the floor of a bare tomllib parse.

Generates N reports (default 1,000) from the Huaian sample, two in three with
one figure off by one (so findings are printed and located), then times, each as a fresh process as a
pre-commit hook would run them:
  floor  python -c "parse every file with tomllib"
  check  nianbao check FILE...           (the real console script)
and prints files/second for both, their ratio (goal: check >= 0.5 x floor),
and whether `nianbao check` imported Textual (goal: no).

    .venv/bin/python bench/check.py [N]
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = """
import sys, tomllib
from decimal import Decimal
for p in sys.argv[1:]:
    with open(p, "rb") as fh:
        tomllib.load(fh, parse_float=Decimal)
"""
PROBE = """
import sys
from nianbao.cli import main
code = main(["check", *sys.argv[1:]])
print("textual imported:", any(m.split(".")[0] == "textual" for m in sys.modules), file=sys.stderr)
"""


def generate(n: int, folder: Path) -> list[str]:
    base = (ROOT / "samples/huaian-2024.toml").read_text(encoding="utf-8")
    rng = random.Random(2024)
    paths = []
    for i in range(n):
        text = base.replace("natural    = 3001 ", f"natural    = {3001 + rng.randrange(3) - 1} ")
        text = text.replace('agency = "淮安市人民政府"', f'agency = "测试机关{i:04d}"')
        path = folder / f"r{i:04d}.toml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def timed(cmd: list[str], repeat: int = 3) -> tuple[float, subprocess.CompletedProcess]:
    best, res = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = subprocess.run(cmd, capture_output=True, text=True)
        best = min(best, time.perf_counter() - t0)
    return best, res


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    exe = Path(sys.executable).parent / "nianbao"
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(n, Path(tmp))
        floor, _ = timed([sys.executable, "-c", FLOOR, *paths])
        check, res = timed([str(exe), "check", *paths])
        errors = sum(1 for line in res.stdout.splitlines() if " 错误 " in line)
        one, _ = timed([str(exe), "check", paths[0]], repeat=5)
        _, probe = timed([sys.executable, "-c", PROBE, paths[0]], repeat=1)
    print(f"files:                      {n}  ({errors} findings, exit {res.returncode})")
    print(f"tomllib parse (floor):      {n / floor:8.0f} files/s  ({floor:.2f} s)")
    print(f"nianbao check:              {n / check:8.0f} files/s  ({check:.2f} s)")
    print(f"ratio check/floor:          {floor / check:8.2f}  (goal >= 0.50)")
    print(f"nianbao check, one file:    {one * 1000:8.0f} ms wall (start-up included)")
    print(f"nianbao check {probe.stderr.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
