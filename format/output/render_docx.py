"""The report as a Word file for sign-off: A4, 仿宋/宋体 for Chinese, the official merged tables.

python-docx's `font.name` sets only the Latin font; Chinese glyphs follow the
`w:eastAsia` attribute, which has to be set on every run (and on the styles),
or Word falls back to whatever its default East Asian font is.
"""

from __future__ import annotations

import copy
import io

from .render import grid_positions, table_layout, title
from ..model.report import Report, paragraphs

BODY_FONT = "仿宋"
HEAD_FONT = "宋体"


def render_docx(report: Report) -> bytes:
    from docx import Document  # python-docx: ~0.1 s to import, only for this format
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    def east_asian(run, font: str, size: float, bold: bool = False) -> None:
        run.font.name = font
        run.font.size = Pt(size)
        run.font.bold = bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(26)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    for style_name, font in (("Normal", BODY_FONT), ("Heading 1", HEAD_FONT), ("Title", HEAD_FONT)):
        style = doc.styles[style_name]
        style.font.name = font
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)

    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    east_asian(head.add_run(title(report)), HEAD_FONT, 18, bold=True)

    def prose(text: str) -> None:
        # The first paragraph is built through python-docx; the rest are copies of its XML with
        # their own text (python-docx's property setters cost ~0.3 ms a paragraph: 2 s a MB).
        last = None
        for para in paragraphs(text):
            if last is None:
                p = doc.add_paragraph()
                p.paragraph_format.first_line_indent = Pt(32)  # two characters of 16 pt
                east_asian(p.add_run(para), BODY_FONT, 16)
                last = p._p
                continue
            element = copy.deepcopy(last)
            element.r_lst[0].text = para
            last.addnext(element)
            last = element

    prose(report.preamble)
    tpl = report.template
    for sec in tpl.sections:
        h = doc.add_heading(level=1)
        run = h.add_run(sec.title)
        east_asian(run, HEAD_FONT, 16, bold=True)
        run.font.color.rgb = RGBColor(0, 0, 0)  # official documents print headings in black
        if sec.kind == "prose":
            prose(report.text(sec.id))
            continue
        rows = table_layout(report, tpl.tables[sec.table])
        height, width, placed = grid_positions(rows)
        table = doc.add_table(rows=height, cols=width)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = _column_widths(width, placed, 158.0)
        for c, column in enumerate(table.columns):  # the grid: LibreOffice lays out by it
            column.width = Mm(widths[c])
        for row in table.rows:
            for c, cell in enumerate(row.cells):
                cell.width = Mm(widths[c])
        # The cells once: python-docx finds each `table.cell(r, c)` by walking the whole grid, so
        # asking per cell made a report's tables take a second. Placements never overlap, so no
        # merge below removes a cell a later placement uses.
        grid = table._cells
        for r, c, (text, rs, cs, kind) in placed:
            cell = grid[r * width + c]
            if rs > 1 or cs > 1:
                cell = cell.merge(grid[(r + rs - 1) * width + c + cs - 1])
            p = cell.paragraphs[0]
            p.alignment = (WD_ALIGN_PARAGRAPH.RIGHT if kind == "num" else
                           WD_ALIGN_PARAGRAPH.CENTER if kind == "head" else WD_ALIGN_PARAGRAPH.LEFT)
            east_asian(p.add_run(text), BODY_FONT, 10.5)
    for line in paragraphs(report.closing):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        east_asian(p.add_run(line), BODY_FONT, 16)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _column_widths(width: int, placed, text_mm: float) -> list[float]:
    """Figure columns narrow, label columns share the rest (the innermost label column most)."""
    numeric = {c for _, c, (_, _, cs, kind) in placed if kind == "num" and cs == 1}
    labels = [c for c in range(width) if c not in numeric]
    if not numeric or not labels:
        return [text_mm / width] * width
    num_w = min(24.0, max(15.5, text_mm * 0.55 / len(numeric)))  # 7 digits at 10.5 pt
    rest = text_mm - num_w * len(numeric)
    weights = {c: (2 if c == labels[-1] and len(labels) > 1 else 1) for c in labels}
    total = sum(weights.values())
    return [num_w if c in numeric else rest * weights[c] / total for c in range(width)]

