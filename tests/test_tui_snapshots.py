"""Every screen of the editor as text, at 80x24 and 120x40 (regenerate with NIANBAO_UPDATE_SNAPSHOTS=1)."""

import pytest

from tui_helpers import C, assert_snapshot, run, view

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
SCREENS = {"basics": "f2", "s1": "f3", "s2": "f4", "s3": "f5", "s4": "f6", "s5": "f7", "s6": "f8",
           "problems": "f9"}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen(tmp_path, screen, size):
    async def t(app, pilot, path):
        await pilot.press(SCREENS[screen])
        await pilot.pause()
        assert_snapshot(app, f"{screen}-{size}")
    run(t, tmp_path, size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_error_state_with_the_three_securities_row(tmp_path, size):
    """一、本年新收 / 自然人 broken: the 3.危及“三安全一稳定” row on screen, failing cells marked."""
    async def t(app, pilot, path):
        await pilot.press("f5", "1", "2", "enter", "up")
        await pilot.pause()
        assert view(app).current() == C("t3", "new", "natural")
        assert_snapshot(app, f"s3-error-{size}")
    run(t, tmp_path, size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_blank_cells_and_editing(tmp_path, size):
    async def t(app, pilot, path):
        await pilot.press("f5", "1", "２")
        await pilot.pause()
        assert_snapshot(app, f"s3-editing-blanks-{size}")
    run(t, tmp_path, size=SIZES[size], sample="shanghai-2019.toml")


def test_quit_dialog_and_help(tmp_path):
    async def t(app, pilot, path):
        await pilot.press("f5", "1", "enter", "ctrl+q")
        await pilot.pause()
        assert_snapshot(app, "quit-dialog-80x24")
        await pilot.press("c", "f1")
        await pilot.pause()
        assert_snapshot(app, "help-80x24")
    run(t, tmp_path)
