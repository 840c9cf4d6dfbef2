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

from ..model.numbers import too_long
from ..model.template import Cell, Template, expand_sum

MAX_EXTRA = 2  # figures more or fewer than columns that are worth trying


def row_instances(tpl: Template, table_id: str, row_id: str) -> list:
    """The sum rule instances that lie within one row (a row's total and its terms)."""
    return [(target, terms) for rule in tpl.rules if rule.kind == "sum" and rule.table == table_id
            for target, terms in expand_sum(tpl, rule)
            if target.row == row_id and all(t.row == row_id for t in terms)]


def keeps_sums(tpl: Template, table_id: str, row_id: str, values: dict[Cell, object]) -> bool:
    """Whether a row's values, all known, keep the sum rules that lie within the row."""
    return _complete(values, list(values), row_instances(tpl, table_id, row_id)) is not None


def solve_row(tpl: Template, table_id: str, block, row_id: str, tokens: list[str], read) -> dict[Cell, object] | None:
    """The row's values when the rules leave exactly one; None when they do not (or cannot say)."""
    found = readings(tpl, table_id, block, row_id, tokens, read, 1)
    return found[0] if found is not None and len(found) == 1 else None


def readings(tpl: Template, table_id: str, block, row_id: str, tokens: list[str], read,
             cap: int) -> list[dict[Cell, object]] | None:
    """Every reading of a row's tokens the row's rules allow, up to `cap` (+1 when there are more):
    figures that ran together cut apart, and figures put into the columns in order with the
    cells left over solved. None when the row cannot be read this way at all (no rule, too
    far off, a search too large). `read(token, column)` turns a token into a value."""
    columns = list(block.columns)
    n, k = len(columns), len(tokens)
    instances = row_instances(tpl, table_id, row_id)  # none (Table 2): only the digits themselves decide
    if k == 0 or k == n:
        return None
    cells = [Cell(table_id, row_id, c.id) for c in columns]
    answers: dict[tuple, dict[Cell, object]] = {}

    def add(values: dict[Cell, object]) -> None:
        answers.setdefault(tuple(sorted((c.column, v) for c, v in values.items())), values)

    if k < n and sum(len(t) for t in tokens if t.isdigit()) >= n and any(len(t) > 1 and t.isdigit() for t in tokens):
        cuts = split_candidates(cells, [c.kind for c in columns], tokens, instances, cap)
        if cuts is None:
            return None
        for cut in cuts:
            add(cut)
    if abs(k - n) <= MAX_EXTRA:
        for placed in _placements(columns, tokens):
            if len(answers) > cap:
                break
            try:
                values = {Cell(table_id, row_id, col.id): read(token, col) for col, token in placed.items()}
            except ValueError:
                continue
            if any(v is None for v in values.values()):
                continue  # a blank among the figures: not this placement
            full = _complete(values, cells, instances)
            if full is not None:
                add(full)
    return list(answers.values())


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


MAX_LEAVES = 200_000  # ways of cutting a run of digits tried before giving up (a report in well under a second)


def split_run(table_id: str, row_id: str, columns, tokens: list[str], instances) -> dict[Cell, object] | None:
    """Figures run together (「300153006143119」): every way of cutting the digits into the
    row's columns -- no figure with a leading zero, tokens the text kept apart stay apart -- that
    satisfies the row's sums. Read only when exactly one does."""
    found = split_candidates([Cell(table_id, row_id, c.id) for c in columns], [c.kind for c in columns],
                             tokens, instances, 2)
    return found[0] if found is not None and len(found) == 1 else None


