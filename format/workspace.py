"""The reports around one report, and the tasks over many: last year's report, every
template that could apply, the reports in a folder read and audited, next year's report
started from this year's.

One home for what both `nianbao check` and the editor need, so that the editor's
live status is exactly what `check` says on the saved file: the same previous
report (cross-year rules X-CARRY, X-VALID) and the same template list (the
year-range rule names the template that would fit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .load import ReportError, read
from .report import Report, text_parts
from .template import Cell
from .totals import apply


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


PUBLISHED = {".txt", ".htm", ".html", ".shtml", ".docx", ".md"}


@dataclass
class Audited:
    path: Path
    report: object = None
    findings: list = field(default_factory=list)
    problem: str = ""  # could not be read at all
    gaps: int = 0  # figures an import could not place
    imported: bool = False

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings) + (1 if self.problem else 0)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


def report_files(places: list[str]) -> list[Path]:
    out = []
    for place in places:
        p = Path(place)
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")
                          and (f.suffix == ".toml" or f.suffix.lower() in PUBLISHED))
        elif p.exists():
            out.append(p)
    return out


def read_any(path: Path, template_dirs) -> Audited:
    """A report file, or a published text imported on the fly; never raises for a bad file."""
    from .import_report import build
    from .import_source import NotAReport, read as read_source

    if path.suffix == ".toml":
        try:
            return Audited(path, read(path, template_dirs).report)
        except ReportError as exc:
            return Audited(path, problem=str(exc))
    try:
        got = build(read_source(path))
    except NotAReport as exc:
        return Audited(path, problem=f"不是年度报告：{exc}")
    return Audited(path, got.report, gaps=len(got.gaps), imported=True)


def audit_folder(places: list[str], template_dirs=None, prev_dir=None, kind=None, progress=None) -> list[Audited]:
    """Every report in the places, read (or imported) and checked: what `audit` prints and the
    editor's folder screen shows."""
    from .audit import audit
    from .check import check

    files = report_files(places)
    templates = all_templates(template_dirs)
    items: list[Audited] = []
    for i, path in enumerate(files, 1):
        if progress:
            progress(i, len(files), path)
        items.append(read_any(path, template_dirs))
    previous = [read_any(p, template_dirs) for p in report_files([prev_dir])] if prev_dir else []
    known = {(a.report.agency, a.report.year): a.report for a in items + previous if a.report is not None}
    for a in items:
        if a.report is None:
            continue
        prev = known.get((a.report.agency, a.report.year - 1))
        a.findings = check(a.report, templates, prev) + audit(a.report, prev, kind)
    return items


def carry_forward(last: Report, new: Report) -> int:
    """Start next year's report from last year's: agency and prose kept, figures zero except the
    carried-over row. Which row carries into which comes from the template's `carry` rule.
    Returns how many cells were carried."""
    for part, _title in text_parts(new.template):
        if last.text(part):
            new.set_text(part, last.text(part))
    carried = 0
    for rule in new.template.rules:
        if rule.kind != "carry":
            continue
        block = new.template.tables[rule.table].block_of(rule.target)
        for col in block.columns:
            source = Cell(rule.table, rule.source, col.id)
            target = Cell(rule.table, rule.target, col.id)
            if last.template.has_cell(source) and last.value(source) is not None \
                    and target not in new.template.total_cells():
                new.cells[target] = last.value(source)
                carried += 1
    apply(new)
    return carried
