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
