"""Control characters shown, never obeyed.

A report can carry any character through a TOML escape (\\u001b), and files
come from other departments and from web pages. Written to a terminal as they
are, an ESC sequence recolours or clears the screen and a BEL rings; in git's
pager (less -R) the same. Everywhere the tool shows report text to a person it
goes through `visible`: each C0/C1 control character (and DEL) becomes one
printable character -- the Unicode control picture for C0 -- so text keeps its
length and the file keeps the real character.
"""

from __future__ import annotations

_TABLE = {c: 0x2400 + c for c in range(0x20) if chr(c) not in "\n\t"}
_TABLE[0x7F] = 0x2421  # ␡
_TABLE.update({c: 0xFFFD for c in range(0x80, 0xA0)})  # C1 (0x9b is a one-byte CSI): �


def visible(text: str) -> str:
    return text.translate(_TABLE)
