"""`nianbao merge-driver %O %A %B %P`: git's merge driver for report files, and `nianbao resolve
FILE` for a file git already filled with conflict markers.

The driver writes the merge into %A (ours, with its layout and comments) and exits 0 when every
change merged, 1 when a figure, sentence or detail was changed differently on both sides -- git
then stops with the file conflicted, and `check`, the editor and FORMAT.md explain the
[[conflict]] tables. Files that are not two versions of one report (unreadable, another
template) are left to git's own line merge, so a merge never fails because of the driver.
"""

from __future__ import annotations

import sys

from nianbao.format.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from nianbao.format.visible import one_line


def run(args) -> int:
    from nianbao.format.compare.merge import CannotMerge, merge
    from nianbao.format.file.document import ReportFile
    from nianbao.format.file.load import ReportError, read

    try:
        base = read(args.base, args.template_dir).report
        ours_file = ReportFile.open(args.ours, args.template_dir)
        theirs = read(args.theirs, args.template_dir).report
        merged = merge(base, ours_file.report, theirs)
    except (ReportError, CannotMerge) as exc:
        print(f"nianbao merge-driver：{one_line(args.path or args.ours)}：{exc}；改用 git 的逐行合并", file=sys.stderr)
        return _line_merge(args)
    write_merged(ours_file, merged)
    name = one_line(args.path or args.ours)
    taken = len(merged.cells) + len(merged.texts) + len(merged.meta)
    if merged.conflicts:
        print(f"nianbao：{name} 有 {len(merged.conflicts)} 处冲突（两边把同一处改成了不同的内容）："
              f"用 nianbao check {name} 查看，或在编辑器里解决", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"nianbao：已按格合并 {name}（采用对方 {taken} 处修改，合计已重新计算）", file=sys.stderr)
    return EXIT_OK


def write_merged(doc, merged) -> None:
    """Our file, with their changes and the conflicts put in place (our layout and comments)."""
    report = merged.report
    for cell in merged.report.template.cells:
        if report.value(cell) != doc.report.value(cell) or type(report.value(cell)) is not type(doc.report.value(cell)):
            doc.set_cell(cell, report.value(cell))
    for part in merged.texts:
        doc.set_text(part, report.text(part))
    for key in merged.meta:
        doc.set_meta(key, getattr(report, key))
    doc.set_conflicts(report.conflicts)
    doc.save()


def _line_merge(args) -> int:
    """git's own three-way line merge into %A (what git does without a driver)."""
    from nianbao.format.compare.history import line_merge

    return EXIT_OK if line_merge(args.ours, args.base, args.theirs) else EXIT_FINDINGS


def resolve(args) -> int:
    """A file with git's conflict markers -> the conflict form (ours in place, each difference a
    [[conflict]] table), when both sides of every region read as a report."""
    from pathlib import Path

    from nianbao.format.compare.merge import CannotMerge, merge
    from nianbao.format.file.document import ReportFile
    from nianbao.format.file.load import MAX_BYTES, ReportError, loads
    from nianbao.format.file.markers import NoMarkers, sides
    from nianbao.format.file.regular import read_regular

    path = Path(args.file)
    try:
        text = read_regular(path, MAX_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"nianbao：无法读取 {one_line(path)}：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        ours_text, base_text, theirs_text = sides(text)
    except NoMarkers:
        print(f"nianbao：{one_line(path)} 里没有 git 冲突标记，无需 resolve", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        ours = loads(ours_text, str(path), args.template_dir)
        theirs = loads(theirs_text, str(path), args.template_dir).report
        base = loads(base_text, str(path), args.template_dir).report if base_text is not None else None
        merged = merge(base, ours.report, theirs)
    except (ReportError, CannotMerge) as exc:
        print(f"nianbao：{one_line(path)} 的冲突不在数字或句子上，无法转换（{exc}）；请在文本编辑器里手工解决",
              file=sys.stderr)
        return EXIT_UNREADABLE
    from nianbao.format.file.atomic import atomic_write

    atomic_write(path, ours_text.encode("utf-8"))  # ours, without markers: then the conflicts beside it
    doc = ReportFile.open(path, args.template_dir)
    write_merged(doc, merged)
    print(f"已把 {one_line(path)} 的 git 冲突标记转换为 {len(merged.conflicts)} 处冲突"
          f"（nianbao check 列出，编辑器里逐处解决）", file=sys.stderr)
    return EXIT_FINDINGS if merged.conflicts else EXIT_OK
