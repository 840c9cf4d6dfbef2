"""Textual's compositor, drawing only the widgets and rows a partial update touches.

For a partial update Textual renders every widget whose *clip* overlaps the
changed area -- and a widget's clip is its container's region, for top-level
widgets the whole screen -- then renders each of them over its full height.
A committed figure changes a cell, two labels, the info and edit lines; stock
Textual then renders all ten widgets of the screen, ~85 lines, and that is
half of what an Enter costs. Here a widget is rendered only if the part of it
on screen overlaps the changed area, and only from its first changed row to its last.

Safe because an update writes only the changed spans (ChopsUpdate skips every
chop outside them) and each screen row is composed independently: a widget
that is not under a changed span, or a row with no change, is never written.
Relies on Compositor._get_renders and render_partial_update of the pinned
Textual (8.2.8); tests/test_tmux.py checks that the screen after many partial
updates is what a full repaint draws.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip


class LeanCompositor(Compositor):
    _changed_rows: list[tuple[int, int]] | None = None  # (first row, row count) runs

    def render_partial_update(self) -> ChopsUpdate | None:
        self._changed_rows = _runs({y for region in self._dirty_regions for y in region.line_range})
        try:
            return super().render_partial_update()
        finally:
            self._changed_rows = None

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None:
            yield from super()._get_renders(crop)
            return
        width = max(self.size.width, crop.right)
        runs = self._changed_rows or [(crop.y, crop.height)]
        overlaps = crop.overlaps
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip)
            if not overlaps(shown):
                continue
            top, bottom = shown.y, shown.bottom
            inside = [(y, h) for y, h in runs if y < bottom and y + h > top]
            if not inside:
                continue
            first, last = max(top, inside[0][0]), min(bottom, inside[-1][0] + inside[-1][1])
            rows = clip.intersection(Region(0, first, width, last - first))
            x, y, w, h = region.intersection(rows)
            if w and h:
                yield region, rows, widget.render_lines(Region(x - region.x, y - region.y, w, h))


def _runs(rows: set[int]) -> list[tuple[int, int]]:
    """Consecutive rows as (first, count)."""
    runs: list[tuple[int, int]] = []
    for y in sorted(rows):
        if runs and runs[-1][0] + runs[-1][1] == y:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((y, 1))
    return runs
