"""The one write path: every file the program writes -- reports, the recovery file, the lock,
outputs, the git files it adds -- goes through `atomic_write`.

A new file appears whole or not at all, and an existing one is unchanged unless the new content
is complete: the bytes go to a temporary file beside the target, are synced, and only then
renamed over it. The OS calls are `os.write`, `os.fsync` and `os.replace`, so a test can make any
one of them fail (a full disk, a quota, a read-only mount) and see that nothing was lost.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


IN_PLACE = "所在目录不可写，已直接改写原文件（不是原子写入：写到一半断电可能损坏文件）"


class NotAFileTarget(OSError):
    """The target is a folder, a FIFO, a device or a socket: never written to or replaced."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_all(fd: int, data: bytes) -> None:
    """All of `data` (os.write may take less than it is given); through `os.write`, so a test can fail it."""
    view = memoryview(data)
    while view:
        done = os.write(fd, view)
        view = view[done:]


def _target(path: Path, follow: bool) -> tuple[Path, os.stat_result | None]:
    """Where the bytes go and what is there now. `follow`: a symbolic link is written through
    (the report the user opened, an output the user named); otherwise a link found there -- a
    file planted where the editor keeps its own -- is replaced, its target never touched."""
    if follow and os.path.islink(path):
        path = Path(os.path.realpath(path))
    try:
        st = os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        return path, None
    if stat.S_ISLNK(st.st_mode):
        return path, None  # not followed: a new file takes the link's place
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
    if not stat.S_ISREG(st.st_mode):
        raise NotAFileTarget(errno.ENXIO, "Not a regular file", str(path))
    return path, st


def atomic_write(path, data: bytes, mode: int | None = None, follow: bool = True) -> bool:
    """See `_atomic_write`; an OSError names the file the user knows (the target), never the
    temporary file beside it, so the message can say which file could not be written."""
    try:
        return _atomic_write(path, data, mode, follow)
    except OSError as exc:
        if exc.filename is not None and not Path(str(exc.filename)).name.endswith(".tmp"):
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def _atomic_write(path, data: bytes, mode: int | None, follow: bool) -> bool:
    """Write `data` to `path` whole or not at all. Returns False when it had to be written in
    place (see below), True for the usual atomic replace.

    An existing file keeps its permissions, owner and group (a group-shared report stays
    writable for the group); a new one gets what the umask allows -- never more than `mode`
    when given (the recovery file: no more access than the report it holds). Set-uid and
    set-gid bits are never carried over, and a target that is not a regular file (a folder, a
    FIFO, a device) is refused. A writable report in a folder the user may not write is saved
    in place: the only way to save it at all, but not atomic -- the caller says so.
    """
    import tempfile

    path, st = _target(Path(path), follow)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except PermissionError:
        if st is None or not os.access(path, os.W_OK):
            raise
        _write_in_place(path, data)
        return False
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if st is not None:
            perms = st.st_mode & 0o777
            if (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except PermissionError:
                    pass  # not ours to give away: the new file stays the writer's
        else:
            perms = 0o666 & ~_umask()
        if mode is not None:
            perms &= mode
        os.chmod(tmp, perms)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
    return True


def _write_in_place(path: Path, data: bytes) -> None:
    """Overwrite a writable file whose folder is closed to us. The space is reserved first, so a
    full disk fails before a byte changes; any other failure puts the old bytes back."""
    from .regular import read_regular

    old = read_regular(path, max(os.stat(path).st_size, len(data)) + (1 << 20))
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAFileTarget(errno.ENXIO, "Not a regular file", str(path))
        if len(data) > len(old) and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(fd, 0, len(data))
            except OSError as exc:
                os.ftruncate(fd, len(old))
                if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, getattr(errno, "ENOSYS", -1)):
                    raise
        try:
            write_all(fd, data)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except OSError:
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                write_all(fd, old)
                os.ftruncate(fd, len(old))
            except OSError:
                pass
            raise
    finally:
        os.close(fd)


class atomic_output:
    """A path to write a large output to (a Parquet or Excel file streamed by a library), renamed
    over `path` only when the writer finished: whole or not at all, like atomic_write."""

    def __init__(self, path, follow: bool = True) -> None:
        self.target, self.st = _target(Path(path), follow)
        self.tmp: str | None = None

    def __enter__(self) -> str:
        import tempfile

        directory = self.target.parent if str(self.target.parent) else Path(".")
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(self.target)) from None
        os.close(fd)
        return self.tmp

    def __exit__(self, kind, exc, tb) -> None:
        if kind is not None:
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass
            if isinstance(exc, OSError) and (exc.filename is None or str(exc.filename) == self.tmp):
                raise OSError(exc.errno, exc.strerror, str(self.target)) from None
            return
        try:
            fd = os.open(self.tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            os.chmod(self.tmp, (self.st.st_mode & 0o777) if self.st is not None else 0o666 & ~_umask())
            os.replace(self.tmp, self.target)
        except OSError as exc:
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass
            raise OSError(exc.errno, exc.strerror, str(self.target)) from None
