"""The command palette, in Chinese, and safe against keys typed before its list is drawn.

Textual's palette raises KeyError when PgUp/PgDn reach its option list before the list
has laid out its lines (Ctrl+P then PgUp in one burst over SSH — the monkey test found it).
Its empty state says 「No matches found」; here it says in Chinese what can be searched.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from .modal import DismissOnce


class Palette(DismissOnce, CommandPalette):
    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder="输入标题、命令或行名，如“收到和处理”“保存”“新收 自然人”")

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):  # the list has no lines yet: nothing to move through
            pass

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's own, with the message in Chinese (tests/test_textual_internals.py pins it)."""
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text("没有找到。可以输入章节标题、命令，或行名和栏名的一部分（如“结转”“新收 自然人”）",
                                      style="not bold")), disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
