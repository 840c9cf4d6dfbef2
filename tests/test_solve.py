"""Rule-guided reading: a row whose figures lost their columns is read only when the rules leave
exactly one value for every cell; sum rules with blanks report only what the figures prove."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from nianbao.format.importing.import_report import read_figure
from nianbao.format.importing.solve import solve_row
from nianbao.format.model import template as templates
from nianbao.format.model.template import Cell
from nianbao.format.rules.check import check

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "longwan-2023.txt"
T21 = templates.get("official-2021")
BLOCK = T21.tables["t3"].block_of("new")


def solve(tokens):
    return solve_row(T21, "t3", BLOCK, "new", tokens, lambda t, col: read_figure(t, col.kind, col.unit))


def test_six_zeros_for_seven_columns_are_all_zero():
    got = solve(["0"] * 6)
    assert got is not None and set(got.values()) == {0} and len(got) == 7


def test_eight_zeros_for_seven_columns_are_all_zero():
    got = solve(["0"] * 8)
    assert got is not None and set(got.values()) == {0}


@pytest.mark.parametrize("tokens", [
    ["5", "0", "0", "0", "0", "5"],            # which column lost its figure decides where the 5 goes
    ["3001", "53", "0", "0", "61", "3119"],    # the 4 of 其他 is missing: it could be any column's
    ["1", "2", "3", "4", "5", "6", "7", "8"],  # no rule fits any choice
])
def test_ambiguous_or_inconsistent_rows_stay_unread(tokens):
    assert solve(tokens) is None


def test_a_missing_total_is_its_terms_added_up():
    got = solve(["3001", "53", "0", "0", "61", "4"])
    # Only the total may be missing here: any other choice puts 4 under 总计 and breaks T3-ROW.
    assert got == {Cell("t3", "new", c): v for c, v in
                   [("natural", 3001), ("commercial", 53), ("research", 0), ("nonprofit", 0),
                    ("legal", 61), ("other_org", 4), ("total", 3119)]}


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed not beside the repository")
def test_the_seed_imports_complete_and_passes_check(tmp_path):
    out = tmp_path / "l.toml"
    res = run_cli("import", SEED, "-o", out)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "读到 200 个数字，0 处未能读入，check 0 个错误" in res.stdout
    assert res.stdout.count("按勾稽关系确定") == 23  # the rows of 6 (or 8) figures for 7 columns
    assert run_cli("check", out).returncode == 0


def test_a_sum_with_blanks_is_an_error_only_when_the_figures_prove_it(blank2021):
    r = blank2021
    row = [Cell("t3", "new", c) for c in ("natural", "commercial", "research", "nonprofit", "legal", "other_org")]
    total = Cell("t3", "new", "total")
    for cell in row:
        r.cells[cell] = 1
    r.cells[total] = 6
    r.cells[row[0]] = None  # 自然人 blank, known terms 5 <= 6: cannot be checked
    rules = [f for f in check(r) if f.rule == "T3-ROW"]
    assert [f.severity for f in rules] == ["warning"] and "无法核对" in rules[0].message
    r.cells[total] = 4  # known terms 5 > 4: broken whatever the blank holds
    rules = [f for f in check(r) if f.rule == "T3-ROW"]
    assert [f.severity for f in rules] == ["error"] and "填上只会更大" in rules[0].message
    assert any(f.rule == "NN" and f.cell == row[0] for f in check(r))  # the blank itself stays an error
