"""Reading a published report, whatever form it reached the user in, into pieces.

A piece is a paragraph of prose or a row of table cells, with where it came
from (for the list of what could not be placed). Everything after this module
works on pieces and never asks whether the source was a web page, a Word file
or text copied out of a PDF -- that is what lets one recogniser serve them all.

The kind is decided from the content, not the file name: pages are saved as
.txt, text is pasted into .html, a .doc is often a renamed web page.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .radicals import ideographs


class NotAReport(Exception):
    """The source cannot be read as a report at all; str() is the message (exit 2)."""


@dataclass
class Piece:
    text: str  # the paragraph, or the row's cells joined by TAB
    cells: list[str] | None  # a table row's cells; None for prose
    where: str  # 「第 12 行」, 「表格 2 第 3 行」: for messages
    edges: list[int] | None = None  # text in aligned columns: where each cell ends, in terminal cells


@dataclass
class Source:
    kind: str  # text | pdf-text | html | docx
    pieces: list[Piece]


def read(path: Path) -> Source:
    from ..file.errors import describe
    from ..file.regular import read_regular

    try:
        data = read_regular(path, MAX_SOURCE)
    except OSError as exc:
        raise NotAReport(f"无法读取 {describe(exc, path)}") from None
    return read_bytes(data)


# Limits on what a stranger's file may cost (README: 导入的上限). A published report is ~50,000
# characters as text, under 1 MB as a web page, a few MB as PDF or Word.
MAX_SOURCE = 64 * 1024 * 1024  # bytes of any source, PDF included
MAX_TEXT = 4_000_000  # characters of a text or web page, after decoding
MAX_DOCX_UNPACKED = 64 * 1024 * 1024  # bytes a .docx may unpack to (a 1.5 MB zip bomb asked 3 GB)


def read_bytes(data: bytes) -> Source:
    if not data.strip():
        raise NotAReport("文件是空的")
    if data[:4] == b"PK\x03\x04":
        return _docx(data)
    if data[:5] == b"%PDF-":
        return _pdf(data)
    text = decode(data)
    if len(text) > MAX_TEXT:
        raise NotAReport(f"文字过长（{len(text) // 10000} 万字，上限 {MAX_TEXT // 10000} 万字），不像一份年度报告")
    text = ideographs(text)
    if re.search(r"<\s*(html|body|table|p|div|td)\b", text[:200000], re.I):
        return Source("html", _html(text))
    return _text(text)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise NotAReport("文件以 UTF-16 标记开头，但内容无法解码") from None
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise NotAReport("不是文本、网页或 Word 文件（无法按 UTF-8 或 GB18030 解码）")


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text[:20000] if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn")
              and ch not in "\t\n\r\f\v")
    return bad <= len(text[:20000]) // 100


def _pdf(data: bytes) -> Source:
    """A PDF through its text layer and table geometry (pdf.py), then read as PDF text."""
    from .pdf import NoTextLayer, pdf_text

    try:
        text = ideographs(pdf_text(data))
    except (NoTextLayer, ValueError) as exc:
        raise NotAReport(str(exc)) from None
    source = _text(text)
    source.kind = "pdf"
    return source


# ---------------------------------------------------------------- plain text

_PAGE_NUMBER = re.compile(r"^\s*(?:[-—－–]\s*\d+\s*[-—－–]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
# A figure, perhaps with its unit, perhaps with a note in brackets (「22（其中修订16件）」).
_FIGURE_TOKEN = re.compile(r"^[+\-－]?[\d０-９][\d０-９,，.．]*\s*(?:万元|元|件|个|项)?\s*(?:[（(][^（()）]*[）)])?$"
                           r"|^[/／—－\-]+$")


def is_figure_token(token: str) -> bool:
    return bool(_FIGURE_TOKEN.match(token.strip()))


LONG_LINE = 1500  # a "line" this long is a whole article flattened (a page-to-text dump)


def _known_labels() -> tuple[list[str], list[str], set[str]]:
    """(section titles, labels met inside tables, titles of table sections) of every template."""
    from ..model import template as templates

    titles, labels, table_titles = [], [], set()
    for tid in templates.available():
        tpl = templates.get(tid)
        for section in tpl.sections:
            titles.append(section.title)
            if section.kind == "table":
                table_titles.add(section.title)
        for table in tpl.tables.values():
            labels += [label for label, _ in table.row_groups]
            for block in table.blocks:
                labels += [block.label] if block.label else []
                for row in block.rows:
                    labels += [row.label, *row.aliases]
    return titles, labels, table_titles


def _cut_before(line: str, words: list[str]) -> list[str]:
    """The line cut before every occurrence of any of the words (the longest where they overlap)."""
    hits: list[tuple[int, int]] = []
    for word in sorted(set(w for w in words if len(w) >= 2), key=len, reverse=True):
        for m in re.finditer(re.escape(word), line):
            if not any(a <= m.start() < b or a < m.end() <= b for a, b in hits):
                hits.append((m.start(), m.end()))
    cuts = sorted({a for a, _ in hits if a > 0})
    return [line[i:j] for i, j in zip([0, *cuts], [*cuts, len(line)]) if line[i:j]]


def _unflatten(raw: str) -> str:
    """A whole article on one line (a page dumped to text with its tags dropped): lines again,
    before each section title, after the report's title, and -- inside a table section -- before
    each row, group and block label, so the tables read as rows."""
    if max((len(line) for line in raw.split("\n")), default=0) < LONG_LINE:
        return raw
    titles, labels, table_titles = _known_labels()
    out: list[str] = []
    for line in raw.split("\n"):
        if len(line) < LONG_LINE:
            out.append(line)
            continue
        line = re.sub(r"(工作年度报告)", r"\1\n", line)
        for part in line.split("\n"):
            if part and out and part == out[-1]:
                continue  # the page's title, then the same as its heading
            in_table = False
            for piece in _cut_before(part, titles):
                if any(piece.startswith(t) for t in titles):
                    title = next(t for t in titles if piece.startswith(t))
                    in_table = title in table_titles
                    out.append(title)
                    piece = piece[len(title):]
                out.extend(_cut_before(piece, labels) if in_table else [piece])
    return "\n".join(out)


def _text(text: str) -> Source:
    raw = _unflatten(text.replace("\r\n", "\n").replace("\r", "\n"))
    pdf = "\f" in raw or any(_PAGE_NUMBER.match(l) for l in raw.split("\n")) or _layout(raw)
    running = _running_lines(raw) if "\f" in raw else set()
    pieces: list[Piece] = []
    lines = raw.replace("\f", "\n").split("\n")
    # Blank lines around a page break are the page's, not a paragraph's end.
    page_ends = {i for i, line in enumerate(lines) if not line.strip()} if pdf else set()
    page_ends = {i for i in page_ends if _page_break_near(lines, i)}
    # A form feed ends a page: a line break, so line numbers match what an editor shows.
    for no, line in enumerate(lines, 1):
        if no - 1 in page_ends:
            continue
        if not line.strip():
            pieces.append(Piece("", None, f"第 {no} 行"))  # paragraph break
            continue
        if pdf and (_PAGE_NUMBER.match(line) or line.strip() in running):
            continue
        where = f"第 {no} 行"
        if re.match(r"\s*\|.*\|\s*$", line):  # a Markdown table row
            if re.fullmatch(r"[\s|:\-]+", line):
                continue
            cells = [c.strip() for c in line.strip()[1:-1].split("|")]  # one pipe each end: 「1||」 ends blank
            filled = [c for c in cells if c]
            if len(filled) == 1 and _PAGE_NUMBER.match(filled[0]):
                continue  # a page footer (「— 5 —」) a converter put inside the table
            pieces.append(Piece(line, cells, where))
            continue
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)  # a Markdown heading
        if "\t" in line:
            pieces.append(Piece(line, [c.strip() for c in line.split("\t")], where))
            continue
        if pdf or _aligned(line):
            cells, edges = _columns(line)
            if len(cells) > 1 and any(is_figure_token(c) or figures_only(c) for c in cells):
                pieces.append(Piece(line, cells, where, edges))
                continue
        if is_figure_token(line) or figures_only(line.strip()):
            cells, edges = _columns(line)  # figures alone on a line: under their columns
            pieces.append(Piece(line, cells, where, edges))
            continue
        row = _spaced_row(line)
        if row is not None:
            pieces.append(Piece(line, row, where))
            continue
        pieces.append(Piece(line, None, where))
    return Source("pdf-text" if pdf else "text", pieces)


def _page_break_near(lines: list[str], i: int) -> bool:
    """Whether the blank line i only sits beside a page number or a page's end."""
    before = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
    return bool(_PAGE_NUMBER.match(before))


