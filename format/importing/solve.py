"""Placing a row's figures by the template's rules when their columns are lost.

Published text often gives a row fewer figures than its table has columns (a blank merged away),
or a few more (the next row's figures run on). Position cannot say which figure is which; the
rules can. Every order-keeping way of putting the figures into the columns is tried, the cells
left over are solved from the row's own sum rules (a total is its terms added up; counts are
never negative, so terms adding up to 0 are all 0), and the row is read only when **every**
way that satisfies the rules gives the same value in every cell. An empty cell is a finding;
a wrong figure is a lie.
"""

from __future__ import annotations

from itertools import combinations

from ..model.template import Cell, Template, expand_sum

MAX_EXTRA = 2  # figures more or fewer than columns that are worth trying


def solve_row(tpl: Template, table_id: str, block, row_id: str, tokens: list[str], read) -> dict[Cell, object] | None:
    """The row's values when the rules leave exactly one; None when they do not (or cannot say).
    `read(token, column)` turns a published token into a value (ValueError if it is not one)."""
    columns = list(block.columns)
    n, k = len(columns), len(tokens)
    if k == n or abs(k - n) > MAX_EXTRA or k == 0:
        return None
    instances = [(target, terms) for rule in tpl.rules if rule.kind == "sum" and rule.table == table_id
                 for target, terms in expand_sum(tpl, rule)
                 if target.row == row_id and all(t.row == row_id for t in terms)]
    if not instances:
        return None
    answers = set()
    for placed in _placements(columns, tokens):
        try:
            values = {Cell(table_id, row_id, col.id): read(token, col) for col, token in placed.items()}
        except ValueError:
            continue
        if any(v is None for v in values.values()):
            continue  # a blank among the figures: not this placement
        full = _complete(values, [Cell(table_id, row_id, c.id) for c in columns], instances)
        if full is not None:
            answers.add(tuple(sorted((c.column, v) for c, v in full.items())))
        if len(answers) > 1:
            return None
    if len(answers) != 1:
        return None
    return {Cell(table_id, row_id, col): v for col, v in answers.pop()}


def _placements(columns, tokens):
    n, k = len(columns), len(tokens)
    if k < n:
        for chosen in combinations(range(n), k):
            yield {columns[i]: tokens[j] for j, i in enumerate(chosen)}
    else:
        for kept in combinations(range(k), n):
            yield {columns[i]: tokens[j] for i, j in enumerate(kept)}


def _complete(values: dict[Cell, object], cells: list[Cell], instances) -> dict[Cell, object] | None:
    """Fill the unknown cells from the sum instances; None if a rule is broken or a cell stays open."""
    values = dict(values)
    changed = True
    while changed:
        changed = False
        for target, terms in instances:
            unknown = [c for c in [target, *terms] if c not in values]
            known_terms = sum(values[t] for t in terms if t in values)
            if not unknown:
                if values[target] != known_terms:
                    return None
                continue
            if target in values:
                rest = values[target] - known_terms
                if rest < 0:
                    return None
                if len(unknown) == 1 or rest == 0:  # one unknown, or all of them 0 (never negative)
                    for c in unknown:
                        values[c] = rest if len(unknown) == 1 else rest * 0
                    changed = True
            elif len(unknown) == 1:
                values[target] = known_terms
                changed = True
    return values if all(c in values for c in cells) else None
