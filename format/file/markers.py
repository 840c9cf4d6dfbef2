"""git's conflict markers, taken apart: the whole file as ours, as the ancestor (when git wrote
diff3 markers) and as theirs -- so `nianbao resolve` can merge the two versions cell by cell."""

from __future__ import annotations


class NoMarkers(ValueError):
    """The text has no (complete) conflict region."""


def sides(text: str) -> tuple[str, str | None, str]:
    """(ours, base or None, theirs): each a whole file, every region replaced by that side."""
    ours, base, theirs = [], [], []
    state = None  # None outside a region; "ours", "base", "theirs" inside
    regions = 0
    has_base = False
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if state is None and bare.startswith("<<<<<<<"):
            state = "ours"
            regions += 1
            continue
        if state == "ours" and bare.startswith("|||||||"):
            state, has_base = "base", True
            continue
        if state in ("ours", "base") and bare == "=======":
            state = "theirs"
            continue
        if state == "theirs" and bare.startswith(">>>>>>>"):
            state = None
            continue
        if state is None:
            ours.append(line)
            base.append(line)
            theirs.append(line)
        else:
            {"ours": ours, "base": base, "theirs": theirs}[state].append(line)
    if not regions or state is not None:
        raise NoMarkers("no complete conflict region")
    return "".join(ours), ("".join(base) if has_base else None), "".join(theirs)