def _spaced_row(line: str) -> list[str] | None:
    """A table row copied with single spaces (a PDF viewer's or a browser's copy: 「一、本年新收
    政府信息公开申请数量 3001 53 0 0 61 4 3119」): [label, figures…]. Only with two figures or more,
    or after a label some template has -- a prose line wrapped after a number stays prose."""
    words = line.split()
    k = len(words)
    while k > 0 and is_figure_token(words[k - 1]):
        k -= 1
    figures = words[k:]
    label = "".join(words[:k])
    if not figures or not label or not re.search(r"[\u4e00-\u9fff）)”]$", label) or re.search(r"[。；！？]", label):
        return None  # (a sentence's end before the figures: prose wrapped after a number)
    if len(figures) < 2 and not _is_row_label(label):
        return None
    return [label, *figures]


def _is_row_label(text: str) -> bool:
    """Whether the text is, all of it, a row label of some template (「行政许可」)."""
    from .import_report import norm, strip_enumerator

    return norm(strip_enumerator(text)) in _row_labels()


_ROW_LABELS: set[str] = set()


def _row_labels() -> set[str]:
    """Every template's row labels, compared as import_report.norm gives them."""
    if not _ROW_LABELS:
        from .import_report import norm

        from .import_report import strip_enumerator

        _ROW_LABELS.update(norm(strip_enumerator(label)) for label in _known_labels()[1])
    return _ROW_LABELS


