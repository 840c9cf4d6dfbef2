"""A table section: a read-only grid and a docked edit line.

DataTable has no cell editing, so a digit or Enter opens the edit line under
the grid; Enter / Tab / Shift+Tab commit and move, Escape (or Ctrl+G) reverts.

Every key the grid cares about -- moving, typing, committing, saving -- is
handled in the grid's own on_key, one key after another in the order typed.
Textual runs a widget's BINDINGS only after the key has bubbled up to the App,
while the keys behind it are already being handled: over SSH, where keys
arrive in bursts, "down 5" could put the 5 in the old cell. So the grid keeps
the focus while editing, and the edit line is only a display of its buffer.
After a commit only the cells whose value or mark changed are repainted.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from nianbao.format.check import fmt_value
from nianbao.format.numbers import FigureError
from nianbao.format.template import Cell

from .focus import focus_now
from .grid import Grid, header_lines
from .line import Line

CUT = "~"  # ASCII: an ellipsis is drawn 1 or 2 cells wide depending on the terminal
STARTS_EDIT = set("0123456789+-.,")
STEPS = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
PAGES = {"pageup": "page_up", "pagedown": "page_down", "home": "scroll_top", "end": "scroll_bottom",
         "ctrl+home": "scroll_top", "ctrl+end": "scroll_bottom"}
APP_KEYS = {"ctrl+s": "save", "ctrl+z": "undo", "ctrl+y": "redo", "ctrl+q": "quit_editor"}


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


class FigureTable(DataTable):
    """The grid, and the one consumer of keys while a table section has the focus."""

    # Shown in the footer only; the keys are handled in on_key (see the module docstring).
    # (Static on purpose: changing the footer on every key re-composes it, ~35 ms.)
    BINDINGS = [
        Binding("enter", "hint('enter')", "编辑/提交", key_display="Enter"),
        Binding("tab", "hint('tab')", "右移"),
        Binding("escape", "hint('escape')", "取消", key_display="Esc"),
        Binding("ctrl+z", "hint('undo')", "撤销"),
    ]

    class PasteRow(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    @property
    def view(self) -> "TableView":
        return self.parent  # type: ignore[return-value]

    def action_hint(self, _key: str) -> None:
        """Never reached: on_key handles these keys first."""

    def on_key(self, event: events.Key) -> None:
        if self.view.handle_key(event.key, event.character):
            event.stop()
            event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.view.paste(event.text)


class EditLine(Line):
    """What is being typed into the current cell, with a visible cursor."""


class TableView(Vertical):
    DEFAULT_CLASSES = "view"

    def __init__(self, section_id: str, title: str, table_id: str, **kwargs) -> None:
        super().__init__(id=section_id, **kwargs)
        self.title_text = title
        self.table_id = table_id
        self.grid: Grid | None = None
        self._marked: set[Cell] = set()
        self._label_width = 0
        self.buffer: str | None = None  # None: not editing
        self.cursor = 0

    def compose(self):
        yield Static(Text(self.title_text), classes="view-title")
        yield FigureTable(cursor_type="cell", fixed_columns=1, header_height=3, zebra_stripes=False)
        yield Line("", classes="cell-info")
        yield EditLine("", classes="edit-line")

    @property
    def session(self):
        return self.app.session

    @property
    def table(self) -> FigureTable:
        return self.query_one(FigureTable)

    @property
    def editing(self) -> bool:
        return self.buffer is not None

    def on_mount(self) -> None:
        self.grid = Grid(self.session.template, self.table_id)
        self.build()
        self.show_edit_line()

    def on_resize(self, event: events.Resize) -> None:
        if self.grid is not None and self._wanted_label_width() != self._label_width:
            self.build()

    # ------------------------------------------------------------ drawing
    def _col_width(self, index: int) -> int:
        col = self.grid.columns[index]
        head = max(cell_len(line) for line in header_lines(col.label).split("\n"))
        values = [cell_len(self.cell_text(cell).plain) for (r, c), cell in self.grid.cells() if c == index]
        return max(head, *values, 4)

    def _wanted_label_width(self) -> int:
        figures = sum(self._col_width(i) + 2 for i in range(len(self.grid.columns)))
        room = self.size.width - figures - 4
        return max(12, min(44, room))

    def build(self) -> None:
        table = self.table
        coord = table.cursor_coordinate
        table.clear(columns=True)
        self._label_width = self._wanted_label_width()
        table.add_column(Text(""), key="label", width=self._label_width)
        for i, col in enumerate(self.grid.columns):
            table.add_column(Text(header_lines(col.label), justify="right"), key=col.id,
                             width=self._col_width(i))
        self._marked = {c for c in self.session.failing_cells() if c.table == self.table_id}
        for r, row in enumerate(self.grid.rows):
            label = Text(cut(" " * row.level + row.label, self._label_width),
                         style="" if row.figures else "bold")
            cells = [self._cell_visual(self.grid.cell(r, c)) for c in range(len(self.grid.columns))]
            table.add_row(label, *cells, key=str(r))
        if coord.row < table.row_count:
            table.move_cursor(row=coord.row, column=coord.column, animate=False)

    def cell_text(self, cell: Cell) -> Text:
        value = self.session.report.value(cell)
        text = "空" if value is None else fmt_value(value)
        if self.session.is_total(cell):
            text = "=" + text
        if cell in self._marked:
            text += "!"
        return Text(text)

    def _cell_visual(self, cell: Cell | None) -> Text:
        if cell is None:
            return Text("")
        text = self.cell_text(cell)
        style = []
        if self.session.is_total(cell):
            style.append("bold")
        if cell in self._marked:
            style.append("red reverse")
        elif self.session.report.value(cell) is None:
            style.append("yellow")
        text.stylize(" ".join(style))
        text.justify = "right"
        return text

    def repaint(self, cells) -> None:
        """Repaint the given cells of this table plus every cell whose mark changed."""
        failing = {c for c in self.session.failing_cells() if c.table == self.table_id}
        todo = {c for c in cells if c.table == self.table_id} | (failing ^ self._marked)
        self._marked = failing
        for cell in todo:
            r, _ = self.grid.where(cell)
            self.table.update_cell(str(r), cell.column, self._cell_visual(cell))
        self.show_info()

    # ------------------------------------------------------------ cursor
    def current(self) -> Cell | None:
        coord = self.table.cursor_coordinate
        return self.grid.cell(coord.row, coord.column - 1) if coord.column > 0 else None

    def _here(self) -> tuple[int, int]:
        coord = self.table.cursor_coordinate
        return coord.row, max(coord.column - 1, 0)

    def move_to(self, rc: tuple[int, int]) -> None:
        self.table.move_cursor(row=rc[0], column=rc[1] + 1, animate=False)
        self.show_info()

    def enter_section(self) -> None:
        if self.editing:
            self.show_edit_line()  # a pending edit stays where it was
        else:
            self.move_to(self.grid.first_input())
        focus_now(self.table)

    def jump(self, cell: Cell) -> None:
        if self.editing:
            self.cancel()
        self.move_to(self.grid.where(cell))
        focus_now(self.table)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self.show_info()

    def show_info(self) -> None:
        coord = self.table.cursor_coordinate
        if self.grid is None or coord.row >= len(self.grid.rows):
            return
        row = self.grid.rows[coord.row]
        cell = self.current()
        text = Text(row.full_label)
        if cell is not None:
            text.append(" / " + self.session.template.column(cell).label)
            value = self.session.report.value(cell)
            text.append(" = " + ("空" if value is None else fmt_value(value)), style="bold")
            if self.session.is_total(cell):
                text.append("（合计）")
            for f in self.session.findings_for(cell):
                text.append(f"\n{f.severity_zh} {f.rule} {f.message}", style="red")
        self.query_one(".cell-info", Line).update(text)
        self.show_edit_line()

    def show_edit_line(self) -> None:
        cell = self.current()
        line = Text()
        if cell is not None:
            line.append(f"{self.session.template.column(cell).label}：", style="bold")
        if self.buffer is None:
            hint = "合计格，自动相加" if cell is not None and self.session.is_total(cell) else \
                "输入数字或按 Enter 开始编辑" if cell is not None else "（这一行没有数字）"
            line.append(hint, style="dim")
        else:
            line.append(self.buffer[:self.cursor])
            line.append(self.buffer[self.cursor:self.cursor + 1] or " ", style="reverse")
            line.append(self.buffer[self.cursor + 1:])
        self.query_one(EditLine).update(line)

    # ------------------------------------------------------------ keys
    def handle_key(self, key: str, char: str | None) -> bool:
        """Everything typed while the grid has the focus, in order. True if handled."""
        if key in APP_KEYS:
            getattr(self.app, f"action_{APP_KEYS[key]}")()
            return True
        if self.editing:
            return self._edit_key(key, char)
        if key == "enter":
            self.start_edit(None)
        elif char and unicodedata.normalize("NFKC", char) in STARTS_EDIT:
            self.start_edit(char)
        elif key in STEPS:
            self.move_to(self.grid.step(*self._here(), *STEPS[key]))
        elif key in PAGES:
            getattr(self.table, f"action_{PAGES[key]}")()
            coord = self.table.cursor_coordinate
            self.move_to(self.grid.nearest(coord.row, max(coord.column - 1, 0)))
        elif key in ("tab", "shift+tab"):
            here = self._here()
            self.move_to(self.grid.right(*here) if key == "tab" else self.grid.left(*here))
        else:
            return False
        return True

    def _edit_key(self, key: str, char: str | None) -> bool:
        buf = self.buffer
        if key == "enter":
            self.commit("down")
        elif key == "tab":
            self.commit("right")
        elif key == "shift+tab":
            self.commit("left")
        elif key in ("up", "down"):
            self.commit(key)
        elif key in ("escape", "ctrl+g"):
            self.cancel()
        elif key == "backspace":
            if self.cursor:
                self.buffer = buf[:self.cursor - 1] + buf[self.cursor:]
                self.cursor -= 1
        elif key == "delete":
            self.buffer = buf[:self.cursor] + buf[self.cursor + 1:]
        elif key == "left":
            self.cursor = max(0, self.cursor - 1)
        elif key == "right":
            self.cursor = min(len(buf), self.cursor + 1)
        elif key in ("home", "ctrl+a"):
            self.cursor = 0
        elif key in ("end", "ctrl+e"):
            self.cursor = len(buf)
        elif char and char.isprintable():
            self.buffer = buf[:self.cursor] + char + buf[self.cursor:]
            self.cursor += len(char)
        else:
            return True  # swallowed: nothing else may act on a half-typed figure
        self.show_edit_line()
        return True

    # ------------------------------------------------------------ editing
    def start_edit(self, initial: str | None) -> None:
        cell = self.current()
        if cell is None:
            self.app.flash("这一行没有数字可填")
            return
        if self.session.is_total(cell):
            self.app.flash("合计格由各项自动相加，不能直接修改", error=True)
            return
        value = self.session.report.value(cell)
        self.buffer = initial if initial is not None else ("" if value is None else fmt_value(value))
        self.cursor = len(self.buffer)
        self.show_edit_line()

    def commit(self, move: str) -> None:
        cell = self.current()
        if cell is None or self.buffer is None:
            return
        try:
            changed = self.session.enter(cell, self.buffer)
        except FigureError as exc:
            self.app.flash(str(exc), error=True)  # the edit line already names the column
            return
        r, c = self.grid.where(cell)
        moves = {"down": self.grid.below, "right": self.grid.right, "left": self.grid.left,
                 "up": lambda r_, c_: next(((rr, c_) for rr in range(r_ - 1, -1, -1)
                                            if self.grid.editable(rr, c_)), (r_, c_))}
        target = moves[move](r, c)
        self._finish()
        self.repaint(changed)
        self.move_to(target)
        self.app.flash("")
        self.app.after_change()

    def cancel(self) -> None:
        self._finish()
        self.show_edit_line()
        self.app.flash("已取消，数字未改")

    def paste(self, text: str) -> None:
        cell = self.current()
        if cell is None:
            return
        if "\t" not in text.strip("\r\n"):
            if self.editing:
                one_line = text.replace("\r", "").replace("\n", "")
                self.buffer = self.buffer[:self.cursor] + one_line + self.buffer[self.cursor:]
                self.cursor += len(one_line)
                self.show_edit_line()
            else:
                self.start_edit(text.strip())
            return
        try:
            changed = self.session.paste_row(cell, text)
        except FigureError as exc:
            self.app.flash(f"粘贴未生效：{exc}", error=True)
            return
        self._finish()
        self.repaint(changed)
        self.app.after_change()
        self.app.flash(f"已粘贴 {len(text.strip().split(chr(9)))} 个数")

    def _finish(self) -> None:
        self.buffer = None
        self.cursor = 0
