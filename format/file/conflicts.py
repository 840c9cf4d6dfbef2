"""The [[conflict]] tables a merge leaves at the end of a report file (FORMAT.md).

Each place both sides of a merge changed differently is one table: its key, and the value in the
common ancestor, ours and theirs. The report itself holds ours, so every reader can still read
the file; `check` lists each conflict as an error, the editor settles them one by one and, when
none is left, the block goes. The block is always the file's last part, after a marker comment,
so it can be rewritten without touching a byte of the report above it.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from ..model.numbers import plain
from ..model.report import Conflict, text_parts
from ..model.template import Cell, Template
from .write import basic_string

MARKER = "# ---------------------------------------------------------------- 合并冲突"
HEAD = ("# 合并时两边把同一处改成了不同的内容：上面保留的是我方（ours）的值。逐处决定后删掉这一节"
        "（nianbao 编辑器的「合并冲突」会替你做）。")
META = ("year", "agency", "date")


def valid_keys(tpl: Template) -> set[str]:
    return {c.key for c in tpl.cells} | {f"{p}.text" for p, _ in text_parts(tpl)} | set(META)


def read_conflicts(data, tpl: Template, err) -> list[Conflict]:
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        err("conflict", "conflict 应写成 [[conflict]] 表（每处冲突一个）")
    keys = valid_keys(tpl)
    out = []
    for item in data:
        key = item.get("key")
        if not isinstance(key, str) or key not in keys:
            err("conflict", f"[[conflict]] 的 key “{key}” 不是本模板中的一格、一节文字或 year/agency/date")
        if set(item) - {"key", "base", "ours", "theirs"}:
            err("conflict", "[[conflict]] 只能有 key、base、ours、theirs（没有的一方是空白）")
        out.append(Conflict(key, item.get("base"), item.get("ours"), item.get("theirs")))
    return out


def _toml(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, Decimal)):
        return plain(v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    return basic_string(str(v))


def label(tpl: Template, key: str) -> str:
    """「一、本年新收政府信息公开申请数量 / 自然人」, 「一、总体情况」, 「机关名称」."""
    if key in META:
        return {"year": "报告年度", "agency": "机关名称", "date": "发布日期"}[key]
    if key.endswith(".text"):
        return dict(text_parts(tpl)).get(key[:-5], key)
    return tpl.cell_label(Cell(*key.split(".")))


def block(conflicts: list[Conflict], tpl: Template) -> str:
    """The text appended to a report file for its conflicts ('' for none)."""
    if not conflicts:
        return ""
    lines = ["", MARKER, HEAD]
    for c in conflicts:
        lines += ["", "[[conflict]]", f"key = {basic_string(c.key)}  # {label(tpl, c.key)}"]
        lines += [f"{side} = {_toml(value)}" for side, value in
                  (("base", c.base), ("ours", c.ours), ("theirs", c.theirs)) if value is not None]
    return "\n".join(lines) + "\n"


def strip(text: str) -> str:
    """The file without its conflict block (from the marker, or from the first [[conflict]])."""
    at = text.find("\n" + MARKER)
    if at < 0:
        at = text.find("\n[[conflict]]")
    if at < 0:
        return text
    return text[:at].rstrip("\n") + "\n"


def with_conflicts(text: str, conflicts: list[Conflict], tpl: Template) -> str:
    return strip(text) + block(conflicts, tpl)
