"""Failed writes (issue 18, first part): a Chinese message naming the file and the cause, no
traceback, no partial or empty file, the original unchanged, the editor's edits kept."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import uuid
from pathlib import Path

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
            assert "淮安市人民政府" in text and "磁盘已满" in text
            await pilot.press("f5", "7", "enter", "ctrl+s")
            await pilot.pause(0.6)  # past the recovery file's turn: its failure must not talk over this
            assert "保存失败" in screen_text(app) and "空间" in screen_text(app)
            await pilot.press("f9")
            await pilot.pause()
            listed = screen_text(app)
            for kind in ("保存", "恢复文件", "锁文件", "磁盘"):
                assert f"文件  {kind}" in listed or f"文件 {kind}" in listed, (kind, listed)
            (full_disk / "filler").unlink()  # space freed: the next Ctrl+S saves the edit kept in memory
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            assert "已保存" in screen_text(app) and not app.session.modified
            assert "保存" not in app.file_problems and "磁盘" not in app.file_problems
            assert "锁文件" in app.file_problems  # still none: said until the report is opened again
            await pilot.press("ctrl+q")
    asyncio.run(main())
    assert "natural    = 7" in (full_disk / "r.toml").read_text(encoding="utf-8")
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


# ---------------------------------------------------------------- links, special files, owners
LAYOUT = SAMPLES.parent.parent / "shared" / "fixtures" / "huaian-2024-pdftotext-layout.txt"


def test_output_onto_a_fifo_a_device_or_a_folder_is_refused(tmp_path):
    import stat

    shutil.copy(SAMPLES / "huaian-2024.toml", tmp_path / "r.toml")
    os.mkfifo(tmp_path / "pipe.html")
    (tmp_path / "null.html").symlink_to("/dev/null")
    (tmp_path / "folder.toml").mkdir()
    for target, cause in (("pipe.html", "不是普通文件"), ("null.html", "不是普通文件"), ("folder.toml", "目录")):
        for command in (("render", tmp_path / "r.toml", "--to", "html", "-o", tmp_path / target),
                        ("sum", tmp_path / "r.toml", "-o", tmp_path / target, "--force"),
                        ("import", LAYOUT, "-o", tmp_path / target, "--force")):
            res = run_cli(*command)
            assert res.returncode == 2 and cause in res.stderr + res.stdout, (command, res.stderr)
            assert "Traceback" not in res.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe.html").st_mode)
    assert os.readlink(tmp_path / "null.html") == "/dev/null"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_output_named_through_a_link_writes_the_links_target(tmp_path):
    shutil.copy(SAMPLES / "huaian-2024.toml", tmp_path / "r.toml")
    (tmp_path / "site").mkdir()
    (tmp_path / "out.html").symlink_to(tmp_path / "site" / "2024.html")
    res = run_cli("render", tmp_path / "r.toml", "--to", "html", "-o", tmp_path / "out.html")
    assert res.returncode == 0, res.stderr
    assert os.readlink(tmp_path / "out.html") == str(tmp_path / "site" / "2024.html")
    assert "淮安市人民政府" in (tmp_path / "site" / "2024.html").read_text(encoding="utf-8")


def test_files_the_program_names_itself_never_follow_a_planted_link(tmp_path):
    """Someone plants links where nianbao keeps its own files, pointing at a file of the user's:
    the recovery file, the lock and an import's default output replace the link (init refuses a
    linked .gitignore outright, as git does not follow it);
    the file it pointed at is untouched and never takes a planted file's mode."""
    import stat

    from nianbao.format.file import recovery
    from nianbao.format.file.document import ReportFile
    from nianbao.format.model.template import Cell

    victim = tmp_path / "victim.txt"
    victim.write_text("别人的文件\n", encoding="utf-8")
    os.chmod(victim, 0o6777)
    path = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", path)
    os.chmod(path, 0o600)
    for name in (".r.toml.nianbao-recover", ".r.toml.nianbao-lock", "h.toml", ".gitignore"):
        (tmp_path / name).symlink_to(victim)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / ".gitattributes").symlink_to(victim)
    doc = ReportFile.open(path)
    doc.set_cell(Cell("t3", "new", "natural"), 3002)
    recovery.keep(doc)
    assert recovery.lock(path) is None
    shutil.copy(LAYOUT, tmp_path / "h.txt")
    assert run_cli("import", tmp_path / "h.txt", "--force").returncode in (0, 1)
    res = run_cli("init", tmp_path / "other", "--name", "测试", "--email", "t@example.org")
    assert res.returncode == 2 and ".gitattributes 是符号链接" in res.stderr, res.stderr
    res = run_cli("init", tmp_path, "--name", "测试", "--email", "t@example.org")
    assert res.returncode == 2 and ".gitignore 是符号链接" in res.stderr, res.stderr
    assert victim.read_text(encoding="utf-8") == "别人的文件\n"
    assert stat.S_IMODE(os.stat(victim).st_mode) == 0o6777
    assert os.readlink(tmp_path / ".gitignore") == str(victim)
    for name in (".r.toml.nianbao-recover", ".r.toml.nianbao-lock", "h.toml"):
        st = os.lstat(tmp_path / name)
        assert stat.S_ISREG(st.st_mode) and not st.st_mode & 0o6000, name
    assert stat.S_IMODE(os.stat(tmp_path / ".r.toml.nianbao-recover").st_mode) == 0o600  # as private as the report
    assert "natural    = 3002" in (tmp_path / ".r.toml.nianbao-recover").read_text(encoding="utf-8")


