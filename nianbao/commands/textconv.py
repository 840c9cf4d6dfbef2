"""`nianbao textconv FILE`: one line per figure and sentence, for git diff."""

from __future__ import annotations

import sys

from nianbao.format.outcome import EXIT_OK


def run(args) -> int:
    """For git: never fail, never print nothing -- an unreadable file is shown as it is."""
    from nianbao.format.compare.diff import flatten
    from nianbao.format.file.load import ReportError, read

    try:
        lines = flatten(read(args.file, args.template_dir).report)
        sys.stdout.write("\n".join(lines) + "\n")
    except ReportError as exc:
        sys.stdout.write(f"# nianbao：{exc}\n")
        try:
            with open(args.file, encoding="utf-8", errors="replace") as fh:
                sys.stdout.write(fh.read())
        except OSError:
            pass
    return EXIT_OK
