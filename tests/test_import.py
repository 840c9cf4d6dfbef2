"""`nianbao import`: published reports in every form they reach people, read as published."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SAMPLES, run_cli, run_in_pty
from nianbao.format.file import load
from nianbao.format.rules.check import check
from nianbao.format.importing.import_report import build, read_figure
from nianbao.format.importing.import_source import NotAReport, read_bytes
from nianbao.format.model.template import Cell

C = Cell
COLS = ["natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"]
T4 = ["upheld", "corrected", "other", "pending", "total"]
SHARED = ROOT.parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "seed").exists(), reason="shared/ not beside the repo")


def row(report, table, row_id, cols=COLS):
    return [report.value(C(table, row_id, c)) for c in cols]


def sample(name):
    return load.read(SAMPLES / f"{name}.toml").report


def imported(data: bytes, **kw):
    return build(read_bytes(data), **kw)


def same_cells(a, b) -> list:
    return [(c, a.value(c), b.value(c)) for c in b.template.cells
            if a.value(c) != b.value(c) or type(a.value(c)) is not type(b.value(c))]


def fixture_text(name: str) -> bytes:
    """A fixture without its first line, which is the fixture's own provenance note."""
    data = (SHARED / "fixtures" / name).read_bytes()
    return data.split(b"\n", 1)[1]


# ---------------------------------------------------------------- the real reports

@needs_shared
def test_huaian_pdftotext_layout_every_figure_as_published(tmp_path):
    src = tmp_path / "huaian.txt"
    src.write_bytes(fixture_text("huaian-2024-pdftotext-layout.txt"))
    res = run_cli("import", src, "-o", tmp_path / "out.toml")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "读到 200 个数字，0 处未能读入，check 0 个错误" in res.stdout
    r = load.read(tmp_path / "out.toml").report
    assert (r.template.id, r.year, r.agency) == ("official-2021", 2024, "淮安市人民政府")
    assert row(r, "t2", "rules", ["issued", "repealed", "valid"]) == [1, 0, 11]
    assert row(r, "t2", "normative", ["issued", "repealed", "valid"]) == [8, 26, 66]
    assert [r.value(C("t2", k, "decisions")) for k in ("licensing", "penalty", "enforcement")] == [
        447228, 3985758, 88283]
    assert r.value(C("t2", "fees", "amount")) == Decimal("96171.6")
    assert row(r, "t3", "new") == [3001, 53, 0, 0, 61, 4, 3119]
    assert row(r, "t3", "carried_in") == [34, 0, 0, 0, 0, 0, 34]
    assert row(r, "t3", "results_total") == [2932, 53, 0, 0, 61, 4, 3050]
    assert row(r, "t3", "carried_out") == [103, 0, 0, 0, 0, 0, 103]
    assert [row(r, "t4", k, T4) for k in ("review", "suit_direct", "suit_after")] == [
        [72, 64, 178, 37, 351], [13, 4, 8, 1, 26], [12, 1, 1, 6, 20]]
    # Every other figure and all the prose, page numbers and PDF line breaks gone, as the sample.
    s = sample("huaian-2024")
    assert same_cells(r, s) == []
    for part in ("preamble", "s1", "s5", "s6", "closing"):
        assert r.text(part) == s.text(part), part
    assert "-2-" not in r.prose["s1"] and "公开服务" in r.prose["s1"]
    assert run_cli("check", tmp_path / "out.toml").returncode == 0


