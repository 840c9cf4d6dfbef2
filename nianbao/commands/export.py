"""`nianbao export DIR|FILE... -o OUT.parquet|.csv|.xlsx`: every figure of every report as one
table (format/output/figures_table.py); published .txt/.html/.docx/.pdf imported on the fly."""

from __future__ import annotations

import sys
from pathlib import Path

from nianbao.format.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from nianbao.format.visible import one_line
from nianbao.progress import Progress


def run(args) -> int:
    from nianbao.format.file.atomic import atomic_output
    from nianbao.format.output.figures_table import WRITERS, rows_of
    from nianbao.format.workspace import read_any, report_files

    out = Path(args.output)
    writer = WRITERS.get(out.suffix.lower())
    if writer is None:
        print(f"nianbao：不知道怎样写 {one_line(out.name)}：输出文件应以 .parquet、.csv 或 .xlsx 结尾", file=sys.stderr)
        return EXIT_UNREADABLE
    if out.exists() and not args.force:
        print(f"nianbao：{one_line(out)} 已存在（覆盖请加 --force）", file=sys.stderr)
        return EXIT_UNREADABLE
    files = report_files(args.places)
    if not files:
        print("nianbao：没有找到报告文件（.toml，或 .txt .html .docx .pdf 等已发布的报告）", file=sys.stderr)
        return EXIT_UNREADABLE
    bar = Progress(len(files))
    unread: list[str] = []
    reports = 0

    def rows():
        nonlocal reports
        for i, path in enumerate(files, 1):
            got = read_any(path, args.template_dir)
            bar.step(i, path.name)
            if got.report is None:
                unread.append(f"{one_line(path.name)}：{got.problem}")
                continue
            reports += 1
            yield from rows_of(path, got.report)

    with atomic_output(out) as tmp:
        n = writer(tmp, rows())
    bar.finish()
    for line in unread:
        print(f"  未能读取 {line}", file=sys.stderr)
    print(f"已写入 {one_line(out)}：{reports} 份报告，{n} 个数字" + (f"，{len(unread)} 个文件未能读取" if unread else ""),
          file=sys.stderr)
    return EXIT_FINDINGS if unread else EXIT_OK
