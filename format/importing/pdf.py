"""A PDF's own text layer and table geometry, as the text the importer already reads.

pdfplumber (pinned; imported only when a PDF is read, so `check` and the editor never pay for
it) gives each page's characters with their positions and the ruling lines of its tables. What
comes out is what `pdftotext -layout` would have given at its best: prose lines with their
indentation (a paragraph starts indented; the importer joins the hard-wrapped lines again),
tables as TAB-separated rows (a cell wrapped inside its box joined back, a merged cell empty),
pages separated by form feeds, so page numbers and running headers are dropped as in any PDF
text. A page with no text layer at all is a scan: refused with a message saying so.
"""

from __future__ import annotations

import io
import re

MAX_PAGES = 200  # an annual report has 5-15; more is not one report
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


class NoTextLayer(Exception):
    """A PDF whose pages are pictures (a scan)."""


def pdf_text(data: bytes) -> str:
    """The PDF's text, pages separated by form feeds (ValueError for a broken file)."""
    import logging

    import pdfplumber

    # pdfminer logs every odd font (「Could not get FontBBox…」, once a glyph in Chromium's PDFs)
    # to the root logger: the command's output is the importer's messages, not the parser's.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ValueError(f"PDF 有 {len(pdf.pages)} 页，超过 {MAX_PAGES} 页，不像一份年度报告")
            pages, carried = [], None
            for page in pdf.pages:
                text, carried = _page(page, carried)
                pages.append(text)
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 -- a hostile or broken file may fail anywhere in the parser
        raise ValueError(f"PDF 已损坏或不完整，无法读取（{type(exc).__name__}：{exc}）") from None
    if not any(text.strip() for text in pages):
        raise NoTextLayer("PDF 没有文字层（像是扫描件）：请先用文字识别（OCR）转出文字再导入")
    return "\f".join(pages)


def _page(page, carried: list[float] | None) -> tuple[str, list[float] | None]:
    """One page's text, and the column lines of its last table (for the next page: a table
    that goes on there may lose its frame on its first rows)."""
    tables = [t for t in page.find_tables() if len(t.columns) > 1]  # a framed paragraph is prose
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    lines = page.filter(outside).extract_text_lines(x_tolerance=1.5, return_chars=True)
    left = min((ln["x0"] for ln in lines if _CJK.search(ln["text"])), default=0)
    items: list[tuple[float, str]] = []
    first_table = min((t.bbox[1] for t in tables), default=page.height)
    for ln in lines:
        # A table row carried over from the last page with no ruling around it (Chromium puts
        # the first row of a continued table there): its words fall into the table's columns.
        row = _as_row(ln, carried) if carried and ln["top"] < first_table else None
        if row is not None:
            items.append((ln["top"], row))
            continue
        carried = None if ln["top"] < first_table and _CJK.search(ln["text"]) else carried
        size = max(ln["chars"][0]["size"], 1)
        indent = round((ln["x0"] - left) / size * 2)  # in half-width columns, as a terminal shows it
        items.append((ln["top"], " " * max(indent, 0) + ln["text"]))
    for table in tables:
        rows = ["\t".join(_cell(c) for c in row) for row in table.extract()]
        items.append((table.bbox[1], "\n".join(rows)))
    items.sort(key=lambda item: item[0])
    last = max(tables, key=lambda t: t.bbox[3], default=None)
    return "\n".join(text for _, text in items), _column_lines(last) if last is not None else None


def _column_lines(table) -> list[float]:
    """Where a table's columns begin, and where the last one ends."""
    xs = sorted({round(c[0], 1) for c in table.cells} | {round(max(c[2] for c in table.cells), 1)})
    return xs


def _as_row(line, columns: list[float]) -> str | None:
    """A line's words as a TAB row of the table whose column lines are given, or None when they
    do not sit in its columns (prose, or another table)."""
    words: list[list] = []
    for ch in line["chars"]:
        if ch["text"].isspace():
            continue
        if words and ch["x0"] - words[-1][-1]["x1"] < ch["size"] * 0.3:
            words[-1].append(ch)
        else:
            words.append([ch])
    if len(words) < 3 or not columns[0] - 2 <= line["x0"] <= line["x1"] <= columns[-1] + 2:
        return None
    cells = [""] * (len(columns) - 1)
    for word in words:
        x = (word[0]["x0"] + word[-1]["x1"]) / 2
        i = next((k for k in range(len(columns) - 1) if columns[k] <= x < columns[k + 1]), None)
        if i is None:
            return None
        if cells[i]:
            return None  # two words in one column: not a row of this table
        cells[i] = "".join(ch["text"] for ch in word)
    return "\t".join(cells)


def _cell(text: str | None) -> str:
    """A table cell as one line: a label wrapped inside its box (商业企\\n业) joined back; a space
    kept only between two Latin letters or digits."""
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = ""
    for part in parts:
        if out and re.match(r"[A-Za-z0-9]", part) and re.search(r"[A-Za-z0-9]$", out):
            out += " "
        out += part
    return out
