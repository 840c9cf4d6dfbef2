"""The canonical layout of a report file.

The file is a user interface of its own: reviewers read it in `git diff`,
clerks fix a figure in any text editor. So: official order, one cell per line
with its Chinese label as a comment, empty cells as visible `# key =`
placeholders, totals marked, prose one sentence per line (joined by TOML's
line-ending backslash) so that editing one sentence changes one line.
"""

from __future__ import annotations


from ..model.numbers import plain
from ..model.report import CURRENT_FILE_VERSION, Report, paragraphs, sentences, text_parts
from ..model.template import Cell, Template

BANNER = "# 政府信息公开工作年度报告 —— nianbao 报告文件（格式说明见 FORMAT.md）"
VALUE_WIDTH = 8  # comments stay in one column for values of up to 8 characters
TOTAL_MARK = "（合计）"
EMPTY_MARK = "：空（未填报）"
TOP_LABELS = {
    "file_version": "文件格式版本",
    "year": "报告年度",
    "agency": "机关名称",
    "date": "发布日期",
}
PART_LABELS = {"preamble": "前言（编制依据、统计期限等）", "closing": "结尾（署名、日期）"}




def basic_string(s: str) -> str:
    """A TOML basic string; escapes what TOML forbids raw (controls, DEL)."""
    return '"' + "".join(_escape(ch, quote=True) for ch in s) + '"'


def _escape(ch: str, quote: bool) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == '"' and quote:
        return '\\"'
    o = ord(ch)
    if ch == "\t":
        return ch
    if o < 0x20 or o == 0x7F:
        return f"\\u{o:04X}"
    return ch


def prose_value(text: str) -> str:
    """`\"\"\"` block: a sentence per line, paragraphs separated by a blank line."""
    paras = paragraphs(text)
    if not paras:
        return '""'
    out = ['"""']
    for i, para in enumerate(paras):
        if i:
            out.append("")
        lines = sentences(para)
        for j, sentence in enumerate(lines):
            escaped = "".join(_escape(ch, quote=True) for ch in sentence)
            out.append(escaped + ("\\" if j < len(lines) - 1 else ""))
    out.append('"""')
    return "\n".join(out)


def row_heading(tpl: Template, table_id: str, row_id: str) -> str:
    """Full place of a row in the official table, for the `[t3.row]` header comment."""
    table = tpl.tables[table_id]
    block = table.block_of(row_id)
    chain = tpl.label_chain(table_id, row_id)
    for label, members in table.row_groups:
        if row_id in members:
            chain.insert(0, label)
    if block.label:
        chain.insert(0, block.label)
    return " / ".join(chain)


def cell_comment(tpl: Template, cell: Cell, totals: set[Cell]) -> str:
    col = tpl.column(cell)
    label = col.label
    if col.unit and col.unit not in label:
        label += f"（单位：{col.unit}）"
    return label + (TOTAL_MARK if cell in totals else "")


def generated_comments(tpl: Template) -> tuple[dict[str, str], set[str]]:
    """Trailing comments the canonical layout writes (path -> text) and its standalone lines.

    `fmt` uses these to tell its own comments from the user's, so running it
    twice changes nothing and never duplicates a label.
    """
    trailing = dict(TOP_LABELS)
    trailing["template"] = f"{tpl.name}，{tpl.basis}" if tpl.basis else tpl.name
    standalone = {BANNER}
    totals = set(tpl.total_cells())
    for part, title in text_parts(tpl):
        trailing[part] = PART_LABELS.get(part, title)
    for section in tpl.sections:
        if section.kind != "table":
            continue
        standalone.add(f"# {section.title}")
        table = tpl.tables[section.table]
        for block in table.blocks:
            for row in block.figure_rows:
                trailing[f"{table.id}.{row.id}"] = row_heading(tpl, table.id, row.id)
                for col in block.columns:
                    cell = Cell(table.id, row.id, col.id)
                    trailing[cell.key] = cell_comment(tpl, cell, totals)
    return trailing, standalone


def dumps(report: Report, comments: dict[str, list[str]] | None = None) -> str:
    """The whole file in canonical layout; `comments` are the user's, by anchor path."""
    from ..visible import comment_line

    tpl = report.template
    # A comment is one line of text: a newline or a control character from an agency name or a
    # file name put into one would make a file that cannot be read back.
    comments = {path: [comment_line(line) for line in lines] for path, lines in (comments or {}).items()}
    trailing, _ = generated_comments(tpl)
    totals = set(tpl.total_cells())
    out: list[str] = [BANNER]

    def emit_comments(path: str) -> None:
        out.extend(comments.get(path, ()))

    def kv(key: str, value: str, path: str | None = None, width: int | None = None) -> None:
        path = path or key
        emit_comments(path)
        if width is None:  # top-level keys: nothing to line up with
            out.append(f"{key} = {value}  # {trailing[path]}")
        else:
            out.append(f"{key.ljust(width)} = {value.ljust(VALUE_WIDTH)}  # {trailing[path]}")

    kv("file_version", str(CURRENT_FILE_VERSION))
    emit_comments("template")
    out.append(f"template = {basic_string(tpl.id)}  # {trailing['template']}")
    kv("year", str(report.year))
    emit_comments("agency")
    out.append(f"agency = {basic_string(report.agency)}  # {trailing['agency']}")
    if report.date is None:
        out.append(f"# date =  # {trailing['date']}{EMPTY_MARK}")
    else:
        kv("date", report.date.isoformat())

    def prose(part: str) -> None:
        out.append("")
        emit_comments(part)
        out.append(f"[{part}]  # {trailing[part]}")
        emit_comments(f"{part}.text")
        out.append(f"text = {prose_value(report.text(part))}")

    prose("preamble")
    for section in tpl.sections:
        if section.kind == "prose":
            prose(section.id)
            continue
        table = tpl.tables[section.table]
        out.append("")
        out.append(f"# {section.title}")
        for block in table.blocks:
            width = max(len(c.id) for c in block.columns)
            for row in block.figure_rows:
                header = f"{table.id}.{row.id}"
                emit_comments(header)
                out.append(f"[{header}]  # {trailing[header]}")
                for col in block.columns:
                    cell = Cell(table.id, row.id, col.id)
                    value = report.value(cell)
                    if value is None:
                        emit_comments(cell.key)
                        out.append(f"# {col.id.ljust(width)} = {''.ljust(VALUE_WIDTH)}  "
                                   f"# {cell_comment(tpl, cell, totals)}{EMPTY_MARK}")
                    else:
                        kv(col.id, plain(value), cell.key, width)
                out.append("")
        out.pop()  # no blank line before the next section's blank line
    prose("closing")
    tail = comments.get("", [])
    if tail:
        out.append("")
        out.extend(tail)
    text = "\n".join(out) + "\n"
    if report.conflicts:
        from .conflicts import block

        text += block(report.conflicts, tpl)
    return text
