"""`nianbao audit DIR...` and `nianbao sum REPORT... -o TOTAL.toml`.

audit: every report in the folders -- report files, and published .txt/.html/.docx reports
imported on the fly -- checked with every rule, with last year's report when one is at hand
(--prev-dir, or the same agency's Y-1 report among the files), plus the evaluator's checks
(format/rules/audit.py). One line per report, then totals per rule. Exit 1 when any report has an
error, 2 when none could be read.

sum: the roll-up an office publishes for its whole government: every figure the sum of the
given reports' (same template and year), prose left empty for the author.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from nianbao.progress import Progress

from nianbao.format.visible import one_line
from nianbao.format.workspace import Audited, audit_folder, exports_in, report_files

from nianbao.format.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    files = report_files(args.places)
    skipped = exports_in(args.places)
    if skipped:
        print(f"跳过 {len(skipped)} 个文件（与同名的 .toml 是同一份报告：它的导出或导入来源）：{'、'.join(one_line(f.name) for f in skipped)}",
              file=sys.stderr)
    if not files:
        print("nianbao：没有找到报告文件（.toml，或 .txt .html .docx 等已发布的报告）", file=sys.stderr)
        return EXIT_UNREADABLE
    bar = Progress(len(files), enabled=sys.stderr.isatty() and args.format == "text")
    items = audit_folder(args.places, args.template_dir, args.prev_dir, args.kind,
                         lambda i, n, path: bar.step(i - 1, path.name))
    bar.finish()
    _print(items, args.format)
    if all(a.report is None for a in items):
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if any(a.errors for a in items) else EXIT_OK


def _row(a: Audited) -> dict:
    r = a.report
    rules = sorted({f.rule for f in a.findings})
    return {"file": str(a.path), "agency": r.agency if r else None, "year": r.year if r else None,
            "template": r.template.id if r else None, "errors": a.errors, "warnings": a.warnings,
            "rules": rules, "imported": a.imported, "import_gaps": a.gaps, "problem": a.problem or None,
            "findings": [f.as_json(r.template) for f in a.findings]}


def _print(items: list[Audited], fmt: str) -> None:
    rows = [_row(a) for a in items]
    if fmt == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        from nianbao.format.output.spreadsheet import csv_text

        table = [["file", "agency", "year", "template", "errors", "warnings", "rules", "import_gaps", "problem"]]
        table += [[r["file"], r["agency"] or "", r["year"] or "", r["template"] or "", r["errors"],
                   r["warnings"], " ".join(r["rules"]), r["import_gaps"], r["problem"] or ""] for r in rows]
        sys.stdout.write(csv_text(table))
        return
    for a in items:
        if a.report is None:
            print(f"{one_line(a.path.name)}：无法读取（{a.problem}）")
            continue
        r = a.report
        rules = "、".join(f"{k}×{n}" if n > 1 else k for k, n in sorted(Counter(f.rule for f in a.findings).items()))
        extra = f"，导入时 {a.gaps} 处未读入" if a.gaps else ""
        print(f"{one_line(a.path.name)}：{one_line(r.agency)} {r.year} 年度（{r.template.id}），{a.errors} 个错误，{a.warnings} 个警告"
              f"{extra}{'：' + rules if rules else ''}")
    per_rule = Counter(f.rule for a in items for f in a.findings)
    reports_with = Counter(rule for a in items for rule in {f.rule for f in a.findings})
    readable = sum(a.report is not None for a in items)
    print(f"\n共 {len(items)} 份报告（{readable} 份可读），"
          f"{sum(1 for a in items if a.errors)} 份有错误，{sum(1 for a in items if a.warnings)} 份有警告")
    for rule, n in sorted(per_rule.items(), key=lambda kv: (-reports_with[kv[0]], kv[0])):
        print(f"  {rule}：{reports_with[rule]} 份报告，{n} 处")


# ---------------------------------------------------------------- sum
