"""Every writing operation × every fault the file system can give, at each step of a write.

The faults are injected in-process by failing `os.write`, `os.fsync` or `os.replace` on files
under the test's folder (nothing else in the process is touched). Each case asserts what the
user would check: a Chinese message naming the file and the cause, no traceback, no partial or
temporary file, the original byte-identical, and -- in the editor -- the edits still in memory.
The real thing (a full tmpfs, symlinks, FIFOs, another user's files) is in test_faults.py.
"""

from __future__ import annotations

import asyncio
import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SAMPLES
from nianbao.format.file.errors import describe
from nianbao.format.model.template import Cell

FAULTS = [errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EISDIR, errno.ENOENT, errno.EIO]
STAGES = ["write", "fsync", "rename"]
COVERED: list[tuple[str, int, str]] = []  # (operation, errno, stage): printed at the end


def cause(code: int) -> str:
    """The Chinese cause the user must see for `code` (without the file name)."""
    return describe(OSError(code, os.strerror(code)))


class Fault:
    """Fail one OS call with `code` for files under `root`."""

    def __init__(self, monkeypatch, root: Path, stage: str, code: int):
        self.root, self.code, self.hits = str(root), code, 0
        real = {"write": os.write, "fsync": os.fsync, "rename": os.replace}[stage]

        def ours(fd_or_path) -> bool:
            if isinstance(fd_or_path, int):
                try:
                    fd_or_path = os.readlink(f"/proc/self/fd/{fd_or_path}")
                except OSError:
                    return False
            return str(fd_or_path).startswith(self.root)

        def failing(*args, **kwargs):
            target = args[1] if stage == "rename" else args[0]
            if ours(target):
                self.hits += 1
                raise OSError(code, os.strerror(code))
            return real(*args, **kwargs)

        monkeypatch.setattr(os, {"write": "write", "fsync": "fsync", "rename": "replace"}[stage], failing)


def snapshot(folder: Path) -> dict[str, bytes]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if ".git" in p.relative_to(folder).parts:
            continue
        out[str(p.relative_to(folder))] = p.read_bytes() if p.is_file() else b"<dir>"
    return out


def git_repo(folder: Path) -> None:
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run(["git", "-C", str(folder), "config", "user.name", "测试"], check=True)
    subprocess.run(["git", "-C", str(folder), "config", "user.email", "t@example.org"], check=True)


# Each CLI operation: how to prepare its folder, its arguments, and the file it writes.
def _prep_reports(d: Path) -> None:
    shutil.copy(SAMPLES / "huaian-2024.toml", d / "r.toml")
    shutil.copy(SAMPLES / "longwan-2023.toml", d / "l.toml")


def _prep_recover(d: Path) -> None:
    _prep_reports(d)
    text = (d / "r.toml").read_text(encoding="utf-8").replace("natural    = 3001", "natural    = 3002", 1)
    (d / ".r.toml.nianbao-recover").write_text(text, encoding="utf-8")


def _prep_unformatted(d: Path) -> None:
    _prep_reports(d)
    text = (d / "l.toml").read_text(encoding="utf-8").replace("natural    = ", "natural = ", 1)
    (d / "l.toml").write_text(text, encoding="utf-8")


