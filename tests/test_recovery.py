"""Never lose an edit: the recovery file, the lock, and the editor killed at random moments."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLES, run_cli
from nianbao.format.file import load
from nianbao.format.file import recovery
from tui_helpers import C, run, screen_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from ptyrun import BIN, F5, PtyProgram  # noqa: E402

NEW = C("t3", "new", "natural")


async def written(pilot, path, present=True):
    """The recovery file follows a commit within a fifth of a second (not in the commit's frame)."""
    for _ in range(50):
        if path.exists() == present:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{path.name} {'not written' if present else 'still there'}")


async def dialog_shown(app, pilot):
    """The checks run after the first frame; wait (up to 2 s) for the question they ask."""
    from nianbao.tui.widgets.dialogs import Choice
    for _ in range(100):
        if isinstance(app.screen, Choice):
            await pilot.pause(0.1)  # and drawn
            return
        await pilot.pause(0.02)
    raise AssertionError("no dialog: " + screen_text(app))


# ---------------------------------------------------------------- the lock

def test_lock_names_a_live_holder_and_takes_over_a_dead_ones(tmp_path):
    report = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", report)
    assert recovery.lock(report) is None  # ours
    assert recovery.lock(report) is None  # still ours: taking it again is fine
    recovery.unlock(report)
    assert not recovery.lock_path(report).exists()

    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        recovery.lock_path(report).write_text(json.dumps(
            {"host": socket.gethostname(), "pid": other.pid, "user": "张三", "since": "2026-11-28 09:00"}),
            encoding="utf-8")
        holder = recovery.lock(report)
        assert holder is not None and holder.pid == other.pid
        assert str(holder) == f"张三@{socket.gethostname()}（进程 {other.pid}，2026-11-28 09:00 起）"
        recovery.unlock(report)  # not ours: left alone
        assert recovery.lock_path(report).exists()
    finally:
        other.kill()
        other.wait()
    assert recovery.lock(report) is None  # its process is gone: taken over
    assert json.loads(recovery.lock_path(report).read_text())["pid"] == os.getpid()
    recovery.lock_path(report).write_text("{garbled", encoding="utf-8")
    assert recovery.lock(report) is None


def test_the_editor_says_who_has_the_report_open(tmp_path):
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])

    async def t(app, pilot, path):
        await dialog_shown(app, pilot)
        text = screen_text(app)
        assert f"huaian-2024.toml 正在被 李四@{socket.gethostname()}（进程 {other.pid}" in text
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code is not None or not app.is_running

    try:
        def lock_first(app_path):
            recovery.lock_path(app_path).write_text(json.dumps(
                {"host": socket.gethostname(), "pid": other.pid, "user": "李四", "since": "09:00"}),
                encoding="utf-8")
        lock_first(tmp_path / "huaian-2024.toml")
        run(t, tmp_path)
    finally:
        other.kill()
        other.wait()


# ---------------------------------------------------------------- the recovery file in the editor

def test_recovery_file_follows_unsaved_edits(tmp_path):
    rp = tmp_path / ".huaian-2024.toml.nianbao-recover"

    async def t(app, pilot, path):
        await pilot.press("f5", "7", "7", "enter")
        await pilot.pause()
        assert not rp.exists()  # not in the frame that shows the new totals
        await written(pilot, rp)
        assert load.read(rp).report.value(NEW) == 77  # what a save would write, loadable as a report
        assert load.read(path).report.value(NEW) == 3001  # the report itself untouched
        await pilot.press("ctrl+z")
        await written(pilot, rp, present=False)  # back to the saved state: nothing to recover
        await pilot.press("ctrl+y", "ctrl+s")
        await pilot.pause()
        assert not rp.exists() and load.read(path).report.value(NEW) == 77
        assert recovery.lock_path(path).exists()

    run(t, tmp_path)
    assert not recovery.lock_path(tmp_path / "huaian-2024.toml").exists()  # released on exit


def test_prose_reaches_the_recovery_file_within_seconds(tmp_path, monkeypatch):
    import nianbao.tui.app as app_module
    monkeypatch.setattr(app_module, "RECOVERY_DELAY", 0.2)
    rp = tmp_path / ".huaian-2024.toml.nianbao-recover"

    async def t(app, pilot, path):
        await pilot.press("f8", *"补充一句")
        await pilot.pause()
        assert not rp.exists()  # not on every character
        await pilot.pause(0.5)
        assert "补充一句" in load.read(rp).report.prose["s6"]

    run(t, tmp_path)


def test_discarding_on_quit_removes_the_recovery_file(tmp_path):
    rp = tmp_path / ".huaian-2024.toml.nianbao-recover"

    async def t(app, pilot, path):
        await pilot.press("f5", "5", "enter")
        await written(pilot, rp)
        await pilot.press("ctrl+q", "d")
        await pilot.pause()

    run(t, tmp_path)
    assert not rp.exists()


