"""Reading only regular files: the one read path for reports, locks, recovery files and
imported sources (a file planted beside a report may be a FIFO or a link to a device)."""

from __future__ import annotations

import errno
import os


class NotRegular(OSError):
    """A path that is no regular file (a FIFO, a device, a socket, a folder): never read."""


def read_regular(path, limit: int) -> bytes:
    """The bytes of a regular file, at most `limit` of them (OSError beyond). Opened without
    blocking and checked on the open descriptor: a FIFO or a link to /dev/zero planted where a
    report, lock or recovery file is expected is refused at once, not waited on or read until
    memory runs out -- the limit counts the bytes read, not what the file claims to hold."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(errno.ENXIO, "Not a regular file", str(path))
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
