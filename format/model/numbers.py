"""Figures as clerks type them.

Input methods produce full-width digits (`１２３`) and separators (`１，２３４`);
spreadsheets paste `1,234`. Those are accepted. Anything that would have to be
guessed -- a minus sign on a count, a decimal count, a unit, a Chinese numeral
-- is refused with a message saying what to type instead: a silently wrong
figure in a published report is worse than a second keystroke.
NFKC is applied to figures only; prose is never normalised.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

CHINESE_NUMERALS = set("零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
_MINUS = {"\u2212", "\u2012", "\u2013", "\u2014", "\ufe63"}  # −‒–—﹣ that NFKC leaves alone
_NUMBER = re.compile(r"[+-]?(\d+(,\d{3})*|\d+)(\.\d+)?")


# No published figure comes near this many digits; past it a "figure" is noise or an attack (Python
# refuses to convert more than 4,300 digits at all, and converting is quadratic below that).
MAX_DIGITS = 30


def too_long(digits: str) -> bool:
    """More digits than any figure has: not read as a number anywhere (files, prose, typing)."""
    return sum(ch.isdigit() for ch in digits) > MAX_DIGITS


class FigureError(ValueError):
    """Not a figure this cell can hold; str() is the message to show."""


def plain(value) -> str:
    """A figure as it is written in a file or an export: money with exactly its digits (no
    exponent, no rounding), counts as integers; a blank is empty text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def shown(value) -> str:
    """A figure as the clerk reads it: a blank is 「空」 (never 0)."""
    return "空" if value is None else plain(value)


def json_value(value):
    """A value for JSON: money as exact text (a float would round it), counts, text and None as
    they are, anything else (a date) as text."""
    if isinstance(value, Decimal):
        return plain(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


FIRST_YEAR, LAST_YEAR = 1900, 9999  # a report year is four digits; templates say which years they fit


def is_year(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and FIRST_YEAR <= value <= LAST_YEAR


def parse_year(text: str) -> int:
    """A report year as typed (full-width digits too); FigureError with the message to show."""
    s = unicodedata.normalize("NFKC", text).strip()
    if not (s.isdigit() and len(s) <= 4 and is_year(int(s))):
        raise FigureError("报告年度应为四位数，如 2024")
    return int(s)


def parse(text: str, kind: str):
    """Text typed into a cell -> int / Decimal, or None for an emptied cell."""
    s = unicodedata.normalize("NFKC", text).strip()
    if re.search(r"\d\s+\d", s):
        raise FigureError(f"“{text.strip()}” 是几个数：一格只填一个数（整行粘贴请用 TAB 分隔）")
    s = "".join("-" if ch in _MINUS else ch for ch in s).replace(" ", "")
    if not s:
        return None
    if any(ch in CHINESE_NUMERALS for ch in s):
        raise FigureError("请用阿拉伯数字（如 1234），不能用中文数字")
    if s.endswith(("件", "个", "条", "万元", "元", "%")):
        raise FigureError("只填数字，不要带单位")
    if not _NUMBER.fullmatch(s):
        if re.search(r"[A-Za-z\u4e00-\u9fff]", s):
            raise FigureError("只能填写数字")
        raise FigureError(f"“{text.strip()}” 不是一个数字")
    negative = s.startswith("-")
    plain = s.lstrip("+-").replace(",", "")
    if too_long(plain.split(".")[0]):
        raise FigureError(f"数字太长（{len(plain.split('.')[0])} 位）：最多 {MAX_DIGITS} 位")
    if kind == "money":
        if negative:
            raise FigureError("金额不能为负数")
        try:
            return Decimal(plain)
        except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
            raise FigureError(f"“{text.strip()}” 不是一个数字") from None
    if "." in plain:
        raise FigureError("件数应为整数，不能有小数")
    value = int(plain)
    if negative:
        if kind != "signed":
            raise FigureError("件数不能为负数")
        value = -value
    return value


def split_pasted_row(text: str) -> list[str] | None:
    """A row pasted from a spreadsheet (TAB-separated) -> its fields; None if it is one value."""
    text = text.strip("\r\n")
    if "\t" not in text:
        return None
    return text.split("\t")
