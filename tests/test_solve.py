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


def run_together(name: str) -> str:
    """A sample as a careless page-to-text dump: the rendered page with every tag removed and
    nothing put in its place, so a table row's label and figures run together."""
    import html
    import re

    from nianbao.format.file.load import read
    from nianbao.format.output.render import RENDERERS

    page = RENDERERS["html"](read(Path(__file__).resolve().parent.parent / "samples" / f"{name}.toml").report)
    page = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("name", ["huaian-2024", "longwan-2023", "shanghai-2019"])
def test_a_run_together_dump_never_gives_a_wrong_figure(name):
    from nianbao.format.file.load import read
    from nianbao.format.importing.import_report import build
    from nianbao.format.importing.import_source import read_bytes

    sample = read(Path(__file__).resolve().parent.parent / "samples" / f"{name}.toml").report
    got = build(read_bytes(run_together(name).encode("utf-8")))
    r = got.report
    wrong = [c for c in sample.template.cells if r.value(c) is not None and r.value(c) != sample.value(c)]
    assert wrong == []
    for part in ("s1", "s5", "s6"):
        assert r.text(part) == sample.text(part)
    if name != "shanghai-2019":  # (Shanghai's published blanks vanish with the tags: not recoverable)
        t3 = [c for c in sample.template.cells if c.table == "t3"]
        assert all(r.value(c) == sample.value(c) for c in t3), "every Table 3 figure, by the rules"


def test_run_together_huaian_reads_table_four_by_the_rules_and_its_own_text():
    """The rules leave 复议后起诉 three cuts (1 2 1 16；1 2 11 6；12 1 1 6); the report's text says
    「行政诉讼46件，其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件」, and only 12 1 1 6
    agrees with it. Table 2 has neither sums nor quotes for 规章: it stays listed."""
    from nianbao.format.importing.import_report import build
    from nianbao.format.importing.import_source import read_bytes

    got = build(read_bytes(run_together("huaian-2024").encode("utf-8")))
    r = got.report
    assert [r.value(Cell("t4", "review", c)) for c in ("upheld", "corrected", "other", "pending", "total")] \
        == [72, 64, 178, 37, 351]
    assert [r.value(Cell("t4", "suit_after", c)) for c in ("upheld", "corrected", "other", "pending", "total")] \
        == [12, 1, 1, 6, 20]
    assert any("只有一种（12 1 1 6）与正文所述的数字相符" in g.reason for g in got.solved)
    assert any("有 2 种读法" in g.reason and "1 0 11" in g.reason for g in got.gaps)  # 规章: Table 2 has no sums


def test_text_that_disagrees_settles_nothing():
    """When the text's figures fit none of the cuts (or several), the cells stay empty and listed."""
    from nianbao.format.importing.import_report import build
    from nianbao.format.importing.import_source import read_bytes

    text = run_together("huaian-2024").replace("其中结果维持25件", "其中结果维持24件")
    got = build(read_bytes(text.encode("utf-8")))
    assert got.report.value(Cell("t4", "suit_after", "upheld")) is None
    assert any("种分法" in g.reason and "12 1 1 6" in g.reason for g in got.gaps)


@pytest.mark.parametrize("name", ["huaian-2024", "longwan-2023"])
def test_the_whole_article_on_one_line(name):
    """A page dumped to one line: sections found inline, table rows cut at their labels, figures by
    the rules -- every Table 3 figure, the prose, nothing wrong."""
    from nianbao.format.file.load import read
    from nianbao.format.importing.import_report import build
    from nianbao.format.importing.import_source import read_bytes

    sample = read(Path(__file__).resolve().parent.parent / "samples" / f"{name}.toml").report
    got = build(read_bytes(run_together(name).replace("\n", "").encode("utf-8")))
    r = got.report
    assert [c for c in sample.template.cells if r.value(c) is not None and r.value(c) != sample.value(c)] == []
    assert all(r.value(c) == sample.value(c) for c in sample.template.cells if c.table == "t3")
    assert (r.year, r.agency) == (sample.year, sample.agency)
    assert "".join(r.text(p) for p in ("s1", "s5")) == "".join(sample.text(p).replace("\n", "") for p in ("s1", "s5"))


def test_a_note_in_a_cell_stays_out_of_the_number():
    from nianbao.format.importing.import_source import is_figure_token

    assert is_figure_token("22（其中修订16件）") and read_figure("22（其中修订16件）", "count") == 22
    assert read_figure("22(其中修订16件)", "count") == 22
    assert not is_figure_token("（一）予以公开")
