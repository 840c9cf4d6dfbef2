"""Chinese line breaking in Textual's text area: the prose view wraps where a printed page would.

Textual's TextArea wraps soft lines with `compute_wrap_offsets`, which cuts at any cell for text
without spaces -- so a line of prose starts with 「，」 or ends with 「《」. Its wrapped document
looks the function up in its own module, so that name is replaced by one that asks the shared
breaker (format/output/linebreak.py) for the same thing: the indices where new rows start.
Text with tabs keeps Textual's own wrapping (prose has none; tab stops are Textual's business).
"""

from __future__ import annotations

from rich.cells import get_character_cell_size

from nianbao.format.output.linebreak import break_offsets

_installed = False


def cjk_wrap_offsets(text: str, width: int, tab_size: int, fold: bool = True,
                     precomputed_tab_sections=None, *, _original=None) -> list[int]:
    if "\t" in text or not fold:
        return _original(text, width, tab_size, fold, precomputed_tab_sections)
    return break_offsets(text, width, get_character_cell_size)


def install() -> None:
    """Once, before the first text area lays out."""
    global _installed
    if _installed:
        return
    from functools import partial

    import textual.document._wrapped_document as wrapped

    wrapped.compute_wrap_offsets = partial(cjk_wrap_offsets, _original=wrapped.compute_wrap_offsets)
    _installed = True
