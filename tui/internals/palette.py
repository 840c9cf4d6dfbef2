"""The command palette, in Chinese, and safe against keys typed before its list is drawn.

Textual's palette raises KeyError when PgUp/PgDn reach its option list before the list
has laid out its lines (Ctrl+P then PgUp in one burst over SSH — the monkey test found it).
"""

from __future__ import annotations

from textual.command import CommandPalette

from .modal import DismissOnce


class Palette(DismissOnce, CommandPalette):
    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder="输入部分标题或命令名，如“收到和处理”“保存”")

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):  # the list has no lines yet: nothing to move through
            pass