@needs_shared
def test_shanghai_2019_web_text_blanks_stay_blank_and_are_reported(tmp_path):
    src = tmp_path / "shanghai.txt"
    src.write_bytes(fixture_text("shanghai-bangongting-2019-html-tabs.txt"))
    res = run_cli("import", src, "-o", tmp_path / "out.toml")
    assert res.returncode == 1  # imported, with check errors
    assert "0 处未能读入，check 135 个错误" in res.stdout
    r = load.read(tmp_path / "out.toml").report
    assert (r.template.id, r.year, r.agency, str(r.date)) == (
        "official-2019", 2019, "上海市人民政府办公厅", "2020-01-31")
    assert row(r, "t3", "new") == [821, 35, None, None, 2, 1, 859]
    assert row(r, "t3", "carried_in") == [18, None, None, None, None, None, 18]
    assert row(r, "t3", "open") == [258, 12, None, None, 1, 1, None]
    assert row(r, "t3", "results_total") == [767, 35, None, None, 2, 1, 805]
    assert row(r, "t3", "carried_out") == [72, None, None, None, None, None, 72]
    assert [row(r, "t4", k, T4) for k in ("review", "suit_direct", "suit_after")] == [
        [5, None, None, 2, 7], [8, None, None, 1, 9], [None] * 5]
    assert r.value(C("t2", "procurement", "amount")) == Decimal("251000")  # 「251000元」
    assert same_cells(r, sample("shanghai-2019")) == []
    for part in ("preamble", "s1", "s5", "s6"):
        assert r.text(part) == sample("shanghai-2019").text(part), part
    findings = check(r)
    assert sum(f.rule == "NN" for f in findings) == 135
    # The prose contradicts the tables; kept as published, and reported.
    prose = sorted((f.rule, f.actual, f.expected) for f in findings if f.rule.startswith("TX-"))
    assert prose == [("TX-OPEN-PARTIAL", Decimal("33.9"), Decimal("32.0")), ("TX-OPEN-PARTIAL", 258, 275),
                     ("TX-UNABLE", 265, 337)]
    assert "予以公开及部分公开258件，占33.9%；" in r.prose["s1"]


@needs_shared
def test_longwan_seed_reads_every_figure_and_says_which_rows_the_rules_placed(tmp_path):
    src = tmp_path / "longwan.txt"
    src.write_bytes((SHARED / "seed/longwan-2023.txt").read_bytes())
    res = run_cli("import", src, "-o", tmp_path / "out.toml")
    assert res.returncode == 0, res.stdout
    r = load.read(tmp_path / "out.toml").report
    assert (r.template.id, r.year, r.agency, str(r.date)) == (
        "official-2021", 2023, "温州市龙湾区机关事务管理中心", "2024-01-15")
    read = {c: v for c, v in r.cells.items() if v is not None}
    assert set(read.values()) == {0}  # the report's figures are all 0; none invented
    assert all(r.value(c) == 0 for c in r.template.cells if c.table in ("t2", "t4"))
    assert row(r, "t3", "new") == [0] * 7 and row(r, "t3", "carried_in") == [0] * 7
    # The copy lost a cell on most result rows (6 figures for 7 columns) and has 8 on others:
    # position cannot say which column is which, the rules leave one answer (all 0), and the
    # import says which rows were read that way, with their lines.
    assert "按勾稽关系确定 第 45 行：「1.属于国家秘密」这一行有 6 个数、7 栏" in res.stdout
    assert "按勾稽关系确定 第 65 行：「3.其他」这一行有 8 个数、7 栏" in res.stdout
    assert row(r, "t3", "withheld_secret") == [0] * 7
    assert all(r.value(c) == 0 for c in r.template.cells)
    # Prose as published, defects included.
    s = sample("longwan-2023")
    for part in ("s1", "s5", "s6", "closing"):
        assert r.text(part) == s.text(part), part
    assert r.prose["s1"].endswith("以满足公众") and "遵循新的范式 and 标准" in r.prose["s1"]


# ---------------------------------------------------------------- round trips through render