def _leave_recovery(tmp_path, value=77):
    """A report with a recovery file holding one unsaved figure, as a dropped connection leaves it."""
    from nianbao.format.file.document import ReportFile
    report = tmp_path / "huaian-2024.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", report)
    from nianbao.format.session import Session
    doc = ReportFile.open(report)
    Session(doc).set_cell(NEW, value)  # with its total, as the editor does
    time.sleep(0.01)
    recovery.keep(doc)
    return report


@pytest.mark.parametrize("answer", ["r", "x", "d"])
def test_opening_with_a_recovery_file_offers_restore_diff_or_discard(tmp_path, answer):
    report = _leave_recovery(tmp_path)
    rp = recovery.recovery_path(report)

    async def t(app, pilot, path):
        await dialog_shown(app, pilot)
        text = screen_text(app)
        assert "未保存的修改（共 2 处数字" in text and "恢复（r）" in text and "丢弃（x）" in text
        await pilot.press(answer)
        await pilot.pause()
        if answer == "r":
            assert app.session.report.value(NEW) == 77 and app.session.modified
            await pilot.press("f5", "ctrl+z")  # restored as an undoable edit (in the table: a text
            # area's Ctrl+Z is its own typing)
            assert app.session.report.value(NEW) == 3001
        elif answer == "x":
            assert app.session.report.value(NEW) == 3001 and not rp.exists()
        else:
            assert "自然人：3001 -> 77" in screen_text(app)  # the semantic diff, then asked again
            await pilot.press("r")
            assert app.session.report.value(NEW) == 77

    import asyncio

    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp

    # The report is already in place, with its recovery file: open it where it is.
    app = NianbaoApp(ReportFile.open(report))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await t(app, pilot, report)

    asyncio.run(main())


def test_recover_command(tmp_path):
    missing = tmp_path / "none.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", missing)
    res = run_cli("recover", missing)
    assert res.returncode == 2 and "没有未保存的修改" in res.stderr

    report = _leave_recovery(tmp_path)
    res = run_cli("recover", report)
    assert res.returncode == 1
    assert "三 / 一、本年新收政府信息公开申请数量 / 自然人：3001 -> 77 (-2924)" in res.stdout
    assert "--restore" in res.stderr
    assert load.read(report).report.value(NEW) == 3001
    res = run_cli("recover", report, "--restore")
    assert res.returncode == 0 and load.read(report).report.value(NEW) == 77
    assert not recovery.recovery_path(report).exists()

    report = _leave_recovery(tmp_path, 88)
    assert run_cli("recover", report, "--discard").returncode == 0
    assert not recovery.recovery_path(report).exists() and load.read(report).report.value(NEW) == 3001


# ---------------------------------------------------------------- killed at random moments

RUNS = int(os.environ.get("NIANBAO_CRASH_RUNS", "200" if os.environ.get("CI") else "40"))


def _kill_run(tmp_path: Path, rng: random.Random, sig: int) -> str:
    """One editor: type figures, sometimes save, and get `sig` at a random moment."""
    report = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", report)
    for stale in tmp_path.glob(".r.toml*"):
        stale.unlink()
    p = PtyProgram([str(BIN / "nianbao"), str(report)])
    p.read_until("勾稽关系：")
    p.key(F5)  # to section 三, on 一、本年新收 / 自然人
    possible_on_disk = {3001}  # what the report may hold: the original, or any value saved
    committed = None
    try:
        deadline = time.perf_counter() + rng.uniform(0.0, 0.5)
        while time.perf_counter() < deadline or committed is None and sig == signal.SIGHUP:
            value = rng.randint(1, 99999)
            for ch in str(value):
                p.key(ch.encode(), quiet=0.005)
            p.key(b"\r", quiet=0.02)
            p.key(b"\x1b[A", quiet=0.005)  # back to the same cell
            committed = value
            if rng.random() < 0.4:
                possible_on_disk.add(value)
                os.write(p.master, b"\x13")  # Ctrl+S, and maybe killed in the middle of it
                time.sleep(rng.uniform(0, 0.015))
                if rng.random() < 0.5:
                    break
        if sig == signal.SIGHUP:
            p.drain(0.05)  # the last commit is on screen
        os.killpg(p.proc.pid, sig)
        p.proc.wait(timeout=10)
    finally:
        p.close()
    got = load.read(report).report  # always loads: the old file or the new, never half
    assert got.value(NEW) in possible_on_disk, (got.value(NEW), possible_on_disk)
    if sig == signal.SIGHUP:
        rp = recovery.recovery_path(report)
        latest = load.read(rp).report if rp.exists() else got
        assert latest.value(NEW) == committed, (latest.value(NEW), committed)
        assert not recovery.lock_path(report).exists()
    return "ok"


