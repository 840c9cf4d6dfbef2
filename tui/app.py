"""The nianbao editor: one report, a view per section, live totals and rule status.

Thin on purpose: the model, totals, rules and saving live in nianbao.format
(Session); this module arranges views and keys. Built for SSH: no mouse
reporting, no animation, an ANSI theme on 16-colour terminals, every action on
a plain key, an F-key or the command palette.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import signal
import time
from functools import partial
from pathlib import Path

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from nianbao.format.file.document import ReportFile, SaveError
from nianbao.format.file.load import ReportError
from nianbao.format.session import Session

from . import keys as keymap
from .messages import Edited, Flash, JumpTo, Restored
from .widgets.key_hints import KeyHints
from .internals.cjk_wrap import install as install_cjk_wrap
from .internals.lean_compositor import LeanCompositor
from .internals.shadow import Shadow
from .widgets.line import Line
from .views.prose_view import BasicsView, MetaInput, ProseView
from .widgets.status_bar import StatusBar, cut_cells
from .views.table_view import TableView
from .internals.terminal import gone, terminal_fd

HERE = Path(__file__).resolve().parent
SECTION_KEYS = ["f3", "f4", "f5", "f6", "f7", "f8"]
NUMERALS = "一二三四五六七八九十"
HISTORY_OFF = "历史记录未开启（nianbao init 目录）"
# The kinds of file problem F9 lists (app.file_problems), in the words it shows.
FILE_SAVE, FILE_RECOVERY, FILE_LOCK, FILE_HISTORY, FILE_DISK = "保存", "恢复文件", "锁文件", "历史记录", "磁盘"


def make_view(session, view_id: str):
    """The widget for a view id; views are built when first shown, so start-up builds one."""
    if view_id == "basics":
        return BasicsView()
    if view_id == "problems":
        from .views.problems_view import ProblemsView  # DataTable: imported when first needed
        return ProblemsView()
    if view_id == "conflicts":
        from .views.conflicts_view import ConflictsView
        return ConflictsView()
    if view_id == "preview":
        from .views.preview_view import PreviewView
        return PreviewView()
    if view_id in ("history", "compare"):
        from .views.history_view import CompareView, HistoryView
        return HistoryView() if view_id == "history" else CompareView()
    section = next(s for s in session.template.sections if s.id == view_id)
    if section.kind == "table":
        return TableView(section.id, section.title, section.table)
    return ProseView(section.id, section.title)


RECOVERY_DELAY = 2.0  # seconds of quiet typing before prose reaches the recovery file
FIGURE_RECOVERY_DELAY = 0.2  # seconds from a committed figure to the recovery file
RECOVERY_TICK = 0.1


def save_on_exit(app) -> None:
    """However the editor ends -- quit, signal, crash, lost terminal -- unsaved edits stay in
    the recovery file (unless the user chose to discard them) and our lock goes."""
    from nianbao.format.file import recovery

    session = app.session
    if session is None:
        return
    try:
        if session.modified and not app.discarded:
            recovery.keep(session.doc)
    except Exception:  # pragma: no cover - nothing more can be done on the way out
        pass
    if app.has_lock:
        recovery.unlock(session.doc.path)
        app.has_lock = False


class EditorScreen(Screen):
    """The views are the screen's own children, the shown one displayed and the rest not.

    No ContentSwitcher in between: a container is one more widget drawn under every
    changed area. Its compositor draws only the widgets a change touches (lean_compositor.py).
    """

    current = ""  # id of the view on screen

    def __init__(self) -> None:
        super().__init__()
        self._compositor = LeanCompositor()

    def compose(self):
        yield Line("", id="topbar")
        yield make_view(self.app.session, self.app.first_view)
        yield StatusBar(id="statusbar")
        yield KeyHints(id="keys")

    async def on_mount(self) -> None:
        await self.app.show_view(self.app.first_view)
        self.call_after_refresh(self.app.check_history)  # a git process: after the first frame
        self.call_after_refresh(self.app.check_open)

    def on_descendant_focus(self, event) -> None:
        self.query_one(KeyHints).update_hints()


def _cells_provider():
    from .internals.find_cells import CellsProvider

    return CellsProvider


class NianbaoApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "nianbao"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_cells_provider}  # the palette also finds rows and cells by name
    # Section keys are priority bindings: the App acts on them the moment it
    # reads them, so the keys typed after them go to the new section. Keys that
    # must stay in order with typing (save, undo, quit) are not: inside a table
    # the grid handles them itself (table_view.py), in text they bubble up
    # after the text area has taken the keys typed before them.
    BINDINGS = [
        Binding("f1", "help", "帮助", id="help", priority=True),
        Binding("ctrl+s", "save", "保存", id="save"),
        Binding("ctrl+q", "quit_editor", "退出", id="quit"),
        Binding("f9", "show('problems')", "问题", id="problems", priority=True),
        Binding("f10", "show('history')", "历史", show=False, id="history", priority=True),
        Binding("f11", "show('compare')", "对比上年", show=False, id="compare", priority=True),
        Binding("f12", "show('preview')", "预览", show=False, id="preview", priority=True),
        Binding("ctrl+p", "command_palette", "命令", id="palette", priority=True),
        Binding("ctrl+f", "find", "查找替换", show=False, id="find", priority=True),
        Binding("ctrl+z", "undo", "撤销", show=False, id="undo"),
        Binding("ctrl+y", "redo", "重做", show=False, id="redo"),
        Binding("f2", "show('basics')", "基本信息", show=False, id="basics", priority=True),
        # F3 … F8: the template's sections in order, whatever their ids (a template may have fewer).
        *[Binding(key, f"section({i})", f"第{NUMERALS[i]}部分", show=False,
                  id=f"section{i + 1}", priority=True)
          for i, key in enumerate(SECTION_KEYS)],
    ]

    def __init__(self, doc: ReportFile | None = None, create_path: str | None = None,
                 template_dirs=None, first_view: str | None = None) -> None:
        super().__init__()
        install_cjk_wrap()  # prose wraps by Chinese rules (tui/internals/cjk_wrap.py)
        self._shadow = Shadow()  # what the terminal shows (internals/shadow.py)
        self.animation_level = "none"
        self.session: Session | None = Session(doc) if doc else None
        self.create_path = create_path
        self.template_dirs = template_dirs
        self._first_view = first_view
        self.keymap_problem: str | None = None
        self.discarded = False  # quit with 「放弃修改」: no recovery file is left behind
        self.has_lock = False
        self._recovery_due: float | None = None  # time.monotonic() when the recovery file is due
        self._terminal: int | None = None  # stdin's descriptor while it is a terminal
        # What is failing with the files now (the save, the recovery file, the lock, the history
        # commit), by kind: said on the status line when it happens and listed in F9 until it works.
        self.file_problems: dict[str, str] = {}
        self.exit_message: str | None = None  # said on the terminal after the editor closes
        self.closing = False

    def file_problem(self, kind: str, message: str | None) -> None:
        """Set (or clear, with None) what is failing of one kind; F9 lists it while it lasts."""
        if message is None:
            if self.file_problems.pop(kind, None) is None:
                return
        elif self.file_problems.get(kind) == message:
            return
        else:
            self.file_problems[kind] = message
        screen = self.views()
        if isinstance(screen, EditorScreen) and screen.current == "problems":
            screen.query_one("#problems").refresh_findings()

    @property
    def folder(self) -> Path:
        """The report's folder: files there are named by their names alone in messages."""
        return Path(os.path.abspath(self.session.doc.path)).parent

    @property
    def save_problem(self) -> str | None:
        """The last Ctrl+S failed: said, and not talked over by the recovery file's failure."""
        return self.file_problems.get(FILE_SAVE)

    @save_problem.setter
    def save_problem(self, message: str | None) -> None:
        self.file_problem(FILE_SAVE, message)

    @property
    def recovery_problem(self) -> str | None:
        return self.file_problems.get(FILE_RECOVERY)

    @recovery_problem.setter
    def recovery_problem(self, message: str | None) -> None:
        self.file_problem(FILE_RECOVERY, message)

    # ------------------------------------------------------------ start-up
    def get_default_screen(self) -> Screen:
        """The editor is the first screen itself: pushing it over an empty one lays out twice."""
        return EditorScreen() if self.session is not None else super().get_default_screen()

    def on_mount(self) -> None:
        if self.console.color_system in (None, "standard", "windows"):
            self.theme = "ansi-dark"  # 16 colours: the terminal's own palette reads best
        loaded, self.keymap_problem = keymap.load()
        if loaded:
            self.set_keymap(loaded)
        import asyncio
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, self.on_signal, signum)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
        self._terminal = terminal_fd(self)
        self.set_interval(RECOVERY_TICK, self._recovery_tick)
        if self.session is None:
            from .widgets.dialogs import CreateScreen
            self.push_screen(CreateScreen(self.create_path), self._created)

    def _created(self, answer) -> None:
        if answer is None:
            self.exit(message="未新建报告。")
            return
        year, agency = answer
        from nianbao.format.workspace import WorkspaceError, create_report_file
        path = Path(self.create_path)
        try:
            made = create_report_file(path, year, agency, self.template_dirs)
            self.session = Session(ReportFile.open(path, self.template_dirs))
        except (OSError, ReportError, WorkspaceError) as exc:
            self.exit(return_code=2, message=f"无法新建 {self.create_path}：{exc}")
            return
        self.push_screen(EditorScreen())
        self.call_later(self.flash, f"已新建 {path.name}：{agency} {year} 年度（{made.template.name}）")

    # ------------------------------------------------------------ views
    @property
    def first_view(self) -> str:
        """The view shown first: the one asked for; a merge's open conflicts; else the template's
        first section."""
        if self._first_view is None and self.session.conflicts:
            return "conflicts"
        return self._first_view or self.session.template.sections[0].id

    async def action_section(self, index: int) -> None:
        sections = self.session.template.sections if self.session else ()
        if index < len(sections):
            await self.action_show(sections[index].id)
        elif self.session is not None:
            self.flash(f"这份报告的格式只有 {len(sections)} 个部分（{SECTION_KEYS[0].upper()} 至 "
                       f"{SECTION_KEYS[len(sections) - 1].upper()}）")

    def views(self) -> EditorScreen:
        """The screen holding the views; `.current` is the shown one's id."""
        return self.screen

    def table_views(self) -> list[TableView]:
        return list(self.screen.query(TableView))

    async def show_view(self, view_id: str):
        screen = self.views()
        if self.closing or not (isinstance(screen, EditorScreen) and screen.is_attached):
            return None  # the editor is closing (a key right behind 「保存并退出」)
        self.session.recheck_prose()  # a view shown must not show findings about older text
        if not screen.query(f"#{view_id}"):
            await screen.mount(make_view(self.session, view_id), before=screen.query_one(StatusBar))
        for child in screen.query_children(".view"):
            child.display = child.id == view_id
        screen.current = view_id
        view = screen.query_one(f"#{view_id}")
        view.enter_section()
        self.refresh_chrome()
        if self.keymap_problem:
            self.flash(self.keymap_problem, error=True)
            self.keymap_problem = None
        return view

    async def action_show(self, view_id: str) -> None:
        # Not before the editor screen is mounted (an F-key right behind the create dialog's Enter).
        if self.editor_shown() and self.screen.is_mounted and not self.closing:
            await self.show_view(view_id)

    def action_find(self, replacing: bool = False) -> None:
        """Find and replace across the whole report (widgets/find_dialog.py); the chosen match
        is shown selected in its section."""
        if not self.editor_shown() or self.closing:
            return
        from .views.prose_view import ProseArea
        from .widgets.find_dialog import FindReplace

        focused = self.focused
        selected = focused.selected_text if isinstance(focused, ProseArea) and "\n" not in focused.selected_text \
            else ""

        dialog = FindReplace(selected, replacing)

        def chosen(match) -> None:
            if dialog.changed:
                self.after_restore({}, dialog.changed)
                self.flash(dialog.said)
            if match is not None:
                self.run_worker(self.show_match(match), exclusive=False)

        self.push_screen(dialog, chosen)

    async def show_match(self, match) -> None:
        from textual.widgets.text_area import Selection

        from .views.prose_view import ProseArea

        prose = {s.id for s in self.session.template.prose_sections}
        if await self.show_view(match.part if match.part in prose else "basics") is None:
            return
        for area in self.screen.query(ProseArea):
            if area.part == match.part:
                doc = area.document
                area.focus()
                area.selection = Selection(doc.get_location_from_index(match.start),
                                           doc.get_location_from_index(match.end))
                area.scroll_cursor_visible(center=True)

    async def jump_to(self, finding) -> None:
        if finding.cell is None:
            part = (finding.key or "").split(".")[0]
            prose = {s.id for s in self.session.template.prose_sections}
            await self.show_view(part if part in prose else "basics")  # a sentence: its section
            return
        section = next(s for s in self.session.template.sections if s.table == finding.cell.table)
        view = await self.show_view(section.id)
        if view is not None:
            view.jump(finding.cell)

    def editor_shown(self) -> bool:
        """Is the editor screen the one shown? (False while the app is being torn down: a field
        that loses the focus then still commits, and its message arrives with no screen left.)"""
        return bool(self.screen_stack) and isinstance(self.screen_stack[-1], EditorScreen)

    # ------------------------------------------------------------ what the views say (messages.py)
    def on_flash(self, message: Flash) -> None:
        self._show_flash(message.text, message.error)

    def on_edited(self, message: Edited) -> None:
        self.after_change(prose=message.prose)

    def on_restored(self, message: Restored) -> None:
        self.after_restore(message.cells, message.meta)

    async def on_jump_to(self, message: JumpTo) -> None:
        await self.jump_to(message.finding)

    # ------------------------------------------------------------ chrome
    def refresh_chrome(self) -> None:
        if not self.editor_shown():
            return
        r = self.session.report
        mark = "[已修改] " if self.session.modified else ""  # first: the one thing never cut off
        name = Path(self.session.doc.path).name
        bar = self.section_bar()
        width = max(0, self.screen.size.width - 2)
        # Whose report and which year, then the file: cut from the end.
        info = cut_cells(Text(f"{mark}{r.agency} {r.year} · {name}"), max(0, width - bar.cell_len - 2))
        top = Text()
        top.append_text(info)
        top.append(" " * max(1, width - info.cell_len - bar.cell_len))
        top.append_text(bar)
        self.screen.query_one("#topbar", Line).update(top)
        self.screen.query_one(StatusBar).show(rules=Text(self.session.status(), style="bold"))

    def section_bar(self) -> Text:
        """「F2基本 F3一 F4二 …」 from the template's sections, the one shown in reverse: where
        each part is, without opening the help."""
        current = self.screen.current if isinstance(self.screen, EditorScreen) else ""
        from nianbao.format.model.template import numeral

        bar = Text()
        parts = [("F2", "基本", "basics")] + [
            (SECTION_KEYS[i].upper(), numeral(section.title), section.id)
            for i, section in enumerate(self.session.template.sections[:len(SECTION_KEYS)])]
        for key, label, view_id in parts:
            if bar:
                bar.append(" ")
            bar.append(f"{key}{label}", style="reverse" if view_id == current else "")
        return bar

    def flash(self, message: str, error: bool = False) -> None:
        """A one-line message, queued like the views' (messages.py): shown in the order said."""
        self.post_message(Flash(message, error))

    def _show_flash(self, message: str, error: bool = False) -> None:
        if self.editor_shown():
            self.screen.query_one(StatusBar).show(
                Text(message, style="bold red" if error else ""))

    def after_change(self, prose: bool = False) -> None:
        self.refresh_chrome()
        # When the recovery file is next due: typing pushes it back (written once the typing
        # pauses); a committed figure brings it to a fifth of a second from now -- not into the
        # frame that shows the figure: writing the file (~5 ms) there doubled the time to the
        # new totals on screen. A ticking check (below) writes it; arming a timer per keystroke
        # costs more than the check.
        now = time.monotonic()
        if prose:
            self._recovery_due = now + RECOVERY_DELAY
        else:
            self._recovery_due = min(self._recovery_due or now + FIGURE_RECOVERY_DELAY,
                                     now + FIGURE_RECOVERY_DELAY)

    def _recovery_tick(self) -> None:
        if gone(self._terminal):  # closed without a SIGHUP (terminal.py): the same way out
            self.on_signal(signal.SIGHUP)
            return
        if self._recovery_due is not None and time.monotonic() >= self._recovery_due:
            self.keep_recovery()
            self.recheck()

    def recheck(self) -> None:
        """Prose typed since the last check: run the rules again (on the idle tick that writes
        the recovery file, not per keystroke), so the status and F9 never quote old text."""
        if self.session is not None and self.session.recheck_prose():
            self.refresh_chrome()
            screen = self.views()
            if isinstance(screen, EditorScreen) and screen.current == "problems":
                screen.query_one("#problems").refresh_findings()

    # ------------------------------------------------------------ recovery
    def keep_recovery(self) -> None:
        """The recovery file follows the unsaved state: written while there are unsaved edits,
        removed when there are none."""
        from nianbao.format.file import recovery

        self._recovery_due = None
        if self.session is None:
            return
        try:
            if self.session.modified:
                recovery.keep(self.session.doc)
            else:
                recovery.discard(self.session.doc.path)
        except Exception as exc:  # a full disk must not cost the edits in memory
            if self.recovery_problem is None:
                from nianbao.format.file.errors import describe

                self.recovery_problem = describe(exc, recovery.recovery_path(self.session.doc.path), within=self.folder) \
                    if isinstance(exc, OSError) else str(exc)
                if self.save_problem is None:  # a failed save already said what is wrong: keep it on screen
                    self.flash(f"恢复文件写不进去：{self.recovery_problem}（请尽快保存）", error=True)
            return
        self.recovery_problem = None

    def on_unmount(self) -> None:
        save_on_exit(self)

    def on_signal(self, signum: int) -> None:
        """SIGHUP (the connection dropped) or SIGTERM: keep the unsaved edits, then go."""
        save_on_exit(self)
        if signum == signal.SIGHUP:
            os._exit(128 + signum)  # no terminal to restore
        self.exit(return_code=128 + signum)

    def check_open(self) -> None:
        """After the first frame: who else has this report open, then unsaved edits left over."""
        from nianbao.format.file import recovery

        from .widgets.dialogs import Choice

        from nianbao.format.file import access

        path = self.session.doc.path
        try:
            holder = recovery.lock(path)
        except OSError as exc:  # a full disk or a read-only folder: the report opens all the same
            from nianbao.format.file.errors import describe

            self.has_lock = False
            said = f"没有锁文件，别人同时打开时不会提醒（{describe(exc, recovery.lock_path(path), within=recovery.lock_path(path).parent)}）"
            self.file_problem(FILE_LOCK, said)
            limits = access.limits(path)
            for i, limit in enumerate(limits):
                self.file_problem(f"{FILE_DISK}{i + 1}" if i else FILE_DISK, limit)
            self.flash("；".join(limits) if limits else said, error=True)
            self.check_recovery()
            return
        if holder is None:
            self.has_lock = True
            self.check_recovery()
            return

        def answered(answer: str) -> None:
            if answer == "q":
                self.exit(message=f"未打开：{Path(path).name} 正在被 {holder} 编辑。")
                return
            self.flash(f"注意：{holder} 也打开了这份报告", error=True)
            self.check_recovery()

        self.push_screen(Choice(f"{Path(path).name} 正在被 {holder} 打开。\n两处同时修改，后保存的会覆盖先保存的。",
                                [("o", "仍然打开"), ("q", "退出")], "q"), answered)

    def check_recovery(self) -> None:
        from nianbao.format.file import load
        from nianbao.format.file import recovery
        from nianbao.format.compare.diff import compare

        from .widgets.dialogs import Choice

        path = self.session.doc.path
        found = recovery.pending(path)
        if found is None:
            return
        try:
            saved = load.read(found, self.template_dirs).report
        except load.ReportError as exc:
            self.flash(f"有恢复文件但无法读取（{exc.message}），已留在 {found.name}", error=True)
            return
        when = dt.datetime.fromtimestamp(found.stat().st_mtime)
        diff = compare(self.session.report, saved)
        if diff.equal:
            recovery.discard(path)
            return

        def answered(answer: str) -> None:
            if answer == "r":
                change = self.session.restore(saved, "恢复上次未保存的修改")
                if change is not None:
                    self.after_restore(change.cells, change.meta)
                self.flash(f"已恢复 {when:%m-%d %H:%M} 未保存的修改（{diff.summary()}），Ctrl+Z 可撤销，Ctrl+S 保存")
            elif answer == "x":
                recovery.discard(path)
                self.flash("已丢弃上次未保存的修改")
            else:
                lines = diff.lines()
                shown = "\n".join(lines[:12]) + (f"\n……（共 {len(lines)} 行）" if len(lines) > 12 else "")
                self.push_screen(Choice(f"上次未保存的修改：\n{shown}", OPTIONS, "r"), answered)

        OPTIONS = [("r", "恢复"), ("d", "查看差异"), ("x", "丢弃")]
        self.push_screen(Choice(f"发现 {when:%Y-%m-%d %H:%M} 未保存的修改（{diff.summary()}）。",
                                OPTIONS, "r"), answered)

    # ------------------------------------------------------------ actions
    def exit(self, *args, **kwargs) -> None:
        self.closing = True  # keys still queued behind the one that quit open nothing more
        if isinstance(kwargs.get("message"), str):  # printed on the terminal after the editor: sanitised
            from nianbao.format.visible import visible
            kwargs["message"] = visible(kwargs["message"])
        super().exit(*args, **kwargs)

    def action_help(self) -> None:
        from .widgets.dialogs import HelpScreen
        if self.closing:
            return
        if isinstance(self.screen, HelpScreen):  # F1 is a priority key: it reaches the help too
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen((HERE / "help.md").read_text(encoding="utf-8")))

    def action_undo(self) -> None:
        self._undo_redo(self.session.undo, "撤销")

    def action_redo(self) -> None:
        self._undo_redo(self.session.redo, "重做")

    def _undo_redo(self, step, verb: str) -> None:
        if not self.editor_shown():
            return
        change = step()
        if change is None:
            self.flash(f"没有可{verb}的修改")
            return
        self.after_restore(change.cells, change.meta)
        self.flash(f"已{verb}：{change.label}")

    def _display(self, screen, renderable) -> None:
        """Every update to the terminal: what is already on screen is not sent again
        (internals/shadow.py)."""
        from textual._compositor import ChopsUpdate, LayoutUpdate

        live = (self._running and not self._closed and not self.is_headless and self._driver is not None
                and not self._batch_count and not self._driver.is_inline)
        if live and renderable is not None:
            if isinstance(renderable, LayoutUpdate):
                self._shadow.record_layout(renderable)
            elif isinstance(renderable, ChopsUpdate):
                renderable = self._shadow.filter(renderable)
                if renderable is None:
                    return
            else:
                self._shadow.forget()
        super()._display(screen, renderable)

    def after_settle(self, change) -> None:
        """A merge conflict settled from 「合并冲突」: its edit shown everywhere, like an undo's."""
        if change is not None:
            self.after_restore(change.cells, change.meta)
        else:
            self.after_change()

    def repaint_tables(self, cells) -> None:
        for view in self.table_views():
            view.repaint(cells)

    def after_restore(self, cells, meta) -> None:
        """Bring every view in line after an undo, a redo or a restored version."""
        from .views.prose_view import ProseArea

        self.repaint_tables(cells)
        for key in meta:
            if key.startswith("text:"):
                for area in self.screen.query(ProseArea):
                    if area.part == key[5:]:
                        area.show_text(self.session.report.text(area.part))
                continue
            for widget in self.screen.query(f"#meta-{key}"):
                value = getattr(self.session.report, key)
                widget.value = value.isoformat() if isinstance(value, dt.date) else str(value or "")
        self.after_change()

    def action_save(self) -> None:
        if self.closing or not self.editor_shown():
            return  # a Ctrl+S queued behind 「保存并退出」: saved already, no dialog while closing
        focused = self.focused
        if isinstance(focused, MetaInput):
            focused.commit()
        if self.session.doc.disk_changed():
            from .widgets.dialogs import Choice
            self.push_screen(Choice(f"{Path(self.session.doc.path).name} 在打开后被其他程序改过。"
                                    "覆盖磁盘上的版本吗？", [("y", "覆盖"), ("n", "不保存")], "n"),
                             lambda answer: self._save() if answer == "y" else self.flash("未保存"))
        else:
            self._save()

    def _save(self, leaving: bool = False) -> bool:
        """Save, then commit. `leaving`: the editor is about to exit, so no dialog may be asked
        (who is committing, a problem to acknowledge): the commit is skipped and said on exit."""
        try:
            self.session.save()
        except OSError as exc:
            from nianbao.format.file.errors import describe

            self.save_problem = describe(exc, self.session.doc.path, within=self.folder)
            self.flash(f"保存失败：{self.save_problem}（修改仍在，可再按 Ctrl+S）", error=True)
            return False
        except (SaveError, ReportError) as exc:
            self.flash(f"保存失败：{exc}", error=True)
            return False
        self.save_problem = None
        for kind in [k for k in self.file_problems if k.startswith(FILE_DISK)]:
            self.file_problem(kind, None)  # it saved: what was said at opening about the disk is over
        if self.session.doc.in_place:
            from nianbao.format.file.atomic import IN_PLACE
            self.flash(f"已保存 {dt.datetime.now():%H:%M:%S}（{IN_PLACE}）")
        else:
            self.flash(f"已保存 {dt.datetime.now():%H:%M:%S}")
        self.refresh_chrome()
        from nianbao.format.file import recovery
        recovery.discard(self.session.doc.path)
        self._commit(leaving)
        return True

    def _commit(self, leaving: bool = False) -> None:
        """One commit per explicit save; the file is already safely on disk."""
        from nianbao.format.compare import history

        outcome = history.commit_save(self.session.doc.path, self.session.report, self.template_dirs,
                                       saved=self.session.doc.loaded.report)
        self.file_problem(FILE_HISTORY, outcome.message if outcome.problem else None)
        if leaving:
            if outcome.status == "need_identity":
                self.exit_message = "已保存，未提交：没有填写填报人（下次保存时会询问）"
            elif outcome.status == "skipped" and outcome.problem:
                self.exit_message = outcome.message
            return
        if outcome.status == "need_identity":
            from .widgets.dialogs import IdentityScreen

            def answered(answer) -> None:
                if answer is None:
                    self.flash("已保存，未提交：没有填写填报人")
                    return
                try:
                    repo = history.find_repo(self.session.doc.path)
                    history.set_identity(repo, *answer)
                except history.GitProblem as exc:
                    self.flash(f"已保存，未提交：{exc}", error=True)
                    return
                self._commit()

            self.push_screen(IdentityScreen(), answered)
            return
        if outcome.status == "skipped" and outcome.problem:
            from .widgets.dialogs import Choice
            self.flash("已保存，未提交（见提示）", error=True)
            self.push_screen(Choice(outcome.message, [("o", "知道了")], "o"))
            return
        said = outcome.message if outcome.status != "skipped" else f"已保存；{HISTORY_OFF}"
        if self.session.doc.in_place:
            from nianbao.format.file.atomic import IN_PLACE
            said += f"（{IN_PLACE}）"
        self.flash(said)

    def check_history(self) -> None:
        """Say once, after the first frame, when saves will not be recorded in history."""
        from nianbao.format.compare import history
        on = history.history_on(self.session.doc.path)
        if on is None:
            self.flash("没有 git：保存不记录历史")
        elif not on:
            trusted = not history.dubious(Path(os.path.abspath(self.session.doc.path)).parent)
            self.flash(HISTORY_OFF if trusted else "仓库属于另一个用户（git 不信任），保存不记录历史", error=not trusted)
        # Everything built so far (modules, template, widgets) lives until exit: keep it out
        # of the garbage collector's full passes, which otherwise land inside keystrokes.
        gc.freeze()

    def action_quit_editor(self) -> None:
        if self.closing:
            return
        if self.session is None or not self.editor_shown() or not self.session.modified:
            self.exit()
            return

        def answered(answer: str) -> None:
            if answer == "s":
                if self._save(leaving=True):
                    self.exit(message=self.exit_message)
            elif answer == "d":
                from nianbao.format.file import recovery
                self.discarded = True
                recovery.discard(self.session.doc.path)
                self.exit()
            else:
                self.flash("继续编辑")

        from .widgets.dialogs import Choice
        self.push_screen(Choice("有未保存的修改。", [("s", "保存并退出"), ("d", "放弃修改并退出"),
                                                    ("c", "留下继续编辑")], "c"), answered)

    def action_command_palette(self) -> None:
        """Only over the editor: Ctrl+P over the palette or a dialog would stack a second one."""
        if self.editor_shown() and not self.closing:
            from .internals.palette import Palette
            self.push_screen(Palette())

    def action_help_quit(self) -> None:
        """Ctrl+C: Textual's own answer is an English notification; say it in Chinese."""
        self.flash("退出请按 Ctrl+Q；复制请在终端里选中文字")

    def get_key_display(self, binding: Binding) -> str:
        """F1 rather than f1, Tab rather than tab: as printed on the keyboard."""
        shown = super().get_key_display(binding)
        if len(shown) <= 3 and shown[:1] == "f" and shown[1:].isdigit():
            return shown.upper()
        return {"tab": "Tab"}.get(shown, shown)

    # ------------------------------------------------------------ palette
    def get_system_commands(self, screen):
        if self.session is None or not isinstance(screen, EditorScreen):
            return
        yield SystemCommand("基本信息", "机关名称、年度、发布日期、前言和结尾（F2）",
                            partial(self.action_show, "basics"))
        for i, section in enumerate(self.session.template.sections):
            key = f"（{SECTION_KEYS[i].upper()}）" if i < len(SECTION_KEYS) else ""
            yield SystemCommand(section.title, f"转到第{NUMERALS[i % len(NUMERALS)]}部分{key}",
                                partial(self.action_show, section.id))
        if self.session is not None and (self.session.conflicts or self.views().query("#conflicts")):
            yield SystemCommand("合并冲突", "git 合并留下的冲突：逐处选用我方或对方", partial(self.action_show, "conflicts"))
        yield SystemCommand("问题列表", "所有勾稽关系问题，Enter 跳到该格（F9）",
                            partial(self.action_show, "problems"))
        yield SystemCommand("修改历史", "这份报告的提交记录，查看和恢复以前的版本（F10）",
                            partial(self.action_show, "history"))
        yield SystemCommand("与上年比较", "与同一目录里上一年度的报告逐格比较（F11）",
                            partial(self.action_show, "compare"))
        yield SystemCommand("预览与导出", "按官方版式预览；写出纯文本、HTML、Word 等文件（F12）",
                            partial(self.action_show, "preview"))
        yield SystemCommand("查找", "在全部文字里查找，列出每一处（Ctrl+F）", self.action_find)
        yield SystemCommand("替换", "把全部文字里的一处或每一处换成别的文字，可一次撤销（Ctrl+F）",
                            partial(self.action_find, True))
        yield SystemCommand("保存", "保存到文件并提交到历史（Ctrl+S）", self.action_save)
        yield SystemCommand("撤销", "撤销上一处数字或基本信息的修改（Ctrl+Z）", self.action_undo)
        yield SystemCommand("重做", "重做刚撤销的修改（Ctrl+Y）", self.action_redo)
        yield SystemCommand("帮助", "按键说明（F1）", self.action_help)
        yield SystemCommand("退出", "退出编辑器，有未保存的修改时会询问（Ctrl+Q）", self.action_quit_editor)
