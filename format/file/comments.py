"""The user's own comments in a report file, keyed by what they sit above.

`fmt` rebuilds a file in canonical layout; the comments a person wrote must
come along. tomlkit keeps every comment with its position, so a walk over its
document in file order attaches each standalone comment to the next key or
table header. Comments the canonical layout writes itself (labels, banners,
empty-cell placeholders) are recognised and left out, so fmt is idempotent.
A trailing comment that is not the generated label is kept as a standalone
comment above its line: the label goes back where the layout wants it.
"""

from __future__ import annotations

import re

import tomlkit
from tomlkit.items import Comment, Table, AoT

from ..model.template import Template
from .write import generated_comments

_PLACEHOLDER = re.compile(r"^#\s*[A-Za-z0-9_\-]+\s*=\s*(#.*)?$")


def extract(text: str, tpl: Template) -> dict[str, list[str]]:
    """Anchor path ('' for the end of the file) -> the user's comment lines above it."""
    trailing, standalone = generated_comments(tpl)
    doc = tomlkit.parse(text)
    found: dict[str, list[str]] = {}
    pending: list[str] = []

    def attach(path: str, item) -> None:
        mine = list(pending)
        pending.clear()
        comment = getattr(getattr(item, "trivia", None), "comment", "") or ""
        comment = comment.strip()
        if comment and comment.lstrip("#").strip() != trailing.get(path, "").strip():
            mine.append(comment)
        if mine:
            found.setdefault(path, []).extend(mine)

    def walk(container, prefix: str) -> None:
        for key, item in container.body:
            if key is None:
                if isinstance(item, Comment):
                    line = item.as_string().strip()
                    if line not in standalone and not _PLACEHOLDER.match(line):
                        pending.append(line)
                continue
            path = prefix + key.key
            if isinstance(item, Table):
                if not item.is_super_table():
                    attach(path, item)
                walk(item.value, path + ".")
            elif isinstance(item, AoT):
                attach(path, item)
            else:
                attach(path, item)

    walk(doc, "")
    if pending:
        found.setdefault("", []).extend(pending)
    return found
