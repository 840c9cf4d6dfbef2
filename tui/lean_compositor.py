"""Textual's compositor, drawing only the widgets a partial update touches.

For a partial update Textual renders every widget whose *clip* overlaps the
changed area -- and a widget's clip is its container's region, for top-level
widgets the whole screen -- then renders each of them over its full height.
A committed figure changes a cell, two labels, the info and edit lines; stock
Textual then renders all ten widgets of the screen, ~85 lines, and that is
half of what an Enter costs. Here a widget is rendered only if the part of it
on screen overlaps the changed area, and only over the rows of that area.

Safe because an update writes only the changed spans (ChopsUpdate skips every
chop outside them) and each screen row is composed independently: a widget
that is not under a changed span, or a row outside the changed area, is never
written. Relies on Compositor._get_renders of the pinned Textual (8.2.8);
tests/test_wire.py and the tmux tests check the screen after partial updates.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip


class LeanCompositor(Compositor):
    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None:
            yield from super()._get_renders(crop)
            return
        band = Region(0, crop.y, max(self.size.width, crop.right), crop.height)
        overlaps = crop.overlaps
        for widget, (region, clip) in self.visible_widgets.items():
            if not overlaps(region.intersection(clip)):
                continue
            clip = clip.intersection(band)
            x, y, width, height = region.intersection(clip)
            if width and height:
                yield region, clip, widget.render_lines(Region(x - region.x, y - region.y, width, height))