def as_nobody(fn):
    """Run `fn()` in a forked child as the user nobody (root only): (its return value, what it
    printed). In-process, so nothing is loaded from the interpreter's folder after dropping root."""
    import json
    import locale  # noqa: F401 -- argparse's gettext, once root's interpreter folder is closed
    import tempfile
    import traceback

    if os.geteuid() != 0:
        pytest.skip("becoming another user needs root")
    out = tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        try:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            import sys
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
            result = fn()
            sys.stdout.flush()
            sys.stderr.flush()
            os.write(1, ("\n@@" + json.dumps(result)).encode())
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    os.waitpid(pid, 0)
    out.seek(0)
    text = out.read().decode("utf-8")
    printed, _, result = text.rpartition("\n@@")
    return (json.loads(result) if result else None), printed


def shared_folder() -> Path:
    """A folder under /tmp that nobody may enter but not write (pytest's own is root's, 0700)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="nianbao-"))
    os.chmod(folder, 0o755)
    return folder


def test_a_writable_report_in_a_read_only_folder_is_saved_in_place(tmp_path):
    from nianbao.cli import main
    from nianbao.commands import fmt, render  # noqa: F401 -- loaded before dropping root
    from nianbao.format.file import comments, write  # noqa: F401
    import tomlkit  # noqa: F401

    folder = shared_folder()
    try:
        path = folder / "l.toml"
        text = (SAMPLES / "longwan-2023.toml").read_text(encoding="utf-8")
        path.write_text(text.replace("natural    = ", "natural = ", 1), encoding="utf-8")
        os.chmod(path, 0o666)  # the clerk may write the report, not the folder (root's, 0755)
        code, printed = as_nobody(lambda: main(["fmt", str(path)]))
        assert code == 0 and "不是原子写入" in printed, printed
        assert path.read_text(encoding="utf-8") == text
        assert sorted(p.name for p in folder.iterdir()) == ["l.toml"]
        # Another user's folder: the message says whose it is.
        assert main(["render", str(path), "--to", "html", "-o", str(tmp_path / "l.html")]) == 0  # loads it all
        code, printed = as_nobody(lambda: main(["render", str(path), "--to", "html", "-o", str(folder / "l.html")]))
        assert code == 2 and "没有权限（属于 root）" in printed and "l.html" in printed, printed
        assert "Traceback" not in printed
    finally:
        shutil.rmtree(folder)


def test_the_editor_saves_in_place_when_its_folder_is_closed_and_says_so(tmp_path, monkeypatch):
    """The folder refuses a new file (as it does for a clerk without write access there)."""
    import tempfile

    from tui_helpers import run, screen_text

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", kwargs.get("dir"))

    async def t(app, pilot, path):
        await pilot.press("f5", "7", "enter")
        monkeypatch.setattr(tempfile, "mkstemp", refused)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "已保存" in screen_text(app) and "不是原子写入" in screen_text(app)
        assert "natural    = 7" in path.read_text(encoding="utf-8") and not app.session.modified
    run(t, tmp_path)


# ---------------------------------------------------------------- git failing under a save
@pytest.fixture
def repo(report_repo):
    return report_repo


def _saved(path, value):
    from nianbao.format.file.document import ReportFile
    from nianbao.format.model.template import Cell

    doc = ReportFile.open(path)
    doc.set_cell(Cell("t3", "new", "natural"), value)
    doc.save()
    return doc


def _head(root) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()


@pytest.mark.parametrize("fault", ["hook", "killed", "corrupt", "read-only"])
def test_git_failing_under_a_save_keeps_the_save_says_why_and_commits_next_time(repo, fault):
    from nianbao.format.compare import history

    hook = repo / ".git" / "hooks" / "pre-commit"
    first = _head(repo)
    git_dir = str(repo / ".git")
    if fault == "read-only":  # the repository mounted read-only (a snapshot, a full quota): root only
        if os.geteuid() != 0:
            pytest.skip("a read-only bind mount needs root")
        if subprocess.run(["mount", "--bind", git_dir, git_dir], capture_output=True).returncode != 0:
            pytest.skip("this machine does not allow bind mounts")
        subprocess.run(["mount", "-o", "remount,bind,ro", git_dir, git_dir], check=True)
    elif fault == "hook":
        hook.write_text("#!/bin/sh\necho '提交前检查未通过：缺少审批单' >&2\nexit 1\n", encoding="utf-8")
    elif fault == "killed":  # git dies mid-commit, as under the OOM killer: its index.lock stays
        hook.write_text("#!/bin/sh\nkill -9 $PPID\nsleep 1\n", encoding="utf-8")
    else:  # the object of the last commit's tree is damaged
        tree = subprocess.run(["git", "rev-parse", "HEAD^{tree}"], cwd=repo, capture_output=True,
                              text=True).stdout.strip()
        obj = repo / ".git" / "objects" / tree[:2] / tree[2:]
        os.chmod(obj, 0o644)
        obj.write_bytes(b"garbage")
    if fault in ("hook", "killed"):
        os.chmod(hook, 0o755)
    doc = _saved(repo / "2024.toml", 3002)
    try:
        out = history.commit_save(doc.path, doc.report)
    finally:
        if fault == "read-only":
            subprocess.run(["umount", git_dir], check=True)
    assert out.status == "skipped" and out.problem, out
    assert "natural    = 3002" in (repo / "2024.toml").read_text(encoding="utf-8")  # saved all the same
    assert out.message.startswith("已保存，未提交：") and "下次保存时会再提交" in out.message
    expected = {"hook": "pre-commit 钩子拒绝了提交", "killed": "git 被中断", "corrupt": "仓库已损坏",
                "read-only": "只读"}[fault]
    assert expected in out.message, out.message
    if fault == "hook":
        assert "缺少审批单" in out.message
    assert _head(repo) == first
    # Fixed (the hook removed, the object restored from a clean copy): the next save commits.
    hook.unlink(missing_ok=True)
    if fault == "corrupt":
        return  # repairing is the administrator's; the message said so
    doc = _saved(repo / "2024.toml", 3003)
    out = history.commit_save(doc.path, doc.report)
    assert out.status == "committed", out
    assert _head(repo) != first


def test_the_editor_lists_a_refused_commit_in_f9_and_commits_on_the_next_save(repo):
    import asyncio

    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp
    from tui_helpers import screen_text

    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'rejected by policy' >&2\nexit 1\n", encoding="utf-8")
    os.chmod(hook, 0o755)
    first = _head(repo)
    app = NianbaoApp(ReportFile.open(repo / "2024.toml"))

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("f5", "7", "enter", "ctrl+s")
            await pilot.pause(0.3)
            assert "pre-commit" in screen_text(app)  # the dialog
            await pilot.press("o", "f9")
            await pilot.pause()
            assert "历史记录" in screen_text(app) and "历史记录" in app.file_problems
            hook.unlink()
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            assert "已保存并提交" in screen_text(app) and "历史记录" not in app.file_problems
            await pilot.press("ctrl+q")
    asyncio.run(main())
    assert _head(repo) != first
    assert "natural    = 7" in (repo / "2024.toml").read_text(encoding="utf-8")
