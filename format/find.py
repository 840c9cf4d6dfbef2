"""Finding and replacing words in all of a report's text: preamble, the prose sections, closing.

The clerk's yearly job is 「2024年 → 2025年」 across every section; the editor shows each match
with where it is and the words around it. Literal text, case and width as typed: a year or a
name is replaced exactly, never by a pattern.
"""

from __future__ import annotations

from typing import NamedTuple

from .model.report import Report, text_parts

CONTEXT = 14  # characters shown either side of a match


class Match(NamedTuple):
    part: str  # preamble, s1 … closing
    title: str  # 前言, 一、总体情况 …
    start: int  # offset in the part's text
    end: int
    before: str  # the words just before it (within its paragraph)
    after: str


def find_all(report: Report, needle: str) -> list[Match]:
    """Every occurrence of `needle`, in reading order; none for an empty needle."""
    if not needle:
        return []
    out = []
    for part, title in text_parts(report.template):
        text = report.text(part)
        at = text.find(needle)
        while at >= 0:
            end = at + len(needle)
            before = text[max(0, at - CONTEXT):at].rsplit("\n", 1)[-1]
            after = text[end:end + CONTEXT].split("\n", 1)[0]
            out.append(Match(part, title, at, end, before, after))
            at = text.find(needle, end)
    return out


def replace_one(report: Report, match: Match, replacement: str) -> dict[str, str]:
    """{part: its new text} with that one occurrence replaced."""
    text = report.text(match.part)
    return {match.part: text[:match.start] + replacement + text[match.end:]}


def replace_all(report: Report, needle: str, replacement: str) -> dict[str, str]:
    """{part: its new text} for every part that has the needle."""
    if not needle:
        return {}
    return {part: report.text(part).replace(needle, replacement)
            for part, _title in text_parts(report.template) if needle in report.text(part)}
