"""Our own samples turned into the broken sources people really hold, for the import tests and
bench/import.py: what a careless page-to-text dump, plain `pdftotext` and a PDF-to-Markdown
converter make of a report. Each is made from the rendered report, so the published figures
are known exactly and any figure the importer reads can be compared."""

from __future__ import annotations

import html
import re

from nianbao.format.model.report import Report
from nianbao.format.output.render import RENDERERS


def run_together(report: Report) -> str:
    """The rendered page with every tag removed and nothing put in its place: a table row's
    label and figures run together (「1.属于国家秘密20000022.其他法律…」)."""
    page = re.sub(r"<style.*?</style>", "", RENDERERS["html"](report), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def one_cell_a_line(report: Report) -> str:
    """Each table cell on a line of its own, a blank line between (plain `pdftotext`). As in
    the Huaian PDF, a label that wraps inside its cell (a long one, or one set beside a group's
    label) is printed later, in a bunch with others, after some rows' figures -- so those rows
    come as figures with no label before them."""
    out: list[str] = []
    later: list[str] = []
    rows = 0
    for line in RENDERERS["markdown"](report).split("\n"):
        if not line.startswith("|"):
            if later:
                out.extend(["", *later])
                later = []
            out.append(line.lstrip("# "))
            continue
        if re.fullmatch(r"[|\-: ]+", line):
            continue
        cells = [c.strip() for c in line.strip()[1:-1].split("|")]
        parts = cells[0].split(" / ") if cells[0] else []
        wraps = bool(parts) and (len(parts[-1]) > 16 or len(parts) == 2)
        if wraps:
            later.extend(parts)
        out.extend(["", *[x for c in ([] if wraps else parts[-1:]) + cells[1:] for x in (c, "")]])
        rows += 1
        if rows % 6 == 0 and later:
            out.extend(["", *later])
            later = []
    return "\n".join(out)


def spaced_rows(report: Report) -> str:
    """Text copied from a PDF viewer or a browser: each table row on a line, its label and
    figures separated by single spaces, blank cells gone, the column heads run together."""
    out = []
    for line in RENDERERS["markdown"](report).split("\n"):
        if not line.startswith("|"):
            out.append(line.lstrip("# "))
            continue
        if re.fullmatch(r"[|\-: ]+", line):
            continue
        cells = [c.strip() for c in line.strip()[1:-1].split("|")]
        cells[0] = cells[0].split(" / ")[-1]
        out.append(" ".join(c for c in cells if c))
    return "\n".join(out)


def converter_markdown(report: Report) -> str:
    """What a PDF-to-Markdown converter makes of the report: each table cut into one small
    table per row group, a made-up header row (「Col1|Col2|…」) on each, some rows' figures on a
    row of their own under a label row with empty cells, a page footer 「— 5 —」 as a table row,
    and a note inside a cell (「（其中新制发）」)."""
    out = []
    group = None
    width = 0
    rows_seen = 0
    for line in RENDERERS["markdown"](report).split("\n"):
        if not line.startswith("|"):
            group = None
            out.append(line)
            continue
        if re.fullmatch(r"[|\-: ]+", line):
            continue
        cells = [c.strip() for c in line.strip()[1:-1].split("|")]
        parts = cells[0].split(" / ")
        key = parts[0] if len(parts) < 3 else " / ".join(parts[:2])
        if key != group or rows_seen == 0:
            width = len(cells)
            out.extend(["", "|" + "|".join(f"Col{i + 1}" for i in range(width)) + "|",
                        "|" + "---|" * width])
            group = key
        rows_seen += 1
        figures = cells[1:]
        if figures and figures[0] and "规范性文件" in cells[0]:
            figures[0] = figures[0] + "（其中新制发）"
        if rows_seen % 5 == 0 and any(figures):  # figures detached from the label
            out.append("|" + "|".join([" ".join(parts)] + [""] * len(figures)) + "|")
            out.append("|" + "|".join([""] + figures) + "|")
        else:
            out.append("|" + "|".join([" ".join(parts)] + figures) + "|")
        if rows_seen % 11 == 0:
            out.append("|" + "|".join(["— 5 —"] + [""] * (width - 1)) + "|")
    return "\n".join(out)
