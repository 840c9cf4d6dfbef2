"""The reports around one report, and the tasks over many: last year's report, every
template that could apply, the reports in a folder read and audited, next year's report
started from this year's.

One home for what both `nianbao check` and the editor need, so that the editor's
live status is exactly what `check` says on the saved file: the same previous
report (cross-year rules X-CARRY, X-VALID) and the same template list (the
year-range rule names the template that would fit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple
from pathlib import Path

from .file.load import ReportError, read
from .model.report import Report, text_parts
from .model.template import Cell
from .outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE
from .model.totals import apply
from .visible import one_line


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


def report_to_compare(path, report: Report, template_dirs=None) -> tuple[int, Path, Report] | None:
    """The report to compare this one with (the editor's F11): last year's, found as `check` finds
    it, else the nearest earlier year among the report files beside it. (year, path, report)."""
    prev, _problem = previous_report(path, report, None, template_dirs)
    if prev is not None:
        return prev.year, previous_path(path, report), prev
    here = Path(path)
    best = None
    for other_path in sorted(here.parent.glob("*.toml")):
        try:
            if not other_path.is_file() or other_path.resolve() == here.resolve():
                continue
            other = read(other_path, template_dirs).report
        except (OSError, ReportError):
            continue
        if other.year < report.year and (best is None or other.year > best[0]):
            best = (other.year, other_path, other)
    return best


def all_templates(template_dirs=None) -> list:
    """Every template on the search path (TemplateError if one is broken)."""
    from .model import template as templates

    return [templates.load_file(p) for p in templates.available(template_dirs).values()]


# Published reports read on the fly (imported) wherever a report is accepted.
PUBLISHED = {".txt", ".text", ".htm", ".html", ".shtml", ".xhtml", ".docx", ".doc", ".md", ".pdf"}


@dataclass
class Audited:
    path: Path
    report: object = None
    findings: list = field(default_factory=list)
    problem: str = ""  # could not be read at all
    gaps: int = 0  # figures an import could not place
    imported: bool = False
    loaded: object = None  # the report file as read (its line numbers), when it is one

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings) + (1 if self.problem else 0)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


# What `nianbao render -o` and the editor's F12 w write beside a report: its name, another suffix.
EXPORTS = {".txt", ".html", ".htm", ".docx", ".md", ".csv", ".json"}


def is_export(path: Path) -> bool:
    """A render of a report beside it (2025.docx next to 2025.toml): the same report again, not
    another one to count (FORMAT.md, "Exports")."""
    if path.suffix.lower() not in EXPORTS:
        return False
    base = re.sub(r"-\d+$", "", path.stem)  # 2025-2.docx: written beside 2025.docx, not over it
    return path.with_suffix(".toml").is_file() or path.with_name(base + ".toml").is_file()


def _candidates(place: Path) -> list[Path]:
    return sorted(f for f in place.iterdir() if f.is_file() and not f.name.startswith(".")
                  and (f.suffix == ".toml" or f.suffix.lower() in PUBLISHED))


def report_files(places: list[str]) -> list[Path]:
    """The reports in the places: report files and published reports, a folder's exports of its
    own reports left out (exports_in says which)."""
    out = []
    for place in places:
        p = Path(place)
        if p.is_dir():
            out += [f for f in _candidates(p) if not is_export(f)]
        elif p.exists():
            out.append(p)
    return out


def exports_in(places: list[str]) -> list[Path]:
    """The files report_files left out as exports of a report beside them."""
    return [f for place in places if Path(place).is_dir() for f in _candidates(Path(place)) if is_export(f)]


def read_any(path: Path, template_dirs) -> Audited:
    """A report file, or a published text imported on the fly; never raises for a bad file."""
    from .importing.import_report import build
    from .importing.import_source import NotAReport, read as read_source

    if path.suffix == ".toml":
        try:
            loaded = read(path, template_dirs)
            return Audited(path, loaded.report, loaded=loaded)
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
    from .rules.audit import audit
    from .rules.check import check

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


def rewrite_years(report: Report, old: int) -> list[tuple[str, str, str]]:
    """Last year's year put right where the template says it is unambiguous (`rewrite` prose_year
    rules: the statistics period, a sentence's opening 「2024年，」): (part, sentence before,
    after) for each sentence changed. Other mentions are left for the clerk (check lists them)."""
    import re

    from .model.report import sentences
    from .rules.check import clause

    rules = [r for r in report.template.rules if r.kind == "prose_year" and r.rewrite]
    changed: list[tuple[str, str, str]] = []
    for part, _title in text_parts(report.template):
        paragraphs = []
        for paragraph in report.text(part).split("\n"):
            out = []
            for sentence in sentences(paragraph):
                new = sentence
                for rule in rules:
                    for m in reversed(list(re.finditer(rule.pattern, new))):
                        if rule.unless and re.search(rule.unless, clause(new, m.start(), m.end())):
                            continue
                        for g in sorted((g for g in m.groupdict() if g.startswith("y") and m.group(g)),
                                        key=m.start, reverse=True):
                            if int(m.group(g)) == old:
                                new = new[:m.start(g)] + str(report.year) + new[m.end(g):]
                if new != sentence:
                    changed.append((part, sentence.strip(), new.strip()))
                out.append(new)
            paragraphs.append("".join(out))
        if report.text(part):
            report.set_text(part, "\n".join(paragraphs))
    return changed


class WorkspaceError(Exception):
    """A task could not be done; str() is the Chinese message for the user."""


class Created(NamedTuple):
    template: object  # the Template the report was made with
    carried: int  # cells carried over from last year's report (0 without one)
    rewritten: list  # (part, before, after) of each sentence whose year was put right
    stale: list  # the year findings left in the new report's text (sentences to look at)


def create_report_file(path, year: int | None, agency: str, template_dirs=None, template_id: str | None = None,
                       source: Report | None = None, update_years: bool = False) -> Created:
    """A new complete report file: every cell 0 (or carried from last year's `source`), prose
    empty (or last year's). Never overwrites: the name is claimed first, so two creators racing
    never overwrite each other. WorkspaceError says why not."""
    from .model import template as templates
    from .file.atomic import atomic_write
    from .model.numbers import is_year
    from .model.report import blank
    from .file.write import dumps
    from .rules.check import check

    path = Path(path)
    if path.exists():
        raise WorkspaceError(f"{one_line(path)} 已存在，不会覆盖（换一个文件名，或先移走原文件）")
    if not path.parent.is_dir():
        raise WorkspaceError(f"目录 {path.parent} 不存在")
    agency = (agency or "").strip()
    if year is None:
        raise WorkspaceError("请给出年度（或指定上年的报告）")
    if not agency:
        raise WorkspaceError("机关名称不能为空")
    if not is_year(year):
        raise WorkspaceError("报告年度应为四位数，如 2024")
    try:
        tpl = templates.get(template_id, template_dirs) if template_id else templates.for_year(year, template_dirs)
    except templates.TemplateError as exc:
        raise WorkspaceError(str(exc)) from None
    report = blank(tpl, year, agency)
    carried = carry_forward(source, report) if source is not None else 0
    rewritten = rewrite_years(report, source.year) if source is not None and update_years else []
    stale = [f for f in check(report) if f.rule.startswith("TX-YEAR")] if source is not None else []
    text = dumps(report)
    try:
        with open(path, "xb"):
            pass
    except FileExistsError:
        raise WorkspaceError(f"{one_line(path)} 已存在，不会覆盖") from None
    except OSError as exc:
        from .file.errors import describe

        raise WorkspaceError(describe(exc, path)) from None
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        from .file.errors import describe

        path.unlink(missing_ok=True)  # the name claimed above: no empty report left behind
        raise WorkspaceError(f"没有新建：{describe(exc, path)}") from None
    return Created(tpl, carried, rewritten, stale)


def sum_reports(named: list[tuple[str, Report]], agency: str | None) -> Report:
    """The roll-up an office publishes: every figure the sum of the reports' (same template and
    year, or WorkspaceError), prose left empty for the author."""
    first_name, first = named[0]
    for name, r in named:
        if r.template.id != first.template.id:
            raise WorkspaceError(f"{name} 用的是 {r.template.name}，{first_name} 用的是 {first.template.name}："
                                 "不同格式的表不能相加")
        if r.year != first.year:
            raise WorkspaceError(f"{name} 是 {r.year} 年度，{first_name} 是 {first.year} 年度：不同年度不能相加")
    total = Report(first.template, first.year, agency or "（汇总）")
    for cell in first.template.cells:
        values = [r.value(cell) for _, r in named if r.value(cell) is not None]
        total.cells[cell] = sum(values) if values else None
    return total


@dataclass
class Outcome:
    """What an import did: exit code (format/outcome.py), the batch line, the details."""

    code: int
    line: str  # the batch summary line
    details: list[str]


def import_file(src: Path, out: Path, year=None, agency=None, force=False, template_dirs=None,
                named: bool = False) -> Outcome:
    """One published report into a report file (never over an existing one without `force`):
    the outcome's exit code, its summary line and its details (gaps, check errors). `named`: the
    user typed `out`, so a symbolic link there is written through; a name made up from the
    source's is never followed."""
    from .model import template as templates
    from .rules.check import check
    from .file.atomic import atomic_write
    from .importing.import_report import build
    from .importing.import_source import NotAReport
    from .importing.import_source import read as read_source
    from .file.write import dumps

    if out.exists() and not force:
        return Outcome(EXIT_UNREADABLE, f"{one_line(src.name)}：未导入，{one_line(out)} 已存在（覆盖请加 --force）", [])
    try:
        candidates = [templates.get(t, template_dirs) for t in templates.available(template_dirs)]
        imported = build(read_source(src), year, agency, candidates)
    except NotAReport as exc:
        return Outcome(EXIT_UNREADABLE, f"{one_line(src.name)}：不是年度报告：{exc}", [])
    report = imported.report
    findings = [f for f in check(report) if f.severity == "error"]
    note = f"# 导入自 {one_line(src.name)}（{ {'text': '网页复制文本', 'pdf-text': 'PDF 文本', 'pdf': 'PDF', 'html': '网页', 'docx': 'Word'}[imported.kind] }），" \
           "数字照原文，未能读入的见导入时的提示，勾稽关系由 nianbao check 报告。"
    text = dumps(report, {"file_version": [note]})
    from .file.load import MAX_BYTES

    if len(text.encode("utf-8")) > MAX_BYTES:  # never write a report that `check` would refuse
        return Outcome(EXIT_UNREADABLE, f"{one_line(src.name)}：未导入，读出的报告超过 {MAX_BYTES // 2 ** 20} MB，"
                                        "不像一份年度报告", [])
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, text.encode("utf-8"), follow=named)
    errors = len(findings)
    line = (f"{one_line(src.name)}：{report.year} 年度 {one_line(report.agency or '（机关未知）')}，{report.template.name}，"
            f"读到 {imported.figures} 个数字，{len(imported.gaps)} 处未能读入，check {errors} 个错误 -> {one_line(out)}")
    details = [f"  未能读入 {g}" for g in imported.gaps]
    details += [f"  按勾稽关系确定 {g}" for g in imported.solved]
    details += [f"  {f.severity_zh} {f.rule} {f.message}" for f in findings[:20]]
    if len(findings) > 20:
        details.append(f"  ……另有 {len(findings) - 20} 个错误（nianbao check {one_line(out)}）")
    code = EXIT_FINDINGS if imported.gaps or findings else EXIT_OK
    return Outcome(code, line, details)
