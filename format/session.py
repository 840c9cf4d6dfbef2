"""An editing session over one report file: the editor's whole model, without a UI.

The Textual app is a view of this object. Keeping edits, undo, derived totals
and findings here means Pilot tests and plain unit tests exercise the same code,
and the rules the editor shows are exactly the rules `nianbao check` runs.

Totals are recomputed after every figure commit, but only the totals that
depend on the edited cell: a published report whose other totals disagree
keeps them as published, so `check` still reports them. A total adds up the
filled terms (a blank counts as 0, as in `check`); it is empty only when every
term is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .model import numbers
from .rules.check import Finding, check
from .file.document import ReportFile
from .model.report import Report, Value, text_parts
from .model.template import Cell
from .model.totals import dependents, recompute
from .workspace import all_templates, previous_report


TYPING_STEP = 1.5  # seconds: keystrokes closer than this are undone together


@dataclass
class Change:
    """One undoable step: old and new values of every cell it touched."""

    label: str
    cells: dict[Cell, tuple[Value, Value]] = field(default_factory=dict)
    meta: dict[str, tuple[object, object]] = field(default_factory=dict)
    typing: str | None = None  # the prose part still being typed into: later keys join this step
    at: float = 0.0  # time.monotonic() of the last keystroke joined to it


class Session:
    def __init__(self, doc: ReportFile):
        self.doc = doc
        self.undo_stack: list[Change] = []
        self.redo_stack: list[Change] = []
        self._findings: list[Finding] | None = None
        self._failing: set[Cell] | None = None
        self._modified: bool | None = None
        self._dependents = dependents(doc.report.template)
        self._previous: tuple[int, Report | None, str | None] | None = None  # (year, report, problem)
        self._prose_stale = False  # prose typed since the last check (re-checked when idle)

    # ------------------------------------------------------------ reading
    @property
    def report(self):
        return self.doc.report

    @property
    def template(self):
        return self.doc.report.template

    @property
    def previous(self) -> tuple[Report | None, str | None]:
        """Last year's report, found exactly as `nianbao check` finds it (workspace.py); looked
        up again when the report's year changes."""
        year = self.report.year
        if self._previous is None or self._previous[0] != year:
            prev, problem = previous_report(self.doc.path, self.report, None, self.doc.template_dirs)
            self._previous = (year, prev, problem)
        return self._previous[1], self._previous[2]

    @property
    def findings(self) -> list[Finding]:
        """Every rule `nianbao check` runs on the saved file, cross-year ones included."""
        if self._findings is None:
            report = self.report
            # The template list only changes a message when the template does not cover the year.
            others = [] if report.template.covers(report.year) else all_templates(self.doc.template_dirs)
            self._findings = check(report, others, self.previous[0])
            self._prose_stale = False
            self._failing = None
            self._modified = None  # every edit passes through here: recompute lazily
        return self._findings

    def findings_for(self, cell: Cell) -> list[Finding]:
        return [f for f in self.findings if cell in f.cells]

    def failing_cells(self) -> set[Cell]:
        findings = self.findings
        if self._failing is None:
            # Cells a rule proves wrong: an unchecked rule (blanks) marks nothing.
            self._failing = {c for f in findings if not f.unchecked for c in f.cells}
        return self._failing

    def status(self) -> str:
        errors = sum(f.severity == "error" for f in self.findings)
        warnings = len(self.findings) - errors
        if not self.findings:
            return "勾稽关系：全部通过"
        return f"勾稽关系：{errors} 个错误，{warnings} 个警告"

    def is_total(self, cell: Cell) -> bool:
        return cell in self.template.total_cells()

    @property
    def modified(self) -> bool:
        self.findings  # noqa: B018 -- refreshes the caches after an edit
        if self._modified is None:
            self._modified = self.doc.modified
        return self._modified

    # ------------------------------------------------------------ figures
    def enter(self, cell: Cell, text: str) -> list[Cell]:
        """Parse what was typed into a cell and commit it; FigureError if it is not a figure."""
        if self.is_total(cell):
            raise numbers.FigureError("合计格由各项自动相加，不能直接修改")
        value = numbers.parse(text, self.template.column(cell).kind)
        return self.set_cell(cell, value)

    def paste(self, start: Cell, text: str) -> tuple[list[Cell], list[str]]:
        """Rows copied from a spreadsheet (TAB between fields, a line a row), filled in from
        `start`: rightwards from its column, downwards through the table's rows. All or nothing,
        one undo step. A pasted total is not stored (totals add up their terms); one that
        differs from its terms' sum is said in the notes returned with the changed cells."""
        lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")]
        rows = [r.id for b in self.template.tables[start.table].blocks for r in b.figure_rows]
        at = rows.index(start.row)
        if len(lines) > len(rows) - at:
            raise numbers.FigureError(f"粘贴了 {len(lines)} 行，表中从当前行起只有 {len(rows) - at} 行")
        values: dict[Cell, Value] = {}
        pasted_totals: dict[Cell, Value] = {}
        for n, (line, row) in enumerate(zip(lines, rows[at:]), 1):
            fields = numbers.split_pasted_row(line) or [line]
            block = self.template.tables[start.table].block_of(row)
            cols = [c.id for c in block.columns]
            if start.column not in cols:
                raise numbers.FigureError(f"第 {n} 行（{block.rows[0].label if block.rows else row}）没有“"
                                          f"{self.template.column(start).label}”这一栏")
            targets = cols[cols.index(start.column):]
            where = f"第 {n} 行" if len(lines) > 1 else "这一行"
            if len(fields) > len(targets):
                raise numbers.FigureError(f"{where}粘贴了 {len(fields)} 个数，从当前格起只有 {len(targets)} 格")
            for i, (col, field_) in enumerate(zip(targets, fields), 1):
                cell = Cell(start.table, row, col)
                try:
                    value = numbers.parse(field_, self.template.column(cell).kind)
                except numbers.FigureError as exc:
                    which = f"{where}第 {i} 个数" if len(lines) > 1 else f"第 {i} 个数"
                    raise numbers.FigureError(f"{which}（{self.template.column(cell).label}）：{exc}") from None
                if self.is_total(cell):
                    pasted_totals[cell] = value
                else:
                    values[cell] = value
        changed = self._apply(Change(f"粘贴 {len(lines)} 行" if len(lines) > 1 else "粘贴一行"), values)
        notes = [f"粘贴的{self.template.cell_label(cell)}是 {numbers.shown(pasted)}，各项之和是 "
                 f"{numbers.shown(self.report.value(cell))}，合计格按各项之和"
                 for cell, pasted in pasted_totals.items()
                 if pasted is not None and pasted != self.report.value(cell)]
        return changed, notes

    def set_cell(self, cell: Cell, value: Value) -> list[Cell]:
        changed = self._apply(Change(f"修改 {self.template.cell_label(cell)}"), {cell: value})
        self._drop_conflicts({cell.key})  # a value typed into a conflicted cell settles it
        return changed

    # ------------------------------------------------------------ merge conflicts
    @property
    def conflicts(self) -> list:
        """What a merge left open (the file's [[conflict]] block), in file order."""
        return self.report.conflicts

    def settle(self, conflict, side: str):
        """Settle one conflict with ours ("o") or theirs ("t"); the value goes in as any edit does
        (undoable, totals recomputed), and that edit is returned (None for ours). ValueError when
        their passage cannot be placed."""
        steps = len(self.undo_stack)
        if side == "t":
            key = conflict.key
            if key.endswith(".text"):
                part = key[:-5]
                text = self.report.text(part)
                ours = conflict.ours or ""
                if not ours or ours not in text:
                    raise ValueError("正文里已找不到我方的这几句：请在正文中手工改好，再选「我方」")
                self.set_texts({part: text.replace(ours, conflict.theirs or "", 1)}, "采用对方的文字")
            elif key in ("year", "agency", "date"):
                self.set_meta(key, conflict.theirs)
            else:
                self._apply(Change("采用对方的数字"), {Cell(*key.split(".")): conflict.theirs})
        self._drop_conflicts({conflict.key}, only=conflict)
        return self.undo_stack[-1] if len(self.undo_stack) > steps else None

    def _drop_conflicts(self, keys: set[str], only=None) -> None:
        if not self.report.conflicts:
            return
        left = [c for c in self.report.conflicts if not (c.key in keys and (only is None or c == only))]
        if len(left) != len(self.report.conflicts):
            self.doc.set_conflicts(left)
            self._findings = None
            self._modified = None

    def _apply(self, change: Change, values: dict[Cell, Value]) -> list[Cell]:
        report = self.report
        for cell, value in values.items():
            old = report.value(cell)
            if old != value or type(old) is not type(value):
                change.cells[cell] = (old, value)
                self.doc.set_cell(cell, value)
        affected: set[Cell] = set()
        for cell in list(change.cells):
            affected |= self._dependents.get(cell, set())
        for cell, value in recompute(report, affected).items():
            old = report.value(cell)
            if old != value:
                change.cells.setdefault(cell, (old, value))
                change.cells[cell] = (change.cells[cell][0], value)
                self.doc.set_cell(cell, value)
        if change.cells:
            self._close_typing()
            self.undo_stack.append(change)
            self.redo_stack.clear()
            self._findings = None
        return list(change.cells)

    # ------------------------------------------------------------ metadata and prose
    def set_meta(self, key: str, value) -> bool:
        old = getattr(self.report, key)
        if old == value:
            return False
        self.doc.set_meta(key, value)
        self._close_typing()
        self.undo_stack.append(Change(f"修改 {key}", meta={key: (old, value)}))
        self.redo_stack.clear()
        self._findings = None
        return True

    def set_text(self, part: str, text: str) -> None:
        """Prose typed into a part. Keystrokes within TYPING_STEP seconds of each other make one
        undo step. The prose rules are re-run by `recheck_prose`, once the typing pauses."""
        old = self.report.text(part)
        if old == text:
            return
        now = time.monotonic()
        key = f"text:{part}"
        top = self.undo_stack[-1] if self.undo_stack else None
        if top is not None and top.typing == part and now - top.at < TYPING_STEP:
            top.meta[key] = (top.meta[key][0], text)
            top.at = now
        else:
            self._close_typing()
            title = dict(text_parts(self.template)).get(part, part)
            self.undo_stack.append(Change(f"输入文字（{title}）", meta={key: (old, text)}, typing=part, at=now))
        self.redo_stack.clear()
        self.doc.set_text(part, text)
        self._modified = None
        self._prose_stale = True

    def set_texts(self, texts: dict[str, str], label: str) -> Change | None:
        """Several parts' text changed at once (replace all): one undo step."""
        change = Change(label)
        for part, text in texts.items():
            old = self.report.text(part)
            if old != text:
                change.meta[f"text:{part}"] = (old, text)
                self.doc.set_text(part, text)
        if not change.meta:
            return None
        self._close_typing()
        self.undo_stack.append(change)
        self.redo_stack.clear()
        self._findings = None
        self._modified = None
        return change

    def _close_typing(self) -> None:
        if self.undo_stack:
            self.undo_stack[-1].typing = None

    def recheck_prose(self) -> bool:
        """After prose edits: run the rules again (True if there was anything to re-run)."""
        if not self._prose_stale:
            return False
        self._findings = None
        return True

    # ------------------------------------------------------------ undo
    def undo(self) -> Change | None:
        return self._step(self.undo_stack, self.redo_stack, 0)

    def redo(self) -> Change | None:
        return self._step(self.redo_stack, self.undo_stack, 1)

    def restore(self, version: Report, label: str) -> Change | None:
        """Make the report equal to another version of it, as one undoable edit (not a git reset)."""
        change = Change(label)
        for cell in self.template.cells:
            if version.template.id == self.template.id or version.template.has_cell(cell):
                old, new = self.report.value(cell), version.value(cell)
                if old != new or type(old) is not type(new):
                    change.cells[cell] = (old, new)
                    self.doc.set_cell(cell, new)
        for key in ("year", "agency", "date"):
            old, new = getattr(self.report, key), getattr(version, key)
            if old != new:
                change.meta[key] = (old, new)
                self.doc.set_meta(key, new)
        for part, _title in text_parts(self.template):
            old, new = self.report.text(part), version.text(part)
            if old != new:
                change.meta[f"text:{part}"] = (old, new)
                self.doc.set_text(part, new)
        if not (change.cells or change.meta):
            return None
        self._close_typing()
        self.undo_stack.append(change)
        self.redo_stack.clear()
        self._findings = None
        return change

    def _step(self, source: list[Change], target: list[Change], side: int) -> Change | None:
        if not source:
            return None
        change = source.pop()
        change.typing = None
        for cell, pair in change.cells.items():
            self.doc.set_cell(cell, pair[side])
        for key, pair in change.meta.items():
            if key.startswith("text:"):
                self.doc.set_text(key[5:], pair[side])
            else:
                self.doc.set_meta(key, pair[side])
        target.append(change)
        self._findings = None
        return change

    # ------------------------------------------------------------ saving
    def save(self) -> str:
        text = self.doc.save()
        self._findings = None
        self._modified = None
        return text