def split_candidates(cells: list[Cell], kinds: list[str], tokens: list[str], instances, cap: int):
    """Every cut of the tokens into the cells that the sum instances allow, up to `cap` of them
    (more: the list is cut short at cap + 1); None when the search was too large to finish."""
    if any(kind == "signed" for kind in kinds):
        return None
    if len(instances) == 1 and instances[0][0] == cells[-1] and set(instances[0][1]) == set(cells[:-1]) \
            and all(t.isdigit() for t in tokens) and all(k == "count" for k in kinds):
        return _split_row_with_total(cells, tokens, cap)
    rows = _rows_with_totals(cells, instances)
    if rows and len(tokens) == 1 and tokens[0].isdigit() and all(k == "count" for k in kinds):
        return _split_rows(rows, tokens[0], cap)
    found: list[dict[Cell, object]] = []
    budget = [MAX_LEAVES]

    def ok(values: dict[Cell, object]) -> bool:
        for target, terms in instances:
            if target in values and all(t in values for t in terms):
                if values[target] != sum(values[t] for t in terms):
                    return False
        return True

    def walk(col: int, tok: int, at: int, values: dict[Cell, object]) -> None:
        if len(found) > cap or budget[0] <= 0:
            return
        if col == len(cells):
            if tok == len(tokens):
                budget[0] -= 1
                found.append(dict(values))
            return
        if tok == len(tokens):
            return
        token = tokens[tok]
        if not token.isdigit():  # a figure with a point or a separator is one figure
            if at:
                return
            try:
                values[cells[col]] = _number(token)
            except ValueError:
                return
            if ok(values):
                walk(col + 1, tok + 1, 0, values)
            del values[cells[col]]
            return
        rest_cols = len(cells) - col
        for end in range(at + 1, len(token) + 1):
            piece = token[at:end]
            if len(piece) > 1 and piece[0] == "0":
                break  # no leading zeros: 「05」 is never a figure
            remaining_digits = sum(len(t) for t in tokens[tok + 1:]) + len(token) - end
            if remaining_digits < rest_cols - 1:
                break
            values[cells[col]] = int(piece)
            if ok(values):
                if end == len(token):
                    walk(col + 1, tok + 1, 0, values)
                else:
                    walk(col + 1, tok, end, values)
            del values[cells[col]]
            budget[0] -= 1
            if budget[0] <= 0 or len(found) > cap:
                return

    walk(0, 0, 0, {})
    return found if budget[0] > 0 else None