@pytest.mark.parametrize("name", ["huaian-2024", "shanghai-2019", "longwan-2023"])
@pytest.mark.parametrize("kind", ["html", "docx", "text", "markdown"])
def test_render_then_import_gives_the_same_figures(tmp_path, name, kind):
    src = tmp_path / f"{name}.{kind}"
    res = run_cli("render", SAMPLES / f"{name}.toml", "--to", kind, "-o", src)
    assert src.exists(), res.stderr
    got = imported(src.read_bytes())
    s = sample(name)
    assert (got.report.template.id, got.report.year, got.report.agency) == (s.template.id, s.year, s.agency)
    assert same_cells(got.report, s) == []
    assert got.gaps == []
    if kind in ("html", "docx", "markdown"):
        for part in ("preamble", "s1", "s5", "s6", "closing"):
            assert got.report.text(part) == s.text(part), (kind, part)


def test_renamed_files_are_read_by_content(tmp_path):
    """A Word file named .txt and a web page named .doc are still read as what they are."""
    html = tmp_path / "report.doc"
    run_cli("render", SAMPLES / "huaian-2024.toml", "--to", "html", "-o", html)
    docx = tmp_path / "report.txt"
    run_cli("render", SAMPLES / "huaian-2024.toml", "--to", "docx", "-o", docx)
    for path, kind in ((html, "html"), (docx, "docx")):
        got = imported(path.read_bytes())
        assert got.kind == kind and same_cells(got.report, sample("huaian-2024")) == []


# ---------------------------------------------------------------- messy variants

