"""「合并冲突」: what a git merge left open, one line each -- o keeps ours, t takes theirs, Enter
goes to the place (typing a value there settles it too). Shown first when a report has any."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from nianbao.format.visible import one_line

from ..internals.focus import focus_now
from ..messages import Flash, JumpTo, tell


class ConflictTable(DataTable):
    BINDINGS = [
        Binding("o", "settle('o')", "用我方", show=True),
        Binding("t", "settle('t')", "用对方", show=True),
        Binding("enter", "select_cursor", "转到该处", show=True, key_display="Enter"),
    ]

    def action_settle(self, side: str) -> None:
        self.parent.settle(side)


def _shown(value, limit: int = 14) -> str:
    text = "空白" if value is None else one_line(value)
    return text if len(text) <= limit else text[:limit] + "…"


class ConflictsView(Vertical):
    DEFAULT_CLASSES = "view"

    def __init__(self, **kwargs) -> None:
        super().__init__(id="conflicts", **kwargs)

    def compose(self):
        yield Static(Text("合并冲突"), classes="view-title")
        yield ConflictTable(cursor_type="row", zebra_stripes=False)
        yield Static("", classes="cell-info")

    def on_mount(self) -> None:
        table = self.query_one(ConflictTable)
        for label, key in (("位置", "where"), ("我方", "ours"), ("对方", "theirs"), ("共同祖先", "base")):
            table.add_column(Text(label), key=key)

    def enter_section(self) -> None:
        self.refresh_list()
        focus_now(self.query_one(ConflictTable))

    def refresh_list(self) -> None:
        from nianbao.format.file.conflicts import label

        session = self.app.session
        table = self.query_one(ConflictTable)
        row = table.cursor_row
        table.clear()
        for i, c in enumerate(session.conflicts):
            table.add_row(Text(one_line(label(session.template, c.key))[:24]), Text(_shown(c.ours)),
                          Text(_shown(c.theirs)), Text(_shown(c.base)), key=str(i))
        if session.conflicts:
            table.move_cursor(row=min(max(row, 0), len(session.conflicts) - 1))
            info = "o 用我方，t 用对方，Enter 转到该处（在那里输入新值也算解决）。"
        else:
            info = "冲突已全部解决：按 Ctrl+S 保存，同时 git add 并提交，完成合并。"
        self.query_one(".cell-info", Static).update(Text(info))

    def settle(self, side: str) -> None:
        session = self.app.session
        table = self.query_one(ConflictTable)
        if not session.conflicts or not 0 <= table.cursor_row < len(session.conflicts):
            return
        conflict = session.conflicts[table.cursor_row]
        try:
            change = session.settle(conflict, side)
        except ValueError as exc:
            tell(self, Flash(str(exc), error=True))
            return
        self.app.after_settle(change)
        self.refresh_list()
        left = len(session.conflicts)
        tell(self, Flash(f"已解决（{'我方' if side == 'o' else '对方'}），还有 {left} 处冲突" if left else
                         "冲突已全部解决：按 Ctrl+S 保存，同时 git add 并提交，完成合并"))

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        session = self.app.session
        index = int(event.row_key.value)
        if index >= len(session.conflicts):
            return
        key = session.conflicts[index].key
        finding = next((f for f in session.findings if f.rule == "MERGE" and f.key == key), None)
        if finding is not None:
            tell(self, JumpTo(finding))
