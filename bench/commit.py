"""Time of Ctrl+S in the editor -- save and commit -- beside a plain `git commit` (the floor).

Both commit the same one-figure change to 2024.toml in a fresh repository:
  floor    edit the file's bytes, `git commit -q -m MSG -- 2024.toml`
  nianbao  ReportFile.save() + history.commit_save(): verified atomic save, repository
           state read from .git's files, the committed version through the long-lived
           `git cat-file --batch`, the semantic diff for the message, `git commit -- FILE`
           (one process: where the repository is and who commits are found on the first save)
GitPython is imported before timing (the editor imports it once, on its first save).
Goal: ratio <= 2.

    .venv/bin/python bench/commit.py [ROUNDS]
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


def repo(folder: Path) -> Path:
    shutil.copy(ROOT / "samples/huaian-2024.toml", folder / "2024.toml")
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "add", "."], cwd=folder, check=True)
    subprocess.run(["git", "commit", "-qm", "first"], cwd=folder, check=True)
    return folder / "2024.toml"


def median(xs):
    return sorted(xs)[len(xs) // 2]


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    os.environ.update(ENV)
    import git  # noqa: F401  (warm, as after the editor's first save)
    floor, ours = [], []
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        plain, path = repo(Path(a)), repo(Path(b))
        for i in range(rounds):
            text = plain.read_text(encoding="utf-8").replace(f"natural    = {3001 + i} ", f"natural    = {3002 + i} ", 1)
            t = time.perf_counter()
            plain.write_text(text, encoding="utf-8")
            subprocess.run(["git", "commit", "-q", "-m", f"edit {i}", "--", "2024.toml"], cwd=a, check=True)
            floor.append(time.perf_counter() - t)

            doc = ReportFile.open(path)
            doc.set_cell(Cell("t3", "new", "natural"), 3002 + i)
            t = time.perf_counter()
            doc.save()
            out = history.commit_save(path, doc.report, saved=doc.loaded.report)  # as the editor calls it
            ours.append(time.perf_counter() - t)
            assert out.status == "committed", out.message
    f, o = median(floor), median(ours)
    print(f"rounds:                      {rounds}")
    print(f"plain git commit (floor):    median {f * 1000:6.1f} ms")
    print(f"nianbao save + commit:       median {o * 1000:6.1f} ms")
    print(f"ratio:                       {o / f:6.2f}")


if __name__ == "__main__":
    main()
