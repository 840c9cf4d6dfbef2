"""The report file: byte-identical round trips, one-line diffs, comments kept, exact money."""

import difflib
import shutil
from decimal import Decimal

import pytest

from conftest import SAMPLES, run_cli
from nianbao.format.file import load
from nianbao.format.rules.check import check
from nianbao.format.file.document import ReportFile
from nianbao.format.file.load import ReportError
from nianbao.format.model.template import Cell
from nianbao.format.file.write import dumps

C = Cell
ALL_SAMPLES = sorted(SAMPLES.glob("*.toml"))


def changed_lines(old: str, new: str) -> list[str]:
    return [l for l in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if l[:1] in "+-" and not l.startswith(("+++", "---"))]


@pytest.fixture
def copy(tmp_path):
    def make(name="huaian-2024.toml"):
        dst = tmp_path / name
        shutil.copy(SAMPLES / name, dst)
        return dst
    return make


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=lambda p: p.name)
def test_untouched_file_saves_byte_identical(sample, tmp_path):
    original = sample.read_bytes()
    doc = ReportFile.open(sample)
    assert not doc.modified
    doc.save(tmp_path / "out.toml")
    assert (tmp_path / "out.toml").read_bytes() == original


HAND_EDITED = """\ufeff# 我们局自己的注释：数字由办公室王某核对
file_version = 2
template = "official-2021"
year = 2023   # 年度
agency = "某局"

[s1]
text = \"\"\"
第一句。第二句。
\"\"\"

[t3.new]   # 一、本年新收（手写的注释）
natural = 3   # 来自台账
commercial = 0
research = 0
nonprofit = 0
legal = 0
other_org = 0
total = 3
"""


def test_hand_edited_file_with_bom_crlf_and_comments_round_trips(tmp_path):
    for text in (HAND_EDITED, HAND_EDITED.replace("\n", "\r\n")):
        path = tmp_path / "hand.toml"
        path.write_bytes(text.encode("utf-8"))
        doc = ReportFile.open(path)
        assert doc.report.value(C("t3", "new", "natural")) == 3
        assert doc.report.value(C("t3", "carried_in", "natural")) is None  # absent means empty
        doc.save()
        assert path.read_bytes() == text.encode("utf-8")


def test_editing_one_figure_changes_one_line_and_keeps_comments(copy):
    path = copy()
    before = path.read_text(encoding="utf-8")
    doc = ReportFile.open(path)
    doc.set_cell(C("t3", "new", "natural"), 3002)
    assert doc.modified
    doc.save()
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-natural    = 3001      # 自然人", "+natural    = 3002      # 自然人"]
    assert "# 来源：淮安市人民政府" in after
    assert load.read(path).report.value(C("t3", "new", "natural")) == 3002


def test_comment_keeps_its_column_when_the_figure_grows(copy):
    path = copy("longwan-2023.toml")
    doc = ReportFile.open(path)
    doc.set_cell(C("t2", "penalty", "decisions"), 3985758)
    doc.save()
    line = [l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("decisions = 3985758")][0]
    assert line == "decisions = 3985758   # 本年处理决定数量"


def test_editing_one_sentence_changes_one_line(copy):
    path = copy()
    before = path.read_text(encoding="utf-8")
    doc = ReportFile.open(path)
    text = doc.report.prose["s1"]
    doc.set_text("s1", text.replace("圆满完成了各项任务", "较好地完成了各项任务"))
    doc.save()
    diff = changed_lines(before, path.read_text(encoding="utf-8"))
    assert len(diff) == 2 and diff[0].startswith("-2024年，我市坚持") and "较好地完成了各项任务。" in diff[1]
    assert ReportFile.open(path).report.prose["s1"] == text.replace("圆满完成了各项任务", "较好地完成了各项任务")


def test_filling_a_blank_cell_replaces_its_placeholder(copy):
    path = copy("shanghai-2019.toml")
    before = path.read_text(encoding="utf-8")
    doc = ReportFile.open(path)
    doc.set_cell(C("t3", "new", "research"), 0)
    doc.save()
    diff = changed_lines(before, path.read_text(encoding="utf-8"))
    assert diff == ["-# research   =           # 科研机构：空（未填报）", "+research   = 0         # 科研机构"]
    assert "# 来源：2019年上海市人民政府办公厅" in path.read_text(encoding="utf-8")


