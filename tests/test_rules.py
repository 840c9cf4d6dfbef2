"""Every rule, positive and negative, on both official templates."""

from decimal import Decimal

import pytest

from nianbao.format.model import template as templates
from nianbao.format.rules.check import check
from nianbao.format.model.report import blank
from nianbao.format.model.template import Cell
from nianbao.format.model.totals import apply, derived

C = Cell


def rules_hit(report):
    return sorted({f.rule for f in check(report, [templates.get("official-2019"), templates.get("official-2021")])})


def consistent(tpl_id, year):
    """A report with real figures in which every rule holds (totals derived)."""
    r = blank(templates.get(tpl_id), year, "测试局")
    r.cells[C("t3", "new", "natural")] = 20
    r.cells[C("t3", "new", "commercial")] = 6
    r.cells[C("t3", "carried_in", "natural")] = 3
    r.cells[C("t3", "open", "natural")] = 10
    r.cells[C("t3", "partial", "commercial")] = 6
    r.cells[C("t3", "withheld_secret", "natural")] = 4
    r.cells[C("t3", "unable_none", "natural")] = 5
    r.cells[C("t3", "carried_out", "natural")] = 4
    r.cells[C("t4", "review", "upheld")] = 2
    r.cells[C("t4", "suit_after", "pending")] = 1
    apply(r)
    return r


BOTH = [("official-2021", 2023), ("official-2019", 2019)]


@pytest.mark.parametrize("tpl_id, year", BOTH)
def test_consistent_report_has_no_findings(tpl_id, year):
    r = consistent(tpl_id, year)
    assert r.value(C("t3", "results_total", "natural")) == 19
    assert r.value(C("t3", "results_total", "total")) == 25
    assert r.value(C("t3", "new", "total")) == 26
    assert rules_hit(r) == []


@pytest.mark.parametrize("tpl_id, year", BOTH)
def test_t3_bal_every_column(tpl_id, year):
    r = consistent(tpl_id, year)
    r.cells[C("t3", "carried_out", "natural")] = 1  # 一+二 = 23, （七）+四 = 20
    apply(r)
    findings = [f for f in check(r) if f.rule == "T3-BAL"]
    assert [f.message for f in findings] == [
        "自然人：一、本年新收 + 二、上年结转 = 23，（七）总计 + 四、结转下年度 = 20",
        "总计：一、本年新收 + 二、上年结转 = 29，（七）总计 + 四、结转下年度 = 26"]
    assert rules_hit(r) == ["T3-BAL"]


@pytest.mark.parametrize("tpl_id, year", BOTH)
def test_t3_sum_names_cell_and_both_figures(tpl_id, year):
    r = consistent(tpl_id, year)
    r.cells[C("t3", "open", "natural")] = 17   # the results add up to 26 ...
    r.cells[C("t3", "results_total", "natural")] = 20  # ... but 20 is reported
    f = [f for f in check(r) if f.rule == "T3-SUM"]
    assert [x.message for x in f] == ["（七）总计 / 自然人：各项之和为 26，填报为 20"]
    assert f[0].cell == C("t3", "results_total", "natural") and f[0].severity == "error"
    assert (f[0].expected, f[0].actual) == (26, 20)


def test_t3_sum_counts_the_2021_sub_items_of_other_processing():
    r = consistent("official-2021", 2023)
    r.cells[C("t3", "other_no_fee", "legal")] = 2
    assert "T3-SUM" in rules_hit(r)
    apply(r)
    assert r.value(C("t3", "results_total", "legal")) == 2


def test_t3_sum_in_2019_uses_the_single_other_row():
    r = consistent("official-2019", 2019)
    r.cells[C("t3", "other", "legal")] = 2
    assert "T3-SUM" in rules_hit(r)
    assert not templates.get("official-2019").has_cell(C("t3", "other_no_fee", "legal"))


@pytest.mark.parametrize("tpl_id, year", BOTH)
def test_t3_row(tpl_id, year):
    r = consistent(tpl_id, year)
    r.cells[C("t3", "open", "total")] = 11
    f = [f for f in check(r) if f.rule == "T3-ROW"]
    assert [x.message for x in f] == ["（一）予以公开 / 总计：各列之和为 10，填报为 11"]


