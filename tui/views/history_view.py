"""History and year-over-year views: what changed, from git and from last year's file.

Both read through nianbao.format (history.log, diff.compare); restoring is an
ordinary undoable edit of the session, never a git reset.
"""

from __future__ import annotations


from functools import partial

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from nianbao.format.compare import diff as semantic
from nianbao.format.model.numbers import shown
from nianbao.format.model.template import numeral
from nianbao.format.model.report import paragraphs, sentences, text_parts

from nianbao.format.visible import visible

from ..internals.focus import focus_now
from ..messages import Flash, Restored, tell
from ..widgets.line import Line
from ..widgets.status_bar import cut_cells


def sentence_cell(s, width: int) -> Text:
    """A changed sentence in one cell of `width`: 「一·改 …各项规定，[-较好地-]{+圆满+}…」 -- where, how, and
    the words that changed. Old and new side by side would push the figures off 80 columns."""
    mark = {"changed": "改", "added": "增", "removed": "删"}[s.kind]
    return cut_cells(Text(visible(f"{numeral(s.title)}·{mark} {semantic.around_change(s.inline)}")), width)


class CommitTable(DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "查看改动", show=True, key_display="Enter")]


class ChangeTable(DataTable):
    BINDINGS = [
        Binding("r", "restore_one", "恢复这一格", show=True),
        Binding("R", "restore_all", "恢复整份报告", show=True, key_display="Shift+R"),
        Binding("escape", "back", "返回提交列表", show=True, key_display="Esc"),
        Binding("backspace", "back", "返回提交列表", show=False),
    ]

    def action_restore_one(self) -> None:
        self.parent.restore_one()

    def action_restore_all(self) -> None:
        self.parent.restore_all()

    def action_back(self) -> None:
        focus_now(self.parent.query_one(CommitTable))


def _counts(e) -> str:
    if not e.counted:
        return "…"
    return "首次" if e.figures is None else f"数字{e.figures} 文字{e.sentences}"


