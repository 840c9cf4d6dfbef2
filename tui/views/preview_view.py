"""Preview: the report as it will be submitted (plain text), from the current unsaved state."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from nianbao.format.output import render

from nianbao.format.visible import visible

from ..internals.focus import focus_now
from ..messages import Flash, tell
from ..widgets.line import Line

FORMATS = [("t", "纯文本", "text", ".txt"), ("h", "HTML", "html", ".html"), ("d", "Word", "docx", ".docx"),
           ("m", "Markdown", "markdown", ".md"), ("c", "CSV", "csv", ".csv"), ("j", "JSON", "json", ".json")]


class PreviewPane(VerticalScroll, can_focus=True):
    BINDINGS = [Binding("w", "write", "写出文件", show=True)]

    def action_write(self) -> None:
        self.parent.ask_format()


class PreviewView(Vertical):
    DEFAULT_CLASSES = "view"

    def __init__(self, **kwargs) -> None:
        super().__init__(id="preview", **kwargs)

    def compose(self):
        yield Static(Text("预览（纯文本，含未保存的修改）"), classes="view-title")
        yield PreviewPane(Static("", id="preview-text"), id="preview-pane")
        yield Line("", classes="cell-info")

    def enter_section(self) -> None:
        report = self.app.session.report
        width = max(40, self.size.width - 4)
        self.query_one("#preview-text", Static).update(Text(visible(render.render_text(report, width, wrap_prose=True))))
        self.query_one(".cell-info", Line).update(
            Text("按 w 把报告写成纯文本、HTML、Word、Markdown、CSV 或 JSON 文件，放在报告文件旁边。"))
        focus_now(self.query_one("#preview-pane"))

    def ask_format(self) -> None:
        from ..widgets.dialogs import Choice

        self.app.push_screen(Choice("写出哪种格式？（按当前内容，含未保存的修改）",
                                    [(k, label) for k, label, _, _ in FORMATS] + [("x", "取消")], "x"),
                             self.write)

    def write(self, key: str) -> None:
        chosen = next((f for f in FORMATS if f[0] == key), None)
        if chosen is None:
            return
        target = Path(self.app.session.doc.path).with_suffix(chosen[3])
        if not target.exists():
            self._write(chosen, target)
            return
        from ..widgets.dialogs import Choice

        # The clerk may have polished that file in Word: never replaced without asking.
        other = _free_name(target)

        def answered(answer: str) -> None:
            if answer == "o":
                self._write(chosen, target)
            elif answer == "n":
                self._write(chosen, other)
            else:
                tell(self, Flash(f"没有写出：{target.name} 保持不变"))

        self.app.push_screen(Choice(f"{target.name} 已存在（也许在 Word 里改过）。", [
            ("n", f"另存为 {other.name}"), ("o", "覆盖"), ("x", "取消")], "x"), answered)

    def _write(self, chosen, target: Path) -> None:
        _, label, fmt, _ext = chosen
        from nianbao.format.file.atomic import atomic_write

        report = self.app.session.report
        try:
            if fmt == "docx":
                from nianbao.format.output.render_docx import render_docx
                data = render_docx(report)
            else:
                data = render.RENDERERS[fmt](report).encode("utf-8")
            atomic_write(target, data, follow=False)  # a name we chose: a link planted there is replaced
        except OSError as exc:
            from nianbao.format.file.errors import describe

            tell(self, Flash(f"写出失败：{describe(exc, target, within=target.parent)}", error=True))
            return
        tell(self, Flash(f"已写出 {target.name}（{label}）"))


def _free_name(path: Path) -> Path:
    """The first name that is free: 2025-2.docx, 2025-3.docx …"""
    n = 2
    while (candidate := path.with_name(f"{path.stem}-{n}{path.suffix}")).exists():
        n += 1
    return candidate