def tab_report(year="2023", *, title=None, t2=None, t3_rows=None, five="五、存在的主要问题及改进情况",
               four="四、政府信息公开行政复议、行政诉讼情况", header="自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计",
               t4="1\t2\t3\t4\t10\t0\t0\t0\t0\t0\t1\t0\t0\t0\t1", extra_t3=()):
    """A made-up report as text copied from a browser: one line per paragraph, TAB rows."""
    from nianbao.format.model import template as templates
    tpl = templates.get("official-2021")
    rows = t3_rows or [(r.label, [str(i + 1)] * 6 + [str(6 * (i + 1))])
                       for i, r in enumerate(tpl.tables["t3"].blocks[0].figure_rows)]
    lines = [title or f"某市某局{year}年政府信息公开工作年度报告", "本报告依据《条例》编制。",
             "一、总体情况", "（一）主动公开情况。全年主动公开信息100条。",
             "二、主动公开政府信息情况", "第二十条第（一）项", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"]
    lines += t2 or ["规章\t1\t0\t5", "行政规范性文件\t2\t1\t9"]
    lines += ["第二十条第（五）项", "信息内容\t本年处理决定数量", "行政许可\t12",
              "第二十条第（六）项", "信息内容\t本年处理决定数量", "行政处罚\t30", "行政强制\t4",
              "第二十条第（八）项", "信息内容\t本年收费金额（单位：万元）", "行政事业性收费\t1.25",
              "三、收到和处理政府信息公开申请情况", "\t申请人情况", header]
    lines += ["\t".join([label] + vals) for label, vals in rows] + list(extra_t3)
    lines += [four, "行政复议\t\t\t\t\t行政诉讼", t4,
              five, "一是公开质量有待提高。", "六、其他需要报告的事项", "本年度未收取信息处理费。",
              "某市某局", f"{int(year) + 1}年1月20日"]
    return "\n".join(lines) + "\n"


def t3_by_label(**changes):
    from nianbao.format.model import template as templates
    out = []
    for i, r in enumerate(templates.get("official-2021").tables["t3"].blocks[0].figure_rows):
        out.append((changes.get(r.id, r.label), [str(i + 1)] * 6 + [str(6 * (i + 1))]))
    return out


def test_made_up_report_reads_completely():
    got = imported(tab_report().encode())
    r = got.report
    assert got.gaps == [] and (r.year, r.agency, str(r.date)) == (2023, "某市某局", "2024-01-20")
    assert row(r, "t3", "new") == [1] * 6 + [6] and row(r, "t3", "carried_out") == [25] * 6 + [150]
    assert row(r, "t4", "review", T4) == [1, 2, 3, 4, 10]
    assert r.value(C("t2", "fees", "amount")) == Decimal("1.25")
    assert r.prose["s5"] == "一是公开质量有待提高。" and r.closing == "某市某局\n2024年1月20日"


@pytest.mark.parametrize("changes", [
    {"withheld_secret": "1、属于国家秘密", "withheld_law": "2. 其他法律行政法规禁止公开"},   # 1、 and 1. with a space
    {"results_total": "(七) 总计", "open": "(一)予以公开"},                              # half-width brackets
    {"new": "一，本年新收政府信息公开申请数量"},                                            # ， for 、
    {"unable_none": "1.本机关不掌握 相关政府信息", "partial": "（二）部分公开（区分处理的，只计这一\n情形，不计其他情形）"},
    {"other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信"},     # label cut mid-word
])
def test_label_variants_are_recognised(changes):
    got = imported(tab_report(t3_rows=t3_by_label(**changes)).encode())
    assert got.gaps == []
    assert row(got.report, "t3", "withheld_secret") == [5] * 6 + [30]
    assert row(got.report, "t3", "carried_out") == [25] * 6 + [150]


def test_section_title_variants_and_a_2019_label_in_a_2021_table():
    text = tab_report(five="五、政府信息公开工作存在的主要问题及整改措施", four="四、政府信息公开行政法复议、行政诉讼情况",
                      header="自然人\t商业企业\t科研机构\t社会公益 组织\t法律服务机构\t其他\t总计",
                      t2=["规章\t1\t0\t5", "规范性文件\t2\t1\t9"])
    got = imported(text.encode())
    assert got.gaps == [] and got.report.template.id == "official-2021"
    assert row(got.report, "t2", "normative", ["issued", "repealed", "valid"]) == [2, 1, 9]
    assert row(got.report, "t4", "suit_after", T4) == [1, 0, 0, 0, 1]
    assert got.report.prose["s5"] == "一是公开质量有待提高。"


def test_blanks_slashes_and_dashes_are_empty_not_zero():
    rows = t3_by_label()
    rows[0] = (rows[0][0], ["5", "/", "—", "", "-", "0", "5"])
    got = imported(tab_report(t3_rows=rows).encode())
    assert row(got.report, "t3", "new") == [5, None, None, None, None, 0, 5]
    assert sum(1 for f in check(got.report) if f.rule == "NN" and f.cell.row == "new") == 4


def test_an_unrecognised_row_and_run_together_digits_are_listed_not_guessed(tmp_path):
    rows = t3_by_label()
    rows[1] = (rows[1][0], ["1", "2", "3", "4", "5", "66"])          # one figure short
    text = tab_report(t3_rows=rows, extra_t3=["（八）其他说明\t1\t1\t1\t1\t1\t1\t6"])
    src = tmp_path / "messy.txt"
    src.write_text(text, encoding="utf-8")
    res = run_cli("import", src, "-o", tmp_path / "out.toml")
    assert res.returncode == 1
    lines = text.split("\n")
    short = lines.index("\t".join([rows[1][0]] + rows[1][1])) + 1
    unknown = lines.index("（八）其他说明\t1\t1\t1\t1\t1\t1\t6") + 1
    assert f"第 {short} 行：「二、上年结转政府信息公开申请数量」这一行有 6 个数，表中应有 7 栏" in res.stdout
    assert f"第 {unknown} 行：这一行的数字对不上表中任何一行" in res.stdout
    r = load.read(tmp_path / "out.toml").report
    assert row(r, "t3", "carried_in") == [None] * 7  # not guessed
    # Digits of several cells run together in aligned text: cut only where the row's sum leaves
    # one way (1 1 1 1 1 | 1 | 6), and said so; two ways would have left the row unread.
    layout = text.replace("一、本年新收政府信息公开申请数量\t1\t1\t1\t1\t1\t1\t6",
                          "一、本年新收政府信息公开申请数量     11111   1  6")
    got = imported(layout.encode())
    assert any("本年新收" in g.reason and "勾稽关系唯一确定" in g.reason for g in got.solved)
    assert row(got.report, "t3", "new") == [1, 1, 1, 1, 1, 1, 6]
    ambiguous = text.replace("一、本年新收政府信息公开申请数量\t1\t1\t1\t1\t1\t1\t6",
                             "一、本年新收政府信息公开申请数量     1  1  1  1  1  16")
    got = imported(ambiguous.encode())
    assert row(got.report, "t3", "new") == [None] * 7  # 16 cut as 1 6, or a total of 16 with an 11: not guessed


def test_encodings_gbk_and_utf8_with_bom_read_the_same():
    text = tab_report()
    plain = imported(text.encode("utf-8")).report
    for data in (text.encode("gb18030"), text.encode("gbk"), b"\xef\xbb\xbf" + text.encode("utf-8"),
                 text.replace("\n", "\r\n").encode("utf-8")):
        got = imported(data).report
        assert same_cells(got, plain) == [] and got.prose == plain.prose and got.agency == plain.agency


def test_2019_signed_changes_and_units_written_in_cells():
    r = sample("shanghai-2019")
    assert read_figure("+1036", "signed") == 1036 and read_figure("-18", "signed") == -18
    assert read_figure("251000元", "money", "元") == Decimal("251000")
    assert read_figure("75394432.52元", "money", "元") == Decimal("75394432.52")
    assert read_figure("１，２３４", "count") == 1234
    with pytest.raises(ValueError, match="负数"):
        read_figure("-18", "count")
    with pytest.raises(ValueError, match="单位"):
        read_figure("251000元", "money", "万元")
    # Through a whole 2019 report: 本年增/减 written as +1036 and -18, the amount with its unit.
    from nianbao.format.output.render import render_markdown
    page = render_markdown(r)
    for before, after in (("| 行政许可 | 0 | 0 | 0 |", "| 行政许可 | 5 | +1036 | 0 |"),
                          ("| 行政处罚 | 0 | 0 | 0 |", "| 行政处罚 | 3 | -18 | 0 |"),
                          ("| 政府集中采购 | 6 | 251000 |", "| 政府集中采购 | 6 | 75394432.52元 |")):
        assert before in page
        page = page.replace(before, after)
    got = imported(page.encode())
    assert got.gaps == []
    assert row(got.report, "t2", "licensing", ["prev_items", "change", "decisions"]) == [5, 1036, 0]
    assert row(got.report, "t2", "penalty", ["prev_items", "change", "decisions"]) == [3, -18, 0]
    assert got.report.value(C("t2", "procurement", "amount")) == Decimal("75394432.52")
    # A minus sign where the format allows none is reported, not taken.
    bad = imported(page.replace("| 规章 | 13 |", "| 规章 | -13 |").encode())
    assert any("负数" in g.reason for g in bad.gaps) and bad.report.value(C("t2", "rules", "made")) is None


MESSY_PAGE = """<!DOCTYPE html><html><head><title>年报</title><script>var a="一、总体情况";</script>
<style>p{margin:0}</style></head><body>
<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="share">分享到：微信 微博</div>
<div class="article">
<h1>某县某局2024年政府信息公开工作年度报告</h1>
<p>本报告依据《条例》编制。</p>
<p><span>一、</span><span>总体情况</span></p>
<p>&nbsp;&nbsp;（一）主动公开情况。全年主动公开信息&nbsp;100&nbsp;条。</p>
<p>二、主动公开政府信息情况</p>
<table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年<br>制发件数</td><td>本年<br/>废止件数</td><td>现行<p>有效件数</p></td></tr>
<tr><td>规章</td><td>1</td><td>0</td><td>5</td></tr>
<tr><td>行政规范性文件</td><td>&nbsp;2 </td><td>1</td><td>9</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">12</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">30</td></tr>
<tr><td>行政强制</td><td colspan="3">4</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">1.25</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td>科研<br>机构</td><td>社会公益<br>组织</td><td>法律服务<br>机构</td><td>其他</td></tr>
ROWS
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果<br>维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>2</td><td>3</td><td>4</td><td>10</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
</table>
<p>五、存在的主要问题及改进情况</p><p>一是公开质量有待提高。</p>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>
<p style="text-align:right">某县某局</p><p style="text-align:right">2025年1月20日</p>
</div>
<div class="attach">附件下载：年报.pdf</div><div>打印本页 关闭窗口</div>
<footer>主办单位：某县人民政府</footer>
</body></html>"""


def messy_rows() -> str:
    from nianbao.format.model import template as templates
    rows = templates.get("official-2021").tables["t3"].blocks[0].rows
    out = []
    for i, r in enumerate(rows):
        figures = "".join(f"<td>{i + 1}</td>" for _ in range(6)) + f"<td>{6 * (i + 1)}</td>"
        if r.group:
            out.append(f'<tr><td colspan="10"><p><span>{r.label[:3]}</span><span>{r.label[3:]}</span></p></td></tr>')
            continue
        if r.id == "withheld_enforcement":  # a page break: the group label printed again
            out.append('<tr><td colspan="10">（三）不予公开（续）</td></tr>')
        out.append(f"<tr><td colspan=\"3\">{r.label[:4]}<br>{r.label[4:]}</td>{figures}</tr>")
    return "\n".join(out)


def test_messy_html_page_chrome_merged_cells_split_labels():
    got = imported(MESSY_PAGE.replace("ROWS", messy_rows()).encode())
    r = got.report
    assert got.kind == "html" and got.gaps == []
    assert (r.year, r.agency, str(r.date)) == (2024, "某县某局", "2025-01-20")
    assert row(r, "t2", "normative", ["issued", "repealed", "valid"]) == [2, 1, 9]
    from nianbao.format.model import template as templates
    rows = [x.id for x in templates.get("official-2021").tables["t3"].blocks[0].rows]
    n = rows.index("withheld_enforcement") + 1  # messy_rows numbers every row, groups too
    assert row(r, "t3", "withheld_enforcement") == [n] * 6 + [6 * n]
    assert all(row(r, "t3", x)[0] == rows.index(x) + 1 for x in rows if x not in ("results", "withheld",
                                                                                  "unable", "refused", "other"))
    assert row(r, "t4", "suit_after", T4) == [1, 0, 0, 0, 1]
    assert r.preamble == "本报告依据《条例》编制。"
    assert r.prose["s1"] == "（一）主动公开情况。全年主动公开信息 100 条。"
    every = "\n".join(r.text(p) for p in ("preamble", "s1", "s5", "s6", "closing"))
    for chrome in ("首页", "分享到", "附件下载", "打印本页", "主办单位", "var a"):
        assert chrome not in every
    assert r.closing == "某县某局\n2025年1月20日"


def test_pdftotext_plain_one_cell_a_line():
    """`pdftotext` without -layout: each cell on a line of its own, in reading order."""
    text = tab_report()
    plain = "\n".join(part for line in text.split("\n") for part in line.split("\t") if part)
    got = imported(("\f" + plain).encode())
    assert got.gaps == []
    assert same_cells(got.report, imported(text.encode()).report) == []


# ---------------------------------------------------------------- never a crash

def _outcome(data: bytes) -> str:
    try:
        imported(data)
    except NotAReport as exc:
        assert str(exc)
        return "not a report"
    return "imported"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash(data):
    _outcome(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=100), st.sampled_from(["html", "text", "docx"]))