class HistoryView(Vertical):
    """The file's commits; Enter shows a commit's changes against the one before it."""

    DEFAULT_CLASSES = "view"

    def __init__(self, **kwargs) -> None:
        super().__init__(id="history", **kwargs)
        self.entries = []
        self.version = None  # the report as of the selected commit
        self.changes = []

    def compose(self):
        yield Static(Text("修改历史"), classes="view-title")
        yield CommitTable(cursor_type="row", zebra_stripes=False, id="commits")
        yield ChangeTable(cursor_type="row", zebra_stripes=False, id="changes")
        yield Line("", classes="cell-info")

    def on_mount(self) -> None:
        commits = self.query_one(CommitTable)
        for key, label in (("date", "日期"), ("author", "填报人"), ("counts", "改动"), ("subject", "说明")):
            commits.add_column(Text(label), key=key)
        self.load()

    def load(self) -> None:
        from nianbao.format.compare import history

        commits = self.query_one(CommitTable)
        commits.clear()
        info = self.query_one(".cell-info", Line)
        try:  # one git log: nianbao's commits carry their counts; the rest are counted in a worker
            self.entries = history.log(self.app.session.doc.path, self.app.template_dirs, count=False)
        except history.GitProblem as exc:
            self.entries = []
            info.update(Text(str(exc)))
            return
        r = self.app.session.report
        for i, e in enumerate(self.entries):
            counts = _counts(e)
            # Every message starts with whose report it is: the screen already says so.
            subject = e.subject.split("：", 1)[1] if e.subject.startswith(f"{r.agency} ") and "：" in e.subject \
                else e.subject
            commits.add_row(Text(e.date[5:]), Text(visible(e.author)), Text(counts), Text(visible(subject)),
                            key=str(i))
        info.update(Text(f"共 {len(self.entries)} 次提交。Enter 查看改动；在改动里按 r 恢复一格，Shift+R 恢复整份报告。"
                         if self.entries else "还没有提交记录：Ctrl+S 保存时会自动提交。"))
        if any(not e.counted for e in self.entries):
            self.run_worker(partial(self._count, list(self.entries)), thread=True, exclusive=True,
                            group="history-counts")

    def _count(self, entries) -> None:
        """In a worker thread: compare the versions of commits not made by nianbao."""
        from nianbao.format.compare import history

        path = self.app.session.doc.path
        repo = history.find_repo(path)
        if repo is None:
            return
        try:
            history.count_changes(repo, entries, path, self.app.template_dirs,
                                  done=lambda i: self.app.call_from_thread(self._show_count, entries, i))
        except history.GitProblem:
            pass

    def _show_count(self, entries, i: int) -> None:
        if entries is not self.entries and entries != self.entries:
            return  # reloaded meanwhile
        from textual.widgets.data_table import CellDoesNotExist

        try:
            self.query_one(CommitTable).update_cell(str(i), "counts", Text(_counts(entries[i])))
        except CellDoesNotExist:  # the row went with a reload: nothing to show
            pass

    def enter_section(self) -> None:
        self.load()
        focus_now(self.query_one(CommitTable))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "commits":
            return
        event.stop()
        from nianbao.format.compare import history

        entry = self.entries[int(event.row_key.value)]
        path = self.app.session.doc.path
        repo = history.find_repo(path)
        self.version = history.report_at(repo, entry.sha, path, self.app.template_dirs)
        before = history.report_at(repo, f"{entry.sha}^", path, self.app.template_dirs)
        table = self.query_one(ChangeTable)
        table.clear(columns=True)  # widths start afresh: a long sentence last time must not push 这次 off
        position = max(16, self.app.size.width - 30)
        for key, label in (("what", "位置"), ("old", "之前"), ("new", "这次")):
            table.add_column(Text(label), key=key, width=position if key == "what" else None)
        self.changes = []
        info = self.query_one(".cell-info", Line)
        if self.version is None:
            info.update(Text("这一版本无法读取"))
            return
        first = before is None
        if first:  # the first commit: everything in it is new (the figures typed before it)
            from nianbao.format.model.report import Report

            before = Report(self.version.template, self.version.year, self.version.agency)
        d = semantic.compare(before, self.version)
        self.changes = d.figures
        tpl = self.version.template
        width = max(16, self.app.size.width - 30)  # 之前 and 这次 keep their place
        for i, f in enumerate(d.figures):
            table.add_row(Text(semantic.short_label(tpl, f.cell)), Text(shown(f.old), justify="right"),
                          Text(shown(f.new), justify="right"), key=f"f{i}")
        for i, s in enumerate(d.sentences):
            table.add_row(sentence_cell(s, width), Text(""), Text(""), key=f"s{i}")
        what = "第一次提交，下面是它的全部内容" if first else d.summary()
        info.update(Text(f"{entry.sha}：{what}。r 把当前报告的这一格恢复为这次提交后的值，"
                         "Shift+R 恢复整份报告；都可以 Ctrl+Z 撤销。"))
        focus_now(table)

    def restore_one(self) -> None:
        table = self.query_one(ChangeTable)
        if not self.changes or table.cursor_row >= len(self.changes):
            tell(self, Flash("请选择一处数字的改动"))
            return
        f = self.changes[table.cursor_row]
        value = self.version.value(f.cell)
        changed = self.app.session.set_cell(f.cell, value)
        tell(self, Restored(changed))
        tell(self, Flash(f"已恢复 {f.label} = {shown(value)}（Ctrl+Z 撤销）"))

    def restore_all(self) -> None:
        if self.version is None:
            tell(self, Flash("请先选择一次提交（Enter）"))
            return
        change = self.app.session.restore(self.version, "恢复整份报告")
        if change is None:
            tell(self, Flash("当前报告与这一版本相同"))
            return
        tell(self, Restored(change.cells, change.meta))
        tell(self, Flash("已恢复整份报告到这一版本（Ctrl+Z 撤销）"))


class CompareTable(DataTable):
    BINDINGS = [Binding("t", "prose", "文字对照", show=True),
                Binding("a", "all", "全部/只看变化", show=True)]

    def action_prose(self) -> None:
        self.parent.show_prose(True)

    def action_all(self) -> None:
        self.parent.every = not self.parent.every
        self.parent.enter_section()


class ProsePane(VerticalScroll):
    """One year's text; the two panes scroll together (the same share of each), so a sentence
    stays beside last year's."""

    BINDINGS = [Binding("t,escape", "figures", "返回数字", show=True, key_display="t/Esc")]
    _following = False

    def action_figures(self) -> None:
        self.parent.parent.show_prose(False)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self._following or not self.is_mounted:
            return
        for other in self.parent.query(ProsePane):
            if other is not self and other.max_scroll_y:
                share = new / self.max_scroll_y if self.max_scroll_y else 0
                other._following = True
                try:
                    other.scroll_to(y=round(share * other.max_scroll_y), animate=False, immediate=True)
                finally:
                    other._following = False


