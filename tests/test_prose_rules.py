"""TX-*: figures the prose quotes, against the tables. Real sentences from the fixtures."""

from decimal import Decimal

import pytest

from conftest import SAMPLES
from nianbao.format.file import load
from nianbao.format.model import template as templates
from nianbao.format.rules.check import check
from nianbao.format.model.template import Cell, TemplateError

from test_rules import consistent

C = Cell

# (sentence as published, the rule that reads it, the figure it quotes); from the Huaian and
# Shanghai reports in ../shared.
REAL = [
    ("2024年，全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复），均在法定期限内予以答复。",
     {"TX-NEW": 3119, "TX-DONE": 3050, "TX-CARRIED-IN": 34, "TX-CARRIED-OUT": 103}),
    ("市政府办公厅代表市政府共受理政府信息公开申请859件，申请数量较去年回落12.3%；",
     {"TX-NEW": 859}),
    ("答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复），均在法定期限内予以答复。",
     {"TX-DONE": 805, "TX-CARRIED-IN": 18, "TX-CARRIED-OUT": 72}),
    ("政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件；",
     {"TX-REVIEW": 351, "TX-REVIEW-UPHELD": 72, "TX-REVIEW-CORRECTED": 64, "TX-REVIEW-OTHER": 178,
      "TX-REVIEW-PENDING": 37}),
    ("政府信息公开行政诉讼46件，其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。",
     {"TX-SUIT": 46, "TX-SUIT-UPHELD": 25, "TX-SUIT-CORRECTED": 5, "TX-SUIT-OTHER": 9, "TX-SUIT-PENDING": 7}),
    ("信息公开类行政复议7件，诉讼9件，均获维持，继续保持了省级政府零败诉的记录。", {"TX-REVIEW": 7, "TX-SUIT": 9}),
    ("予以公开及部分公开258件，占33.9%；", {"TX-OPEN-PARTIAL": 258}),
    ("不予公开35件，占4.34%；", {"TX-WITHHELD": 35}),
    ("因本机关不掌握等原因无法提供265件，占32.9%；", {"TX-UNABLE": 265}),
    ("不予处理158件，占19.6%；", {"TX-REFUSED": 158}),
    ("其他处理0件。", {"TX-OTHER": 0}),
]
# Sentences with figures that are not about the tables: nothing is read from them.
NOTHING = [
    "2024年，市政府网站主动公开各类政府信息5500余条，全年新增公开市政府规章1件、市政府及市政府办政策性文件11件。",
    "全年收取政府信息公开信息处理费3940元。",
    "按时编辑出版《上海市人民政府公报》，全年共编发公报24期，刊登政府规章、规范性文件等112件，部门规范性文件45件，政策解读83件。",
    "通过“中国上海”门户网站发布政策解读共132件。",
    "全年办理人大代表建议和政协提案58件。",
]


def quoted(sentence, tpl_id="official-2021"):
    """{rule: figure} the prose rules read in one sentence (each compared with an empty table)."""
    r = consistent(tpl_id, 2023 if tpl_id == "official-2021" else 2019)
    r.prose["s1"] = sentence
    for cell in r.template.cells:
        r.cells[cell] = 10 ** 6  # no real figure equals this: every quote is reported
    return {f.rule: f.actual for f in check(r)
            if f.rule.startswith("TX-") and not f.rule.startswith("TX-YEAR") and "÷" not in f.message}


@pytest.mark.parametrize("sentence, expected", REAL)
@pytest.mark.parametrize("tpl_id", ["official-2021", "official-2019"])
def test_real_sentences_are_read(sentence, expected, tpl_id):
    assert quoted(sentence, tpl_id) == expected


@pytest.mark.parametrize("sentence", NOTHING)
def test_sentences_about_other_things_are_not_read(sentence):
    assert quoted(sentence) == {}


def test_no_warning_when_the_prose_quotes_nothing_or_agrees():
    r = consistent("official-2021", 2023)
    assert [f for f in check(r) if f.rule.startswith("TX-")] == []
    new, done = r.value(C("t3", "new", "total")), r.value(C("t3", "results_total", "total"))
    r.prose["s1"] = f"全年共受理政府信息公开申请{new}件，答复{done}件。"
    assert [f for f in check(r) if f.rule.startswith("TX-")] == []
    # 一 + 二 is accepted too, when a report counts carried-over cases among those received.
    r.prose["s1"] = f"全年共受理政府信息公开申请{new + r.value(C('t3', 'carried_in', 'total'))}件。"
    assert [f for f in check(r) if f.rule.startswith("TX-")] == []


def test_a_disagreement_names_the_sentence_and_both_figures():
    r = consistent("official-2021", 2023)
    r.prose["s5"] = "本年共受理申请99件。"
    [f] = [f for f in check(r) if f.rule.startswith("TX-")]
    assert (f.rule, f.severity, f.actual, f.expected, f.key) == ("TX-NEW", "warning", 99, 26, "s5.text")
    assert f.message == "原文 99 件，表三“一、本年新收”总计（或加上“二、上年结转”）为 26 或 29：「本年共受理申请99件。」"


def test_percentages_are_recomputed_to_the_precision_written():
    r = consistent("official-2021", 2023)  # （七）总计 25, 予以公开 10
    for text, warned in (("予以公开10件，占40%。", False), ("予以公开10件，占40.0%。", False),
                         ("予以公开10件，占41%。", True), ("予以公开10件，占39.99%。", True)):
        r.prose["s1"] = text
        pct = [f for f in check(r) if "÷" in f.message]
        assert bool(pct) == warned, text
    r.prose["s1"] = "予以公开10件，占41%。"
    [f] = [f for f in check(r) if "÷" in f.message]
    assert f.message == "原文写 41%，10 ÷ 25 = 40.0%：「予以公开10件，占41%。」" and f.actual == Decimal(41)


def test_the_samples():
    huaian = load.read(SAMPLES / "huaian-2024.toml").report
    assert [f for f in check(huaian) if f.rule.startswith("TX-")] == []  # its prose agrees
    shanghai = load.read(SAMPLES / "shanghai-2019.toml").report
    assert sorted((f.rule, f.actual) for f in check(shanghai) if f.rule.startswith("TX-")) == [
        ("TX-OPEN-PARTIAL", Decimal("33.9")), ("TX-OPEN-PARTIAL", 258), ("TX-UNABLE", 265)]


@pytest.mark.parametrize("change, message", [
    ("pattern = '(?P<n>\\d+)件('", "不是有效的正则表达式"),
    ("pattern = '(\\d+)件'", "名为 n 的分组"),
    ('sums = [["nowhere"]]', "不存在的行 “nowhere”"),
])
def test_a_broken_prose_rule_is_a_clear_template_error(tmp_path, change, message):
    text = (templates.search_path()[0] / "official-2021.toml").read_text(encoding="utf-8")
    start = text.index('id = "TX-SUIT"')
    block = text[start:text.index("[[rules]]", start) if "[[rules]]" in text[start:] else len(text)]
    key = change.split(" = ")[0]
    old = next(l for l in block.splitlines() if l.startswith(key + " = "))
    path = tmp_path / "broken-2021.toml"
    path.write_text(text[:start] + block.replace(old, change) + text[start + len(block):], encoding="utf-8")
    templates.load_file.cache_clear()
    with pytest.raises(TemplateError) as exc:
        templates.load_file(path)
    assert message in str(exc.value) and "TX-SUIT" in str(exc.value)
