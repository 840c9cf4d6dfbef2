"""Loud failure when the pinned Textual changes under tui/internals/.

Each module there overrides or calls something Textual does not promise to keep. This test names
each of those things, so an upgrade breaks here -- with the name of what moved -- rather than as a
subtle repaint, lost key or crash in the editor. Upgrade Textual deliberately: bump the pin in
pyproject.toml, run this, then re-read each module it names.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_textual_is_the_pinned_version():
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pinned = next(p.split("==")[1] for p in pins if p.startswith("textual=="))
    assert version("textual") == pinned, "tui/internals/ was written against the pinned Textual"


def _params(func) -> list[str]:
    return list(inspect.signature(func).parameters)


@pytest.mark.parametrize("owner, name, params", [
    # lean_compositor.py: overrides both, reads _dirty_regions and visible_widgets
    ("textual._compositor:Compositor", "render_partial_update", ["self"]),
    ("textual._compositor:Compositor", "_get_renders", ["self", "crop"]),
    ("textual._compositor:Compositor", "visible_widgets", None),
    # keys_in_order.py: runs bindings now, hands keys on, reads Textual's escape table
    ("textual.app:App", "_check_bindings", ["self", "key", "priority"]),
    ("textual.widget:Widget", "_forward_event", ["self", "event"]),
    ("textual.widget:Widget", "handle_key", ["self", "event"]),  # never shadow it
    ("textual.widgets:Input", "_on_key", ["self", "event"]),
    ("textual.widgets:TextArea", "_on_key", ["self", "event"]),
    # base_style.py
    ("textual.widget:Widget", "notify_style_update", ["self"]),
    ("textual.widget:Widget", "rich_style", None),
    # modal.py, palette.py
    ("textual.screen:Screen", "dismiss", ["self", "result"]),
    ("textual.command:CommandPalette", "_action_command_list", ["self", "action"]),
    ("textual.command:CommandPalette", "_start_no_matches_countdown", ["self", "search_value"]),
    ("textual.command:CommandPalette", "_stop_no_matches_countdown", ["self"]),
    ("textual.command:CommandPalette", "_NO_MATCHES_COUNTDOWN", None),
    ("textual.command:CommandPalette", "_NO_MATCHES", None),
    ("textual.command:CommandPalette", "_list_visible", None),
    # focus.py
    ("textual.screen:Screen", "set_focus", None),
    # cjk_wrap.py: replaces the wrapped document's wrapping function (same parameters)
    ("textual.document._wrapped_document:WrappedDocument", "wrap", ["self", "width", "tab_width"]),
    # shadow.py (through App._display): the updates it reads, the app state it checks; focus.py
    ("textual.app:App", "_display", ["self", "screen", "renderable"]),
    ("textual._compositor:ChopsUpdate", "__init__", ["self", "chops", "spans", "chop_ends"]),
    ("textual._compositor:LayoutUpdate", "__init__", ["self", "strips", "region"]),
    # prose_view.py: the selection watcher it extends
    ("textual.widgets:TextArea", "_watch_selection", ["self", "previous_selection", "selection"]),
])
def test_what_the_internals_lean_on_is_still_there(owner, name, params):
    module, cls = owner.split(":")
    klass = getattr(__import__(module, fromlist=[cls]), cls)
    assert hasattr(klass, name) or name in getattr(klass, "__annotations__", {}) or name == "visible_widgets", \
        f"{owner}.{name} is gone"
    if params is not None:
        assert _params(getattr(klass, name))[:len(params)] == params, f"{owner}.{name} changed its signature"


def test_the_escape_table_still_maps_escape_digit_to_an_option_symbol():
    from textual._ansi_sequences import ANSI_SEQUENCES_KEYS

    assert ANSI_SEQUENCES_KEYS.get("\x1b9") == "ª"  # keys_in_order.unfold_escape undoes exactly this


def test_the_compositor_still_collects_dirty_regions_and_widgets():
    from textual._compositor import Compositor

    source = inspect.getsource(Compositor)
    assert "_dirty_regions" in source and "def visible_widgets" in source


def _textual_privates() -> set[str]:
    from textual._compositor import Compositor
    from textual.app import App
    from textual.command import CommandPalette
    from textual.screen import ModalScreen, Screen
    from textual.scroll_view import ScrollView
    from textual.widget import Widget
    from textual.widgets import Button, DataTable, Input, Label, Markdown, Static, TextArea

    names = set()
    for klass in (App, Screen, ModalScreen, Widget, ScrollView, TextArea, Input, DataTable, Static, Label,
                  Button, Markdown, CommandPalette, Compositor):
        names |= {n for n in dir(klass) if n.startswith("_") and not n.startswith("__")}
    return names


# Each reach into Textual's privates, and the module that makes it.
# (Instance attributes -- Screen._compositor set in app.py, Compositor._dirty_regions read by
# lean_compositor.py, DOMNode._bindings extended by widgets/dialogs.py -- are not in dir() of a
# class; they are checked by name above.)
REACHES = {
    "_check_bindings": "internals/keys_in_order.py", "_forward_event": "internals/keys_in_order.py",
    "_on_key": "internals/keys_in_order.py", "_get_renders": "internals/lean_compositor.py",
    "_action_command_list": "internals/palette.py",
    "_start_no_matches_countdown": "internals/palette.py (the empty state in Chinese)",
    "_stop_no_matches_countdown": "internals/palette.py", "_NO_MATCHES_COUNTDOWN": "internals/palette.py",
    "_NO_MATCHES": "internals/palette.py", "_list_visible": "internals/palette.py",
    "_no_matches_timer": "internals/palette.py",
    "_watch_selection": "views/prose_view.py (repaints only the rows a cursor move touches)",
    "_display": "app.py: every update passes internals/shadow.py (nothing on screen is resent)",
}


def test_every_private_textual_name_the_tui_uses_is_listed_here():
    """A new reach into Textual's privates must be named in REACHES (and belongs in tui/internals/)."""
    used = set()
    for path in (ROOT / "tui").rglob("*.py"):
        used |= set(re.findall(r"\b(_[a-z][a-z0-9_]*)\b", path.read_text(encoding="utf-8")))
    reaches = used & _textual_privates()
    assert reaches <= set(REACHES), f"new Textual internals used: {sorted(reaches - set(REACHES))}"


def test_the_wrapped_document_still_wraps_through_compute_wrap_offsets():
    import textual.document._wrapped_document as wrapped
    from textual._wrap import compute_wrap_offsets

    assert "compute_wrap_offsets(" in inspect.getsource(wrapped.WrappedDocument)
    assert _params(compute_wrap_offsets)[:5] == ["text", "width", "tab_size", "fold", "precomputed_tab_sections"]


def test_the_updates_the_shadow_reads_still_look_the_same():
    """shadow.py mirrors ChopsUpdate.__rich_console__ and reads LayoutUpdate's lines; focus.py
    clears the repaint Screen.focused asks for."""
    from textual._compositor import ChopsUpdate, LayoutUpdate
    from textual.screen import Screen

    chops = inspect.getsource(ChopsUpdate.__rich_console__)
    assert "if x2 > x >= x1 and end <= x2:" in chops and "if x >= x2:" in chops
    assert "for strip in line:" in inspect.getsource(LayoutUpdate.__rich_console__)
    assert "_repaint_required" in inspect.getsource(Screen)
