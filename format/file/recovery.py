"""Unsaved edits that outlive the editor, and who else has a report open.

Over SSH the connection drops with figures typed but not saved. While a report
has unsaved edits the editor keeps, beside it, a hidden recovery file holding
exactly what Ctrl+S would write now (so it keeps the report's comments and
layout, and loads like any report: `nianbao recover` diffs and restores it with
the ordinary tools). It is rewritten after every committed edit and removed on
save or discard; a signal writes it one last time.

The lock names the host, process and user holding a report, so a second editor
can say who has it open; a lock left by a process that no longer runs on this
host is taken over.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from .atomic import atomic_write, write_all

RECOVER_SUFFIX = ".nianbao-recover"
LOCK_SUFFIX = ".nianbao-lock"


def recovery_path(path) -> Path:
    p = Path(path)
    return p.with_name(f".{p.name}{RECOVER_SUFFIX}")


def lock_path(path) -> Path:
    """Beside the real file: an editor on a symbolic link and one on the file it points to
    see each other's lock."""
    p = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    return p.with_name(f".{p.name}{LOCK_SUFFIX}")


def keep(doc) -> None:
    """Write the recovery file: what a save would write now."""
    atomic_write(recovery_path(doc.path), (b"\xef\xbb\xbf" if doc.loaded.bom else b"")
                 + doc.render().encode("utf-8"), mode=report_mode(doc.path), follow=False)


def report_mode(path) -> int | None:
    """The report's permission bits: the recovery and lock files beside it hold its text (or
    say who edits it) and get no more access than it has -- a 0600 report, a 0600 recovery file."""
    try:
        return os.stat(path).st_mode & 0o666
    except OSError:
        return None


def pending(path) -> Path | None:
    """The recovery file, if it holds edits newer than the report on disk."""
    rp = recovery_path(path)
    try:
        rec = rp.stat().st_mtime_ns
    except OSError:
        return None
    try:
        return rp if rec >= Path(path).stat().st_mtime_ns else None
    except OSError:
        return rp  # the report itself is gone: the recovery file is all there is


def discard(path) -> None:
    try:
        recovery_path(path).unlink()
    except FileNotFoundError:
        pass


# ---------------------------------------------------------------- the lock

@dataclass
class Holder:
    host: str
    pid: int
    user: str
    since: str

    def __str__(self) -> str:
        from ..visible import one_line  # the lock is anyone's file: its fields are shown, not obeyed

        return one_line(f"{self.user}@{self.host}（进程 {self.pid}，{self.since} 起）")

    @property
    def is_me(self) -> bool:
        return self.host == socket.gethostname() and self.pid == os.getpid()


def _me() -> Holder:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    return Holder(socket.gethostname(), os.getpid(), user, f"{dt.datetime.now():%Y-%m-%d %H:%M}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read(lp: Path) -> Holder | None:
    from .regular import read_regular

    try:
        data = json.loads(read_regular(lp, 64 * 1024).decode("utf-8"))
        return Holder(str(data["host"]), int(data["pid"]), str(data["user"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(lp: Path, holder: Holder) -> None:
    atomic_write(lp, json.dumps(holder.__dict__, ensure_ascii=False).encode("utf-8"), follow=False)


def lock(path) -> Holder | None:
    """Take the report's lock. Returns whoever else holds it (and leaves it to them), else None.
    OSError when no lock can be written (a full disk, a read-only folder): the caller says so."""
    lp = lock_path(path)
    me = _me()
    try:
        fd = os.open(lp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0),
                     report_mode(path) if report_mode(path) is not None else 0o644)
    except FileExistsError:
        holder = _read(lp)
        if holder is not None and not holder.is_me and not (
                holder.host == me.host and not _alive(holder.pid)):
            return holder
        _write(lp, me)  # ours already, unreadable, or left by a dead process on this host
        return None
    try:
        try:
            write_all(fd, json.dumps(me.__dict__, ensure_ascii=False).encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as exc:
        lp.unlink(missing_ok=True)  # a full disk: no empty lock left behind
        raise OSError(exc.errno, exc.strerror, str(lp)) from None
    return None


def unlock(path) -> None:
    lp = lock_path(path)
    holder = _read(lp)
    if holder is None or holder.is_me:
        try:
            lp.unlink()
        except OSError:
            pass