def _running_lines(raw: str) -> set[str]:
    """A PDF's running header or footer: the same short line first or last on most pages."""
    pages = [[l.strip() for l in page.split("\n") if l.strip() and not _PAGE_NUMBER.match(l)]
             for page in raw.split("\f")]
    pages = [p for p in pages if p]
    if len(pages) < 3:
        return set()
    ends: dict[str, int] = {}
    for p in pages:
        for line in {p[0], p[-1]}:
            if len(line) <= 40 and "。" not in line:
                ends[line] = ends.get(line, 0) + 1
    return {line for line, n in ends.items() if n >= max(3, len(pages) // 2)}


def _aligned(line: str) -> bool:
    """A row of a table laid out with spaces (our own text rendering, a fixed-width copy)."""
    return bool(re.search(r"\S\s{2,}[+\-]?\d", line))


def _columns(line: str) -> tuple[list[str], list[int]]:
    """Cells split at runs of 2+ spaces; a run of figures 1 space apart is one cell per figure.
    Each cell's right edge is kept: it tells which column a figure is in when blanks are
    just spaces."""
    from wcwidth import wcswidth, wcwidth

    cells, edges = [], []
    done, width = 0, 0  # the columns of line[:done]: measured piece by piece, never from the start again

    def edge(pos: int) -> int:
        nonlocal done, width
        piece = line[done:pos]
        w = wcswidth(piece)
        width += w if w >= 0 else sum(max(0, wcwidth(c)) for c in piece)
        done = pos
        return width

    for m in re.finditer(r"\S+(?: \S+)*", line):
        token = m.group(0)
        parts = token.split(" ")
        if len(parts) > 1 and all(is_figure_token(x) for x in parts):
            pos = m.start()
            for part in parts:
                pos = line.index(part, pos) + len(part)
                cells.append(part)
                edges.append(edge(pos))
        else:
            cells.append(token)
            edges.append(edge(m.end()))
    return cells, edges


def figures_only(cell: str) -> bool:
    """Several figures one space apart: cells the layout ran together, still separable."""
    parts = cell.split()
    return len(parts) > 1 and all(is_figure_token(p) for p in parts)


def _layout(raw: str) -> bool:
    """pdftotext -layout: many lines indented or with wide gaps between columns."""
    lines = [l for l in raw.split("\n") if l.strip()]
    if not lines:
        return False
    indented = sum(1 for l in lines if re.match(r"\s{3,}\S", l) or re.search(r"\S\s{4,}\S", l))
    return indented >= max(5, len(lines) // 5)


# ---------------------------------------------------------------- HTML

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "blockquote",
           "center", "dd", "dt", "pre", "ul", "ol", "dl", "form", "hr"}
_SKIP = {"script", "style", "noscript", "head", "nav", "header", "footer", "select", "button",
         "iframe", "svg", "template", "textarea", "object"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[Piece] = []
        self.skip = 0
        self.buffer: list[str] = []
        self.tables: list[dict] = []  # a stack: tables inside tables
        self.table_count = 0

    # prose
    def _flush(self) -> None:
        text = _squash("".join(self.buffer))
        self.buffer = []
        if text:
            self.pieces.append(Piece(text, None, f"段落 {len(self.pieces) + 1}"))

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "table":
            if not self.tables:
                self._flush()
            self.table_count += 1
            self.tables.append({"n": self.table_count, "rows": [], "row": None, "cell": None})
        elif self.tables and tag == "tr":
            t = self.tables[-1]
            self._end_row(t)
            t["row"] = []
        elif self.tables and tag in ("td", "th"):
            t = self.tables[-1]
            if t["row"] is None:
                t["row"] = []
            self._end_cell(t)
            t["cell"] = []
        elif tag == "br" or tag in _BLOCKS:
            if self.tables and self.tables[-1]["cell"] is not None:
                return  # a label split over <p>/<br> inside a cell stays one label
            if tag == "br":
                self.buffer.append("\n")
            self._flush()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "table" and self.tables:
            t = self.tables.pop()
            self._end_row(t)
            for i, row in enumerate(t["rows"], 1):
                if any(row):
                    self.pieces.append(Piece("\t".join(row), row, f"表格 {t['n']} 第 {i} 行"))
        elif self.tables and tag == "tr":
            self._end_row(self.tables[-1])
        elif self.tables and tag in ("td", "th"):
            self._end_cell(self.tables[-1])
        elif tag in _BLOCKS and not self.tables:
            self._flush()

    def _end_cell(self, t) -> None:
        if t["cell"] is not None:
            if t["row"] is None:
                t["row"] = []
            t["row"].append(_squash("".join(t["cell"]), keep_lines=False))
            t["cell"] = None

    def _end_row(self, t) -> None:
        self._end_cell(t)
        if t["row"] is not None:
            t["rows"].append(t["row"])
            t["row"] = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.tables:
            t = self.tables[-1]
            if t["cell"] is not None:
                t["cell"].append(data)
            return
        self.buffer.append(data)

    def close(self):
        super().close()
        while self.tables:
            self.handle_endtag("table")
        self._flush()


def _squash(text: str, keep_lines: bool = False) -> str:
    """Collapse HTML whitespace; &nbsp; padding goes, a space between Latin words stays."""
    text = text.replace("\xa0", " ").replace("\u3000", " ")
    text = re.sub(r"[ \t\r\n]+", " ", text).strip()
    # No space between two Chinese characters: it came from the markup, not the report.
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)


TAG_REACH = 4096  # no real tag, attributes and all, is longer


def defuse_tags(text: str) -> str:
    """A 「<」 whose tag does not close within TAG_REACH characters is text, not a tag.

    html.parser looks for the end of every unclosed start tag by scanning to the end of the
    page, so 60 KB of 「<a 」 took 33 s (each scan is as long as the rest of the file). One pass
    here finds, for each 「<」, the next 「>」; a 「<」 with none near is escaped as 「&lt;」."""
    out, last, pending = [], 0, []
    for m in re.finditer(r"[<>]", text):
        if m.group() == "<":
            pending.append(m.start())
            continue
        for p in pending:
            if m.start() - p > TAG_REACH:
                out.append(text[last:p])
                out.append("&lt;")
                last = p + 1
        pending = []
    for p in pending:
        out.append(text[last:p])
        out.append("&lt;")
        last = p + 1
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _html(text: str) -> list[Piece]:
    parser = _PageParser()
    try:
        parser.feed(defuse_tags(text))
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything left is a page we cannot read
        raise NotAReport(f"网页无法解析：{exc}") from None
    return parser.pieces


# ---------------------------------------------------------------- Word

def _docx(data: bytes) -> Source:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise NotAReport("是 zip 压缩文件，但不是 Word（.docx）文件")
            # zipfile never unpacks a member past its declared size, so the declared sizes bound it.
            unpacked = sum(info.file_size for info in z.infolist())
            if unpacked > MAX_DOCX_UNPACKED:
                raise NotAReport(f"Word 文件解压后有 {unpacked // 2 ** 20} MB（上限 {MAX_DOCX_UNPACKED // 2 ** 20} MB），"
                                 "不像一份年度报告（也许是压缩炸弹）")
    except zipfile.BadZipFile:
        raise NotAReport("文件像 Word（.docx），但已损坏或不完整") from None
    try:
        import docx  # lazily: ~0.1 s of start-up
        from docx.oxml.ns import qn

        document = docx.Document(io.BytesIO(data))
    except NotAReport:
        raise
    except Exception as exc:
        raise NotAReport(f"Word 文件无法打开：{exc}") from None
    pieces: list[Piece] = []
    tables = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            pieces.append(Piece(text.strip(), None, f"段落 {len(pieces) + 1}"))
        elif child.tag == qn("w:tbl"):
            tables += 1
            for i, tr in enumerate(child.iter(qn("w:tr")), 1):
                row = []
                for tc in tr.iter(qn("w:tc")):
                    vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                    if vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue"):
                        continue  # the lower part of a cell merged downwards
                    paras = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]
                    row.append(_squash("".join(paras)))
                if any(row):
                    pieces.append(Piece("\t".join(row), row, f"表格 {tables} 第 {i} 行"))
    return Source("docx", pieces)
