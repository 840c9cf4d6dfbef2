"""Chinese line breaking (issue 21): the breaker's rules on random prose, and the editor's prose
on screen at widths 63-120 for both samples."""

from __future__ import annotations

import asyncio
import shutil

from hypothesis import given, settings, strategies as st
from wcwidth import wcwidth

from conftest import SAMPLES
from nianbao.format.output.linebreak import NO_END, NO_START, may_break, wrap

PIECES = list("政府信息公开申请办理答复条例年件") + ["2024", "3,119", "12.5", "%", "PDF", " ", "，", "。", "、",
                                             "；", "：", "《", "》", "（", "）", "“", "”", "……", "——"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=80), st.integers(min_value=4, max_value=60))
def test_wrapping_keeps_every_character_fits_and_breaks_only_where_allowed(pieces, width):
    text = "".join(pieces)
    lines = wrap(text, width, wcwidth)
    assert "".join(lines) == text
    at = 0
    for i, line in enumerate(lines):
        assert sum(max(0, wcwidth(c)) for c in line) <= width, (line, width)
        if i:
            previous = lines[i - 1]
            start = at - len(previous)
            # A cut where the rules forbid one only when the whole line before had no allowed place.
            if not may_break(text, at):
                assert not any(may_break(text, k) for k in range(start + 1, at)), (previous, line)
        at += len(line)


def test_the_rules():
    text = "严格落实《中华人民共和国政府信息公开条例》，全年受理申请3,119件。"
    for width in range(12, 40):  # narrower than 「3,119件。」 (9 cells) plus a word, something must give
        for line in wrap(text, width, wcwidth)[1:]:
            assert line[0] not in NO_START, (width, line)
        for line in wrap(text, width, wcwidth)[:-1]:
            assert line[-1] not in NO_END, (width, line)
            assert not line.endswith(("3", "3,", "3,1", "3,11", "3,119")), (width, line)  # 「3,119件」 whole


def _prose_lines(sample: str, width: int) -> list[str]:
    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp
    from tui_helpers import screen_text

    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    shutil.copy(SAMPLES / sample, folder / sample)
    app = NianbaoApp(ReportFile.open(folder / sample))
    rows: list[str] = []

    async def main():
        async with app.run_test(size=(width, 40)) as pilot:
            await pilot.pause()
            for section in app.session.template.sections:
                if section.kind == "prose":
                    await app.show_view(section.id)
                    await pilot.pause()
                    rows.extend(screen_text(app).splitlines()[2:-4])
            await pilot.press("ctrl+q")
    asyncio.run(main())
    shutil.rmtree(folder)
    return rows


def test_no_line_of_prose_on_screen_starts_or_ends_against_the_rules():
    for sample in ("huaian-2024.toml", "longwan-2023.toml"):
        for width in (63, 71, 80, 100, 120):
            for row in _prose_lines(sample, width):
                text = row.rstrip(" ▁▔▏▕█")
                body = text.lstrip(" 0123456789") if text[:4].strip().isdigit() else text.lstrip()
                if body:
                    assert body[0] not in NO_START or not text.startswith("    "), (sample, width, row)
                    assert text[-1] not in NO_END, (sample, width, row)
