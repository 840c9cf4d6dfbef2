"""Reading a report file into a Report, with errors a clerk can act on.

Values are read with the stdlib tomllib (money through Decimal, so 5949.088667
stays exact); it is 8-10x faster than tomlkit, which only matters for writing.
Every failure becomes a ReportError naming FILE:LINE:COL and what is really
wrong, in Chinese -- never a traceback, never a silently wrong figure.
"""

from __future__ import annotations

import datetime as _dt
import errno
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal

from ..model import template as templates
from .locate import LineIndex
from ..model.numbers import MAX_DIGITS, is_year
from ..model.report import CURRENT_FILE_VERSION, Report, normalize_prose, sentences, text_parts
from ..model.template import Cell, Template, TemplateError

MAX_BYTES = 8 * 1024 * 1024  # a real report is ~30 KB; anything this big is not one
TOP_KEYS = {"file_version", "template", "year", "agency", "date"}


class ReportError(Exception):
    """The file cannot be read as a report. str() is `FILE:LINE:COL: 说明`."""

    def __init__(self, path, message: str, line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.path, self.message, self.line, self.col = str(path), message, line, col

    def __str__(self) -> str:
        from ..visible import one_line  # a name with a newline must not forge a line of output

        where = one_line(self.path)
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return f"{where}: {self.message}"


class LazyIndex:
    """A LineIndex built on first use: a clean file never needs one."""

    def __init__(self, text: str):
        self._text, self._index = text, None

    def line(self, path: str) -> int:
        if self._index is None:
            self._index = LineIndex(self._text)
        return self._index.line(path)


@dataclass
class Loaded:
    path: str
    text: str
    bom: bool
    version: int
    report: Report
    index: LazyIndex

    def line_of(self, cell: Cell) -> int:
        return self.index.line(cell.key)

    def line_of_finding(self, finding) -> int:
        """The cell's line; for a sentence of prose, the line it is on (one sentence a line)."""
        if finding.cell is not None:
            return self.line_of(finding.cell)
        start = self.index.line(finding.key or "")
        if finding.quote:
            import bisect

            probe = finding.quote[:12]
            lines, starting = self._lines()
            at = starting.get(probe, ())
            i = bisect.bisect_left(at, start)
            if i < len(at):
                return at[i]
            for i in range(start - 1, len(lines)):  # a sentence that does not start its line
                if probe in lines[i]:
                    return i + 1
        return start

    def _lines(self) -> tuple[list[str], dict[str, list[int]]]:
        """The lines, and the lines each sentence's first twelve characters start a sentence on
        (a paragraph a line): built once, so locating thousands of findings neither splits the file
        nor searches a long paragraph thousands of times."""
        cached = self.__dict__.get("_line_cache")
        if cached is None:
            lines = self.text.splitlines()
            starting: dict[str, list[int]] = {}
            for n, line in enumerate(lines, 1):
                for sentence in sentences(line):
                    head = sentence.strip()[:12]
                    if head and (not starting.get(head) or starting[head][-1] != n):
                        starting.setdefault(head, []).append(n)
            cached = self.__dict__["_line_cache"] = (lines, starting)
        return cached


def read(path, template_dirs=None) -> Loaded:
    path = str(path)
    from .regular import NotRegular, read_regular

    try:
        data = read_regular(path, MAX_BYTES)
    except IsADirectoryError:
        raise ReportError(path, "这是一个目录，不是报告文件") from None
    except NotRegular:
        raise ReportError(path, "这不是普通文件（管道、设备或套接字），不会读取") from None
    except FileNotFoundError:
        raise ReportError(path, "文件不存在") from None
    except PermissionError:
        raise ReportError(path, "没有读取权限") from None
    except OSError as exc:
        if exc.errno == errno.EFBIG:
            raise ReportError(path, f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB），不是报告文件") from None
        raise ReportError(path, f"无法读取：{exc.strerror or exc}") from None
    text, bom = decode(data, path)
    return loads(text, path, template_dirs, bom=bom)


def loads(text: str, path="<文本>", template_dirs=None, bom: bool = False) -> Loaded:
    data = parse_toml(text, path)
    index = LazyIndex(text)
    if _NOT_DECIMAL.search(text):
        _refuse_non_decimal(text, path)
    version, report = build(data, index, path, template_dirs)
    return Loaded(str(path), text, bom, version, report, index)


# TOML reads 0x10, 0o20 and 0b10000 as 16: in a hand-edited report that is a slip, not a figure.
_NOT_DECIMAL = re.compile(r"=[ \t]*[+-]?0[xob]", re.I)
_NOT_DECIMAL_LINE = re.compile(r"^[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*([+-]?0[xob][0-9a-f_]+)", re.I)


def _refuse_non_decimal(text: str, path) -> None:
    in_string = False
    for no, line in enumerate(text.splitlines(), 1):
        if not in_string:
            m = _NOT_DECIMAL_LINE.match(line)
            if m:
                raise ReportError(path, f"“{m.group(1)}” 写成了 {m.group(2)}（十六、八或二进制）："
                                        "请用十进制数字", no, m.start(2) + 1)
        if line.count('"""') % 2 or line.count("'''") % 2:
            in_string = not in_string  # prose in a multi-line string may say anything


def decode(data: bytes, path) -> tuple[str, bool]:
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    try:
        return data.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = "（看起来是 GBK/GB18030 编码：请另存为 UTF-8，或用 nianbao import 导入）"
        except UnicodeDecodeError:
            pass
        raise ReportError(path, f"不是 UTF-8 编码的文本{hint}", line, col) from None


# ------------------------------------------------------------------ TOML syntax

_POS = re.compile(r"\(at line (\d+), column (\d+)\)")
_MESSAGES = [
    ("Invalid statement", "无法识别的语句"),
    ("Cannot overwrite a value", "同一个键写了两次"),
    ("Cannot declare", "同一个表头写了两次"),
    ("Expected '=' after a key", "键后面缺少 “=”"),
    ("Invalid value", "值无法识别：文字要加英文双引号，数字不能带单位"),
    ("Invalid initial character for a key part", "键名只能用英文字母、数字、下划线和减号"),
    ("Unterminated string", "字符串缺少结尾的引号"),
    ("Unclosed multiline string", "多行文字缺少结尾的 \"\"\""),
    ("Illegal character", "含有不允许的字符（如单独的回车符 CR 或其他控制字符）"),
    ("Invalid date or datetime", "日期无效，应写成 2024-01-15"),
    ("Expected newline or end of document after a statement", "一行只能写一项，值后面只能跟 # 注释"),
    ("Unescaped", "字符串中有未转义的字符"),
    ("Invalid hex value", "转义序列无效"),
    ("Unrecognized escape sequence", "反斜杠 \\ 后面的转义序列无效（要写反斜杠本身请用 \\\\）"),
]


# A value of more digits than any figure: cut to MAX_DIGITS + 1 before parsing, so that it stays
# "too long" but never reaches Python's int() whole (over 4,300 digits it raises; below, it is slow).
_LONG_VALUE = re.compile(r"(?m)^([ \t]*[A-Za-z0-9_\-]+[ \t]*=[ \t]*[+-]?)([0-9][0-9_]{%d,})" % MAX_DIGITS)


def parse_toml(text: str, path) -> dict:
    if _LONG_VALUE.search(text):
        text = _LONG_VALUE.sub(lambda m: m.group(1) + m.group(2).replace("_", "")[:MAX_DIGITS + 1], text)
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except RecursionError:  # [[[[…]]]] thousands deep: no report nests more than three
        raise ReportError(path, "嵌套层数过多（数组或表套了成千上万层），不是报告文件", 1, None) from None
    except tomllib.TOMLDecodeError as exc:
        conflict = conflict_message(text)
        if conflict is not None:
            raise ReportError(path, conflict[1], conflict[0], None) from None
        raw = str(exc)
        m = _POS.search(raw)
        line = int(m.group(1)) if m else text.count("\n") + 1
        col = int(m.group(2)) if m else None
        base = _POS.sub("", raw).replace("(at end of document)", "").strip()
        message = next((zh for en, zh in _MESSAGES if base.startswith(en)), None)
        src = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        before_eq = src.split("=", 1)[0] if "=" in src else src
        illegal = re.match(r"(?:Illegal|Found invalid) character '(.+?)'", base)
        if illegal and illegal.group(1) == "\\r":
            message = "含有单独的回车符 CR（\\r）：换行应为 LF 或 CRLF（老式 Mac 文本？请另存为 UTF-8 文本）"
        elif illegal:
            shown = illegal.group(1)  # already escaped by tomllib: '\x1b', never the raw byte
            message = (f"含有控制字符 {shown}（如单独的回车符 CR、ESC 转义序列）；"
                       "文字里确需这个字符请写成 \\u 转义，如 \\u001b")
        elif any(ord(ch) > 127 for ch in before_eq.split("#", 1)[0]) and not src.lstrip().startswith(("#", "[")):
            # tomlkit says "Empty key" here, tomllib "Invalid statement": both
            # hide the real problem, a Chinese word used as a key.
            message = "键名不能用中文：键名只能用英文字母、数字、下划线和减号，中文标签请写在 # 注释里"
        elif message is None:
            message = f"TOML 语法错误（{base}）"
        raise ReportError(path, message, line, col) from None


_OURS = re.compile(r"^<{7}(?: |$)")
_SPLIT = re.compile(r"^={7}$")
_THEIRS = re.compile(r"^>{7}(?: |$)")
_HEADER = re.compile(r"^\[([^\]]+)\][ \t]*(?:#[ \t]*(.*))?$")
_KEY = re.compile(r"^[ \t]*([A-Za-z0-9_-]+)[ \t]*=[^#]*(?:#[ \t]*(.*))?$")


def conflict_message(text: str) -> tuple[int, str] | None:
    """A `git merge` left its markers in the file: (first marker's line, a message naming every
    region's lines and the figures or texts inside them), or None. Every reader says this
    instead of 「无法识别的语句」."""
    lines = text.split("\n")
    regions: list[tuple[int, int]] = []
    start = None
    for no, line in enumerate(lines, 1):
        if _OURS.match(line):
            start = no
        elif _THEIRS.match(line) and start is not None:
            regions.append((start, no))
            start = None
    if start is not None:
        regions.append((start, len(lines)))
    if not regions:
        return None
    touched: list[str] = []
    section, section_label = "", ""
    in_region = {no for a, b in regions for no in range(a, b + 1)}
    for no, line in enumerate(lines, 1):
        header = _HEADER.match(line.strip())
        if header:
            section, section_label = header.group(1), (header.group(2) or "").strip()
            if no in in_region:
                touched.append(section_label or section)
            continue
        key = _KEY.match(line)
        if key and no in in_region and not (_OURS.match(line) or _SPLIT.match(line) or _THEIRS.match(line)):
            name = (key.group(2) or "").strip() or key.group(1)
            where = f"{section_label or section} / {name}" if section else name
            if where not in touched:
                touched.append(where)
    spans = "、".join(f"第 {a}–{b} 行" for a, b in regions)
    what = "；涉及：" + "，".join(touched[:6]) + ("等" if len(touched) > 6 else "") if touched else ""
    return regions[0][0], (f"合并冲突：第 {regions[0][0]} 行起有 git 冲突标记（{spans}）{what}。"
                           "请先解决冲突：每处保留正确的一边，删去 <<<<<<< ======= >>>>>>> 这几行"
                           "（或用 git mergetool），再打开")


# ------------------------------------------------------------------ structure

def build(data: dict, index: LazyIndex, path, template_dirs=None) -> tuple[int, Report]:
    def err(key: str, message: str):
        raise ReportError(path, message, index.line(key))

    version = data.get("file_version")
    if version is None:
        err("file_version", "缺少 file_version（文件格式版本），这不是 nianbao 的报告文件")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        err("file_version", "file_version 应为正整数")
    if version > CURRENT_FILE_VERSION:
        err("file_version", f"文件格式版本为 {version}，而本程序只支持到版本 {CURRENT_FILE_VERSION}："
                            f"请升级 nianbao 后再打开（文件未作任何改动）")
    tid = data.get("template")
    if not isinstance(tid, str):
        err("template", "缺少 template（模板 id，如 \"official-2021\"）")
    try:
        tpl = templates.get(tid, template_dirs)
    except TemplateError as exc:
        err("template", str(exc))
    year = data.get("year")
    if not is_year(year):
        err("year", "year 应为四位数的年度，如 2024")
    agency = data.get("agency")
    if not isinstance(agency, str):
        err("agency", "缺少 agency（机关名称，用英文双引号括起来）")
    date = data.get("date")
    if date is not None and (not isinstance(date, _dt.date) or isinstance(date, _dt.datetime)):
        err("date", "date 应为日期，不加引号，如 2024-01-15")

    report = Report(tpl, year, agency, date)
    known = set(TOP_KEYS) | {"conflict"}
    if "conflict" in data:
        from .conflicts import read_conflicts

        report.conflicts = read_conflicts(data["conflict"], tpl, err)
    for part, _title in text_parts(tpl):
        known.add(part)
        if part in data:
            report.set_text(part, _prose(data[part], part, version, err))
    for section in tpl.sections:
        if section.kind == "table":
            known.add(section.table)
            _read_table(data.get(section.table, {}), tpl, section.table, report, err)
    for key in data:
        if key not in known:
            err(key, f"未知的键 “{key}”（{tpl.name}中没有这一项）")
    return version, report


def _prose(value, part: str, version: int, err) -> str:
    if not isinstance(value, dict):
        err(part, f"[{part}] 应为表，文字写在其中的 text = \"\"\"…\"\"\" 里")
    for key in value:
        if key != "text":
            err(f"{part}.{key}", f"[{part}] 中只能有 text，未知的键 “{key}”")
    text = value.get("text", "")
    if version == 1 and isinstance(text, list):
        # Version 1 stored prose as an array of paragraphs; read it, write v2 on save.
        if not all(isinstance(p, str) for p in text):
            err(f"{part}.text", "text 中的每个段落都应为文字")
        return normalize_prose("\n".join(text))
    if not isinstance(text, str):
        err(f"{part}.text", "text 应为文字（用 \"\"\" 括起来的多行文字）")
    return normalize_prose(text)


def _read_table(value, tpl: Template, table_id: str, report: Report, err) -> None:
    table = tpl.tables[table_id]
    if not isinstance(value, dict):
        err(table_id, f"{table_id} 应为表（[{table_id}.行] 的形式）")
    for row_id, row in value.items():
        try:
            block = table.block_of(row_id)
            tpl_row = tpl.row(table_id, row_id)
        except KeyError:
            err(f"{table_id}.{row_id}", f"未知的行 “{table_id}.{row_id}”（{table.name}中没有这一行）")
        if tpl_row.group:
            err(f"{table_id}.{row_id}", f"“{tpl_row.label}” 是分组标题，没有数字；请填写它下面的各行")
        if not isinstance(row, dict):
            err(f"{table_id}.{row_id}", f"{table_id}.{row_id} 应为表（每格一行 键 = 数字）")
        cols = {c.id: c for c in block.columns}
        for col_id, v in row.items():
            key = f"{table_id}.{row_id}.{col_id}"
            col = cols.get(col_id)
            if col is None:
                err(key, f"未知的列 “{col_id}”（“{tpl_row.label}” 的列为：{'、'.join(cols)}）")
            cell = Cell(table_id, row_id, col_id)
            report.cells[cell] = _value(v, col, key, err)
            if isinstance(report.cells[cell], (int, Decimal)) and abs(report.cells[cell]) >= 10 ** MAX_DIGITS:
                report.cells[cell] = None
                report.too_long.add(cell)


def _value(v, col, key: str, err):
    label = col.label
    if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
        kind = {str: "文字", list: "数组", dict: "表"}.get(type(v), type(v).__name__)
        hint = "（数字不要加引号）" if isinstance(v, str) else ""
        err(key, f"“{label}” 应为数字，这里是{kind}{hint}")
    if col.kind in ("count", "signed"):
        if isinstance(v, Decimal):
            err(key, f"“{label}” 是件数，应为整数，这里是 {v}")
        return v
    if isinstance(v, Decimal) and not v.is_finite():
        err(key, f"“{label}” 应为有限的数")
    return Decimal(v) if isinstance(v, int) else v
