"""`nianbao new FILE`: a complete blank report, or next year's from last year's (--from)."""

from __future__ import annotations

import sys

from nianbao.format.visible import one_line

from nianbao.format.outcome import EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    from pathlib import Path

    from nianbao.format.workspace import WorkspaceError, create_report_file, read_any

    source = None
    if args.source:  # a report file, or last year's report as published (PDF, web page, Word)
        got = read_any(Path(args.source), args.template_dir)
        if got.report is None:
            print(f"nianbao：{one_line(args.source)}：{got.problem}", file=sys.stderr)
            return EXIT_UNREADABLE
        source = got.report
    year = args.year if args.year is not None else (source.year + 1 if source else None)
    agency = args.agency if args.agency is not None else (source.agency if source else "")
    try:
        made = create_report_file(args.file, year, agency, args.template_dir, args.template, source,
                                  update_years=args.update_years)
    except WorkspaceError as exc:
        print(f"nianbao：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已新建 {one_line(args.file)}：{agency.strip()} {year} 年度报告（{made.template.name}）", file=sys.stderr)
    if source is not None:
        rules = "；".join(r.title for r in made.template.rules if r.kind == "carry")
        print(f"已从 {one_line(args.source)} 沿用机关名称和文字；按“{rules}”结转了 {made.carried} 格", file=sys.stderr)
        _years(made, source.year, year, args.update_years)
    elif args.update_years:
        print("nianbao：--update-years 只在有 --from 时有用", file=sys.stderr)
    return EXIT_OK


def _years(made, old: int, new: int, updated: bool) -> None:
    """What the copied text still says of last year: the sentences `check` will warn about
    (printed through the CLI's sanitising streams, as all report text)."""
    if made.rewritten:
        print(f"已把 {len(made.rewritten)} 句里的 {old} 年改为 {new} 年（统计期限、句首的年份）：", file=sys.stderr)
        for _part, before, after in made.rewritten:
            print(f"  「{before}」\n  -> 「{after}」", file=sys.stderr)
    if made.stale:
        how = "请逐句核对" if updated else f"加 --update-years 可把统计期限和句首的年份改成 {new} 年，其余请逐句核对"
        print(f"从上年抄来的文字里还有 {len(made.stale)} 句的年份不是 {new} 年（{how}）：", file=sys.stderr)
        for f in made.stale:
            print(f"  {f.quote or f.message}", file=sys.stderr)