CLI = {
    "new": (_prep_reports, lambda d: ["new", d / "2025.toml", "--from", d / "r.toml"], "2025.toml"),
    "fmt": (_prep_unformatted, lambda d: ["fmt", d / "l.toml"], "l.toml"),
    "render -o": (_prep_reports, lambda d: ["render", d / "r.toml", "--to", "html", "-o", d / "r.html"], "r.html"),
    "render docx": (_prep_reports, lambda d: ["render", d / "r.toml", "--to", "docx", "-o", d / "r.docx"], "r.docx"),
    "import -o": (_prep_reports, lambda d: ["import", SAMPLES.parent.parent / "shared" / "fixtures"
                                            / "huaian-2024-pdftotext-layout.txt", "-o", d / "i.toml"], "i.toml"),
    "sum -o": (_prep_reports, lambda d: ["sum", d / "r.toml", d / "r.toml", "-o", d / "s.toml"], "s.toml"),
    "recover --restore": (_prep_recover, lambda d: ["recover", d / "r.toml", "--restore"], "r.toml"),
    "init": (_prep_reports, lambda d: ["init", d, "--name", "测试", "--email", "t@example.org"], ".gitattributes"),
    "config-git": (lambda d: (_prep_reports(d), git_repo(d)), lambda d: ["config-git", d], ".gitattributes"),
    "audit -o html": (_prep_reports, lambda d: ["audit", d, "-o", d / "audit.html", "--jobs", "1"], "audit.html"),
    "audit -o xlsx": (_prep_reports, lambda d: ["audit", d, "-o", d / "audit.xlsx", "--jobs", "1"], "audit.xlsx"),
    "export csv": (_prep_reports, lambda d: ["export", d, "-o", d / "all.csv"], "all.csv"),
    "export parquet": (_prep_reports, lambda d: ["export", d, "-o", d / "all.parquet"], "all.parquet"),
}
# Large outputs are streamed by a library (csv, openpyxl, pyarrow) into a temporary file, not
# through os.write: for them the matrix covers the steps nianbao itself takes, fsync and rename.
STREAMED = {"audit -o xlsx", "export csv", "export parquet"}


@pytest.mark.parametrize("operation", list(CLI))
def test_every_command_that_writes_under_every_fault(operation, tmp_path, monkeypatch, capsys):
    from nianbao.cli import main

    prep, argv, written = CLI[operation]
    for code in FAULTS:
        for stage in (s for s in STAGES if not (operation in STREAMED and s == "write")):
            d = tmp_path / f"{code}-{stage}"
            d.mkdir()
            prep(d)
            before = snapshot(d)
            with monkeypatch.context() as m:
                fault = Fault(m, d, stage, code)
                status = main([str(a) for a in argv(d)])
            out = capsys.readouterr()
            said = out.out + out.err
            where = (operation, errno.errorcode[code], stage, said)
            if not fault.hits:
                pytest.fail(f"the fault was never reached: {where}")
            assert status != 0, where
            assert "Traceback" not in said and "Errno" not in said, where
            assert written in said and cause(code) in said, where
            assert snapshot(d) == before, where  # no partial, temporary or new file; originals unchanged
            COVERED.append((operation, code, stage))
            shutil.rmtree(d)


def _editor_case(tmp_path, body) -> None:
    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp

    path = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", path)
    app = NianbaoApp(ReportFile.open(path))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await body(app, pilot, path)
            await pilot.press("ctrl+q")
            await pilot.pause()
            if app.is_running:
                await pilot.press("d")  # 「放弃修改」
    asyncio.run(main())


def _temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_the_editor_save_under_every_fault_keeps_the_edit_and_saves_after(tmp_path, monkeypatch):
    from tui_helpers import screen_text

    async def body(app, pilot, path):
        await pilot.press("f5", "7", "enter")
        await pilot.pause()
        before = path.read_bytes()
        for code in FAULTS:
            for stage in STAGES:
                with monkeypatch.context() as m:
                    Fault(m, path.parent, stage, code)
                    await pilot.press("ctrl+s")
                    await pilot.pause()
                where = (errno.errorcode[code], stage)
                text = screen_text(app)
                assert "保存失败" in text and cause(code) in app.file_problems["保存"], where
                assert "r.toml" in app.file_problems["保存"], where
                assert path.read_bytes() == before and not _temporaries(path.parent), where
                assert app.session.modified and app.session.report.value(Cell("t3", "new", "natural")) == 7, where
                COVERED.append(("编辑器 Ctrl+S", code, stage))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "保存" not in app.file_problems and not app.session.modified
        assert b"natural    = 7" in path.read_bytes()

    _editor_case(tmp_path, body)


