"""What went wrong with a file, in Chinese: the message every failed read or write shows.

An OSError's own text is English errno prose (「[Errno 28] No space left on device」); the clerk
needs the file and the cause in words they can act on -- free some space, ask the owner, pick
another folder.
"""

from __future__ import annotations

import errno
import os

_CAUSES = {
    errno.ENOSPC: "磁盘空间不足，请腾出空间后再试",
    errno.EDQUOT: "超出了磁盘配额，请清理或请管理员调整配额后再试",
    errno.EROFS: "所在的文件系统是只读的，无法写入",
    errno.EISDIR: "这是一个目录，这里需要的是文件",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.ENOENT: "文件或目录不存在（也许刚被移走或改名）",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EIO: "读写出错（磁盘或网络文件系统故障）",
    errno.EEXIST: "文件已存在",
    errno.ENXIO: "这不是普通文件（是目录、设备、管道或套接字），不会读写",
    errno.EFBIG: "文件过大，不是报告文件",
}


def describe(exc: OSError, path=None, within=None) -> str:
    """「FILE：原因」 for an OSError: the file it names (or `path`) and the cause in Chinese.
    `within`: the folder the user is working in (the editor's report's); a file there is named
    by its name alone, so the cause still fits on an 80-column status line."""
    name = exc.filename if exc.filename is not None else path
    if exc.errno in (errno.EACCES, errno.EPERM):
        cause = "没有权限" + _owner(name)
    else:
        cause = _CAUSES.get(exc.errno, exc.strerror or str(exc))
    if name is None:
        return cause
    shown = str(name)
    if within is not None:
        folder = os.path.abspath(str(within))
        full = os.path.abspath(shown)
        if os.path.dirname(full) == folder:
            shown = os.path.basename(full)
    return f"{shown}：{cause}"


def _owner(name) -> str:
    """「（属于 wang）」: whom to ask, when the file or its folder is someone else's."""
    if name is None:
        return ""
    for candidate in (str(name), os.path.dirname(os.path.abspath(str(name)))):
        try:
            uid = os.stat(candidate).st_uid
        except OSError:
            continue
        if uid == os.getuid():
            return ""
        try:
            import pwd

            return f"（属于 {pwd.getpwuid(uid).pw_name}）"
        except (KeyError, ImportError):
            return f"（属于用户 {uid}）"
    return ""

