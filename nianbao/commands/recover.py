"""`nianbao recover FILE`: look at, restore or discard what the editor kept after a crash."""

from __future__ import annotations

import sys

from nianbao.format.visible import one_line

from nianbao.format.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    from pathlib import Path

    from nianbao.format.file import recovery
    from nianbao.format.compare.diff import compare
    from nianbao.format.file.atomic import IN_PLACE, atomic_write
    from nianbao.format.file.load import ReportError, read

    path = Path(args.file)
    rp = recovery.recovery_path(path)
    if not rp.exists():
        print(f"nianbao：{one_line(path.name)} 没有未保存的修改（没有 {one_line(rp.name)}）", file=sys.stderr)
        return EXIT_UNREADABLE
    if recovery.pending(path) is None and not (args.discard or args.restore):
        print(f"注意：{one_line(rp.name)} 比报告旧（报告在那之后保存过），恢复会退回到旧的内容", file=sys.stderr)
    try:
        saved = read(rp, args.template_dir)
    except ReportError as exc:
        print(f"恢复文件无法读取：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.discard:
        recovery.discard(path)
        print(f"已丢弃 {one_line(path.name)} 未保存的修改", file=sys.stderr)
        return EXIT_OK
    try:
        holder = recovery.lock(path)
    except OSError:
        holder = None  # a read-only folder or a full disk: nothing to lock; the write below says why it fails
    if holder is not None:
        print(f"nianbao：{one_line(path.name)} 正在被 {holder} 编辑，请在那里保存或退出后再恢复", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        if args.restore:  # even over a report that no longer loads
            from nianbao.format.file.regular import read_regular
            from nianbao.format.file.load import MAX_BYTES

            atomic = atomic_write(path, read_regular(rp, MAX_BYTES))
            recovery.discard(path)
            print(f"已把未保存的修改写入 {one_line(path.name)}" + ("" if atomic else f"（{IN_PLACE}）"), file=sys.stderr)
            return EXIT_OK
        current = read(path, args.template_dir).report if path.exists() else None
        diff = compare(current, saved.report) if current is not None else None
        if diff is None:
            print(f"{one_line(path.name)} 已不存在；恢复文件是完整的报告，用 --restore 写回", file=sys.stderr)
        else:
            for line in diff.lines():
                print(line)
        print(f"（恢复：nianbao recover {one_line(args.file)} --restore；丢弃：nianbao recover {one_line(args.file)} --discard）",
              file=sys.stderr)
        return EXIT_FINDINGS
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    finally:
        recovery.unlock(path)