def test_money_is_exact_through_load_save_fmt_and_check(tmp_path, copy):
    path = copy()
    doc = ReportFile.open(path)
    doc.set_cell(C("t2", "fees", "amount"), Decimal("5949.088667"))
    doc.set_cell(C("t2", "rules", "issued"), 2)  # breaks nothing, proves other edits coexist
    doc.save()
    assert "amount = 5949.088667  # 本年收费金额（单位：万元）" in path.read_text(encoding="utf-8")
    again = load.read(path).report.value(C("t2", "fees", "amount"))
    assert again == Decimal("5949.088667") and str(again) == "5949.088667"
    assert run_cli("fmt", path).returncode == 0
    assert "amount = 5949.088667" in path.read_text(encoding="utf-8")
    doc = ReportFile.open(path)
    doc.set_cell(C("t2", "fees", "amount"), Decimal("-5949.088667"))
    assert [f.message for f in check(doc.report) if f.rule == "NN"] == [
        "行政事业性收费 / 本年收费金额（单位：万元）：不能为负数，填报为 -5949.088667"]
    # trailing zeros as published survive too
    doc.set_cell(C("t2", "fees", "amount"), Decimal("18651.060"))
    doc.save()
    assert "amount = 18651.060" in path.read_text(encoding="utf-8")


def test_counts_of_any_size(tmp_path, copy):
    path = copy()
    doc = ReportFile.open(path)
    doc.set_cell(C("t2", "penalty", "decisions"), 10**20)
    doc.save()
    assert load.read(path).report.value(C("t2", "penalty", "decisions")) == 10**20


def test_absent_cell_is_empty_and_reported_not_zero(tmp_path):
    path = tmp_path / "a.toml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    res = run_cli("check", path)
    assert res.returncode == 1
    assert "一、本年新收政府信息公开申请数量 / 自然人" not in res.stdout  # present, so not empty
    # carried_in is absent altogether: every one of its 7 cells is reported empty
    assert res.stdout.count("二、上年结转政府信息公开申请数量 / ") == 7


# ------------------------------------------------------------------ fmt

def test_fmt_is_idempotent_keeps_values_and_user_comments(tmp_path):
    path = tmp_path / "hand.toml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    before = load.read(path).report
    res = run_cli("fmt", path)
    assert res.returncode == 0, res.stderr
    once = path.read_text(encoding="utf-8")
    assert load.read(path).report.same_content(before)
    for kept in ("# 我们局自己的注释：数字由办公室王某核对", "# 一、本年新收（手写的注释）", "# 来自台账", "# 年度"):
        assert kept in once, kept
    assert "第一句。\\\n第二句。" in once  # one sentence per line
    assert "# natural    =           # 自然人：空（未填报）" in once  # carried_in placeholders
    assert run_cli("fmt", path).returncode == 0
    assert path.read_text(encoding="utf-8") == once
    assert run_cli("fmt", "--check", path).returncode == 0


def test_fmt_check_reports_without_writing(tmp_path):
    path = tmp_path / "hand.toml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    res = run_cli("fmt", "--check", path)
    assert res.returncode == 1 and "不是标准排版" in res.stderr
    assert path.read_text(encoding="utf-8") == HAND_EDITED


@pytest.mark.parametrize("sample", ALL_SAMPLES, ids=lambda p: p.name)
def test_samples_are_canonical(sample):
    assert run_cli("fmt", "--check", sample).returncode == 0


# ------------------------------------------------------------------ versions

def test_newer_file_version_is_refused_and_nothing_written(tmp_path, copy):
    path = copy()
    text = path.read_text(encoding="utf-8").replace("file_version = 2", "file_version = 3")
    path.write_text(text, encoding="utf-8")
    for args in (("check", path), ("fmt", path)):
        res = run_cli(*args)
        assert res.returncode == 2
        assert f"{path}:3: 文件格式版本为 3，而本程序只支持到版本 2" in res.stderr
    assert path.read_text(encoding="utf-8") == text


V1 = """file_version = 1
template = "official-2021"
year = 2023
agency = "某局"

[s1]  # 一、总体情况
text = ["2023年，我局认真贯彻落实条例。取得了成效。", "（一）主动公开情况。公开信息14条。"]

[s5]
text = []

[t3.new]
natural = 1
"""


def test_version_1_is_upgraded_in_memory_and_written_as_2_only_on_save(tmp_path):
    path = tmp_path / "old.toml"
    path.write_text(V1, encoding="utf-8")
    doc = ReportFile.open(path)
    assert doc.needs_upgrade and doc.loaded.version == 1
    assert doc.report.prose["s1"] == "2023年，我局认真贯彻落实条例。取得了成效。\n（一）主动公开情况。公开信息14条。"
    assert run_cli("check", path).returncode == 1  # readable; empties reported
    assert path.read_text(encoding="utf-8") == V1  # reading never writes
    doc.save()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("file_version = 2\n")
    assert 'text = """\n2023年，我局认真贯彻落实条例。\\\n取得了成效。\n\n（一）主动公开情况。\\\n公开信息14条。\n"""' in text
    assert "[s1]  # 一、总体情况" in text and "natural = 1" in text
    assert load.read(path).report.prose["s1"] == doc.report.prose["s1"]


