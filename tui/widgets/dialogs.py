"""Questions the editor has to ask: each answerable with plain letter keys, Escape optional."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from nianbao.format.visible import visible

from ..internals.keys_in_order import KeysInOrder
from ..internals.modal import Modal


class TextInput(KeysInOrder, Input):
    """A dialog's field: keys of a burst land in the order typed."""


class Choice(Modal[str]):
    """A question with lettered answers, e.g. 保存(s) / 放弃(d) / 留下(c)."""

    def __init__(self, question: str, answers: list[tuple[str, str]], default: str) -> None:
        super().__init__()
        self.question, self.answers, self.default = question, answers, default
        # Priority bindings: answered in the App's own turn, so the dialog is gone before the
        # next key of a burst is routed (「Ctrl+Q c 5」 puts the 5 in the table, not on a button).
        for key, _label in answers:
            self._bindings.bind(key, f"answer('{key}')", show=False, priority=True)
        self._bindings.bind("escape,ctrl+g", f"answer('{default}')", show=False, priority=True)

    def compose(self):
        with Vertical(classes="dialog"):
            yield Static(Text(visible(self.question)), classes="dialog-question")
            for start in range(0, len(self.answers), 3):  # three a row: 80 columns hold no more
                with Horizontal(classes="dialog-buttons"):
                    for key, label in self.answers[start:start + 3]:
                        yield Button(f"{label}（{key}）", id=f"answer-{key}", compact=True)

    def action_answer(self, key: str) -> None:
        self.dismiss(key)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id.removeprefix("answer-"))


class HelpScreen(Modal[None]):
    """The key guide, scrolled with the arrows, PgUp/PgDn, Home/End: at 80x24 most of it is
    below the first page."""

    # Priority: closed in the App's own turn, so 「Esc F3」 typed together reaches section 一.
    BINDINGS = [Binding("escape,f1,q", "close", "关闭", show=True, priority=True)]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self):
        from textual.widgets import Markdown  # markdown-it costs ~40 ms of start-up otherwise

        with VerticalScroll(classes="help"):
            yield Markdown(self.markdown)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)


class CreateScreen(Modal[tuple[int, str] | None]):
    """`nianbao edit` on a file that does not exist: ask for year and agency."""

    BINDINGS = [Binding("escape,ctrl+q", "cancel", "取消", show=True)]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self):
        with Vertical(classes="dialog"):
            yield Static(Text(f"{self.path} 不存在。新建一份报告？"), classes="dialog-question")
            with Horizontal(classes="meta-line"):
                yield Label("报告年度：", markup=False)
                yield TextInput(str(dt.date.today().year - 1), id="create-year", compact=True)
            with Horizontal(classes="meta-line"):
                yield Label("机关名称：", markup=False)
                yield TextInput("", id="create-agency", compact=True, placeholder="如：某市某局")
            yield Label("", id="create-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("新建（Enter）", id="create-ok", compact=True)
                yield Button("取消（Ctrl+Q）", id="create-cancel", compact=True)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False
        self.query_one("#create-agency", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.try_create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create-ok":
            self.try_create()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def try_create(self) -> None:
        from nianbao.format.model import template as templates
        from nianbao.format.model.numbers import FigureError, parse_year

        agency = self.query_one("#create-agency", Input).value.strip()
        error = self.query_one("#create-error", Label)
        try:
            year = parse_year(self.query_one("#create-year", Input).value)
            templates.for_year(year, self.app.template_dirs)  # a year no official format covers
        except (FigureError, templates.TemplateError) as exc:
            error.update(str(exc))
            return
        if not agency:
            error.update("请填写机关名称")
            return
        self.dismiss((year, agency))


class IdentityScreen(Modal[tuple[str, str] | None]):
    """Asked once per repository: who is committing. Stored in the repository's config."""

    BINDINGS = [Binding("escape,ctrl+q", "cancel", "暂不提交", show=True)]

    def compose(self):
        with Vertical(classes="dialog"):
            yield Static(Text("记录修改历史需要填报人的姓名和邮箱（只需填写一次，保存在这个仓库里）。"),
                         classes="dialog-question")
            with Horizontal(classes="meta-line"):
                yield Label("填报人姓名：", markup=False)
                yield TextInput("", id="id-name", compact=True)
            with Horizontal(classes="meta-line"):
                yield Label("邮箱：", markup=False)
                yield TextInput("", id="id-email", compact=True, placeholder="如：wang@example.gov.cn")
            yield Label("", id="id-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("保存并提交（Enter）", id="id-ok", compact=True)
                yield Button("暂不提交（Ctrl+Q）", id="id-cancel", compact=True)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False
        self.query_one("#id-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "id-name":
            self.query_one("#id-email", Input).focus()
        else:
            self.try_ok()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "id-ok":
            self.try_ok()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def try_ok(self) -> None:
        name = self.query_one("#id-name", Input).value.strip()
        email = self.query_one("#id-email", Input).value.strip()
        error = self.query_one("#id-error", Label)
        if not name:
            error.update("请填写姓名")
        elif "@" not in email or " " in email:
            error.update("请填写有效的邮箱地址")
        else:
            self.dismiss((name, email))
