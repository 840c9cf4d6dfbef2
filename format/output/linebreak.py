"""Chinese line breaking (禁则): where a paragraph may be wrapped.

Terminals and naive wrapping cut Chinese text at any cell, so lines start with 「，」 or 「》」
and end with 「《」 -- a printed document never does. The rules here are those of the W3C
"Requirements for Chinese Text Layout" (and GB/T 15834 practice), kept small on purpose:
  - no line starts with closing punctuation or a pause or stop mark (NO_START);
  - no line ends with opening punctuation (NO_END);
  - a run of Latin letters and digits (a word, a number with its separators: 「3,119.5」) is not
    split, nor is a number from the unit after it (「2024年」, 「34件」, 「12%」);
  - two-part marks (「……」「——」) stay together.
When the rules leave no place to break in a line (a URL wider than the screen), it is cut at
the width: a line is never wider than asked.

One breaker serves the editor's prose (tui/internals/cjk_wrap.py hands it to Textual's text
area) and the plain-text output (render.py).
"""

from __future__ import annotations

from typing import Callable

NO_START = set("。．，、；：？！）》」』”’〕】〉｝］〗〙…—～・·%％‰℃°,.;:?!)]}>")
NO_END = set("（《「『“‘〔【〈｛［〖〘([{<")
_WORD = set("0123456789０１２３４５６７８９ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ_-@/")
_DIGITS = set("0123456789０１２３４５６７８９")
_JOINED_IN_NUMBERS = set(",.，．:")


def may_break(text: str, i: int) -> bool:
    """May a line end before text[i] (between text[i-1] and text[i])?"""
    if i <= 0 or i >= len(text):
        return False
    before, after = text[i - 1], text[i]
    if after in NO_START or before in NO_END:
        return False
    if after == " ":
        return False  # the space stays at the end of the line before
    if before in _WORD and after in _WORD:
        return False
    if before in _DIGITS and not after.isspace():
        return False  # 「2024年」「34件」: a number keeps its unit
    if before in _JOINED_IN_NUMBERS and after in _DIGITS and i >= 2 and text[i - 2] in _DIGITS:
        return False  # 「3,119」「3.5」
    return True


def break_offsets(text: str, width: int, cells: Callable[[str], int]) -> list[int]:
    """Where to start each new line so that no line is wider than `width` cells (the indices of
    the first character of every line but the first)."""
    if width <= 0:
        return []
    offsets: list[int] = []
    start, used, last_ok = 0, 0, -1
    i = 0
    n = len(text)
    while i < n:
        w = max(0, cells(text[i]))
        if i > start and may_break(text, i):
            last_ok = i
        if used + w > width and i > start:
            cut = last_ok if last_ok > start else i  # nowhere allowed: cut at the width
            offsets.append(cut)
            i = start = cut  # the pushed-out characters are measured again on the new line
            used, last_ok = 0, -1
            continue
        used += w
        i += 1
    return offsets


def wrap(text: str, width: int, cells: Callable[[str], int]) -> list[str]:
    """`text` as lines of at most `width` cells, broken where Chinese typesetting allows."""
    cuts = [0] + break_offsets(text, width, cells) + [len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]
