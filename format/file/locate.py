"""Line numbers of keys in a report file.

TOML parsers hand back values, not positions, yet every finding must say
`FILE:LINE`. A line scan of the kind of file we write (and people hand-edit) is
enough: table headers, `key = value` lines, multi-line strings skipped, and the
`# key =` placeholders that mark empty cells.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=(.*)$")
_PLACEHOLDER = re.compile(r"^\s*#\s*([A-Za-z0-9_\-]+)\s*=")
_DOT_SPACES = re.compile(r"\s*\.\s*")


class LineIndex:
    """Dotted key path -> 1-based line; the end line of multi-line values."""

    def __init__(self, text: str):
        self.lines: dict[str, int] = {}
        self.ends: dict[str, int] = {}
        self.placeholders: dict[str, int] = {}
        table = ""
        open_key, delim = None, None
        for no, line in enumerate(text.splitlines(), 1):
            if delim is not None:
                if _closes(line, delim):
                    self.ends[open_key] = no
                    delim = None
                continue
            m = _HEADER.match(line)
            if m:
                table = _DOT_SPACES.sub(".", m.group(1))
                self.lines.setdefault(table, no)
                continue
            m = _KEY.match(line)
            if m:
                key = _DOT_SPACES.sub(".", m.group(1))
                path = f"{table}.{key}" if table else key
                self.lines.setdefault(path, no)
                self.ends[path] = no
                rest = m.group(2)
                for d in ('"""', "'''"):
                    if rest.count(d) % 2 == 1:
                        open_key, delim = path, d
                        break
                continue
            m = _PLACEHOLDER.match(line)
            if m and table:
                self.placeholders.setdefault(f"{table}.{m.group(1)}", no)

    def line(self, path: str) -> int:
        """Best line for a key: the key, its placeholder, its table, or 1."""
        if path in self.lines:
            return self.lines[path]
        if path in self.placeholders:
            return self.placeholders[path]
        while "." in path:
            path = path.rsplit(".", 1)[0]
            if path in self.lines:
                return self.lines[path]
        return 1


def _closes(line: str, delim: str) -> bool:
    if delim == "'''":
        return delim in line
    i = line.find(delim)
    while i != -1:
        backslashes = len(line[:i]) - len(line[:i].rstrip("\\"))
        if backslashes % 2 == 0:
            return True
        i = line.find(delim, i + 1)
    return False
