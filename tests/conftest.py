"""Shared helpers: run the real `nianbao` command, build reports in memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def run_cli(*args: str, cwd=None, env=None, input: str | None = None) -> subprocess.CompletedProcess:
    """The installed console script, as a user runs it."""
    exe = Path(sys.executable).parent / "nianbao"
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([str(exe), *map(str, args)], cwd=cwd, env=full_env, input=input,
                          capture_output=True, text=True, timeout=120)


def report_folder(folder: Path) -> Path:
    """A folder as an office receives it: two report files and a published web page."""
    import shutil
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLES / "huaian-2024.toml", folder / "huaian-2024.toml")
    shutil.copy(SAMPLES / "shanghai-2019.toml", folder / "shanghai-2019.toml")
    run_cli("render", SAMPLES / "longwan-2023.toml", "--to", "html", "-o", folder / "longwan.html")
    return folder


@pytest.fixture
def blank2021():
    from nianbao.format import template as templates
    from nianbao.format.report import blank
    return blank(templates.get("official-2021"), 2023, "测试局")


@pytest.fixture
def blank2019():
    from nianbao.format import template as templates
    from nianbao.format.report import blank
    return blank(templates.get("official-2019"), 2019, "测试局")
