"""The report in the official layout, for what leaves the office: text, Markdown, CSV, JSON, HTML.

Everything comes from the report and its template -- titles, row and column
labels, header groups, merged cells -- so a new revision of the official
format renders without code changes. Plain text is laid out by display width
(wcwidth, with the ambiguous width the reader's terminal uses), never with
TABs or box-drawing characters: CJK terminals draw those at the wrong width.
"""

from __future__ import annotations

import html
import json

import wcwidth

from ..model.numbers import json_value, plain
from ..model.report import Report, paragraphs
from ..model.template import Block, Cell, Table

INDENT = "\u3000\u3000"  # two full-width spaces open a paragraph
GAP = 1                  # space between text columns (each is at least 8 wide)


def title(report: Report) -> str:
    return f"{report.agency}{report.year}年政府信息公开工作年度报告"




# ------------------------------------------------------------------ plain text

class _Width:
    def __init__(self, ambiguous: int):
        self.ambiguous = ambiguous

    def __call__(self, s: str) -> int:
        return wcwidth.width(s, ambiguous_width=self.ambiguous)

    def ljust(self, s: str, n: int) -> str:
        return s + " " * max(0, n - self(s))

    def rjust(self, s: str, n: int) -> str:
        return " " * max(0, n - self(s)) + s

    def center(self, s: str, n: int) -> str:
        pad = max(0, n - self(s))
        return " " * (pad // 2) + s + " " * (pad - pad // 2)

    def wrap(self, s: str, n: int) -> list[str]:
        """Break a label into pieces of at most n cells (Chinese breaks anywhere)."""
        out, cur = [], ""
        for ch in s:
            if cur and self(cur + ch) > n:
                out.append(cur)
                cur = ""
            cur += ch
        return out + ([cur] if cur else [])


def render_text(report: Report, width: int = 100, ambiguous: int = 1, wrap_prose: bool = False) -> str:
    """The report as plain text. A paragraph is one line (text to paste keeps no hard breaks)
    unless `wrap_prose`: then wrapped at `width` by Chinese rules, for a screen (F12)."""
    w = _Width(ambiguous)
    tpl = report.template
    out = [w.center(title(report), width).rstrip(), ""]

    def prose(text: str) -> list[str]:
        """Paragraphs wrapped at `width` where Chinese typesetting allows (linebreak.py)."""
        from .linebreak import wrap

        if not wrap_prose:
            return [INDENT + p for p in paragraphs(text)]
        return [line for p in paragraphs(text) for line in wrap(INDENT + p, width, w)]

    out += prose(report.preamble)
    for section in tpl.sections:
        out += ["", section.title, ""]
        if section.kind == "prose":
            out += prose(report.text(section.id)) or [INDENT + "无。"]
        else:
            out += _text_table(report, tpl.tables[section.table], width, w)
    if report.closing:
        out += [""] + paragraphs(report.closing)
    return "\n".join(out).rstrip() + "\n"


def _text_table(report: Report, table: Table, width: int, w: _Width) -> list[str]:
    out: list[str] = []
    groups = {r: label for label, members in table.row_groups for r in members}
    for block in table.blocks:
        if block.label:
            out.append(block.label)
        cols = list(block.columns)
        values = {c.id: [plain(report.value(Cell(table.id, r.id, c.id))) for r in block.figure_rows]
                  for c in cols}
        labels = [("  " * r.level) + (f"{groups[r.id]} / " if r.id in groups else "") + r.label
                  for r in block.rows] + [block.corner if len(block.corner) < 10 else ""]
        longest = max(w(l) for l in labels)
        # Column labels whole on one line if the row labels still fit beside them; otherwise
        # stacked over narrow columns, which leaves the row labels the most room.
        stacked = {c.id: max([w(v) for v in values[c.id]] + [8]) for c in cols}
        whole = {c.id: max(stacked[c.id], w(c.label)) for c in cols}
        room = width - sum(x + GAP for x in whole.values())
        colw = whole if longest <= room or room >= width - sum(x + GAP for x in stacked.values()) else stacked
        figures = sum(colw[c.id] + GAP for c in cols)
        label_w = max(8, min(max(w(l) for l in labels), width - figures))
        # Header: the corner note on its own line when long, groups stacked over their columns.
        if block.corner and w(block.corner) > label_w:
            out.append(block.corner)
            corner = ""
        else:
            corner = block.corner
        for glabel, members in block.header_groups:
            line = " " * label_w
            for c in cols:
                line += " " * GAP + ("\0" * colw[c.id] if c.id in members else " " * colw[c.id])
            start, end = line.find("\0"), line.rfind("\0") + 1
            line = line[:start] + w.center(glabel, end - start) + line[end:]
            out.append(line.replace("\0", " ").rstrip())
        heads = {c.id: w.wrap(c.label, colw[c.id]) for c in cols}
        depth = max(len(h) for h in heads.values())
        for i in range(depth):
            line = w.ljust(corner if i == depth - 1 else "", label_w)
            for c in cols:
                h = heads[c.id]
                piece = h[i - (depth - len(h))] if i >= depth - len(h) else ""
                line += " " * GAP + w.rjust(piece, colw[c.id])
            out.append(line.rstrip())
        fig_index = 0
        for r in block.rows:
            label = ("  " * r.level) + (f"{groups[r.id]} / " if r.id in groups else "") + r.label
            if r.group:
                out.append(label)
                continue
            cells = "".join(" " * GAP + w.rjust(values[c.id][fig_index], colw[c.id]) for c in cols)
            fig_index += 1
            if w(label) > label_w:
                out.append(label)  # a long label on its own line; its figures below, aligned
                out.append(" " * label_w + cells)
            else:
                out.append(w.ljust(label, label_w) + cells)
        out.append("")
    while out and out[-1] == "":
        out.pop()
    return out


# ------------------------------------------------------------------ flat forms



def figures(report: Report):
    """(section title, block heading or None, row label path, column label, cell) in official order."""
    tpl = report.template
    for section in tpl.sections:
        if section.kind != "table":
            continue
        table = tpl.tables[section.table]
        groups = {r: label for label, members in table.row_groups for r in members}
        for block in table.blocks:
            for row in block.figure_rows:
                path = ([groups[row.id]] if row.id in groups else []) + tpl.label_chain(table.id, row.id)
                for col in block.columns:
                    yield (section.title, block.label or None, " / ".join(path), col.label,
                           Cell(table.id, row.id, col.id))




def render_json(report: Report) -> str:
    tpl = report.template
    data = {
        "year": report.year, "agency": report.agency, "template": tpl.id,
        "date": report.date.isoformat() if report.date else None,
        "title": title(report), "preamble": report.preamble,
        "sections": [{"title": s.title, "text": report.text(s.id) if s.kind == "prose" else ""}
                     for s in tpl.sections],
        "figures": [{"section": s, "block": b, "row": r, "column": c, "value": json_value(report.value(cell))}
                    for s, b, r, c, cell in figures(report)],
        "closing": report.closing,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def render_csv(report: Report) -> str:
    """One line per figure (the spreadsheet-safe CSV of format/output/spreadsheet.py)."""
    from .spreadsheet import csv_text

    rows = [["section", "block", "row", "column", "value"]]
    rows += [[s, b or "", r, c, plain(report.value(cell))] for s, b, r, c, cell in figures(report)]
    return csv_text(rows)


def _md(s: str) -> str:
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    tpl = report.template
    out = [f"# {_md(title(report))}", ""]
    out += [_md(p) + "\n" for p in paragraphs(report.preamble)]
    for section in tpl.sections:
        out += [f"## {section.title}", ""]
        if section.kind == "prose":
            out += [_md(p) + "\n" for p in paragraphs(report.text(section.id))]
            continue
        table = tpl.tables[section.table]
        groups = {r: label for label, members in table.row_groups for r in members}
        for block in table.blocks:
            if block.label:
                out += [f"**{block.label}**", ""]
            heads = []
            for c in block.columns:
                over = [g for g, members in block.header_groups if c.id in members]
                heads.append(" / ".join(over + [c.label]))
            out.append("| " + " | ".join([_md(block.corner or "")] + [_md(h) for h in heads]) + " |")
            out.append("|---" + "|---:" * len(heads) + "|")
            for row in block.figure_rows:
                path = ([groups[row.id]] if row.id in groups else []) + tpl.label_chain(table.id, row.id)
                vals = [plain(report.value(Cell(table.id, row.id, c.id))) for c in block.columns]
                out.append("| " + " | ".join([_md(" / ".join(path))] + vals) + " |")
            out.append("")
    if report.closing:
        out += [_md(p) + "  " for p in paragraphs(report.closing)]
    return "\n".join(out).rstrip() + "\n"


# ------------------------------------------------------------------ HTML

_CSS = """
body { font-family: "FangSong", "仿宋", "SimSun", "宋体", serif; max-width: 60em; margin: 2em auto; line-height: 1.8; }
h1 { text-align: center; font-size: 1.4em; }
h2 { font-size: 1.15em; margin-top: 1.5em; }
p.para { text-indent: 2em; margin: 0.3em 0; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
td, th { border: 1px solid #000; padding: 0.2em 0.5em; }
td.num { text-align: right; }
th { font-weight: normal; text-align: center; }
p.closing { text-align: right; margin: 0.2em 0; }
"""


def render_html(report: Report) -> str:
    tpl = report.template
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{e(title(report))}</title><style>{_CSS}</style></head><body>",
           f"<h1>{e(title(report))}</h1>"]
    out += [f'<p class="para">{e(p)}</p>' for p in paragraphs(report.preamble)]
    for section in tpl.sections:
        out.append(f"<h2>{e(section.title)}</h2>")
        if section.kind == "prose":
            out += [f'<p class="para">{e(p)}</p>' for p in paragraphs(report.text(section.id))]
        else:
            out.append(_html_table(report, tpl.tables[section.table]))
    out += [f'<p class="closing">{e(p)}</p>' for p in paragraphs(report.closing)]
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# Official tables as rows of cells (text, rowspan, colspan, kind): one layout for HTML and Word,
# so their merged cells cannot drift apart. kind: "head" (header), "label" (row label), "num" (figure).
TableCell = tuple[str, int, int, str]


def table_layout(report: Report, table: Table) -> list[list[TableCell]]:
    if table.layout == "rows-side-by-side":
        return _layout_side_by_side(report, table)
    if len(table.blocks) > 1:
        return _layout_blocks(report, table)
    return _layout_tree(report, table, table.blocks[0])


def _layout_blocks(report: Report, table: Table) -> list[list[TableCell]]:
    """Table 2: a heading row per block, its header, its rows; a block with fewer columns
    lets its last column span the rest, as the official form does."""
    width = max(len(b.columns) for b in table.blocks) + 1
    rows: list[list[TableCell]] = []
    for block in table.blocks:
        rows.append([(block.label, 1, width, "head")])
        spans = [1] * len(block.columns)
        spans[-1] += width - 1 - len(block.columns)
        rows.append([(block.corner, 1, 1, "head")] + [(c.label, 1, s, "head") for c, s in zip(block.columns, spans)])
        for row in block.figure_rows:
            rows.append([(row.label, 1, 1, "label")] +
                        [(plain(report.value(Cell(table.id, row.id, c.id))), 1, s, "num")
                         for c, s in zip(block.columns, spans)])
    return rows


def _layout_tree(report: Report, table: Table, block: Block) -> list[list[TableCell]]:
    """Table 3: label columns for the row tree (a group spans its rows), stacked header groups."""
    depth = max(r.level for r in block.rows) + 1
    under: dict[str, int] = {}
    for r in block.figure_rows:
        for anc in report.template.ancestors(table.id, r.id):
            under[anc.id] = under.get(anc.id, 0) + 1
    cols = list(block.columns)
    # Header rows: each group over its columns (outer groups first); a column's own label sits in
    # the row below its innermost group and spans down to the figures.
    head_rows = len(block.header_groups) + 1
    rows: list[list[TableCell]] = []
    for i in range(head_rows):
        cells: list[TableCell] = [(block.corner, head_rows, depth, "head")] if i == 0 else []
        for c in cols:
            inside = [k for k, (_, members) in enumerate(block.header_groups) if c.id in members]
            if len(inside) == i:
                cells.append((c.label, head_rows - i, 1, "head"))
            glabel, members = block.header_groups[i] if i < len(block.header_groups) else ("", ())
            if members and c.id == members[0]:
                cells.append((glabel, 1, len(members), "head"))
        rows.append(cells)
    opened: set[str] = set()
    for r in block.figure_rows:
        cells = []
        for anc in report.template.ancestors(table.id, r.id):
            if anc.id not in opened:
                opened.add(anc.id)
                cells.append((anc.label, under[anc.id], 1, "label"))
        cells.append((r.label, 1, depth - r.level, "label"))
        cells += [(plain(report.value(Cell(table.id, r.id, c.id))), 1, 1, "num") for c in cols]
        rows.append(cells)
    return rows


def _layout_side_by_side(report: Report, table: Table) -> list[list[TableCell]]:
    """Table 4: its rows laid side by side as one row of figures, under their group headings."""
    block = table.blocks[0]
    n = len(block.columns)
    groups = {r: (label, members) for label, members in table.row_groups for r in members}
    top, middle, bottom, figures_ = [], [], [], []
    done: set[str] = set()
    for r in block.figure_rows:
        if r.id in groups:
            label, members = groups[r.id]
            if label not in done:
                done.add(label)
                top.append((label, 1, n * len(members), "head"))
            middle.append((r.label, 1, n, "head"))
            bottom += [(c.label, 1, 1, "head") for c in block.columns]
        else:
            top.append((r.label, 1, n, "head"))
            middle += [(c.label, 2, 1, "head") for c in block.columns]
        figures_ += [(plain(report.value(Cell(table.id, r.id, c.id))), 1, 1, "num") for c in block.columns]
    return [top, middle, bottom, figures_]


def _html_table(report: Report, table: Table) -> str:
    out = []
    for row in table_layout(report, table):
        cells = []
        for text, rs, cs, kind in row:
            tag = "th" if kind == "head" else "td"
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            attrs += ' class="num"' if kind == "num" else ""
            cells.append(f"<{tag}{attrs}>{html.escape(text)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>\n" + "\n".join(out) + "\n</table>"


def grid_positions(rows: list[list[TableCell]]) -> tuple[int, int, list[tuple[int, int, TableCell]]]:
    """Place each cell on the grid: (height, width, [(row, column, cell)]) -- for Word's merges."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell[1]):
                for dc in range(cell[2]):
                    taken.add((r + dr, c + dc))
            c += cell[2]
    height = max(r for r, _ in taken) + 1
    width = max(c for _, c in taken) + 1
    return height, width, placed


RENDERERS = {"text": render_text, "markdown": render_markdown, "csv": render_csv,
             "json": render_json, "html": render_html}
