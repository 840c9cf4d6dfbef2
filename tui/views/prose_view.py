"""Prose sections and the report's basics: text areas that feed the session as you type.

Prose is never normalised here: what is typed or pasted is what is saved
(only line breaks decide paragraphs). Undo is the session's, one history for
figures, basics and prose alike (Ctrl+Z / Ctrl+Y anywhere), so undoing back to
the start gives back the file as it was opened.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Input, Label, Static, TextArea
from textual.widgets.text_area import Selection

from nianbao.format.model.numbers import parse_year
from nianbao.format.visible import visible

from ..internals.focus import focus_now
from ..internals.keys_in_order import KeysInOrder
from ..messages import Edited, Flash, tell


class ProseArea(KeysInOrder, TextArea):
    """A text area bound to one prose part of the report.

    Over SSH every repaint crosses the link: the stock TextArea repaints all of itself on each
    cursor change (~4 KB per typed character at 80x24). Here a keystroke repaints the screen rows
    of the lines it touched -- all rows below only when the wrapped height changed -- and the
    cursor does not blink (a blink is a repaint twice a second).
    """

    selection = reactive(Selection(), init=False, always_update=True, repaint=False)
    # The session's undo, not the text area's own: one history for the whole report.
    BINDINGS = [Binding("ctrl+z", "app.undo", "撤销", show=False, id="undo"),
                Binding("ctrl+y", "app.redo", "重做", show=False, id="redo"),
                Binding("ctrl+shift+end", "select_paragraph_end", "选到段末", show=False)]

    def __init__(self, part: str, text: str, **kwargs) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", show_line_numbers=True,
                         compact=True, **kwargs)
        self.part = part
        self.cursor_blink = False

    def action_cursor_line_end(self, select: bool = False) -> None:
        """End: to the end of the screen row; pressed again there (Shift+End to select), on to the
        end of the paragraph -- a paragraph is one line of the text, wrapped over many rows."""
        if self.cursor_location == self.get_cursor_line_end_location():
            row = self.cursor_location[0]
            self.move_cursor((row, len(self.document.get_line(row))), select=select)
            return
        super().action_cursor_line_end(select)

    def action_select_paragraph_end(self) -> None:
        row = self.cursor_location[0]
        self.move_cursor((row, len(self.document.get_line(row))), select=True)

    def get_line(self, line_index: int) -> Text:
        """A line as shown: control characters (ESC, BEL …) as their pictures, never sent to
        the terminal; the document keeps them."""
        line = self.document.get_line(line_index)
        return Text(visible(line), end="", no_wrap=True)

    def show_text(self, text: str) -> None:
        """Bring the area to `text` (an undo, a restored version) as one edit of the part that
        differs: the cursor stays near it, and only those rows are repainted."""
        old = self.text
        if old == text:
            return
        start = 0
        while start < min(len(old), len(text)) and old[start] == text[start]:
            start += 1
        end = 0
        while end < min(len(old), len(text)) - start and old[-1 - end] == text[-1 - end]:
            end += 1
        doc = self.document
        begin = doc.get_location_from_index(start)
        stop = doc.get_location_from_index(len(old) - end)
        self.replace(text[start:len(text) - end], begin, stop, maintain_selection_offset=False)

    def _rows_of(self, first: int, last: int) -> tuple[int, int]:
        """Wrapped (virtual) rows spanned by document lines first..last (clamped: a watcher can
        see a selection from before the text was replaced)."""
        wrapped = self.wrapped_document
        last = min(last, self.document.line_count - 1)
        first = min(first, last)
        top = wrapped.location_to_offset((first, 0)).y
        end = wrapped.location_to_offset((last, 0)).y + len(wrapped.get_offsets(last)) + 1
        return top, end - top

    def edit(self, edit):
        height = self.wrapped_document.height
        result = super().edit(edit)
        if self.wrapped_document.height != height or edit.top[0] != result.end_location[0]:
            self.refresh()
        else:
            self.refresh_lines(*self._rows_of(edit.top[0], result.end_location[0]))
        # To the session now, not on the Changed message: a Ctrl+Z typed right behind this key
        # must find this edit on the undo stack.
        session = self.app.session
        text = self.text
        if session.report.text(self.part) != text:
            session.set_text(self.part, text)
            tell(self, Edited(prose=True))
        return result

    def _watch_selection(self, previous, selection) -> None:
        super()._watch_selection(previous, selection)
        if not self.is_mounted:
            return
        lines = {previous.start[0], previous.end[0], selection.start[0], selection.end[0]}
        first, last = min(lines), max(lines)
        if previous.start != previous.end or selection.start != selection.end:
            self.refresh_lines(*self._rows_of(first, last))  # a selection: its whole span
        else:
            for line in lines:
                self.refresh_lines(*self._rows_of(line, line))


class ProseView(Vertical):
    DEFAULT_CLASSES = "view"

    def __init__(self, section_id: str, title: str, **kwargs) -> None:
        super().__init__(id=section_id, **kwargs)
        self.title_text = title
        self.part = section_id

    def compose(self):
        yield Static(Text(self.title_text), classes="view-title")
        yield ProseArea(self.part, self.app.session.report.text(self.part), classes="prose")
        yield Static(Text("左边的数字是段号：一段一行，Enter 另起一段。Ctrl+F 查找替换，Ctrl+Z 撤销。"), classes="cell-info")

    def enter_section(self) -> None:
        focus_now(self.query_one(ProseArea))


def parse_date(text: str) -> dt.date | None:
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        return None
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", s)
    if not m:
        raise ValueError("日期请写成 2024-01-15 或 2024年1月15日")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"没有这一天：{text.strip()}") from None


class MetaInput(KeysInOrder, Input):
    """agency / year / date: committed on Enter or when the focus leaves."""

    def __init__(self, key: str, value: str, **kwargs) -> None:
        # Shown with control characters as pictures; committed only when actually edited.
        super().__init__(visible(value), compact=True, **kwargs)
        self.key = key
        self.shown = visible(value)
        self.cursor_blink = False  # a blink is a repaint over SSH twice a second

    def commit(self) -> None:
        """Into the session at once (Ctrl+S right behind must save it), then say so."""
        if self.value == self.shown:
            return
        self.shown = self.value
        try:
            value = self.parsed()
        except ValueError as exc:
            tell(self, Flash(str(exc), error=True))
            return
        if self.app.session.set_meta(self.key, value):
            tell(self, Flash("已修改基本信息"))
            tell(self, Edited())

    def parsed(self):
        """The field's value for the report, or ValueError with the message to show."""
        if self.key == "agency":
            if not self.value.strip():
                raise ValueError("机关名称不能为空")
            return self.value.strip()
        if self.key == "year":
            return parse_year(self.value)
        return parse_date(self.value)

    async def action_submit(self) -> None:
        self.commit()

    def on_blur(self) -> None:
        self.commit()


class BasicsView(VerticalScroll):
    DEFAULT_CLASSES = "view"

    def __init__(self, **kwargs) -> None:
        super().__init__(id="basics", **kwargs)

    def compose(self):
        r = self.app.session.report
        yield Static(Text("基本信息"), classes="view-title")
        yield Static(Text(f"模板：{r.template.name}（{r.template.basis}）"), classes="cell-info")
        for key, label, value in (("agency", "机关名称", r.agency), ("year", "报告年度", str(r.year)),
                                  ("date", "发布日期", r.date.isoformat() if r.date else "")):
            with Horizontal(classes="meta-line"):
                yield Label(f"{label}：", classes="meta-label", markup=False)
                yield MetaInput(key, value, id=f"meta-{key}")
        yield Label("前言（编制依据、统计期限等）：", markup=False)
        yield ProseArea("preamble", r.preamble, classes="prose-small")
        yield Label("结尾（署名、日期）：", markup=False)
        yield ProseArea("closing", r.closing, classes="prose-small")

    def enter_section(self) -> None:
        focus_now(self.query_one("#meta-agency", MetaInput))
