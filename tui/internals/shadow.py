"""What the terminal shows, cell by cell, so that an update never resends what is already there.

Switching sections hides one view and shows another; Textual then paints the new view once when
it lays out and again when the view answers its Resize and Show events, and the top bar and the
footer with it. The second paint is, cell for cell, the first -- a whole view resent over SSH
(~5 KB per switch). Every update the app writes passes here (NianbaoApp._display): a full-screen
update records the screen; of a partial update, each span that would write exactly the cells the
terminal already shows is dropped, and what is written is recorded.

Only what really reaches the terminal is recorded (not while the app is headless or batching),
and anything else written to it -- a renderable that is not a compositor update -- forgets the
record, so the worst case is the stock behaviour: resending.
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size
from textual._compositor import ChopsUpdate, LayoutUpdate

Cell = tuple[str, object]


def _cells(segments) -> list[Cell]:
    out: list[Cell] = []
    for seg in segments:
        if not seg.control:
            out.extend(_segment_cells(seg.text, seg.style))
    return out


@lru_cache(maxsize=4096)
def _segment_cells(text: str, style) -> tuple[Cell, ...]:
    """One segment's cells (cached: a screen is made of the same few thousand segments)."""
    out: list[Cell] = []
    for ch in text:
        w = get_character_cell_size(ch)
        if w == 0:
            if out:
                out[-1] = (out[-1][0] + ch, out[-1][1])
            continue
        out.append((ch, style))
        if w == 2:
            out.append(("", style))
    return tuple(out)


def _written(line, ends, x1: int, x2: int) -> list[tuple[int, list[Cell]]]:
    """The cells a ChopsUpdate writes on one line for the span [x1, x2), as (x, cells) runs:
    ChopsUpdate.__rich_console__ step by step (whole segments at the span's edges, written
    one after another from where it moves the cursor)."""
    out = []
    for end, (x, strip) in zip(ends, line.items()):
        if strip is None or x > x2 or end <= x1:
            continue
        if x2 > x >= x1 and end <= x2:
            out.append((x, _cells(strip)))
            continue
        segments = iter(strip)
        taken = []
        start = x
        if x < x1:
            for segment in segments:
                next_x = x + _width(segment)
                if next_x > x1:
                    start = x
                    taken.append(segment)
                    break
                x = next_x
        if end <= x2:
            taken.extend(segments)
        else:
            for segment in segments:
                if x >= x2:
                    break
                taken.append(segment)
                x += _width(segment)
        out.append((start, _cells(taken)))
    return out


def _width(segment) -> int:
    return cell_len(segment.text)


class Shadow:
    def __init__(self) -> None:
        self.rows: dict[int, list[Cell | None]] = {}

    def forget(self) -> None:
        self.rows.clear()

    def record_layout(self, update: LayoutUpdate) -> None:
        region = update.region
        for i, line in enumerate(update.strips):  # each line: the strips written one after another
            row: list[Cell | None] = [None] * region.x + _cells(seg for strip in line for seg in strip)
            self.rows[region.y + i] = row

    def filter(self, update: ChopsUpdate) -> ChopsUpdate | None:
        """The update narrowed to the cells that differ from what is on screen: a span that
        would rewrite only what is there is dropped, one that changes a few cells of a row is cut
        down to them (its writes still cover every changed cell). None if nothing is left."""
        kept = []
        for y, x1, x2 in update.spans:
            line, ends = update.chops[y], update.chop_ends[y]
            runs = _written(line, ends, x1, x2)
            row = self.rows.get(y)
            if row is not None:
                changed = [x + i for x, cells in runs for i, cell in enumerate(cells)
                           if x + i >= len(row) or row[x + i] != cell]
                if not changed:
                    continue
                x1, x2 = max(x1, min(changed)), min(x2, max(changed) + 1)
                runs = _written(line, ends, x1, x2)
            kept.append((y, x1, x2))
            if row is None:
                row = self.rows[y] = []
            for x, cells in runs:
                if len(row) < x + len(cells):
                    row.extend([None] * (x + len(cells) - len(row)))
                row[x:x + len(cells)] = cells
        if not kept:
            return None
        update.spans = kept
        return update