def test_the_recovery_file_under_every_fault(tmp_path, monkeypatch):
    async def body(app, pilot, path):
        from nianbao.format.file.recovery import recovery_path

        await pilot.press("f5", "7", "enter")
        await pilot.pause()
        rp = recovery_path(path)
        for code in FAULTS:
            for stage in STAGES:
                kept = rp.read_bytes() if rp.exists() else None
                app.session.enter(Cell("t3", "new", "commercial"), str(code))  # something new to keep
                with monkeypatch.context() as m:
                    Fault(m, path.parent, stage, code)
                    app.keep_recovery()
                where = (errno.errorcode[code], stage)
                problem = app.file_problems.get("恢复文件", "")
                assert cause(code) in problem and rp.name in problem, where
                assert (rp.read_bytes() if rp.exists() else None) == kept and not _temporaries(path.parent), where
                assert app.session.modified, where
                COVERED.append(("编辑器 恢复文件", code, stage))
                app.keep_recovery()  # works again: the problem goes from F9
                assert "恢复文件" not in app.file_problems and rp.exists()

    _editor_case(tmp_path, body)


def test_the_lock_under_every_fault(tmp_path, monkeypatch):
    """Taken at opening: a new lock (written in place, O_EXCL) and a dead editor's lock taken over
    (replaced atomically). Either way the report stays open and F9 says there is no lock."""
    async def body(app, pilot, path):
        from nianbao.format.file.recovery import lock_path

        lp = lock_path(path)
        for code in FAULTS:
            for stage, stale in (("write", False), ("write", True), ("fsync", True), ("rename", True)):
                lp.unlink(missing_ok=True)
                if stale:  # left by an editor that died on this machine
                    lp.write_text('{"host": "%s", "pid": 999999999, "user": "x", "since": "2026-01-01 00:00"}'
                                  % os.uname().nodename, encoding="utf-8")
                kept = lp.read_bytes() if lp.exists() else None
                with monkeypatch.context() as m:
                    Fault(m, path.parent, stage, code)
                    app.check_open()
                    await pilot.pause()
                where = (errno.errorcode[code], stage, stale)
                assert not app.has_lock, where
                problem = app.file_problems.get("锁文件", "")
                assert cause(code) in problem and lp.name in problem, where
                assert (lp.read_bytes() if lp.exists() else None) == kept and not _temporaries(path.parent), where
                COVERED.append(("编辑器 锁文件" + ("（接管）" if stale else ""), code, stage))
        lp.unlink(missing_ok=True)

    _editor_case(tmp_path, body)


def test_writing_out_from_the_preview_under_every_fault(tmp_path, monkeypatch):
    from tui_helpers import screen_text

    async def body(app, pilot, path):
        await pilot.press("f12")
        await pilot.pause()
        for code in FAULTS:
            for stage in STAGES:
                with monkeypatch.context() as m:
                    Fault(m, path.parent, stage, code)
                    await pilot.press("w", "h")
                    await pilot.pause()
                where = (errno.errorcode[code], stage)
                text = screen_text(app)
                assert "写出失败" in text and "r.html" in text, (where, text)
                assert not path.with_suffix(".html").exists() and not _temporaries(path.parent), where
                COVERED.append(("编辑器 F12 写出", code, stage))

    _editor_case(tmp_path, body)


def test_zz_the_size_of_the_matrix(capsys):
    """Printed for the closing note: operations × faults × steps covered."""
    operations = sorted({op for op, _, _ in COVERED})
    with capsys.disabled():
        print(f"\n故障注入矩阵：{len(operations)} 个写操作 × {len(FAULTS)} 种错误 × 写入/fsync/改名，"
              f"共 {len(COVERED)} 个用例")
    if len(operations) < len(CLI) + 5:
        pytest.skip("run the whole file to see the whole matrix")