def test_truncated_files_never_crash(percent, kind):
    from nianbao.format.output.render import render_html, render_text
    from nianbao.format.output.render_docx import render_docx
    r = sample("huaian-2024")
    data = {"html": lambda: render_html(r).encode(), "text": lambda: render_text(r, 100, 1).encode(),
            "docx": lambda: render_docx(r)}[kind]()
    _outcome(data[:len(data) * percent // 100])


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="<>/=\"' abtdrpx表一二三四、总体情况政府信息公开报告2024年\n", max_size=400))
def test_broken_html_never_crashes(junk):
    _outcome(("<html><body><table><tr><td>" + junk).encode())


def test_not_a_report_exits_2_with_a_message(tmp_path):
    for name, data in (("random.bin", os.urandom(2000)), ("empty.txt", b""), ("notes.txt", "买菜，做饭。\n".encode()),
                       ("broken.docx", b"PK\x03\x04" + os.urandom(100))):
        src = tmp_path / name
        src.write_bytes(data)
        res = run_cli("import", src, "-o", tmp_path / f"{name}.toml")
        assert res.returncode == 2, (name, res.stdout, res.stderr)
        assert "不是年度报告" in res.stderr and "Traceback" not in res.stderr
        assert not (tmp_path / f"{name}.toml").exists()


