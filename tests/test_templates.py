"""The official formats are data: labels and rules come from template files only."""

from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from nianbao.format.model import template as templates
from nianbao.format.model.template import Cell, TemplateError

SPEC = (ROOT.parent / "shared/spec/official-format.md")


def test_both_official_templates_load_with_all_cells():
    t21 = templates.get("official-2021")
    t19 = templates.get("official-2019")
    # 2021: Table 2 has 10 figures, Table 3 25 rows x 7, Table 4 3 x 5.
    assert len(t21.cells) == 10 + 25 * 7 + 15
    # 2019: Table 2 has 22 figures, Table 3 23 rows x 7 (（六） is one row).
    assert len(t19.cells) == 22 + 23 * 7 + 15
    assert [s.title for s in t21.sections] == [s.title for s in t19.sections] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert {r.id for r in t21.rules} >= {"T3-BAL", "T3-SUM", "T3-ROW", "T4-SUM", "NN"}
    assert {r.id for r in t19.rules} >= {"T3-BAL", "T3-SUM", "T3-ROW", "T4-SUM", "NN"}


@pytest.mark.skipif(not SPEC.exists(), reason="shared spec not beside the repo")
def test_every_table3_label_is_the_official_wording():
    spec = SPEC.read_text(encoding="utf-8")
    t21 = templates.get("official-2021")
    for block in t21.tables["t3"].blocks:
        for row in block.rows:
            assert row.label in spec, row.label
        for col in block.columns:
            assert col.label in spec, col.label
    t19 = templates.get("official-2019")
    for block in t19.tables["t2"].blocks:
        for row in block.rows:
            assert row.label in spec, row.label
        for col in block.columns:
            assert col.label in spec, col.label


def _code_strings(path: Path) -> list[str]:
    """String constants a module's code uses (docstrings, which only explain, left out)."""
    import ast
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docs.add(id(body[0].value))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_no_label_or_rule_id_is_written_in_python():
    labels = {"本年新收", "予以公开", "结转下年度", "T3-BAL", "T3-SUM", "T4-SUM", "行政复议",
              "自然人", "总计", "第二十条", "t3", "results_total", "natural"}
    for folder in ("format", "nianbao"):
        for path in (ROOT / folder).rglob("*.py"):
            for s in _code_strings(path):
                for label in labels:
                    assert label not in s, f"{label!r} hard-coded in {path.name}: {s!r}"


def test_total_cells_come_from_sum_rules():
    t21 = templates.get("official-2021")
    totals = t21.total_cells()
    assert Cell("t3", "results_total", "natural") in totals
    assert Cell("t3", "new", "total") in totals
    assert Cell("t4", "review", "total") in totals
    assert Cell("t3", "new", "natural") not in totals
    assert len(totals[Cell("t3", "results_total", "natural")]) == 21
    assert len(templates.get("official-2019").total_cells()[Cell("t3", "results_total", "natural")]) == 19


def test_year_picks_the_template():
    assert templates.for_year(2019).id == "official-2019"
    assert templates.for_year(2020).id == "official-2019"
    assert templates.for_year(2021).id == "official-2021"
    assert templates.for_year(2030).id == "official-2021"
    with pytest.raises(TemplateError, match="2018"):
        templates.for_year(2018)


MADE_UP = """
id = "toy-2030"
name = "示例年报（2030 年试行格式）"
first_year = 2030

[[sections]]
id = "s1"
title = "一、概况"
kind = "prose"

[[sections]]
id = "s2"
title = "二、数字"
kind = "table"
table = "t1"

[tables.t1]
name = "数字"

[[tables.t1.blocks]]
id = "main"
columns = [
    { id = "a", label = "甲", kind = "count" },
    { id = "b", label = "乙", kind = "count" },
    { id = "sum", label = "合计", kind = "count" },
]
rows = [
    { id = "x", label = "第一行" },
    { id = "y", label = "第二行" },
]

[[rules]]
id = "TOY-ROW"
severity = "warning"
kind = "sum"
table = "t1"
for_each = "row"
target = "sum"
terms = ["a", "b"]
message = "{cell}：甲乙之和为 {expected}，填报为 {actual}"

[[rules]]
id = "TOY-NN"
severity = "error"
kind = "filled"
message = "{cell}：{actual}"
"""

TOY_REPORT = """
file_version = 2
template = "toy-2030"
year = 2030
agency = "示例局"

[s1]
text = "概况。"

[t1.x]
a = 1
b = 2
sum = 4

[t1.y]
a = 0
sum = 0
"""


def test_a_made_up_third_template_works_with_no_code_change(tmp_path):
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "toy-2030.toml").write_text(MADE_UP, encoding="utf-8")
    report = tmp_path / "toy.toml"
    report.write_text(TOY_REPORT, encoding="utf-8")

    res = run_cli("check", "--template-dir", tdir, report)
    assert res.returncode == 1, res.stderr
    lines = res.stdout.splitlines()
    assert f"{report}:13: 警告 TOY-ROW 第一行 / 合计：甲乙之和为 3，填报为 4" in lines
    assert any(l.startswith(f"{report}:") and "错误 TOY-NN 第二行 / 乙：未填写" in l for l in lines)
    assert any("警告 TOY-ROW" in l and "第二行 / 合计因相关的格空白而无法核对" in l for l in lines)
    assert len(lines) == 3

    # The same template found through the environment variable, and `new` with it.
    res = run_cli("new", tmp_path / "n.toml", "--year", "2030", "--agency", "示例局",
                  env={"NIANBAO_TEMPLATE_PATH": str(tdir)})
    assert res.returncode == 0, res.stderr
    text = (tmp_path / "n.toml").read_text(encoding="utf-8")
    assert 'template = "toy-2030"' in text and "# 甲乙" not in text
    assert "[t1.y]  # 第二行" in text and "sum = 0         # 合计（合计）" in text
    res = run_cli("check", tmp_path / "n.toml", env={"NIANBAO_TEMPLATE_PATH": str(tdir)})
    assert res.returncode == 0 and res.stdout == ""


@pytest.mark.parametrize("mutation, message", [
    (('kind = "sum"', 'kind = "product"'), "kind “product” 未知"),
    (('terms = ["a", "b"]', 'terms = ["a", "c"]'), "不存在的列 “c”"),
    (('{ id = "a", label = "甲", kind = "count" }', '{ id = "A", label = "甲", kind = "count" }'), "只能用小写"),
    (('kind = "count" },\n    { id = "sum"', 'kind = "pounds" },\n    { id = "sum"'), "kind 应为"),
])
def test_broken_templates_fail_with_a_message_naming_the_file(tmp_path, mutation, message):
    path = tmp_path / "toy-2030.toml"
    path.write_text(MADE_UP.replace(*mutation), encoding="utf-8")
    templates.load_file.cache_clear()
    with pytest.raises(TemplateError) as exc:
        templates.load_file(path)
    assert str(path) in str(exc.value) and message in str(exc.value)


def test_no_eval_anywhere_in_the_code():
    for folder in ("format", "nianbao"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "eval(" not in text and "exec(" not in text, path
