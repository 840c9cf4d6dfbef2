"""The report in memory: metadata, prose by section, and one value per template cell.

A cell's value is an int (counts), a Decimal (money) or None. None means the
cell is empty -- absent from the file, blank in a published table -- which is a
defect the checker reports; it is never read as 0.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .template import Cell, Template

Value = int | Decimal | None

CURRENT_FILE_VERSION = 2

# Where a sentence may end: Chinese and ASCII full stops, question and
# exclamation marks, and semicolons (long 一是……；二是…… lists), followed by
# any closing quotes or brackets.
_SENTENCE_END = re.compile(r"[。！？；!?]+[”’」』》）)\]\"']*")


@dataclass(frozen=True)
class Conflict:
    """One place a merge could not settle: changed differently on both sides (FORMAT.md,
    [[conflict]]). `key` is a cell key (t3.new.natural), a part's text (s1.text) or a detail
    (year, agency, date); the report holds `ours` in place; `base` is None when unknown."""
    key: str
    base: object
    ours: object
    theirs: object


@dataclass
class Report:
    template: Template
    year: int
    agency: str
    date: _dt.date | None = None
    preamble: str = ""
    closing: str = ""
    prose: dict[str, str] = field(default_factory=dict)
    cells: dict[Cell, Value] = field(default_factory=dict)
    # Cells whose file value has more digits than any figure (numbers.MAX_DIGITS): held as blank,
    # said by NN -- a value nobody can check is not summed.
    too_long: set[Cell] = field(default_factory=set)
    conflicts: list[Conflict] = field(default_factory=list)  # left by a merge, until settled

    def value(self, cell: Cell) -> Value:
        return self.cells.get(cell)

    def text(self, part: str) -> str:
        """Prose of a section id, or of 'preamble' / 'closing'."""
        if part == "preamble":
            return self.preamble
        if part == "closing":
            return self.closing
        return self.prose.get(part, "")

    def set_text(self, part: str, text: str) -> None:
        text = normalize_prose(text)
        if part == "preamble":
            self.preamble = text
        elif part == "closing":
            self.closing = text
        else:
            self.prose[part] = text

    def same_content(self, other: "Report") -> bool:
        """Equal in every value the file stores (used to verify a write before it lands)."""
        return (self.template.id == other.template.id and self.year == other.year
                and self.agency == other.agency and self.date == other.date
                and self.preamble == other.preamble and self.closing == other.closing
                and {k: v for k, v in self.prose.items() if v} == {k: v for k, v in other.prose.items() if v}
                and _cells_equal(self.cells, other.cells) and self.conflicts == other.conflicts)


def _cells_equal(a: dict, b: dict) -> bool:
    keys = {k for k, v in a.items() if v is not None} | {k for k, v in b.items() if v is not None}
    return all(a.get(k) == b.get(k) and type(a.get(k)) is type(b.get(k)) for k in keys)


def text_parts(template: Template) -> list[tuple[str, str]]:
    """(id, title) of every prose part in reading order: preamble, prose sections, closing."""
    return ([("preamble", "前言")] + [(s.id, s.title) for s in template.prose_sections]
            + [("closing", "结尾")])


def normalize_prose(text: str) -> str:
    """Paragraphs separated by single newlines, no blank or whitespace-only lines.

    Paragraph content is kept exactly (full-width indentation, odd spacing): it
    is what was published. A carriage return (pasted Windows or old Mac text)
    is a line break, never content.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(p for p in text.split("\n") if p.strip(" \t\u3000"))


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p]


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph after each sentence end, keeping every character.

    A split is only made where the next character is not ASCII white space:
    the file joins sentence lines with TOML's line-ending backslash, which
    swallows white space at the start of the next line.
    """
    out, start = [], 0
    for m in _SENTENCE_END.finditer(paragraph):
        end = m.end()
        if end >= len(paragraph) or paragraph[end] in " \t":
            continue
        out.append(paragraph[start:end])
        start = end
    out.append(paragraph[start:])
    return [s for s in out if s]


def blank(template: Template, year: int, agency: str) -> Report:
    """A complete new report: every cell 0, prose empty, the closing signed by the agency."""
    cells: dict[Cell, Value] = {}
    for cell in template.cells:
        cells[cell] = Decimal(0) if template.column(cell).kind == "money" else 0
    return Report(template, year, agency, None, "", agency, {}, cells)


