"""`nianbao check`, `new` and friends, as a user runs them: exit codes and text."""

import json

from conftest import SAMPLES, run_cli
from nianbao.format.file import load

HUAIAN = SAMPLES / "huaian-2024.toml"
SHANGHAI = SAMPLES / "shanghai-2019.toml"
LONGWAN = SAMPLES / "longwan-2023.toml"


def broken_copy(tmp_path):
    """Huaian with one figure off: （七）总计 / 自然人 reported as 2930 instead of 2932."""
    path = tmp_path / "淮安-错.toml"
    text = HUAIAN.read_text(encoding="utf-8")
    marker = "[t3.results_total]"
    head, tail = text.split(marker)
    path.write_text(head + marker + tail.replace("natural    = 2932", "natural    = 2930", 1), encoding="utf-8")
    return path


def test_check_clean_file_exits_0_with_no_findings():
    res = run_cli("check", HUAIAN)
    assert res.returncode == 0 and res.stdout == ""
    assert res.stderr == "共检查 1 个文件：勾稽关系：全部通过\n"


def test_check_reports_each_broken_rule_with_line_and_figures(tmp_path):
    path = broken_copy(tmp_path)
    res = run_cli("check", path)
    assert res.returncode == 1
    line = path.read_text(encoding="utf-8").splitlines().index("natural    = 2930      # 自然人（合计）") + 1
    assert res.stdout.splitlines() == [
        f"{path}:{line}: 错误 T3-BAL 自然人：一、本年新收 + 二、上年结转 = 3035，（七）总计 + 四、结转下年度 = 3033",
        f"{path}:{line}: 错误 T3-SUM （七）总计 / 自然人：各项之和为 2932，填报为 2930",
        f"{path}:{line + 6}: 错误 T3-ROW （七）总计 / 总计：各列之和为 3048，填报为 3050",
    ]
    assert "3 个错误，0 个警告" in res.stderr


def test_check_many_files_unreadable_one_still_checks_the_others(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("file_version = 2\nyear = \n", encoding="utf-8")
    broken = broken_copy(tmp_path)
    res = run_cli("check", HUAIAN, bad, broken, LONGWAN)
    assert res.returncode == 2
    assert f"{bad}:2:" in res.stderr
    assert res.stdout.count(f"{broken}:") == 3
    assert "共检查 4 个文件" in res.stderr
    # errors but nothing unreadable: 1; warnings only or nothing: 0
    assert run_cli("check", HUAIAN, broken).returncode == 1
    assert run_cli("check", HUAIAN, LONGWAN).returncode == 0


def test_check_json_has_the_documented_fields(tmp_path):
    path = broken_copy(tmp_path)
    res = run_cli("check", "--format", "json", path, tmp_path / "missing.toml")
    assert res.returncode == 2
    rows = json.loads(res.stdout)
    assert [r["rule"] for r in rows] == ["T3-BAL", "T3-SUM", "T3-ROW", "READ"]
    sum_row = rows[1]
    assert {k: sum_row[k] for k in ("file", "rule", "severity", "table", "row", "column", "expected", "actual")} == {
        "file": str(path), "rule": "T3-SUM", "severity": "error", "table": "t3",
        "row": "results_total", "column": "natural", "expected": 2932, "actual": 2930}
    assert sum_row["message"] == "（七）总计 / 自然人：各项之和为 2932，填报为 2930"
    assert sum_row["row_label"] == "（七）总计" and sum_row["column_label"] == "自然人"
    assert isinstance(sum_row["line"], int)
    assert rows[3]["file"].endswith("missing.toml") and rows[3]["message"] == "文件不存在"


def test_check_json_of_clean_file_is_empty_array():
    res = run_cli("check", "--format", "json", HUAIAN)
    assert res.returncode == 0 and json.loads(res.stdout) == []


def test_plain_nianbao_file_is_edit_and_needs_a_terminal():
    res = run_cli(SHANGHAI)
    assert res.returncode == 2 and "需要在终端中运行" in res.stderr and "nianbao check" in res.stderr


def test_edit_refuses_a_non_utf8_locale():
    res = run_cli("edit", SHANGHAI, env={"LC_ALL": "zh_CN.GB18030", "LANG": "zh_CN.GB18030"})
    assert res.returncode == 2
    assert "nianbao 需要 UTF-8 终端，当前的 locale 是 zh_CN.GB18030" in res.stderr
    assert "export LANG=C.UTF-8" in res.stderr


def test_edit_reports_an_unreadable_file_before_starting(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("file_version = 9\n", encoding="utf-8")
    res = run_cli("edit", bad)
    assert res.returncode == 2 and "只支持到版本 2" in res.stderr


def test_new_makes_a_complete_zero_report_by_year(tmp_path):
    p21 = tmp_path / "2024年报.toml"
    res = run_cli("new", p21, "--year", "2024", "--agency", "某市某局")
    assert res.returncode == 0, res.stderr
    loaded = load.read(p21)
    r = loaded.report
    assert (r.template.id, r.year, r.agency) == ("official-2021", 2024, "某市某局")
    assert all(r.value(c) == 0 for c in r.template.cells)
    assert all(r.text(s.id) == "" for s in r.template.prose_sections) and r.closing == "某市某局"
    assert run_cli("check", p21).returncode == 0
    p19 = tmp_path / "2020.toml"
    assert run_cli("new", p19, "--year", "2020", "--agency", "某局").returncode == 0
    assert load.read(p19).report.template.id == "official-2019"
    p_forced = tmp_path / "forced.toml"
    assert run_cli("new", p_forced, "--year", "2020", "--agency", "某局", "--template", "official-2021").returncode == 0
    forced = run_cli("check", p_forced)
    assert forced.returncode == 1 and "X-FMT 2020 年度的报告不适用本格式" in forced.stdout


def test_new_refuses_to_overwrite(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text("mine", encoding="utf-8")
    res = run_cli("new", path, "--year", "2024", "--agency", "某局")
    assert res.returncode == 2 and "已存在，不会覆盖" in res.stderr
    assert path.read_text(encoding="utf-8") == "mine"


def test_new_rejects_bad_input(tmp_path):
    res = run_cli("new", tmp_path / "a.toml", "--year", "2018", "--agency", "某局")
    assert res.returncode == 2 and "没有适用于 2018 年度的模板" in res.stderr
    res = run_cli("new", tmp_path / "a.toml", "--year", "二〇二四", "--agency", "某局")
    assert res.returncode == 2 and "不是整数" in res.stderr
    res = run_cli("new", tmp_path / "no/such/dir.toml", "--year", "2024", "--agency", "某局")
    assert res.returncode == 2 and "不存在" in res.stderr
    assert not (tmp_path / "a.toml").exists()


def test_help_and_usage_errors_are_in_chinese():
    res = run_cli("--help")
    assert res.returncode == 0 and "用法：" in res.stdout and "check" in res.stdout
    res = run_cli("check")
    assert res.returncode == 2 and "缺少参数" in res.stderr


def test_agency_with_quotes_and_markup_round_trips(tmp_path):
    path = tmp_path / "q.toml"
    name = '某"区"局[b]x[/]y\\'
    assert run_cli("new", path, "--year", "2024", "--agency", name).returncode == 0
    assert load.read(path).report.agency == name