def test_an_existing_output_is_not_overwritten(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text(tab_report(), encoding="utf-8")
    out = tmp_path / "r.toml"
    out.write_text("# 正在编辑的报告\n", encoding="utf-8")
    res = run_cli("import", src)
    assert res.returncode == 2 and "已存在" in res.stderr and "--force" in res.stderr
    assert out.read_text(encoding="utf-8") == "# 正在编辑的报告\n"
    res = run_cli("import", src, "--force")
    assert res.returncode == 1 and "0 处未能读入" in res.stdout  # 1: the made-up figures do not reconcile
    assert load.read(out).report.agency == "某市某局"


def test_year_and_agency_from_the_command_line_when_the_title_has_none(tmp_path):
    text = tab_report(title="政府信息公开工作年度报告").replace("某市某局\n2024年1月20日\n", "")
    src = tmp_path / "r.txt"
    src.write_text(text, encoding="utf-8")
    res = run_cli("import", src)
    assert res.returncode == 2 and "--year" in res.stderr
    res = run_cli("import", src, "--year", "2023", "--agency", "某市某局")
    assert res.returncode == 1 and "0 处未能读入" in res.stdout, res.stdout
    r = load.read(tmp_path / "r.toml").report
    assert (r.year, r.agency) == (2023, "某市某局")


# ---------------------------------------------------------------- batch

def test_batch_imports_a_folder_one_line_per_file(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(tab_report("2023"), encoding="utf-8")
    (src / "b.html").write_text(MESSY_PAGE.replace("ROWS", messy_rows()), encoding="utf-8")
    (src / "c.txt").write_bytes(b"\x00\x01junk")
    res = run_cli("import", src, "-o", tmp_path / "out")
    assert res.returncode == 2  # the worst file's code
    lines = res.stdout.strip().split("\n")
    assert len(lines) == 3 and lines[0].startswith("a.txt：2023 年度 某市某局，") and "0 处未能读入" in lines[0]
    assert lines[1].startswith("b.html：2024 年度 某县某局，")
    assert lines[2].startswith("c.txt：不是年度报告")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.toml", "b.toml"]
    assert "[####" not in res.stderr  # no progress bar when not in a terminal


def test_batch_shows_a_progress_bar_in_a_terminal(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"r{i}.txt").write_text(tab_report(str(2021 + i)), encoding="utf-8")
    code, text = run_in_pty("import", src, "-o", tmp_path / "out")
    assert code == 1  # the made-up figures do not reconcile
    assert "[####################] 3/3" in text and "r2.txt：2023 年度" in text


def test_pdf_page_headers_and_numbers_do_not_reach_the_prose():
    text = tab_report()
    lines = text.split("\n")
    paged = []
    for i in range(0, len(lines), 8):  # a page every 8 lines, each with a running header and a number
        paged.append("\n".join(["某市某局文件"] + lines[i:i + 8] + [f"- {i // 8 + 1} -"]))
    got = imported("\f".join(paged).encode())
    every = "\n".join(got.report.text(p) for p in ("preamble", "s1", "s5", "s6", "closing"))
    assert "某市某局文件" not in every and "- 1 -" not in every
    assert got.gaps == [] and same_cells(got.report, imported(text.encode()).report) == []
