"""The table grid on Textual's line API: repaint only the lines that changed.

A stock DataTable renders every visible cell through Rich on each update and
re-sends the whole table after `update_cell` -- tens of milliseconds and ~10 KB
per committed figure over SSH. Here each row is one cached Strip; a commit
invalidates the rows it touched and refreshes just those lines, a cursor move
the two rows involved. The three header lines stay fixed while rows scroll.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..internals.base_style import BaseStyle
from .grid import header_lines
from ..internals.keys_in_order import run_binding_now, unfold_escape

HEADER = 3  # lines of column labels; the template's group cells add a line each above them
CUT = "~"  # ASCII: an ellipsis is drawn 1 or 2 cells wide depending on the terminal


def cut(label: str, width: int) -> str:
    """Cut a label to `width` terminal cells, visibly."""
    if cell_len(label) <= width:
        return label
    out = ""
    for ch in label:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + CUT


class FigureGrid(BaseStyle, ScrollView, can_focus=True):
    """Rows of figures; the owning view supplies each cell's text and style."""

    DEFAULT_CSS = "FigureGrid { height: 1fr; }"
    # Shown in the footer only; the keys are handled in on_key (see table_view.py).
    BINDINGS = [
        Binding("enter", "hint('enter')", "编辑", key_display="Enter"),
        Binding("tab", "hint('tab')", "右移"),
        Binding("escape", "hint('escape')", "取消", key_display="Esc"),
        Binding("ctrl+z", "app.undo", "撤销", id="undo"),
    ]

    # How a cell looks by what it is: rules in app.tcss, so the 16-colour theme and a user's
    # stylesheet decide, not code. (A total with a broken rule gets both.)
    COMPONENT_CLASSES = {"figure-grid--total", "figure-grid--error", "figure-grid--blank",
                         "figure-grid--heading", "figure-grid--cursor", "figure-grid--cursor-blurred"}

    def __init__(self, view, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = view
        self.cursor = (0, 0)  # (row, column) of the grid, columns counted from 0 after the label
        self.label_width = 12
        self.widths: list[int] = []
        self._rows: dict[int, Strip] = {}
        self._header: list[Strip] | None = None
        self._looks: dict[tuple[str, ...], Style] = {}  # kinds -> base style + their rules

    @property
    def header(self) -> int:
        """Lines above the rows: the template's group lines, then the column labels."""
        return len(self.view.grid.head_groups) + HEADER

    def action_hint(self, _key: str) -> None:
        """Never reached: on_key handles these keys first."""

    # ------------------------------------------------------------ layout
    def set_layout(self, label_width: int, widths: list[int]) -> None:
        self.label_width, self.widths = label_width, widths
        total = label_width + 2 + sum(w + 2 for w in widths)
        self.virtual_size = Size(total, self.header + len(self.view.grid.rows))
        self.invalidate()

    def style_changed(self) -> None:
        self._rows = {}
        self._header = None
        self._looks = {}

    def look(self, kinds: tuple[str, ...]) -> Style:
        """The base style with the stylesheet's rules for these kinds of cell, cached until the
        styles change (get_component_rich_style resolves CSS on every call)."""
        style = self._looks.get(kinds)
        if style is None:
            style = self.base_style
            for kind in kinds:
                style += self.get_component_rich_style(f"figure-grid--{kind}", partial=True)
            self._looks[kinds] = style
        return style

    def invalidate(self) -> None:
        self.style_changed()
        self.refresh()

    def cell_x(self, c: int) -> int:
        """Left edge of figure column c (after the label column)."""
        return self.label_width + 2 + sum(w + 2 for w in self.widths[:c])

    def refresh_cells(self, places, labels=()) -> None:
        """Repaint just these (row, column) cells, and the label of `labels` rows: one committed
        figure then costs its cell, the totals it feeds and nothing else on the wire."""
        top = int(self.scroll_y)
        bottom = top + max(0, self.size.height - self.header)
        regions = []
        for r, c in places:
            self._rows.pop(r, None)
            if top <= r < bottom:
                regions.append(Region(self.cell_x(c), self.header + r - top, self.widths[c] + 2, 1))
        for r in labels:
            self._rows.pop(r, None)
            if top <= r < bottom:
                regions.append(Region(0, self.header + r - top, self.label_width + 2, 1))
        if regions:
            self.refresh(*regions)

    def refresh_rows(self, rows) -> None:
        """Forget the rows' strips; repaint those on screen (an off-screen refresh would
        make Textual repaint the whole span between them, header included)."""
        top = int(self.scroll_y)
        bottom = top + max(0, self.size.height - self.header)
        for r in set(rows):
            self._rows.pop(r, None)
            if top <= r < bottom:
                self.refresh_line(self.header + r)

    # ------------------------------------------------------------ cursor
    def move_cursor(self, r: int, c: int) -> None:
        old = self.cursor
        self.cursor = (r, c)
        # The two cells involved, and the two labels (the cursor's row label is bold).
        self.refresh_cells({old, (r, c)}, labels={old[0], r} if old[0] != r else ())
        self.scroll_to_row(r)

    def scroll_to_row(self, r: int) -> None:
        visible = max(1, self.size.height - self.header)
        top = int(self.scroll_y)
        if r < top:
            self.scroll_to(y=r, animate=False)
        elif r >= top + visible:
            self.scroll_to(y=r - visible + 1, animate=False)

    # ------------------------------------------------------------ drawing
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.base_style
        if y < self.header:
            if self._header is None:
                self._header = self._render_header(base)
            return self._header[y].adjust_cell_length(width, base)
        r = int(self.scroll_y) + y - self.header
        if r >= len(self.view.grid.rows):
            return Strip.blank(width, base)
        strip = self._rows.get(r)
        if strip is None:
            strip = self._rows[r] = self._render_row(r, base)
        return strip.adjust_cell_length(width, base)

    def _render_header(self, base: Style) -> list[Strip]:
        """The official head: the template's group cells (申请人情况, 法人或其他组织), each centred
        over the columns it spans between rules, then each column's label stacked on three lines."""
        bold = self.look(("heading",))
        out = []
        for groups in self.view.grid.head_groups:
            segs = [Segment(" " * (self.label_width + 2), base)]
            c = 0
            for label, first, last in sorted(groups, key=lambda g: g[1]):
                if first > c:
                    segs.append(Segment(" " * sum(w + 2 for w in self.widths[c:first]), base))
                span = sum(w + 2 for w in self.widths[first:last + 1]) - 2
                text = cut(label, span)
                fill = span - cell_len(text)
                segs.append(Segment(" " + "─" * (fill // 2) + text + "─" * (fill - fill // 2) + " ", bold))
                c = last + 1
            out.append(Strip(segs).simplify())
        lines = [[Segment(" " * (self.label_width + 2), base)] for _ in range(HEADER)]
        for col, w in zip(self.view.grid.columns, self.widths):
            parts = header_lines(col.label, HEADER).split("\n")
            for i in range(HEADER):
                text = parts[i] if i < len(parts) else ""
                lines[i].append(Segment(" " + " " * (w - cell_len(text)) + text + " ", bold))
        return out + [Strip(segs).simplify() for segs in lines]

    def _render_row(self, r: int, base: Style) -> Strip:
        grid = self.view.grid
        row = grid.rows[r]
        label = cut(" " * row.level + row.label, self.label_width)
        label_style = self.look(("heading",)) if (not row.figures or r == self.cursor[0]) else base
        segs = [Segment(" " + label + " " * (self.label_width - cell_len(label)) + " ", label_style)]
        for c, w in enumerate(self.widths):
            cell = grid.cell(r, c)
            if cell is None:
                segs.append(Segment(" " * (w + 2), base))
                continue
            text, kinds = self.view.cell_display(cell)
            style = self.look(kinds)
            if (r, c) == self.cursor and self.has_focus:
                # On a cell already shown reversed (a broken rule) the cursor underlines instead.
                style += self.look(("cursor",)) if not style.reverse else Style(reverse=False, underline=True)
            elif (r, c) == self.cursor:
                style += self.look(("cursor-blurred",))
            segs.append(Segment(" ", base))
            segs.append(Segment(" " * (w - cell_len(text)) + text, style))
            segs.append(Segment(" ", base))
        return Strip(segs).simplify()  # fewer style changes, fewer bytes over SSH

    def on_focus(self, event: events.Focus) -> None:
        self.refresh_rows({self.cursor[0]})

    def on_blur(self, event: events.Blur) -> None:
        self.refresh_rows({self.cursor[0]})

    def on_resize(self, event: events.Resize) -> None:
        self.view.layout_grid()

    async def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        for key, char in unfold_escape(event.key, event.character):
            if not self.view.take_key(key, char):
                await run_binding_now(self, event, key)  # Ctrl+S, Ctrl+Z …: in order, from the keymap

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.view.paste(event.text)
