"""A folder of reports at a glance: `nianbao 目录` (or `nianbao edit 目录`).

Each report with its errors and warnings (the same findings as `nianbao audit`), sortable by
errors; Enter opens one in the editor, and quitting the editor comes back here, re-checked.
A separate small app rather than a screen of the editor: the editor holds one report's
session, and starting it afresh per report keeps that simple.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.widgets import DataTable, Static

from nianbao.format.visible import visible

from ..widgets.key_hints import KeyHints
from ..internals.terminal import gone, terminal_fd


class AuditTable(DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "打开", key_display="Enter")]


class AuditApp(App):
    CSS_PATH = "../app.tcss"
    TITLE = "nianbao"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("e", "sort('errors')", "按错误排序"),
        Binding("n", "sort('name')", "按文件名排序"),
        Binding("r", "reload", "重新检查"),
        Binding("q", "quit", "退出"),
        Binding("ctrl+q", "quit", "退出", show=False),
    ]

    def __init__(self, folder: Path, template_dirs=None, sort: str = "errors", cursor: str | None = None):
        super().__init__()
        self.animation_level = "none"
        self.folder = folder
        self.template_dirs = template_dirs
        self.sort_by = sort
        self.cursor_file = cursor
        self.items = []
        self.skipped: list[str] = []

    def compose(self):
        yield Static(Text(f"{self.folder} 中的报告"), id="topbar")
        yield AuditTable(cursor_type="row", zebra_stripes=False, id="reports")
        yield Static("", classes="cell-info", id="audit-info")
        yield KeyHints(id="keys")

    def on_mount(self) -> None:
        if self.console.color_system in (None, "standard", "windows"):
            self.theme = "ansi-dark"
        table = self.query_one(AuditTable)
        for key, label in (("file", "文件"), ("agency", "机关"), ("year", "年度"), ("errors", "错误"),
                           ("warnings", "警告"), ("rules", "规则")):
            table.add_column(Text(label), key=key)
        self.action_reload()
        table.focus()
        self.query_one(KeyHints).update_hints()
        self._terminal = terminal_fd(self)
        if self._terminal is not None:
            self.set_interval(0.5, self._check_terminal)

    def _check_terminal(self) -> None:
        if gone(self._terminal):  # closed without a SIGHUP (terminal.py); nothing to keep here
            os._exit(128 + signal.SIGHUP)

    def action_reload(self) -> None:
        from nianbao.format.workspace import audit_folder, exports_in

        self.items = audit_folder([str(self.folder)], self.template_dirs)
        self.skipped = [f.name for f in exports_in([str(self.folder)])]
        self._fill()

    def action_sort(self, by: str) -> None:
        self.sort_by = by
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(AuditTable)
        current = self.cursor_file
        if table.row_count and table.cursor_row < len(self._order):
            current = self._order[table.cursor_row].path.name
        key = (lambda a: (-a.errors, -a.warnings, a.path.name)) if self.sort_by == "errors" \
            else (lambda a: a.path.name)
        self._order = sorted(self.items, key=key)
        table.clear()
        for a in self._order:
            r = a.report
            rules = "、".join(sorted({f.rule for f in a.findings})) or ("无法读取" if r is None else "")
            table.add_row(Text(visible(a.path.name)), Text(visible(r.agency) if r else "—"),
                          Text(str(r.year) if r else "—"),
                          Text(str(a.errors), style="bold red" if a.errors else ""),
                          Text(str(a.warnings), style="yellow" if a.warnings else ""), Text(rules))
        names = [a.path.name for a in self._order]
        if current in names:
            table.move_cursor(row=names.index(current))
        errors = sum(1 for a in self.items if a.errors)
        skipped = f"（另有 {len(self.skipped)} 个与同名的 .toml 是同一份报告，未计入：{'、'.join(self.skipped[:3])}" \
                  f"{'等' if len(self.skipped) > 3 else ''}）" if self.skipped else ""
        self.query_one("#audit-info", Static).update(Text(visible(
            f"共 {len(self.items)} 份报告{skipped}，{errors} 份有错误。Enter 打开（.txt/.html/.docx 先导入为同名 .toml），"
            f"e 按错误排序，n 按文件名排序，r 重新检查，q 退出")))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        a = self._order[event.cursor_row]
        if a.report is None:
            self.query_one("#audit-info", Static).update(Text(visible(f"{a.path.name} 无法打开：{a.problem}"),
                                                               style="red"))
            return
        self.exit(result=(a.path, self.sort_by))
