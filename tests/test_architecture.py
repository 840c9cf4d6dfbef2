"""The architecture holds: the layer contracts in pyproject.toml (import-linter) and the lint rules
(ruff), run as part of the suite so a change that breaks them fails like any other test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# The repository keeps format/, tui/, templates/ at the top; installed they are nianbao.format …
# (pyproject's package-dir). import-linter reads packages from disk, so it is given that layout.
LAYOUT = {"nianbao": "nianbao", "format": "nianbao/format", "tui": "nianbao/tui",
          "templates": "nianbao/templates"}


def test_layer_contracts_hold(tmp_path):
    for source, target in LAYOUT.items():
        shutil.copytree(ROOT / source, tmp_path / target, ignore=shutil.ignore_patterns("__pycache__"),
                        dirs_exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    res = subprocess.run([str(BIN / "lint-imports"), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Contracts: 3 kept, 0 broken." in res.stdout, res.stdout


def test_ruff_is_clean():
    res = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
