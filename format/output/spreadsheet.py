"""Cells for spreadsheets (CSV now, Excel later): data, never formulas.

A cell that starts with = + - @ (or a TAB or CR, which some programs skip before looking) is run as
a formula when Excel or WPS opens the file -- 「=HYPERLINK(...)」 in an agency name from someone
else's report would be a link the reviewer clicks. Such a cell gets a leading apostrophe, the
spreadsheet convention for "this is text" (OWASP's advice for CSV injection). Numbers stay numbers:
only text is touched, and a negative number is written as a number, not text.
"""

from __future__ import annotations

import csv
import io
import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(value) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(rows, lineterminator: str = "\r\n") -> str:
    """The rows as CSV (csv module quoting: commas, quotes and newlines in a cell stay in it),
    with a BOM so Excel and WPS read the Chinese."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator=lineterminator)
    for row in rows:
        out.writerow([safe_cell(v) for v in row])
    return "\ufeff" + buf.getvalue()
