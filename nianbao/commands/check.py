"""`nianbao check FILE...`: every rule of the report's template, with last year's report when it is beside it."""

from __future__ import annotations

import sys

from nianbao.format.visible import one_line

import json

from nianbao.format.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    from nianbao.format.model import template as templates
    from nianbao.format.rules.check import check
    from nianbao.format.file.load import ReportError, read

    from nianbao.format.workspace import all_templates as find_templates
    from nianbao.format.workspace import previous_report

    all_templates = []
    try:
        all_templates = find_templates(args.template_dir)
    except templates.TemplateError as exc:
        print(f"nianbao：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    status = EXIT_OK
    rows: list[dict] = []
    errors = warnings = unreadable = 0
    out = sys.stdout
    for path in args.files:
        try:
            loaded = read(path, args.template_dir)
        except ReportError as exc:
            status = EXIT_UNREADABLE
            unreadable += 1
            print(f"{exc}", file=sys.stderr)
            rows.append({"file": path, "line": exc.line, "column_no": exc.col, "rule": "READ",
                         "severity": "error", "message": exc.message, "table": None,
                         "row": None, "column": None})
            continue
        tpl = loaded.report.template
        previous, prev_problem = previous_report(path, loaded.report, args.prev, args.template_dir)
        if prev_problem:
            print(prev_problem, file=sys.stderr)
            status = EXIT_UNREADABLE
        for f in check(loaded.report, all_templates, previous):
            line = loaded.line_of_finding(f)
            if f.severity == "error":
                errors += 1
                status = max(status, EXIT_FINDINGS)
            else:
                warnings += 1
            if args.format == "text":
                out.write(f"{one_line(path)}:{line}: {f.severity_zh} {f.rule} {f.message}\n")
            else:
                rows.append({"file": path, "line": line, **f.as_json(tpl)})
    if args.format == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        n = len(args.files)
        verdict = "勾稽关系：全部通过" if errors == warnings == unreadable == 0 else \
            f"{errors} 个错误，{warnings} 个警告"
        if unreadable:
            verdict = f"{unreadable} 个无法读取，{verdict}"
        print(f"共检查 {n} 个文件：{verdict}", file=sys.stderr)
    return status


