"""`nianbao log FILE`: the report's commits, with how many figures and sentences each changed."""

from __future__ import annotations

import sys

from nianbao.format.visible import one_line

from nianbao.format.outcome import EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    from nianbao.format.compare import history

    try:
        entries = history.log(args.file, args.template_dir)
    except history.GitProblem as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    if not entries:
        print(f"{one_line(args.file)} 还没有提交记录", file=sys.stderr)
    for e in entries:
        counts = "（首次提交）" if e.figures is None else f"数字 {e.figures} 处，文字 {e.sentences} 句"
        print(f"{e.sha}  {e.date}  {one_line(e.author)}  {counts}  {one_line(e.subject)}")
    return EXIT_OK
