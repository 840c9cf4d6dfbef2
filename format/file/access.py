"""What will not work on a report's file system, said when the report is opened rather than at
the first failed save: a full disk, a folder the user may not write, a file they may not write."""

from __future__ import annotations

import os
from pathlib import Path


def limits(path) -> list[str]:
    """Chinese sentences, most serious first; empty when saving, the recovery file and the lock
    should all work."""
    path = Path(os.path.realpath(path))
    folder = path.parent
    said = []
    try:
        st = os.statvfs(folder)
        full = st.f_bavail * st.f_frsize < 64 * 1024
    except OSError:
        full = False
    writable_file = os.access(path, os.W_OK)
    writable_folder = os.access(folder, os.W_OK | os.X_OK)
    if full:
        said.append("磁盘已满：现在不能保存，也写不了恢复文件（腾出空间后再按 Ctrl+S，修改不会丢）")
    if not writable_folder:
        if writable_file:
            said.append("目录不可写：没有恢复文件和锁文件；保存时直接改写原文件（不是原子写入）")
        else:
            said.append("文件和目录都不可写：不能保存，也没有恢复文件和锁文件")
    return said