@pytest.mark.parametrize("tpl_id, year", BOTH)
def test_t4_sum_in_each_group(tpl_id, year):
    r = consistent(tpl_id, year)
    r.cells[C("t4", "suit_direct", "total")] = 3
    r.cells[C("t4", "review", "other")] = 1
    msgs = [f.message for f in check(r) if f.rule == "T4-SUM"]
    assert msgs == ["行政复议 / 总计：各项之和为 3，填报为 2", "未经复议直接起诉 / 总计：各项之和为 0，填报为 3"]


@pytest.mark.parametrize("tpl_id, year", BOTH)
def test_nn_empty_and_negative(tpl_id, year):
    r = consistent(tpl_id, year)
    r.cells[C("t3", "withheld_law", "research")] = None
    r.cells[C("t4", "review", "pending")] = -1
    r.cells[C("t4", "review", "total")] = 1
    f = [x for x in check(r) if x.rule == "NN"]
    assert [x.message for x in f] == [
        "（三）不予公开 / 2.其他法律行政法规禁止公开 / 科研机构：未填写（空白不等于 0，没有发生请填 0）",
        "行政复议 / 尚未审结：不能为负数，填报为 -1"]
    # The blank cannot be 0'd into the sums: they could not be checked, said once each as a warning.
    unchecked = [x for x in check(r) if x.rule != "NN"]
    assert sorted(x.rule for x in unchecked) == ["T3-ROW", "T3-SUM"]
    assert all(x.severity == "warning" and "无法核对" in x.message for x in unchecked)


def test_nn_money_and_signed_counts_2019():
    r = consistent("official-2019", 2019)
    r.cells[C("t2", "penalty", "change")] = -15  # 本年增/减 may be negative
    r.cells[C("t2", "procurement", "amount")] = Decimal("75394432.52")
    assert rules_hit(r) == []
    r.cells[C("t2", "procurement", "amount")] = Decimal("-1.5")
    assert [f.message for f in check(r)] == ["政府集中采购 / 采购总金额：不能为负数，填报为 -1.5"]


def test_nn_money_2021():
    r = consistent("official-2021", 2023)
    r.cells[C("t2", "fees", "amount")] = None
    assert [f.message for f in check(r)] == ["行政事业性收费 / 本年收费金额（单位：万元）：未填写（空白不等于 0，没有发生请填 0）"]


def test_sums_with_a_blank_report_only_what_the_figures_prove():
    r = consistent("official-2021", 2023)
    r.cells[C("t3", "results_total", "natural")] = None
    # A blank total, or a blank term with the known terms not above the total: nothing is proven.
    # Each rule says once that it could not be checked; NN reports the blank.
    found = check(r)
    assert [f.rule for f in found if f.severity == "error"] == ["NN"]
    assert {f.rule for f in found if f.severity == "warning"} <= {"T3-SUM", "T3-ROW", "T3-BAL"}
    assert all("无法核对" in f.message for f in found if f.severity == "warning")
    r = consistent("official-2021", 2023)
    r.cells[C("t3", "withheld_secret", "natural")] = None  # published blank for 4
    r.cells[C("t3", "results_total", "natural")] = 10  # the known terms (15) are already above it
    msgs = [f.message for f in check(r) if f.rule == "T3-SUM"]
    assert msgs == ["（七）总计 / 自然人：各项之和为 15，填报为 10（另有 1 项为空，填上只会更大）"]


@pytest.mark.parametrize("tpl_id, year, ok", [
    ("official-2021", 2021, True), ("official-2021", 2020, False),
    ("official-2019", 2020, True), ("official-2019", 2021, False)])
def test_x_fmt_template_matches_year(tpl_id, year, ok):
    r = consistent(tpl_id, 2023 if tpl_id.endswith("2021") else 2019)
    r.year = year
    f = [x for x in check(r, [templates.get("official-2019"), templates.get("official-2021")]) if x.rule == "X-FMT"]
    assert (f == []) == ok
    if not ok:
        other = "2019" if year < 2021 else "2021"
        assert f"应使用 政府信息公开工作年度报告（{other} 年格式）" in f[0].message


def test_derived_totals_follow_inputs_and_empties():
    r = consistent("official-2021", 2023)
    d = derived(r)
    assert d[C("t4", "review", "total")] == 2
    r.cells[C("t3", "open", "natural")] = None  # a blank adds as 0, as check reads it
    d = derived(r)
    assert d[C("t3", "open", "total")] == 0 and d[C("t3", "results_total", "natural")] == 9
    for col in ("natural", "commercial", "research", "nonprofit", "legal", "other_org"):
        r.cells[C("t3", "open", col)] = None
    assert derived(r)[C("t3", "open", "total")] is None  # nothing filled: still empty
