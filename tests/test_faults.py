"""Failed writes (issue 18, first part): a Chinese message naming the file and the cause, no
traceback, no partial or empty file, the original unchanged, the editor's edits kept."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import uuid

import pytest

from conftest import SAMPLES, run_cli
from nianbao.format.file.errors import describe


def test_an_os_error_is_said_in_chinese_with_the_file():
    assert describe(OSError(errno.ENOSPC, "No space left on device", "/x/r.toml")) == "/x/r.toml：磁盘空间不足，请腾出空间后再试"
    assert "只读" in describe(OSError(errno.EROFS, "Read-only file system", "r.toml"))
    assert "目录" in describe(OSError(errno.EISDIR, "Is a directory", "out"))


def test_a_failed_write_leaves_the_original_and_no_temporary_file(tmp_path, monkeypatch):
    from nianbao.format.file.document import ReportFile
    from nianbao.format.model.template import Cell

    path = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", path)
    before = path.read_bytes()
    doc = ReportFile.open(path)
    doc.set_cell(Cell("t3", "new", "natural"), 3002)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        doc.save()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.toml"]
    monkeypatch.undo()
    doc.save()  # the edit was kept: once there is space, it saves
    assert "natural    = 3002" in path.read_text(encoding="utf-8")


def test_the_editor_says_the_disk_is_full_keeps_the_edit_and_saves_later(tmp_path, monkeypatch):
    from tui_helpers import C, run, screen_text

    async def t(app, pilot, path):
        await pilot.press("f5", "3", "0", "0", "2", "enter")

        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert "保存失败" in text and "磁盘空间不足" in text and "[已修改]" in text
        assert "natural    = 3001" in path.read_text(encoding="utf-8")
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "natural    = 3002" in path.read_text(encoding="utf-8")
        assert app.session.report.value(C("t3", "new", "natural")) == 3002
    run(t, tmp_path)


@pytest.fixture
def full_disk(tmp_path):
    """A tiny tmpfs, filled up (root only)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / f"full-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        shutil.copy(SAMPLES / "huaian-2024.toml", mount / "r.toml")
        shutil.copy(SAMPLES / "longwan-2023.toml", mount / "longwan.toml")
        try:
            with open(mount / "filler", "wb") as fh:
                while True:
                    fh.write(b"\0" * 4096)
                    fh.flush()
        except OSError:
            pass  # full
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_commands_on_a_full_disk_say_so_and_leave_no_file(full_disk):
    before = (full_disk / "r.toml").read_bytes()
    cases = [
        (("new", full_disk / "2025.toml", "--from", full_disk / "r.toml"), full_disk / "2025.toml"),
        (("render", full_disk / "r.toml", "--to", "html", "-o", full_disk / "r.html"), full_disk / "r.html"),
        (("import", SAMPLES.parent.parent / "shared" / "fixtures" / "huaian-2024-pdftotext-layout.txt", "-o",
          full_disk / "imported.toml"), full_disk / "imported.toml"),
    ]
    for command, target in cases:
        res = run_cli(*command)
        assert res.returncode != 0, command
        assert "空间" in res.stderr and "Traceback" not in res.stderr, (command, res.stderr)
        assert not target.exists(), command
    # fmt: the report as it was (write it in another layout first so fmt has work to do)
    res = run_cli("fmt", full_disk / "longwan.toml")
    assert "Traceback" not in res.stderr
    assert (full_disk / "r.toml").read_bytes() == before
    assert not [p for p in full_disk.iterdir() if p.name.endswith(".tmp")]


def test_the_editor_opens_on_a_full_disk_and_says_what_will_not_work(full_disk):
    """No lock file can be written there: the report opens all the same, and says so."""
    import asyncio

    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp
    from tui_helpers import screen_text

    app = NianbaoApp(ReportFile.open(full_disk / "r.toml"))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.5)
            text = screen_text(app)
            assert "淮安市人民政府" in text and "磁盘空间不足" in text
            await pilot.press("f5", "7", "enter", "ctrl+s")
            await pilot.pause(0.6)  # past the recovery file's turn: its failure must not talk over this
            assert "保存失败" in screen_text(app) and "空间" in screen_text(app)
            await pilot.press("ctrl+q", "d")
    asyncio.run(main())
    assert not (full_disk / ".r.toml.nianbao-lock").exists()  # no empty lock left behind


def test_fifos_and_devices_planted_beside_a_report_are_refused_not_waited_on(tmp_path):
    """A FIFO as the report, as last year's report beside it, as the lock and as the recovery
    file, and a link to /dev/zero: every reader refuses at once (the commands finish within
    their timeout) and says why."""
    path = tmp_path / "2024.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", path)
    os.mkfifo(tmp_path / "2023.toml")  # last year's report, as check looks for it
    os.mkfifo(tmp_path / ".2024.toml.nianbao-lock")
    os.mkfifo(tmp_path / ".2024.toml.nianbao-recover")
    os.mkfifo(tmp_path / "pipe.toml")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    res = run_cli("check", path)  # run_cli has a timeout: a hang fails the test
    assert "Traceback" not in res.stderr
    for name in ("pipe.toml", "zero.toml"):
        res = run_cli("check", tmp_path / name)
        assert res.returncode == 2 and "不是普通文件" in res.stdout + res.stderr, name
    res = run_cli("recover", path)
    assert "Traceback" not in res.stderr


def test_the_editor_opens_with_a_fifo_planted_as_its_lock(tmp_path):
    from tui_helpers import run, screen_text

    os.mkfifo(tmp_path / ".huaian-2024.toml.nianbao-lock")

    async def t(app, pilot, path):
        await pilot.pause(0.5)
        assert "淮安市人民政府" in screen_text(app)
        await pilot.press("f5", "7", "enter")
        await pilot.pause()
        assert app.session.modified
    run(t, tmp_path)