# ------------------------------------------------------------------ bad files

@pytest.mark.parametrize("text, where, message", [
    ('file_version = 2\n总计 = 1\n', ":2:1:", "键名不能用中文"),
    ('file_version = 2\nyear = 2023\nyear = 2024\n', ":3:", "同一个键写了两次"),
    ('file_version = 2\nagency = 某局\n', ":2:", "文字要加英文双引号"),
    ('file_version = 2\n[s1]\ntext = """\nabc\n', ":", "缺少结尾"),
    ('file_version = 2\nyear = 2023 年\n', ":2:", "一行只能写一项"),
])
def test_toml_syntax_errors_give_file_line_col_in_chinese(tmp_path, text, where, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("check", path)
    assert res.returncode == 2
    assert res.stderr.startswith(f"{path}{where}") and message in res.stderr, res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("old, new, message", [
    ('template = "official-2021"', 'template = "official-2099"', "未知的模板 “official-2099”"),
    ("natural    = 3001      # 自然人", 'natural    = "3001"    # 自然人', "“自然人” 应为数字，这里是文字（数字不要加引号）"),
    ("natural    = 3001      # 自然人", "natural    = 30.5", "“自然人” 是件数，应为整数，这里是 30.5"),
    ("natural    = 3001      # 自然人", "natral     = 3001", "未知的列 “natral”"),
    ("[t3.new]", "[t3.neww]", "未知的行 “t3.neww”"),
    ("[t3.new]", "[t3.results]", "是分组标题，没有数字"),
    ("year = 2024", "year = \"2024\"", "year 应为四位数的年度"),
    ("year = 2024", "year = 2024\ncolour = 1", "未知的键 “colour”"),
])
def test_structural_errors_name_the_line(tmp_path, old, new, message):
    text = (SAMPLES / "huaian-2024.toml").read_text(encoding="utf-8")
    assert old in text
    bad = text.replace(old, new, 1)
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ReportError) as exc:
        load.read(path)
    line = bad[:bad.index(new)].count("\n") + 1
    if new.startswith("year = 2024\n"):
        line += 1
    assert exc.value.line == line and message in exc.value.message, str(exc.value)


def test_invalid_utf8_and_gbk_are_named(tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes('file_version = 2\nagency = "某局"\n'.encode("gb18030"))
    with pytest.raises(ReportError) as exc:
        load.read(path)
    assert exc.value.line == 2 and "GBK" in exc.value.message


def test_missing_file_and_directory(tmp_path):
    res = run_cli("check", tmp_path / "nope.toml", tmp_path)
    assert res.returncode == 2
    assert f"{tmp_path / 'nope.toml'}: 文件不存在" in res.stderr and "这是一个目录" in res.stderr


def test_dumps_of_loaded_report_reads_back_identical():
    for sample in ALL_SAMPLES:
        loaded = load.read(sample)
        again = load.loads(dumps(loaded.report))
        assert again.report.same_content(loaded.report)


def test_git_conflict_markers_are_named_as_a_merge_conflict(tmp_path):
    """A merge that left <<<<<<< ======= >>>>>>> in the report: every reader says 「合并冲突」 at the
    first marker's line, with the figures involved, and exits 2 (not 「无法识别的语句」)."""
    import subprocess

    from conftest import SAMPLES, run_cli

    def git(*args):
        subprocess.run(["git", "-c", "user.name=a", "-c", "user.email=a@b", *args], cwd=tmp_path,
                       check=False, capture_output=True)

    report = tmp_path / "r.toml"
    report.write_bytes((SAMPLES / "huaian-2024.toml").read_bytes())
    git("init", "-q", "-b", "main")
    git("add", "r.toml")
    git("commit", "-qm", "a")
    git("checkout", "-qb", "other")
    report.write_text(report.read_text(encoding="utf-8").replace("natural    = 3001", "natural    = 3002"),
                      encoding="utf-8")
    git("commit", "-qam", "b")
    git("checkout", "-q", "main")
    report.write_text(report.read_text(encoding="utf-8").replace("natural    = 3001", "natural    = 3005"),
                      encoding="utf-8")
    git("commit", "-qam", "c")
    git("merge", "-q", "other")
    text = report.read_text(encoding="utf-8")
    first = next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith("<<<<<<<"))
    for command in (("check", report), ("fmt", "--check", report), ("render", report)):
        res = run_cli(*command)
        assert res.returncode == 2, command
        assert f"r.toml:{first}: 合并冲突：第 {first} 行起有 git 冲突标记" in res.stdout + res.stderr
        assert "一、本年新收政府信息公开申请数量 / 自然人" in res.stdout + res.stderr
        assert "Traceback" not in res.stderr and "无法识别" not in res.stdout + res.stderr