def _split_row_with_total(cells: list[Cell], tokens: list[str], cap: int):
    """split_candidates for the common row whose last cell is the sum of all the others (Table
    3 and 4 rows): try each tail of the digits as the total, then cut the rest into the terms
    with the running sum never above it -- a piece only grows as it takes more digits, so the
    search stops early. Cuts at the boundaries the text kept are kept."""
    digits = "".join(tokens)
    forced = set()
    at = 0
    for t in tokens[:-1]:
        at += len(t)
        forced.add(at)
    n = len(cells) - 1
    found: list[dict[Cell, object]] = []
    budget = [MAX_LEAVES]
    # Where the piece starting at each position must end at the latest (the next kept cut).
    reach = [min([f for f in forced if f > i], default=len(digits)) for i in range(len(digits) + 1)]

    def terms(pos: int, end: int, k: int, acc: int, total: int, picked: list[int]) -> None:
        if len(found) > cap or budget[0] <= 0:
            return
        budget[0] -= 1
        if k == n:
            if pos == end and acc == total:
                found.append(dict(zip(cells, picked + [total])))
            return
        for stop in range(pos + 1, min(end - (n - k - 1), reach[pos]) + 1):
            piece = digits[pos:stop]
            if len(piece) > 1 and piece[0] == "0":
                break
            value = int(piece)
            if acc + value > total:
                break
            left, need = end - stop, total - acc - value  # digits and sum for the other terms
            m = n - k - 1
            longest = -(-left // m) if m else 0  # digits of the longest of those pieces, at least
            if m and (need >= m * 10 ** (left - m + 1) or longest >= 2 and need < 10 ** (longest - 1)):
                continue  # those digits cannot make that sum: one piece would be too long or too short
            picked.append(value)
            terms(stop, end, k + 1, acc + value, total, picked)
            picked.pop()

    for start in range(len(digits) - 1, n - 1, -1):
        tail = digits[start:]
        if len(tail) > 1 and tail[0] == "0":
            continue
        if any(f in forced for f in range(start + 1, len(digits))):
            break  # the total would run across a cut the text kept
        terms(0, start, 0, 0, int(tail), [])
        if len(found) > cap or budget[0] <= 0:
            break
    return found if budget[0] > 0 else None


def _rows_with_totals(cells: list[Cell], instances) -> list[list[Cell]] | None:
    """The cells as rows, when each row's last cell is the sum of its others and no rule joins
    rows (Table 4 on one line); else None."""
    rows: list[list[Cell]] = []
    for c in cells:
        if rows and rows[-1][0].row == c.row and rows[-1][0].table == c.table:
            rows[-1].append(c)
        else:
            rows.append([c])
    shapes = {(t, frozenset(terms)) for t, terms in instances}
    if len(rows) < 2 or len(shapes) != len(rows):
        return None
    if any((row[-1], frozenset(row[:-1])) not in shapes for row in rows):
        return None
    return rows


def _split_rows(rows: list[list[Cell]], digits: str, cap: int):
    """A run of digits cut into several rows, each keeping its total: each row's own cuts
    (_split_row_with_total) for every stretch of the digits it could take."""
    found: list[dict[Cell, object]] = []
    memo: dict[tuple[int, int, int], list] = {}

    def row_cuts(r: int, start: int, stop: int):
        key = (r, start, stop)
        if key not in memo:
            memo[key] = _split_row_with_total(rows[r], [digits[start:stop]], cap)
        if memo[key] is None:
            raise _TooLarge
        return memo[key]

    def walk(r: int, pos: int, values: dict[Cell, object]) -> bool:
        if len(found) > cap:
            return True
        if r == len(rows):
            if pos == len(digits):
                found.append(dict(values))
            return False
        rest = sum(len(x) for x in rows[r + 1:])
        for stop in range(pos + len(rows[r]), len(digits) - rest + 1):
            for cut in row_cuts(r, pos, stop):
                values.update(cut)
                if walk(r + 1, stop, values):
                    return True
        return False

    try:
        walk(0, 0, {})
    except _TooLarge:
        return None  # a row's search did not finish: nothing may be called unique
    return found


class _TooLarge(Exception):
    pass


def _number(token: str):
    from decimal import Decimal, InvalidOperation

    if too_long(token.split(".")[0]):
        raise ValueError(token)  # no figure has this many digits
    try:
        return Decimal(token.replace(",", "")) if "." in token else int(token.replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValueError(token) from None


def settle(known: dict[Cell, object], pending: list[list[dict[Cell, object]]], checks) -> list[dict[Cell, object] | None]:
    """Rows each left with a few candidate readings: the table's own rules across rows (column
    sums, balances) pick among them. For each row, its reading if every combination that passes
    `checks(values)` agrees on it, else None."""
    from itertools import product

    total = 1
    for options in pending:
        total *= len(options)
    if not pending or total > 20_000:
        return [None] * len(pending)
    passing = []
    for combo in product(*pending):
        values = dict(known)
        for reading in combo:
            values.update(reading)
        if checks(values):
            passing.append(combo)
    out: list[dict[Cell, object] | None] = []
    for i in range(len(pending)):
        readings = {tuple(sorted((c.column, v) for c, v in combo[i].items())) for combo in passing}
        out.append(passing[0][i] if len(readings) == 1 else None)
    return out


MAX_RUN_LEAVES = 20_000  # ways of laying runs into a table tried before giving up


def place_runs(rows: list[list[Cell]], kinds: dict[Cell, object], runs: list[list[str]], read, checks,
               cap: int) -> list[dict[Cell, object]] | None:
    """A small table whose figures came out as runs in a scrambled order (plain `pdftotext` of
    Table 4: 「72 64 178 37」, 「12 1 1 6」, 「351」, …): every way of laying each run into
    consecutive cells of one row so that every cell is filled once and `checks(values)` holds,
    up to `cap` distinct ones (cap + 1 when there are more); None when the search is too large.
    `read(token, kind)` turns a token into a value (ValueError: not this place)."""
    free = {c for row in rows for c in row}
    if sum(len(r) for r in runs) != len(free):
        return []
    found: dict[tuple, dict[Cell, object]] = {}
    budget = [MAX_RUN_LEAVES]
    order = sorted(range(len(runs)), key=lambda i: -len(runs[i]))  # long runs first: fewer places

    def walk(k: int, values: dict[Cell, object]) -> None:
        if len(found) > cap or budget[0] <= 0:
            return
        if k == len(order):
            budget[0] -= 1
            if checks(values):
                found.setdefault(tuple(sorted((c.row, c.column, str(v)) for c, v in values.items())), dict(values))
            return
        run = runs[order[k]]
        for row in rows:
            for start in range(len(row) - len(run) + 1):
                span = row[start:start + len(run)]
                if any(c in values for c in span):
                    continue
                try:
                    placed = {c: read(t, kinds[c]) for c, t in zip(span, run)}
                except ValueError:
                    continue
                if any(v is None for v in placed.values()):
                    continue
                values.update(placed)
                walk(k + 1, values)
                for c in span:
                    del values[c]
                budget[0] -= 1
                if budget[0] <= 0:
                    return

    walk(0, {})
    return list(found.values()) if budget[0] > 0 else None
