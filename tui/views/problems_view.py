"""Every finding of every rule; Enter jumps to its cell."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from nianbao.format.model.report import text_parts

from nianbao.format.visible import visible

from ..internals.focus import focus_now
from ..messages import JumpTo, tell


class ProblemTable(DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "跳到该格", show=True, key_display="Enter")]


class ProblemsView(Vertical):
    DEFAULT_CLASSES = "view"

    def __init__(self, **kwargs) -> None:
        super().__init__(id="problems", **kwargs)
        self._findings = []
        self._files: list[tuple[str, str]] = []

    def compose(self):
        yield Static(Text("问题"), classes="view-title")
        yield ProblemTable(cursor_type="row", zebra_stripes=False)
        yield Static("", classes="cell-info")

    def on_mount(self) -> None:
        table = self.query_one(ProblemTable)
        table.add_column(Text("级别"), key="sev")
        table.add_column(Text("规则"), key="rule")
        table.add_column(Text("位置"), key="msg")
        self.refresh_findings()

    def refresh_findings(self) -> None:
        session = self.app.session
        self._files = list(getattr(self.app, "file_problems", {}).items())
        self._findings = list(session.findings)
        table = self.query_one(ProblemTable)
        table.clear()
        # What is failing with the files (a save, the recovery file, the lock, the history commit)
        # comes first: it is what may lose work.
        for kind, message in self._files:
            table.add_row(Text("文件", style="red"), Text(kind), Text(visible(message)), key=f"file:{kind}")
        for i, f in enumerate(self._findings):
            style = "red" if f.severity == "error" else "yellow"
            where = self._where(f)
            table.add_row(Text(f.severity_zh, style=style), Text(f.rule), Text(visible(where)), key=str(i))
        self.show_current()

    def _where(self, f) -> str:
        if f.cell:
            return self.app.session.template.cell_label(f.cell)
        titles = dict(text_parts(self.app.session.template))
        part = (f.key or "").split(".")[0]
        if part in titles and f.quote:  # a sentence of the prose
            return f"{titles[part]}：{f.quote[:16]}{'…' if len(f.quote) > 16 else ''}"
        return "基本信息"

    def show_current(self) -> None:
        """The whole message of the highlighted finding: the list only has room for its place."""
        table = self.query_one(ProblemTable)
        info = Text(self.app.session.status())
        row = table.cursor_row - len(self._files)
        if 0 <= table.cursor_row < len(self._files):
            kind, message = self._files[table.cursor_row]
            info = Text(f"{kind}：", style="bold")
            info.append(visible(message), style="red")
        elif self._findings and 0 <= row < len(self._findings):
            f = self._findings[row]
            # The key first: a long message (a quoted sentence) is cut at the bottom of the area.
            info = Text("Enter 跳到该格：" if f.cell else "Enter 打开这一节：", style="bold")
            info.append(visible(f"{f.severity_zh} {f.rule} {f.message}"), style="red" if f.severity == "error" else "")
        self.query_one(".cell-info", Static).update(info)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_current()

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if str(event.row_key.value).startswith("file:"):
            return  # a file problem: nothing to jump to, its whole text is shown below
        index = int(event.row_key.value)
        if index < len(self._findings):
            tell(self, JumpTo(self._findings[index]))

    def enter_section(self) -> None:
        self.refresh_findings()
        focus_now(self.query_one(ProblemTable))
