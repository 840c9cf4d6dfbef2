"""The one sanitiser: text from a report, a file name, a lock or a git repository is shown on a
terminal, never obeyed.

A report can carry any character through a TOML escape (\\u001b), and files, names and locks
come from other departments and from web pages. Written to a terminal as they are, an ESC
sequence recolours or clears the screen or retitles the window (OSC), a BEL rings, and a bidi
override (U+202E) makes 「fdp.exe」 read 「exe.pdf」; in git's pager (less -R) the same. So every
byte bound for a terminal goes through here: each C0/C1 control character (and DEL) becomes one
printable character -- the Unicode control picture for C0 -- and each bidi control becomes 「⇆」,
so text keeps its length (the editor's columns stay right) and the file keeps the real character.

`visible` keeps newlines and tabs (a paragraph is still a paragraph); `one_line` is for what
must stay on its line -- file names, a lock's user, an agency in a list -- where a newline would
forge a line of output.
"""

from __future__ import annotations

# Bidirectional controls: the embeddings, overrides and isolates, and the invisible marks.
BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
BIDI_SHOWN = 0x21C6  # ⇆

_TABLE = {c: 0x2400 + c for c in range(0x20) if chr(c) not in "\n\t"}
_TABLE[0x7F] = 0x2421  # ␡
_TABLE.update({c: 0xFFFD for c in range(0x80, 0xA0)})  # C1 (0x9b is a one-byte CSI): �
_TABLE.update({c: BIDI_SHOWN for c in BIDI})
_ONE_LINE = {**_TABLE, 0x0A: 0x240A, 0x09: 0x2409}  # ␊ ␉


def visible(text: str) -> str:
    return text.translate(_TABLE)


_COMMENT = {c: 0x2400 + c for c in range(0x20) if c != 0x09}
_COMMENT[0x7F] = 0x2421


def comment_line(text) -> str:
    """Text put into a TOML comment (an agency or a file name in a note): one line, no control
    character TOML refuses there -- tabs and everything else kept as written."""
    return str(text).translate(_COMMENT)


def one_line(text) -> str:
    """A name or a field shown on one line: newlines and tabs too become pictures."""
    return str(text).translate(_ONE_LINE)
