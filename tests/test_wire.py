"""Guard against whole-table repaints: bytes the real editor writes for one committed figure."""

import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from ptyrun import F5, start_editor  # noqa: E402

# bench/wire.py measured 1523 bytes for Enter (commit, totals and rules recomputed, cursor moved)
# and 852 for a cursor move; a whole-table repaint is 10-20 KB. The limits leave ~2x margin.
COMMIT_LIMIT = 3200
MOVE_LIMIT = 1800


@pytest.mark.skipif(sys.platform != "linux", reason="pty harness is Linux-only")
def test_committing_one_figure_writes_little(tmp_path):
    sample = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", sample)
    p = start_editor(sample, F5)
    try:
        commits, moves = [], []
        for i in range(5):
            for ch in str(3002 + i):
                p.key(ch.encode())
            _, out = p.key(b"\r")
            commits.append(out)
            _, out = p.key(b"\x1b[A")
            moves.append(out)
        p.drain(0.3)
    finally:
        p.close()
    assert any(f"={3002 + i + 118}".encode() in c for i, c in enumerate(commits)), "totals were redrawn"
    assert max(len(c) for c in commits) < COMMIT_LIMIT, [len(c) for c in commits]
    assert max(len(m) for m in moves) < MOVE_LIMIT, [len(m) for m in moves]


PROSE_LIMIT = 2000  # bench/wire.py: 925 bytes per typed character; the stock TextArea wrote ~4100


@pytest.mark.skipif(sys.platform != "linux", reason="pty harness is Linux-only")
def test_typing_prose_repaints_only_the_edited_lines(tmp_path):
    sample = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", sample)
    p = start_editor(sample)
    try:
        sizes = []
        typed = ""
        for ch in "新增的字":
            _, out = p.key(ch.encode())
            typed += ch
            sizes.append(len(out))
            plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", out).decode("utf-8", "replace")
            assert typed + "2024年" in plain  # the edited row was redrawn, with what was typed
    finally:
        p.close()
    assert max(sizes) < PROSE_LIMIT, sizes


SWITCH_LIMIT = 8192  # one screen (issue 21); bench/wire.py measured ~4.7-5.4 KB, stock Textual sent ~13-17 KB
FIRST_FINDING_LIMIT = 3072  # 3 digits + Enter + a move when the first finding appears; measured ~2.3 KB


@pytest.mark.skipif(sys.platform != "linux", reason="pty harness is Linux-only")
def test_transitions_send_at_most_a_screen(tmp_path):
    """Entering and leaving a section, and the first finding appearing and the last one going,
    on a report that passes every rule."""
    sample = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", sample)
    p = start_editor(sample, F5)
    f3 = b"\x1bOR"
    try:
        def typed(text: str) -> int:
            total = sum(len(p.key(ch.encode())[1]) for ch in text)
            return total + len(p.key(b"\r")[1]) + len(p.key(b"\x1b[A")[1])

        first, gone = typed("300"), None
        p.drain(0.2)
        gone = typed("3001")
        p.drain(0.2)
        switches = []
        for _ in range(3):
            for key in (f3, F5):
                _, out = p.key(key, quiet=0.15)
                switches.append(len(out))
                p.drain(0.2)
    finally:
        p.close()
    assert first <= FIRST_FINDING_LIMIT and gone <= FIRST_FINDING_LIMIT, (first, gone)
    assert max(switches[2:]) <= SWITCH_LIMIT, switches  # after each view has been shown once
