"""Prose sections and the report's basics: text areas that feed the session as you type.

Prose is never normalised here: what is typed or pasted is what is saved
(only line breaks decide paragraphs). The text area keeps its own undo
history (Ctrl+Z / Ctrl+Y while it has the focus).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from rich.text import Text
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from .focus import focus_now


class ProseArea(TextArea):
    """A text area bound to one prose part of the report."""

    def __init__(self, part: str, text: str, **kwargs) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                         compact=True, **kwargs)
        self.part = part

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.app.session.set_text(self.part, self.text)
        self.app.after_change(prose=True)


class ProseView(Vertical):
    DEFAULT_CLASSES = "view"

    def __init__(self, section_id: str, title: str, **kwargs) -> None:
        super().__init__(id=section_id, **kwargs)
        self.title_text = title
        self.part = section_id

    def compose(self):
        yield Static(Text(self.title_text), classes="view-title")
        yield ProseArea(self.part, self.app.session.report.text(self.part), classes="prose")
        yield Static(Text("一段一行；换行即分段。Ctrl+Z 撤销，Ctrl+Y 重做。"), classes="cell-info")

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


class MetaInput(Input):
    """agency / year / date: committed on Enter or when the focus leaves."""

    def __init__(self, key: str, value: str, **kwargs) -> None:
        super().__init__(value, compact=True, **kwargs)
        self.key = key

    def commit(self) -> None:
        self.app.commit_meta(self)

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
