"""The reports around one report: last year's, and every template that could apply.

One home for what both `nianbao check` and the editor need, so that the editor's
live status is exactly what `check` says on the saved file: the same previous
report (cross-year rules X-CARRY, X-VALID) and the same template list (the
year-range rule names the template that would fit).
"""

from __future__ import annotations

from pathlib import Path

from .load import ReportError, read
from .report import Report


def previous_path(path, report: Report, given=None) -> Path | None:
    """Where last year's report is: the file given, or `Y-1.toml` beside `path` if it exists."""
    if given:
        return Path(given)
    candidate = Path(path).with_name(f"{report.year - 1}.toml")
    try:
        if not candidate.is_file() or candidate.resolve() == Path(path).resolve():
            return None
    except OSError:
        return None
    return candidate


def previous_report(path, report: Report, given=None, template_dirs=None) -> tuple[Report | None, str | None]:
    """Last year's report for the cross-year rules, or (None, why not) when one was found but
    cannot serve; (None, None) when there is none."""
    candidate = previous_path(path, report, given)
    if candidate is None:
        return None, None
    try:
        prev = read(candidate, template_dirs).report
    except ReportError as exc:
        return None, f"上年的报告无法读取：{exc}"
    if prev.year != report.year - 1:
        return None, f"{candidate} 是 {prev.year} 年度的报告，不是 {report.year - 1} 年度的：未做跨年度检查"
    return prev, None


def all_templates(template_dirs=None) -> list:
    """Every template on the search path (TemplateError if one is broken)."""
    from . import template as templates

    return [templates.load_file(p) for p in templates.available(template_dirs).values()]