@pytest.mark.skipif(sys.platform != "linux", reason="pty harness is Linux-only")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGHUP], ids=["SIGKILL", "SIGHUP"])
def test_killed_at_random_moments_nothing_is_broken_or_lost(tmp_path, sig, capsys):
    rng = random.Random(int(os.environ.get("NIANBAO_CRASH_SEED", "7")) + sig)
    runs = RUNS // 2
    for _ in range(runs):
        _kill_run(tmp_path, rng, sig)
    with capsys.disabled():
        print(f"\n[crash test] {signal.Signals(sig).name}: {runs} runs, report always loadable"
              + ("; every committed edit in the recovery file" if sig == signal.SIGHUP else ""))


@pytest.mark.skipif(sys.platform != "linux", reason="pty harness is Linux-only")
def _editor_with_a_figure(tmp_path: Path, figure: str) -> tuple[PtyProgram, Path]:
    """The real editor in a pty (a new session: the pty is not its controlling terminal),
    with `figure` committed into 一、本年新收 / 自然人 and not saved."""
    report = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", report)
    p = PtyProgram([str(BIN / "nianbao"), str(report)])
    try:
        p.read_until("勾稽关系：")
        p.key(F5)
        for ch in figure:
            p.key(ch.encode())
        p.key(b"\r")
    except BaseException:
        p.close()
        raise
    return p, report


def test_sigterm_keeps_the_edits_and_restores_the_terminal(tmp_path):
    p, report = _editor_with_a_figure(tmp_path, "4242")
    try:
        p.drain(0.1)
        os.kill(p.proc.pid, signal.SIGTERM)
        assert p.proc.wait(timeout=10) == 128 + signal.SIGTERM
        p.drain(0.2)
    finally:
        p.close()
    assert load.read(recovery.recovery_path(report)).report.value(NEW) == 4242
    assert load.read(report).report.value(NEW) == 3001
    assert b"\x1b[?1049l" in p.output  # left the alternate screen: the shell is usable again
    assert not recovery.lock_path(report).exists()


def test_a_terminal_closed_without_sighup_keeps_the_edits_and_ends_the_editor(tmp_path):
    """A program that runs the editor on a pty it never made its controlling terminal, then
    closes it: no SIGHUP comes, and Textual's input thread would spin on end-of-file at full
    CPU for ever. The editor notices within a tick, keeps the edits and exits."""
    p, report = _editor_with_a_figure(tmp_path, "4343")
    try:
        os.close(p.master)
        p.master = os.open(os.devnull, os.O_RDONLY)  # for close()
        assert p.proc.wait(timeout=5) == 128 + signal.SIGHUP
    finally:
        p.close()
    assert load.read(recovery.recovery_path(report)).report.value(NEW) == 4343
    assert load.read(report).report.value(NEW) == 3001
    assert not recovery.lock_path(report).exists()


def test_the_folder_screen_ends_too_when_its_terminal_is_closed(tmp_path):
    from conftest import report_folder

    folder = report_folder(tmp_path / "报告")
    p = PtyProgram([str(BIN / "nianbao"), str(folder)])
    try:
        p.read_until("共 3 份报告")
        os.close(p.master)
        p.master = os.open(os.devnull, os.O_RDONLY)  # for close()
        assert p.proc.wait(timeout=5) == 128 + signal.SIGHUP
    finally:
        p.close()


def test_a_private_report_gets_a_private_recovery_file_and_the_umask_is_kept(tmp_path):
    """A 0600 report: its recovery file (the whole report and the unsaved edits) is 0600 too; a
    new output under umask 077 is 0600, never 0644."""
    import os
    import stat

    from nianbao.format.file.document import ReportFile, atomic_write
    from nianbao.format.file.recovery import keep, recovery_path
    from nianbao.format.model.template import Cell

    path = tmp_path / "r.toml"
    path.write_bytes((SAMPLES / "huaian-2024.toml").read_bytes())
    os.chmod(path, 0o600)
    doc = ReportFile.open(path)
    doc.set_cell(Cell("t3", "new", "natural"), 3002)
    keep(doc)
    assert stat.S_IMODE(os.stat(recovery_path(path)).st_mode) == 0o600
    old = os.umask(0o077)
    try:
        atomic_write(tmp_path / "out.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "out.txt").st_mode) == 0o600


def test_saving_through_a_symlink_changes_the_target_and_keeps_the_link(tmp_path):
    import os
    import stat

    from nianbao.format.file.document import ReportFile
    from nianbao.format.file.recovery import lock_path
    from nianbao.format.model.template import Cell

    real = tmp_path / "real" / "2024.toml"
    real.parent.mkdir()
    real.write_bytes((SAMPLES / "huaian-2024.toml").read_bytes())
    os.chmod(real, 0o640)
    link = tmp_path / "2024.toml"
    link.symlink_to(real)
    doc = ReportFile.open(link)
    doc.set_cell(Cell("t3", "new", "natural"), 3002)
    doc.save()
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "natural    = 3002" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640
    assert lock_path(link) == lock_path(real)  # the same lock for the link and the file
