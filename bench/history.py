"""Reading a report's history (`nianbao log`, the editor's F10) beside the floor: one
`git cat-file --batch` reading every version of the file.

Builds a repository with N commits of one report made the way the editor makes them (save +
commit, one figure each), then times, in-process (GitPython imported first):
  floor    git cat-file --batch, fed every commit's `SHA:2024.toml` at once (one process)
  log      history.log(): what `nianbao log` prints and F10 lists
and for commits made outside nianbao (no counts in their messages), the same with every version
compared (informational: F10 lists them at once and counts those in a worker thread).
Goals, for the editor's commits: 50 commits <= 3x the floor; 1,000 commits listed in under 0.5 s.

    .venv/bin/python bench/history.py [N ...]     (default: 50 1000)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nianbao.format.compare import history
from nianbao.format.file.document import ReportFile
from nianbao.format.model.template import Cell

ROOT = Path(__file__).resolve().parent.parent
ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.gov.cn",
       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@example.gov.cn"}


def build(folder: Path, n: int, by_nianbao: bool = True) -> Path:
    path = folder / "2024.toml"
    shutil.copy(ROOT / "samples/huaian-2024.toml", path)
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "config", "user.name", "bench"], cwd=folder, check=True)
    subprocess.run(["git", "config", "user.email", "b@example.gov.cn"], cwd=folder, check=True)
    subprocess.run(["git", "add", "."], cwd=folder, check=True)
    subprocess.run(["git", "commit", "-qm", "first"], cwd=folder, check=True)
    doc = ReportFile.open(path)
    for i in range(n - 1):
        doc.set_cell(Cell("t3", "new", "natural"), 3002 + i)
        doc.save()
        if by_nianbao:
            out = history.commit_save(path, doc.report, saved=doc.loaded.report)
            assert out.status == "committed", out.message
        else:
            subprocess.run(["git", "commit", "-qm", f"edit {i}", "--", "2024.toml"], cwd=folder, check=True)
    return path


def floor(folder: Path) -> float:
    shas = subprocess.run(["git", "rev-list", "HEAD"], cwd=folder, capture_output=True, text=True).stdout.split()
    feed = "".join(f"{s}:2024.toml\n" for s in shas).encode()
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run(["git", "cat-file", "--batch"], cwd=folder, input=feed, capture_output=True, check=True)
        best = min(best, time.perf_counter() - t)
    return best


def timed_log(path: Path) -> tuple[float, int]:
    best, n = float("inf"), 0
    for _ in range(5):
        history._LOCATED.clear()  # a fresh process each time, as `nianbao log` is
        t = time.perf_counter()
        entries = history.log(path)
        best = min(best, time.perf_counter() - t)
        n = len(entries)
        assert all(e.counted for e in entries)
    return best, n


def main() -> int:
    sizes = [int(a) for a in sys.argv[1:]] or [50, 1000]
    os.environ.update(ENV)
    import git  # noqa: F401  (warm)
    print(f"{'commits':>8} {'made by':>8} {'floor ms':>9} {'log ms':>8} {'ratio':>6}")
    failed = False
    for n in sizes:
        for by_nianbao in (True, False):
            if not by_nianbao and n > 200:
                continue  # every version parsed: measured at the smaller size
            with tempfile.TemporaryDirectory() as tmp:
                path = build(Path(tmp), n, by_nianbao)
                f = floor(Path(tmp))
                t, count = timed_log(path)
                assert count == n, (count, n)
            ratio = t / f
            if by_nianbao:
                goal = ratio <= 3 if n <= 50 else t < 0.5
                failed |= not goal
                verdict = "ok" if goal else "SLOW"
            else:  # every version parsed and compared: F10 does this in a worker, after the list
                verdict = "(no goal: each version parsed)"
            print(f"{n:>8} {'nianbao' if by_nianbao else 'git':>8} {f * 1000:>9.1f} {t * 1000:>8.1f} {ratio:>6.2f}"
                  f"  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
