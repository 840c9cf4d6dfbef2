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


def run_in_pty(*args: str, timeout: float = 60) -> tuple[int, str]:
    """The console script with a terminal on all three streams (for what only a terminal gets,
    like a progress bar): its exit code and everything it wrote."""
    import pty
    import select

    master, slave = pty.openpty()
    exe = Path(sys.executable).parent / "nianbao"
    proc = subprocess.Popen([str(exe), *map(str, args)], stdin=slave, stdout=slave, stderr=slave,
                            close_fds=True)
    os.close(slave)
    out = b""
    while select.select([master], [], [], timeout)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the program has exited and closed its side
            break
        if not chunk:
            break
        out += chunk
    code = proc.wait(timeout=timeout)
    os.close(master)
    return code, out.decode("utf-8", "replace")


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
    from nianbao.format.model import template as templates
    from nianbao.format.model.report import blank
    return blank(templates.get("official-2021"), 2023, "测试局")


@pytest.fixture
def blank2019():
    from nianbao.format.model import template as templates
    from nianbao.format.model.report import blank
    return blank(templates.get("official-2019"), 2019, "测试局")


@pytest.fixture
def report_repo(tmp_path, monkeypatch):
    """A report repository made by `nianbao init` (淮安 2024 as 2024.toml), git's own config
    isolated as on a fresh machine."""
    import shutil

    for k, v in {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}.items():
        monkeypatch.setenv(k, v)
    root = tmp_path / "年报"
    root.mkdir()
    shutil.copy(SAMPLES / "huaian-2024.toml", root / "2024.toml")
    res = run_cli("init", root, "--name", "王小明", "--email", "wang@example.gov.cn")
    assert res.returncode == 0, res.stderr
    return root
