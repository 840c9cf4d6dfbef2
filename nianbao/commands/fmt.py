"""`nianbao fmt FILE...`: the canonical layout, comments kept, values untouched."""

from __future__ import annotations

import sys

from nianbao.format.visible import one_line

from nianbao.format.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    from nianbao.format.file.comments import extract
    from nianbao.format.file.atomic import IN_PLACE, atomic_write
    from nianbao.format.file.load import ReportError, read
    from nianbao.format.file.write import dumps

    status = EXIT_OK
    for path in args.files:
        try:
            loaded = read(path, args.template_dir)
        except ReportError as exc:
            print(exc, file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        text = dumps(loaded.report, extract(loaded.text, loaded.report.template))
        if "\r\n" in loaded.text:
            text = text.replace("\n", "\r\n")
        if text == loaded.text:
            continue
        if args.check:
            print(f"{one_line(path)}: 不是标准排版（运行 nianbao fmt {one_line(path)} 整理）", file=sys.stderr)
            status = max(status, EXIT_FINDINGS)
            continue
        atomic = atomic_write(path, (b"\xef\xbb\xbf" if loaded.bom else b"") + text.encode("utf-8"))
        print(f"已整理：{one_line(path)}" + ("" if atomic else f"（{IN_PLACE}）"), file=sys.stderr)
    return status
