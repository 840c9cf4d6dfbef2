"""`nianbao sum REPORT... -o TOTAL.toml`: the roll-up an office publishes for its whole
government (format/workspace.py adds them up)."""

from __future__ import annotations

import sys

from nianbao.format.visible import one_line
from pathlib import Path

from nianbao.format.outcome import EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    from nianbao.format.file.atomic import atomic_write
    from nianbao.format.file.load import ReportError, read
    from nianbao.format.workspace import WorkspaceError, sum_reports
    from nianbao.format.file.write import dumps

    out = Path(args.output)
    if out.exists() and not args.force:
        print(f"nianbao：{one_line(out)} 已存在（覆盖请加 --force）", file=sys.stderr)
        return EXIT_UNREADABLE
    named = []
    for name in args.reports:
        try:
            named.append((name, read(name, args.template_dir).report))
        except ReportError as exc:
            print(exc, file=sys.stderr)
            return EXIT_UNREADABLE
    try:
        total = sum_reports(named, args.agency)
    except WorkspaceError as exc:
        print(f"nianbao：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    names = "、".join(f"{one_line(r.agency)}（{one_line(Path(n).name)}）" for n, r in named)
    comments = {"file_version": [f"# 汇总：{len(named)} 份 {total.year} 年度报告的各项数字之和：{names}。",
                                 "# 文字部分留空，由汇总单位撰写。"]}
    atomic_write(out, dumps(total, comments).encode("utf-8"))
    blanks = sum(1 for c in total.template.cells if total.cells[c] is None)
    print(f"已写入 {one_line(out)}：{len(named)} 份报告相加" + (f"，{blanks} 格在所有报告中都是空白" if blanks else ""),
          file=sys.stderr)
    return EXIT_OK