class CompareView(Vertical):
    """This report against another year's report beside it: figures, then prose side by side."""

    DEFAULT_CLASSES = "view"

    def __init__(self, **kwargs) -> None:
        super().__init__(id="compare", **kwargs)
        self._diff = None
        self.every = False  # every cell, or (the default) only those that changed

    def compose(self):
        yield Static(Text("与其他年度比较"), classes="view-title")
        yield CompareTable(cursor_type="row", zebra_stripes=False, id="compare-table")
        with Horizontal(id="prose-compare"):
            yield ProsePane(Static("", id="prose-then"), id="pane-then", can_focus=True)
            yield ProsePane(Static("", id="prose-now"), id="pane-now", can_focus=True)
        yield Line("", classes="cell-info")

    def show_prose(self, on: bool) -> None:
        self.query_one("#compare-table").display = not on
        self.query_one("#prose-compare").display = on
        focus_now(self.query_one("#pane-now") if on else self.query_one("#compare-table"))

    def _fill_prose(self, other, now, d) -> None:
        """Both years' prose, sentence by sentence; changed sentences marked on both sides."""
        changed_old = {(s.title, s.old) for s in d.sentences if s.old}
        changed_new = {(s.title, s.new) for s in d.sentences if s.new}
        for report, target, changed, mark in ((other, "#prose-then", changed_old, "-"),
                                              (now, "#prose-now", changed_new, "+")):
            text = Text()
            text.append(f"{report.year} 年度\n", style="bold")
            for part, title in text_parts(now.template):
                text.append(f"\n{title}\n", style="bold")
                for para in paragraphs(report.text(part)):
                    for sentence in sentences(para):
                        if (title, sentence) in changed:
                            text.append(f"{mark} {visible(sentence)}\n", style="reverse")
                        else:
                            text.append(f"  {visible(sentence)}\n")
            self.query_one(target, Static).update(text)

    def on_mount(self) -> None:
        self.query_one("#prose-compare").display = False

    def enter_section(self) -> None:
        from nianbao.format.workspace import report_to_compare

        table = self.query_one("#compare-table", DataTable)
        table.clear(columns=True)
        info = self.query_one(".cell-info", Line)
        session = self.app.session
        found = report_to_compare(session.doc.path, session.report, self.app.template_dirs)
        if found is None:
            info.update(Text("同一目录里没有更早年度的报告文件（如 2023.toml）可比较"))
            focus_now(table)
            return
        year, path, other = found
        now = session.report
        # Position first and short (三/新收/自然人): at 80 columns the figures stay on screen.
        position = max(16, self.app.size.width - 46)  # the four figure columns keep 44 cells
        for key, label in (("what", "位置"), ("then", f"{other.year} 年度"), ("now", f"{now.year} 年度"),
                           ("delta", "变化"), ("pct", "变化%")):
            table.add_column(Text(label), key=key, width=position if key == "what" else None)
        d = semantic.compare(other, now)
        changed = {f.cell for f in d.figures}
        tpl = now.template
        for cell in tpl.cells:
            if not other.template.has_cell(cell) or not (self.every or cell in changed):
                continue
            a, b = other.value(cell), now.value(cell)
            delta = pct = ""
            if a is not None and b is not None and a != b:
                delta = f"{'+' if b >= a else ''}{shown(b - a)}"
                pct = f"{(b - a) * 100 / a:+.1f}%" if a else "新增"
            table.add_row(Text(semantic.short_label(tpl, cell), style="bold" if cell in changed else ""),
                          Text(shown(a), justify="right"), Text(shown(b), justify="right"),
                          Text(delta, justify="right"), Text(pct, justify="right"))
        for s in d.sentences:
            table.add_row(sentence_cell(s, position), Text(""), Text(""), Text(""), Text(""))
        self._fill_prose(other, now, d)
        shown_what = "全部的格（a 只看有变化的）" if self.every else "有变化的格和句子（a 看全部的格）"
        info.update(Text(f"与 {other.year} 年度（{path.name}）比较：{d.summary()}。这里是{shown_what}；"
                         "t 看两年的文字对照。"))
        self.show_prose(False)
