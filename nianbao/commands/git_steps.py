"""Shared by `init` and `config-git`: how git runs us, and printing a set-up step."""

from __future__ import annotations

import sys

from nianbao.format.outcome import EXIT_OK, EXIT_UNREADABLE


def self_command() -> str:
    """How git should run this program (it may not be on git's PATH)."""
    import shlex
    from pathlib import Path

    exe = Path(sys.argv[0])
    if exe.name == "nianbao" and exe.exists():
        return shlex.quote(str(exe.resolve()))
    return f"{shlex.quote(sys.executable)} -m nianbao"


def say_git(step) -> int:
    """Run a git set-up step, printing what it did, or why it could not."""
    from nianbao.format.compare import history

    try:
        for line in step():
            print(line, file=sys.stderr)
    except history.GitProblem as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK
