"""`nianbao render FILE --to FORMAT`: the report in the official layout."""

from __future__ import annotations

import sys

from nianbao.format.visible import one_line

from nianbao.format.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    from nianbao.format.output import render
    from nianbao.format.rules.check import check
    from nianbao.format.file.atomic import atomic_write
    from nianbao.format.file.load import ReportError, read

    try:
        loaded = read(args.file, args.template_dir)
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    errors = [f for f in check(loaded.report) if f.severity == "error"]
    for f in errors:
        line = loaded.line_of(f.cell) if f.cell else 1
        print(f"{one_line(args.file)}:{line}: {f.severity_zh} {f.rule} {f.message}", file=sys.stderr)
    if errors and args.strict:
        print(f"nianbao：{one_line(args.file)} 有 {len(errors)} 个错误，--strict 时不输出", file=sys.stderr)
        return EXIT_FINDINGS
    if args.to == "docx":
        if not args.output:
            print("nianbao：Word 文件请用 -o 指定输出文件，如 -o 2024.docx", file=sys.stderr)
            return EXIT_UNREADABLE
        from nianbao.format.output.render_docx import render_docx
        atomic_write(args.output, render_docx(loaded.report))
        print(f"已写入 {one_line(args.output)}", file=sys.stderr)
        return EXIT_OK
    if args.to == "text":
        if not 40 <= args.width <= 1000:
            print("nianbao：--width 应在 40 到 1000 之间", file=sys.stderr)
            return EXIT_UNREADABLE
        text = render.render_text(loaded.report, args.width, args.ambiguous_width)
    else:
        text = render.RENDERERS[args.to](loaded.report)
    if args.output:
        atomic_write(args.output, text.encode("utf-8"))
        print(f"已写入 {one_line(args.output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK
