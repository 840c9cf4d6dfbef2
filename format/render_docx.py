"""The report as a Word file for sign-off: A4, 仿宋/宋体 for Chinese, the official merged tables.

python-docx's `font.name` sets only the Latin font; Chinese glyphs follow the
`w:eastAsia` attribute, which has to be set on every run (and on the styles),
or Word falls back to whatever its default East Asian font is.
"""

from __future__ import annotations

import io

from .render import grid_positions, table_layout, title
from .report import Report, paragraphs

BODY_FONT = "仿宋"
HEAD_FONT = "宋体"


def render_docx(report: Report) -> bytes:
    from docx import Document  # python-docx: ~0.1 s to import, only for this format
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

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
        for para in paragraphs(text):
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)  # two characters of 16 pt
            east_asian(p.add_run(para), BODY_FONT, 16)

    prose(report.preamble)
    tpl = report.template
    for sec in tpl.sections:
        h = doc.add_heading(level=1)
        east_asian(h.add_run(sec.title), HEAD_FONT, 16, bold=True)
        if sec.kind == "prose":
            prose(report.text(sec.id))
            continue
        rows = table_layout(report, tpl.tables[sec.table])
        height, width, placed = grid_positions(rows)
        table = doc.add_table(rows=height, cols=width)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, c, (text, rs, cs, kind) in placed:
            cell = table.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
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

