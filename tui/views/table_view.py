"""A table section: a read-only grid and a docked edit line.

DataTable has no cell editing, so a digit or Enter opens the edit line under
the grid; Enter / Tab / Shift+Tab commit and move, Escape (or Ctrl+G) reverts.

Every key the grid cares about -- moving, typing, committing, saving -- is
handled in the grid's own on_key, one key after another in the order typed.
Textual runs a widget's BINDINGS only after the key has bubbled up to the App,
while the keys behind it are already being handled: over SSH, where keys
arrive in bursts, "down 5" could put the 5 in the old cell. So the grid keeps
the focus while editing, and the edit line is only a display of its buffer.
After a commit only the rows whose cells changed value or mark are repainted
(figure_grid.py draws the grid on the line API).
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from nianbao.format.model.numbers import FigureError, shown
from nianbao.format.model.template import Cell

from ..widgets.figure_grid import FigureGrid
from ..internals.focus import focus_now
from ..messages import Edited, Flash, tell
from ..widgets.grid import Grid, header_lines
from ..widgets.line import Line

STARTS_EDIT = set("0123456789+-.,")
LAST_CELL = "已到最后一格"
FIRST_CELL = "已到第一格"
STEPS = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
PAGES = {"pageup", "pagedown", "home", "end", "ctrl+home", "ctrl+end"}


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
        self._table: FigureGrid | None = None
        self.info_line = Line("", classes="cell-info")
        self.edit_line = EditLine("", classes="edit-line")

    def compose(self):
        yield Static(Text(self.title_text), classes="view-title")
        yield FigureGrid(self)
        yield self.info_line
        yield self.edit_line

    @property
    def session(self):
        return self.app.session

    @property
    def table(self) -> FigureGrid:
        if self._table is None:
            self._table = self.query_one(FigureGrid)
        return self._table

    @property
    def editing(self) -> bool:
        return self.buffer is not None

    def on_mount(self) -> None:
        self.grid = Grid(self.session.template, self.table_id)
        self._marked = {c for c in self.session.failing_cells() if c.table == self.table_id}
        self.layout_grid()
        self.show_info()

    # ------------------------------------------------------------ drawing
    def _col_width(self, index: int) -> int:
        col = self.grid.columns[index]
        head = max(cell_len(line) for line in header_lines(col.label).split("\n"))
        # +1 keeps room for the "!" of a broken rule, so an error never shifts the layout
        values = [cell_len(self.cell_display(cell)[0].rstrip("!")) + 1
                  for (r, c), cell in self.grid.cells() if c == index]
        return max(head, *values, 4)

    def layout_grid(self) -> None:
        """Column widths from the figures; the row labels get what is left of the width."""
        if self.grid is None:
            return
        widths = [self._col_width(i) for i in range(len(self.grid.columns))]
        room = (self.size.width or 80) - sum(w + 2 for w in widths) - 4
        label = max(12, min(44, room))
        table = self.table
        if (label, widths) != (table.label_width, table.widths):
            table.set_layout(label, widths)

    def cell_display(self, cell: Cell) -> tuple[str, tuple[str, ...]]:
        """What a cell shows and what it is: `=` marks a total, `!` a broken rule, 空 a blank
        (never a 0). How each kind looks is the grid's stylesheet (figure_grid.py, app.tcss)."""
        value = self.session.report.value(cell)
        text = shown(value)
        kinds: tuple[str, ...] = ()
        if self.session.is_total(cell):
            text = "=" + text
            kinds = ("total",)
        if cell in self._marked:
            text += "!"
            kinds += ("error",)
        elif value is None:
            kinds += ("blank",)
        return text, kinds

    def repaint(self, cells, info: bool = True) -> None:
        """Repaint the rows of the given cells and of every cell whose mark changed."""
        if self.grid is None:
            return  # not mounted yet (an undo in the same burst as the key that opened it): drawn fresh
        failing = {c for c in self.session.failing_cells() if c.table == self.table_id}
        todo = {c for c in cells if c.table == self.table_id} | (failing ^ self._marked)
        self._marked = failing
        places = [self.grid.where(c) for c in todo]
        widths = self.table.widths
        if any(cell_len(self.cell_display(c)[0]) > widths[col] for c, (_, col) in zip(todo, places)):
            self.layout_grid()  # a figure outgrew its column
        else:
            self.table.refresh_cells(places)
        if info:
            self.show_info()

    # ------------------------------------------------------------ cursor
    def current(self) -> Cell | None:
        return self.grid.cell(*self.table.cursor)

    def _here(self) -> tuple[int, int]:
        return self.table.cursor

    def move_to(self, rc: tuple[int, int]) -> None:
        self.table.move_cursor(*rc)
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

    def show_info(self) -> None:
        if self.grid is None:
            return
        r, _ = self.table.cursor
        row = self.grid.rows[r]
        cell = self.current()
        text = Text(row.full_label)
        if cell is not None:
            text.append(" / " + self.session.template.column(cell).label)
            value = self.session.report.value(cell)
            text.append(" = " + (shown(value)), style="bold")
            if self.session.is_total(cell):
                text.append("（合计）")
            for f in self.session.findings_for(cell):
                text.append(f"\n{f.severity_zh} {f.rule} {f.message}", style="red")
        self.info_line.update(text)
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
        self.edit_line.update(line)

    # ------------------------------------------------------------ keys
    def take_key(self, key: str, char: str | None) -> bool:
        """Everything typed while the grid has the focus, in order. True if handled; other keys
        (Ctrl+S, Ctrl+Z …) go to their bindings, from the user's keymap (figure_grid.py).

        Not named handle_key: that is Widget's own (the key event's entry point), and shadowing
        it made every key the grid passed on crash the editor."""
        if self.editing:
            return self._edit_key(key, char)
        if key == "enter":
            self.start_edit(None)
        elif char and unicodedata.normalize("NFKC", char) in STARTS_EDIT:
            self.start_edit(char)
        elif key in STEPS:
            self.move_to(self.grid.step(*self._here(), *STEPS[key]))
        elif key in PAGES:
            r, c = self.table.cursor
            page = max(1, self.table.size.height - 4)
            target = {"pageup": r - page, "pagedown": r + page, "home": 0, "end": len(self.grid.rows) - 1,
                      "ctrl+home": 0, "ctrl+end": len(self.grid.rows) - 1}[key]
            self.move_to(self.grid.nearest(min(max(target, 0), len(self.grid.rows) - 1), c))
        elif key in ("tab", "shift+tab"):
            here = self._here()
            target = self.grid.right(*here) if key == "tab" else self.grid.left(*here)
            self.move_to(target)
            if target == here:
                tell(self, Flash(LAST_CELL if key == "tab" else FIRST_CELL))
        elif key == "space":
            tell(self, Flash("输入数字或按 Enter 开始编辑"))
        elif char and char.isprintable():
            # A letter or a Chinese numeral: start the edit with it, so Enter says what is wrong
            # with it (「一百」 -> 请用阿拉伯数字) instead of the key vanishing or acting elsewhere.
            self.start_edit(char)
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
            tell(self, Flash("这一行没有数字可填"))
            return
        if self.session.is_total(cell):
            tell(self, Flash("合计格由各项自动相加，不能直接修改", error=True))
            return
        value = self.session.report.value(cell)
        self.buffer = initial if initial is not None else ("" if value is None else shown(value))
        self.cursor = len(self.buffer)
        self.show_edit_line()

    def commit(self, move: str) -> None:
        cell = self.current()
        if cell is None or self.buffer is None:
            return
        try:
            changed = self.session.enter(cell, self.buffer)
        except FigureError as exc:
            tell(self, Flash(str(exc), error=True))  # the edit line already names the column
            return
        here = self.grid.where(cell)
        moves = {"down": self.grid.below, "right": self.grid.right, "left": self.grid.left,
                 "up": lambda r, c: self.grid.step(r, c, -1, 0)}
        target = moves[move](*here)
        self._finish()
        self.repaint(changed, info=False)
        self.move_to(target)
        # Never silently on the same cell: the next figure typed would overwrite this one.
        tell(self, Flash("" if target != here else (FIRST_CELL if move in ("up", "left") else LAST_CELL)))
        tell(self, Edited())

    def cancel(self) -> None:
        self._finish()
        self.show_edit_line()
        tell(self, Flash("已取消，数字未改"))

    def paste(self, text: str) -> None:
        cell = self.current()
        if cell is None:
            return
        if "\t" not in text.strip("\r\n") and "\n" not in text.strip("\r\n"):
            if self.editing:
                one_line = text.replace("\r", "").replace("\n", "")
                self.buffer = self.buffer[:self.cursor] + one_line + self.buffer[self.cursor:]
                self.cursor += len(one_line)
                self.show_edit_line()
            else:
                self.start_edit(text.strip())
            return
        try:
            changed, notes = self.session.paste(cell, text)
        except FigureError as exc:
            tell(self, Flash(f"粘贴未生效：{exc}", error=True))
            return
        self._finish()
        self.repaint(changed)
        tell(self, Edited())
        lines = text.strip("\r\n").replace("\r", "").split("\n")
        count = sum(len(line.split("\t")) for line in lines)
        said = f"已粘贴 {len(lines)} 行 {count} 个数" if len(lines) > 1 else f"已粘贴 {count} 个数"
        tell(self, Flash("；".join([said, *notes]), error=bool(notes)))

    def _finish(self) -> None:
        self.buffer = None
        self.cursor = 0
