"""`nianbao new FILE`: a complete blank report, or next year's from last year's (--from)."""

from __future__ import annotations

import sys

from nianbao.format.outcome import EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    from pathlib import Path

    from nianbao.format.workspace import WorkspaceError, create_report_file, read_any

    source = None
    if args.source:  # a report file, or last year's report as published (PDF, web page, Word)
        got = read_any(Path(args.source), args.template_dir)
        if got.report is None:
            print(f"nianbao：{args.source}：{got.problem}", file=sys.stderr)
            return EXIT_UNREADABLE
        source = got.report
    year = args.year if args.year is not None else (source.year + 1 if source else None)
    agency = args.agency if args.agency is not None else (source.agency if source else "")
    try:
        made = create_report_file(args.file, year, agency, args.template_dir, args.template, source)
    except WorkspaceError as exc:
        print(f"nianbao：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已新建 {args.file}：{agency.strip()} {year} 年度报告（{made.template.name}）", file=sys.stderr)
    if source is not None:
        rules = "；".join(r.title for r in made.template.rules if r.kind == "carry")
        print(f"已从 {args.source} 沿用机关名称和文字；按“{rules}”结转了 {made.carried} 格", file=sys.stderr)
    return EXIT_OK
