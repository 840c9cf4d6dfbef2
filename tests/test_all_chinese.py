"""Every screen speaks Chinese (issue 21): a walk through every view, dialog and the palette,
failing on any ASCII word that is not a key name, a rule id, a format's name, a command, or text
that comes from the report itself (an e-mail address) or a file name."""

from __future__ import annotations

import asyncio
import re
import shutil

from conftest import SAMPLES

KEYS = {"Ctrl", "Shift", "Alt", "Enter", "Esc", "Tab", "Home", "End", "PgUp", "PgDn", "Backspace", "Del", "Delete",
        "Space", "Insert", "Up", "Down", "Left", "Right", "TAB", "ESC"}
NAMES = {"HTML", "JSON", "CSV", "Markdown", "Word", "PDF", "git", "nianbao", "init", "toml", "UTF", "IME"}
RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
WALK = [["f2"], ["f3"], ["f4"], ["f5"], ["f6"], ["f7"], ["f8"], ["f9"], ["f10"], ["f11"], ["f12"], ["w"],
        ["escape"], ["f1"], ["pagedown"], ["end"], ["escape"], ["ctrl+p"], ["escape"], ["ctrl+p", "z", "z", "z"],
        ["escape"], ["ctrl+f"], ["escape"], ["f5", "7", "enter", "ctrl+q"], ["escape"], ["f5", "x"],
        ["f5", "enter", "escape", "escape"], ["f2", "tab", "tab"]]


def test_every_screen_is_in_chinese(tmp_path):
    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp
    from tui_helpers import screen_text

    path = tmp_path / "2024.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", path)
    report_words = set(re.findall(r"[A-Za-z]+", path.read_text(encoding="utf-8").split("[preamble]", 1)[1]))
    path_words = set(re.findall(r"[A-Za-z0-9]+", str(tmp_path)))
    # What the help quotes as it is typed: the key file's action names, commands, file names.
    help_text = (SAMPLES.parent / "tui" / "help.md").read_text(encoding="utf-8")
    fenced = re.findall(r"```.*?```", help_text, re.S)
    inline = re.findall(r"`([^`]+)`", re.sub(r"```.*?```", "", help_text, flags=re.S))
    quoted = "\n".join(fenced + inline)
    code_words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", quoted)) | {"zzz"}  # and what the walk typed
    app = NianbaoApp(ReportFile.open(path))
    english: dict[str, str] = {}

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for keys in WALK:
                await pilot.press(*keys)
                await pilot.pause(0.1)
                for word in re.findall(r"[A-Za-z][A-Za-z0-9]*", screen_text(app)):
                    allowed = (len(word) == 1 or word in KEYS or word in NAMES or RULE_ID.match(word)
                               or re.fullmatch(r"F\d{1,2}", word) or word in report_words or word in path_words or word in code_words)
                    if not allowed:
                        english.setdefault(word, " ".join(keys))
            await pilot.press("ctrl+q", "d")
    asyncio.run(main())
    assert not english, f"English on screen: {english}"
