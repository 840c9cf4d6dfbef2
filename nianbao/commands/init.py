"""`nianbao init DIR`: a report repository (git init, attributes, driver, first commit)."""

from __future__ import annotations

import sys

from nianbao.format.outcome import EXIT_UNREADABLE

from .git_steps import say_git, self_command


def run(args) -> int:
    from nianbao.format.compare import history

    if bool(args.name) != bool(args.email):
        print("nianbao：--name 和 --email 要一起给出", file=sys.stderr)
        return EXIT_UNREADABLE
    return say_git(lambda: history.init(args.dir, self_command(), args.name, args.email))
