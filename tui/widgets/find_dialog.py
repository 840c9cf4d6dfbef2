"""Find and replace across the whole report (Ctrl+F, or 「查找」「替换」 in the palette).

Every match is listed with its section and the words around it; ↑↓ choose one, Enter shows it
in its section, selected. Ctrl+R replaces the chosen one, Ctrl+T all of them -- one undo step
(Ctrl+Z in the editor brings every one back). Literal text (format/find.py).
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from nianbao.format.find import Match, find_all, replace_all, replace_one
from nianbao.format.model.template import numeral
from nianbao.format.visible import visible

from ..internals.modal import Modal
from .dialogs import TextInput

SHOWN = 8  # matches listed at once (80x24: the dialog keeps the editor's bars in view)


class FindReplace(Modal[Match | None]):
    BINDINGS = [
        Binding("escape,ctrl+g", "close", "关闭", priority=True),
        Binding("up", "choose(-1)", "上一处", priority=True),
        Binding("down", "choose(1)", "下一处", priority=True),
        Binding("ctrl+r", "replace_one", "替换这一处", priority=True),
        Binding("ctrl+t", "replace_all", "全部替换", priority=True),
    ]

    def __init__(self, needle: str = "", replacing: bool = False) -> None:
        super().__init__()
        self.needle, self.replacing = needle, replacing
        self.matches: list[Match] = []
        self.chosen = 0
        # What was replaced while the dialog was up: the editor's views are brought in line
        # when it closes (they belong to the screen under this one).
        self.changed: dict[str, tuple[str, str]] = {}
        self.said = ""

    def compose(self):
        with Vertical(classes="dialog find-dialog"):
            yield Static(Text("查找和替换：前言、各部分文字、结尾"), classes="dialog-question")
            with Horizontal(classes="meta-line"):
                yield Label("查找：  ", markup=False)
                yield TextInput(self.needle, id="find-what", compact=True, placeholder="如：2024年")
            with Horizontal(classes="meta-line"):
                yield Label("替换为：", markup=False)
                yield TextInput("", id="find-with", compact=True, placeholder="如：2025年")
            yield Static(Text(""), id="find-list")
            yield Label("", id="find-status", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("转到（Enter）", id="find-go", compact=True)
                yield Button("替换（Ctrl+R）", id="find-one", compact=True)
                yield Button("全部（Ctrl+T）", id="find-all", compact=True)
                yield Button("关闭（Esc）", id="find-close", compact=True)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False
        self.query_one("#find-with" if self.replacing and self.needle else "#find-what", Input).focus()
        self.search()

    # ------------------------------------------------------------ the list
    def search(self) -> None:
        self.needle = self.query_one("#find-what", Input).value
        self.matches = find_all(self.app.session.report, self.needle)
        self.chosen = min(self.chosen, max(len(self.matches) - 1, 0))
        self.show()

    def show(self) -> None:
        from wcwidth import wcswidth

        lines = Text()
        first = max(0, min(self.chosen - SHOWN // 2, len(self.matches) - SHOWN))
        for i, m in enumerate(self.matches[first:first + SHOWN], first):
            where = numeral(m.title)
            before, after = visible(m.before), visible(m.after)
            while wcswidth(f"{where}  {before}{self.needle}{after}") > 64 and (before or after):
                before, after = before[1:], after[:-1]  # trim both sides until the line fits
            line = Text(f"{where:　<3}", style="bold")
            line.append(f" …{before}")
            line.append(visible(self.needle), style="reverse" if i == self.chosen else "underline")
            line.append(f"{after}…\n")
            lines.append(line)
        self.query_one("#find-list", Static).update(lines)
        status = (f"共 {len(self.matches)} 处，这是第 {self.chosen + 1} 处；↑↓ 选择" if self.matches
                  else ("没有找到" if self.needle else "输入要找的文字"))
        self.query_one("#find-status", Label).update(status)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "find-what":
            self.chosen = 0
            self.search()

    def action_choose(self, step: int) -> None:
        if self.matches:
            self.chosen = (self.chosen + step) % len(self.matches)
            self.show()

    # ------------------------------------------------------------ acting
    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.go()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"find-go": self.go, "find-one": self.action_replace_one, "find-all": self.action_replace_all,
         "find-close": self.action_close}[event.button.id]()

    def go(self) -> None:
        if self.matches:
            self.dismiss(self.matches[self.chosen])

    def action_close(self) -> None:
        self.dismiss(None)

    def action_replace_one(self) -> None:
        if not self.matches:
            return
        m = self.matches[self.chosen]
        self._apply(replace_one(self.app.session.report, m, self.replacement()), 1)

    def action_replace_all(self) -> None:
        if not self.matches:
            return
        self._apply(replace_all(self.app.session.report, self.needle, self.replacement()), len(self.matches))

    def replacement(self) -> str:
        return self.query_one("#find-with", Input).value

    def _apply(self, texts: dict[str, str], count: int) -> None:
        """One undo step for the lot; the editor's text areas follow when the dialog closes."""
        label = f"替换 {count} 处「{self.needle}」→「{self.replacement()}」"
        change = self.app.session.set_texts(texts, label)
        if change is not None:
            self.changed.update(change.meta)
            self.said = f"已{label}，Ctrl+Z 撤销"
        self.search()
        if change is not None:
            self.query_one("#find-status", Label).update(self.said + "；" + str(self.query_one("#find-status", Label).render()))
