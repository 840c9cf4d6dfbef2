"""`nianbao config-git DIR`: install (or remove) the textconv driver."""

from __future__ import annotations



from .git_steps import say_git, self_command


def run(args) -> int:
    from nianbao.format.compare import history

    return say_git(lambda: history.config_git(args.dir, self_command(), enable=not args.disable))
