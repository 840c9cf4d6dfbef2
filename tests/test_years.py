"""Last year's dates in this year's text (issue 17): the template's TX-YEAR rules in `check` (so
in the editor and `audit`), and `new --from` listing and, with --update-years, rewriting them."""

from __future__ import annotations

import pytest

from conftest import SAMPLES, run_cli
from nianbao.format.file import load
from nianbao.format.model import template as templates
from nianbao.format.rules.check import check


def years(report) -> list[str]:
    return [f.quote for f in check(report) if f.rule.startswith("TX-YEAR")]


@pytest.mark.parametrize("name", ["huaian-2024", "longwan-2023", "shanghai-2019"])
def test_the_published_reports_own_years_are_not_flagged(name):
    """Every year in the real reports' text is right for its report: no warning at all
    (Shanghai's 「2018年部门决算」, Longwan's 「2024年1月15日」 in the closing)."""
    assert years(load.read(SAMPLES / f"{name}.toml").report) == []


@pytest.mark.parametrize("name", ["huaian-2024", "longwan-2023", "shanghai-2019"])
def test_the_same_text_a_year_later_is_flagged_sentence_by_sentence(name):
    report = load.read(SAMPLES / f"{name}.toml").report
    old = report.year
    report.year += 1
    quoted = years(report)
    every = [s for part in ("preamble", "s1", "s5", "s6") for s in report.text(part).replace("。", "。\n").split("\n")
             if s.strip().startswith(f"{old}年") or "统计期限" in s]
    assert quoted and all(any(q in s or s.strip() in q for q in quoted) for s in every if s.strip())


@pytest.mark.parametrize("text", [
    "依据《中华人民共和国政府信息公开条例》（2019年修订）开展工作。",
    "2023年结转的34件申请已全部办结。",
    "公开2023年度部门决算和2024年度部门预算。",
    "自2019年5月15日起施行的《条例》。",
    "2025年，我局将进一步提高公开质量。",  # next year's plans, in 五、
    "2024年12月，完成了栏目改版。",
])
def test_years_that_are_rightly_other_are_not_flagged(text):
    report = load.read(SAMPLES / "huaian-2024.toml").report
    report.prose["s5"] = text
    assert years(report) == []


def test_new_from_lists_the_copied_years_and_update_years_rewrites_the_unambiguous(tmp_path):
    out = tmp_path / "2025.toml"
    res = run_cli("new", out, "--from", SAMPLES / "huaian-2024.toml")
    assert res.returncode == 0
    assert "还有 6 句的年份不是 2025 年" in res.stderr and "--update-years" in res.stderr
    assert "在省办2024年四个季度" in res.stderr
    res = run_cli("check", out)
    assert res.stdout.count("TX-YEAR") == 6

    updated = tmp_path / "2025b.toml"
    res = run_cli("new", updated, "--from", SAMPLES / "huaian-2024.toml", "--update-years")
    assert res.returncode == 0, res.stderr
    assert "已把 5 句里的 2024 年改为 2025 年" in res.stderr
    report = load.read(updated).report
    assert "统计期限自2025年1月1日至2025年12月31日" in report.preamble
    assert report.text("s1").startswith("2025年，我市坚持")
    assert "2025年，全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件" in report.text("s1")
    assert years(report) == [q for q in years(report) if "四个季度" in q] and len(years(report)) == 1


def test_a_year_rule_with_a_broken_pattern_is_refused(tmp_path):
    src = (templates.available()["official-2021"]).read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(src.replace("pattern = '统计(?:期限", "pattern = '统计((?:期限", 1), encoding="utf-8")
    with pytest.raises(templates.TemplateError, match="TX-YEAR"):
        templates.load_file(bad)
