"""`nianbao resolve FILE`: git's conflict markers -> the [[conflict]] form (merge_driver.resolve)."""

from __future__ import annotations


def run(args) -> int:
    from .merge_driver import resolve

    return resolve(args)
