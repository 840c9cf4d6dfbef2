"""Driving the editor headless: an app on a copy of a sample, and its screen as text."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

from conftest import SAMPLES
from nianbao.format.file.document import ReportFile
from nianbao.format.model.template import Cell

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("NIANBAO_UPDATE_SNAPSHOTS") == "1"


def make_app(tmp_path, sample="huaian-2024.toml"):
    from nianbao.tui.app import NianbaoApp
    path = tmp_path / sample
    shutil.copy(SAMPLES / sample, path)
    return NianbaoApp(ReportFile.open(path)), path


def run(test, tmp_path, size=(80, 24), sample="huaian-2024.toml"):
    """Run `await test(app, pilot, path)` inside a headless editor."""
    app, path = make_app(tmp_path, sample)

    async def main():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await test(app, pilot, path)

    asyncio.run(main())
    return app


def screen_text(app) -> str:
    """The screen as plain text: what a person reads, without colour."""
    strips = app.screen._compositor.render_strips(app.screen.size)
    return "\n".join(strip.text.rstrip() for strip in strips) + "\n"


def assert_snapshot(app, name: str) -> None:
    text = screen_text(app)
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path.name}: run with NIANBAO_UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"screen differs from {path.name}:\n{text}"


def view(app):
    return app.views().query_one(f"#{app.views().current}")


C = Cell
