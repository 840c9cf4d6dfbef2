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
from pathlib import Path
import sys
from collections import Counter

from nianbao.progress import Progress

from nianbao.format.visible import one_line
from nianbao.format.workspace import exports_in, report_files

from nianbao.format.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    from nianbao.format.corpus import audit_rows

    files = report_files(args.places)
    skipped = exports_in(args.places)
    if skipped:
        print(f"跳过 {len(skipped)} 个文件（与同名的 .toml 是同一份报告：它的导出或导入来源）：{'、'.join(one_line(f.name) for f in skipped)}",
              file=sys.stderr)
    if not files:
        print("nianbao：没有找到报告文件（.toml，或 .txt .html .docx 等已发布的报告）", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.jobs is not None and args.jobs < 1:
        print("nianbao：--jobs 至少为 1", file=sys.stderr)
        return EXIT_UNREADABLE
    suffix = Path(args.output).suffix.lower() if args.output else None
    if suffix not in (None, ".xlsx", ".html"):
        print("nianbao：audit -o 的输出文件应以 .xlsx（工作簿）或 .html（网页）结尾", file=sys.stderr)
        return EXIT_UNREADABLE
    bar = Progress(len(files), enabled=sys.stderr.isatty() and args.format == "text")
    rows = audit_rows(args.places, args.template_dir, args.prev_dir, args.kind, args.jobs,
                      lambda i, n, path: bar.step(i, path.name))
    out = _Out(args.format)
    book, written = _output_file(args, suffix)
    try:
        for row in rows:
            bar.clear()
            out.add(row)
            if book is not None:
                book.add(row)
    except BaseException as exc:
        if written is not None:
            written.__exit__(type(exc), exc, None)  # no half-written workbook
        if not isinstance(exc, KeyboardInterrupt):
            raise
        bar.clear()
        out.finish()
        print(f"nianbao：已中断，已审查 {out.count}/{len(files)} 份（以上是已完成的部分）", file=sys.stderr)
        return 130
    bar.finish()
    out.finish()
    if book is not None:
        book.close()
        if written is not None:
            written.__exit__(None, None, None)
        print(f"已写入 {one_line(args.output)}", file=sys.stderr)
    if out.readable == 0:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if out.with_errors else EXIT_OK


def _output_file(args, suffix):
    """(writer, atomic output or None) for `-o`: the workbook or the page."""
    if suffix == ".xlsx":
        from nianbao.format.file.atomic import atomic_output
        from nianbao.format.output.audit_book import AuditBook

        written = atomic_output(args.output)
        return AuditBook(written.__enter__()), written
    if suffix == ".html":
        from nianbao.format.output.audit_page import AuditPage

        return AuditPage(args.output, _received_last_year(args) if args.prev_dir else None), None
    return None, None


def _received_last_year(args) -> dict[str, int]:
    """Last year's applications received, by agency (for the page's year-over-year chart)."""
    from nianbao.format.corpus import received
    from nianbao.format.workspace import read_any

    out = {}
    for path in report_files([args.prev_dir]):
        r = read_any(path, args.template_dir).report
        if r is not None and received(r) is not None:
            out[r.agency] = received(r)
    return out


class _Out:
    """The audit's output, written as the rows arrive (a corpus is never held in memory): one
    line per report and the totals (text), a JSON array, or CSV."""

    def __init__(self, fmt: str) -> None:
        self.fmt, self.count, self.readable, self.with_errors, self.with_warnings = fmt, 0, 0, 0, 0
        self.per_rule: Counter = Counter()
        self.reports_with: Counter = Counter()
        if fmt == "csv":
            from nianbao.format.output.spreadsheet import csv_text

            self._csv = csv_text
            sys.stdout.write(csv_text([CSV_HEAD]))
        elif fmt == "json":
            sys.stdout.write("[")

    def add(self, r: dict) -> None:
        self.count += 1
        self.readable += r["template"] is not None
        self.with_errors += bool(r["errors"])
        self.with_warnings += bool(r["warnings"])
        rules = [f["rule"] for f in r["findings"]]
        self.per_rule.update(rules)
        self.reports_with.update(set(rules))
        if self.fmt == "json":
            element = json.dumps([r], ensure_ascii=False, indent=1)[2:-2]  # as json.dump of the whole list
            sys.stdout.write(("," if self.count > 1 else "") + "\n" + element)
        elif self.fmt == "csv":
            sys.stdout.write(self._csv([[r["file"], r["agency"] or "", r["year"] or "", r["template"] or "",
                                         r["errors"], r["warnings"], " ".join(r["rules"]), r["import_gaps"],
                                         r["problem"] or ""]]).removeprefix("\ufeff"))
        elif r["template"] is None:
            print(f"{one_line(Path(r['file']).name)}：无法读取（{r['problem']}）")
        else:
            counts = Counter(rules)
            said = "、".join(f"{k}×{n}" if n > 1 else k for k, n in sorted(counts.items()))
            extra = f"，导入时 {r['import_gaps']} 处未读入" if r["import_gaps"] else ""
            print(f"{one_line(Path(r['file']).name)}：{one_line(r['agency'])} {r['year']} 年度（{r['template']}），"
                  f"{r['errors']} 个错误，{r['warnings']} 个警告{extra}{'：' + said if said else ''}")
        sys.stdout.flush()

    def finish(self) -> None:
        if self.fmt == "json":
            sys.stdout.write("\n]\n" if self.count else "]\n")
            return
        if self.fmt == "csv":
            return
        print(f"\n共 {self.count} 份报告（{self.readable} 份可读），"
              f"{self.with_errors} 份有错误，{self.with_warnings} 份有警告")
        for rule, n in sorted(self.per_rule.items(), key=lambda kv: (-self.reports_with[kv[0]], kv[0])):
            print(f"  {rule}：{self.reports_with[rule]} 份报告，{n} 处")


CSV_HEAD = ["file", "agency", "year", "template", "errors", "warnings", "rules", "import_gaps", "problem"]


# ---------------------------------------------------------------- sum
