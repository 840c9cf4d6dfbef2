"""A report file open for editing: in-place saves that keep the user's bytes.

Saving an untouched file writes exactly the bytes that were read. An edited
value is replaced where it stands (tomlkit keeps the comments and layout around
it), so a one-figure edit is a one-line diff. Only when a value has nowhere to
go -- a cell absent from a hand-written file -- is the file rebuilt in
canonical layout, still with the user's comments. Every new text is parsed
back and compared with the model before it may be written: a save never lands
a file that reads differently from what the editor shows.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from decimal import Decimal
from pathlib import Path

from . import load as _load
from ..model.report import CURRENT_FILE_VERSION, Report, text_parts
from .locate import LineIndex
from ..model.template import Cell
from ..model.numbers import plain
from .atomic import atomic_write
from .write import basic_string, dumps, prose_value

# `key = value   # comment`: the value is one token (a number, a date, a quoted string).
_VALUE_LINE = re.compile(r'^(\s*[A-Za-z0-9_\-. ]+?\s*=\s*)("(?:[^"\\]|\\.)*"|[^\s#"]+)(\s*)(#.*)?$')


class SaveError(Exception):
    """The new text could not be produced faithfully; nothing was written."""


class ReportFile:
    def __init__(self, loaded: _load.Loaded, template_dirs=None):
        self.path = loaded.path
        self.loaded = loaded
        self.opened = loaded  # the file as first read: a value edited back is written as it stood
        self._opened_index: LineIndex | None = None
        self.report: Report = copy.deepcopy(loaded.report)
        self.template_dirs = template_dirs
        self._dirty: set[str] = set()
        self._cells: dict[str, Cell] = {}  # the edited cells by key
        self.in_place = False  # the last save overwrote the file in place (its folder is read-only)

    def _bytes(self) -> bytes:
        return (b"\xef\xbb\xbf" if self.loaded.bom else b"") + self.loaded.text.encode("utf-8")

    def disk_changed(self) -> bool:
        """Has someone else written the file since we read or saved it?"""
        try:
            return Path(self.path).read_bytes() != self._bytes()
        except FileNotFoundError:
            return True

    @classmethod
    def open(cls, path, template_dirs=None) -> "ReportFile":
        return cls(_load.read(path, template_dirs), template_dirs)

    # ------------------------------------------------------------ edits
    def set_cell(self, cell: Cell, value) -> None:
        if not self.report.template.has_cell(cell):
            raise KeyError(cell.key)
        self.report.cells[cell] = value
        self._dirty.add(cell.key)
        self._cells[cell.key] = cell

    def set_text(self, part: str, text: str) -> None:
        self.report.set_text(part, text)
        self._dirty.add(f"{part}.text")

    def set_conflicts(self, conflicts) -> None:
        """The merge conflicts still open (the [[conflict]] block at the end of the file)."""
        self.report.conflicts = list(conflicts)
        self._dirty.add("conflict")

    def set_meta(self, key: str, value) -> None:
        if key not in ("year", "agency", "date"):
            raise KeyError(key)
        setattr(self.report, key, value)
        self._dirty.add(key)

    @property
    def needs_upgrade(self) -> bool:
        return self.loaded.version < CURRENT_FILE_VERSION

    @property
    def modified(self) -> bool:
        """Differs from the file as read or last saved. Only what was edited can differ, so only
        that is compared: the editor asks after every keystroke."""
        if not self._dirty:
            return False
        old, new = self.loaded.report, self.report
        for key in self._dirty:
            if key in ("year", "agency", "date"):
                if getattr(old, key) != getattr(new, key):
                    return True
            elif key == "conflict":
                if old.conflicts != new.conflicts:
                    return True
            elif key.endswith(".text"):
                if old.text(key[:-5]) != new.text(key[:-5]):
                    return True
            else:
                cell = self._cells[key]
                a, b = old.cells.get(cell), new.cells.get(cell)
                if a != b or type(a) is not type(b):
                    return True
        return False

    # ------------------------------------------------------------ output
    def render(self) -> str:
        """The text a save would write now."""
        return self._render()[0]

    def _render(self) -> tuple[str, _load.Loaded | None]:
        """(text, that text loaded back) -- every candidate is verified before it may be written."""
        if not self._dirty and not self.needs_upgrade:
            return self.loaded.text, None
        back = None
        # Cheapest first: replace the edited lines; then tomlkit in place; then the canonical layout.
        for attempt in (self._line_edits, self._in_place):
            try:
                text = self._conflict_block(attempt())
            except _NoPlace:
                continue
            back = self._faithful(text)
            if back is not None:
                break
        else:
            from . import comments as _comments  # tomlkit: only when a rebuild is needed
            comments = _comments.extract(self.loaded.text, self.loaded.report.template)
            text = dumps(self.report, comments)
            back = self._faithful(text)
            if back is None:
                raise SaveError("内部错误：生成的文件与编辑内容不一致，未保存")
        if "\r\n" in self.loaded.text and "\r\n" not in text:
            text = text.replace("\n", "\r\n")
        return text, back

    def save(self, path=None) -> str:
        text, back = self._render()
        target = Path(path or self.path)
        data = (b"\xef\xbb\xbf" if self.loaded.bom else b"") + text.encode("utf-8")
        self.in_place = not atomic_write(target, data)
        if path is None or Path(path) == Path(self.path):
            if back is None or back.text != text:
                back = _load.loads(text, self.path, self.template_dirs, bom=self.loaded.bom)
            back.bom = self.loaded.bom
            # The text read back has exactly our content (verified above): it becomes the saved
            # state, and the report being edited stays as it is -- no copy of either.
            self.loaded = back
            self._dirty.clear()
        return text

    def _conflict_block(self, text: str) -> str:
        """The merge conflicts are the file's last part: rewritten whole when they changed."""
        if "conflict" not in self._dirty:
            return text
        from .conflicts import with_conflicts

        return with_conflicts(text, self.report.conflicts, self.report.template)

    def _faithful(self, text: str) -> _load.Loaded | None:
        try:
            back = _load.loads(text, self.path, self.template_dirs)
        except _load.ReportError:
            return None
        ok = back.version == CURRENT_FILE_VERSION and back.report.same_content(self.report)
        return back if ok else None

    def _line_edits(self) -> str:
        """Replace only the lines holding the edited values (no TOML library needed to write)."""
        if self.needs_upgrade:
            raise _NoPlace("upgrade")
        text = self.loaded.text
        lines = text.split("\n")
        index = LineIndex(text)
        edits = []
        for path in self._dirty - {"conflict"}:  # the conflict block: _conflict_block
            start = index.lines.get(path)
            if start is None:
                raise _NoPlace(path)
            end = index.ends.get(path, start)
            edits.append((start, end, path))
        for start, end, path in sorted(edits, reverse=True):
            original = self._as_opened(path)
            if original is not None:
                lines[start - 1:end] = original
            elif path.endswith(".text"):
                lines[start - 1:end] = self._prose_lines(lines[start - 1:end], path.split(".")[0])
            else:
                lines[start - 1] = self._value_line(lines[start - 1], path)
        return "\n".join(lines)

    def _as_opened(self, path: str) -> list[str] | None:
        """The lines `path` had in the file as opened, if its value is back to what it was then
        (an undo after a save): undoing to the start gives the opening bytes, spacing included."""
        opened = self.opened
        if opened is self.loaded or opened.version != self.loaded.version:
            return None
        old, new = opened.report, self.report
        if path in ("year", "agency", "date"):
            same = getattr(old, path) == getattr(new, path)
        elif path.endswith(".text"):
            same = old.text(path[:-5]) == new.text(path[:-5])
        else:
            cell = self._cells[path]
            a, b = old.cells.get(cell), new.cells.get(cell)
            same = a == b and type(a) is type(b)
        if not same:
            return None
        if self._opened_index is None:
            self._opened_index = LineIndex(opened.text)
        start = self._opened_index.lines.get(path)
        if start is None:
            return None
        end = self._opened_index.ends.get(path, start)
        return opened.text.split("\n")[start - 1:end]

    def _value_line(self, line: str, path: str) -> str:
        cr = "\r" if line.endswith("\r") else ""
        m = _VALUE_LINE.match(line.rstrip("\r"))
        if not m:
            raise _NoPlace(path)
        prefix, old, ws, comment = m.group(1), m.group(2), m.group(3) or "", m.group(4) or ""
        if path in ("year", "agency", "date"):
            value = getattr(self.report, path)
            if value is None:
                raise _NoPlace(path)
            new = basic_string(value) if path == "agency" else (
                value.isoformat() if isinstance(value, _dt.date) else str(value))
        else:
            value = self.report.value(Cell(*path.split(".")))
            if value is None:
                raise _NoPlace(path)  # emptied: the canonical layout writes a placeholder
            new = plain(value)
        if comment:
            ws = " " * max(len(ws) + len(old) - len(new), 2 if len(ws) >= 2 else 1)
        return prefix + new + ws + comment + cr

    def _prose_lines(self, old: list[str], part: str) -> list[str]:
        first = old[0]
        m = re.match(r'^(\s*text\s*=\s*)', first)
        if not m:
            raise _NoPlace(part)
        last = old[-1].rstrip("\r")
        cr = "\r" if old[-1].endswith("\r") else ""
        if len(old) == 1:
            tail = re.match(r'^\s*text\s*=\s*(""|"(?:[^"\\]|\\.)+"|\'[^\']*\')(\s*#.*)?$', last)
            if not tail:
                raise _NoPlace(part)
            suffix = tail.group(2) or ""
        else:
            close = last.rfind('"""') if '"""' in last else last.rfind("\'\'\'")
            if close < 0:
                raise _NoPlace(part)
            suffix = last[close + 3:]
        new = (m.group(1) + prose_value(self.report.text(part)) + suffix).split("\n")
        return [l + cr for l in new] if cr else new

    def _in_place(self) -> str:
        import tomlkit
        from tomlkit.items import String, StringType, Trivia

        doc = tomlkit.parse(self.loaded.text)
        dirty = set(self._dirty)
        if self.needs_upgrade:
            doc["file_version"] = _keep_trivia(doc.item("file_version"), CURRENT_FILE_VERSION)
            dirty |= {f"{part}.text" for part, _ in text_parts(self.report.template)
                      if part in doc}
        for path in sorted(dirty - {"conflict"}):
            *parents, leaf = path.split(".")
            container = doc
            for key in parents:
                if key not in container:
                    raise _NoPlace(path)
                container = container[key]
            if leaf not in container:
                raise _NoPlace(path)
            old = container.item(leaf)
            if path.endswith(".text"):
                raw = prose_value(self.report.text(parents[0]))
                if raw == '""':
                    new = String(StringType.SLB, "", "", Trivia())
                else:
                    new = String(StringType.MLB, "", raw[3:-3], Trivia())
                new.trivia.comment_ws = old.trivia.comment_ws
                new.trivia.comment = old.trivia.comment
                container[leaf] = new
            elif path in ("year", "agency", "date"):
                container[leaf] = _keep_trivia(old, getattr(self.report, leaf))
            else:
                cell = Cell(*parents, leaf)
                value = self.report.value(cell)
                if value is None:
                    raise _NoPlace(path)  # emptied: the canonical layout writes a placeholder
                container[leaf] = _keep_trivia(old, value)
        return tomlkit.dumps(doc)


class _NoPlace(Exception):
    pass


def _keep_trivia(old, value):
    """A new tomlkit item for `value` that keeps the old item's comment in its column."""
    import tomlkit
    from tomlkit.items import Float, Trivia

    if isinstance(value, Decimal):
        text = plain(value)
        new = tomlkit.item(int(text)) if text.lstrip("-").isdigit() else Float(float(value), Trivia(), text)
    elif isinstance(value, _dt.date):
        new = tomlkit.item(value)
    else:
        new = tomlkit.item(value)
    trivia = old.trivia
    if trivia.comment:
        shift = len(old.as_string()) - len(new.as_string())
        width = len(trivia.comment_ws) + shift
        new.trivia.comment_ws = " " * max(width, 2 if len(trivia.comment_ws) >= 2 else 1)
        new.trivia.comment = trivia.comment
    new.trivia.indent = trivia.indent
    new.trivia.trail = trivia.trail
    return new
