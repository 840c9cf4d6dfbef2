"""The bundled samples: figures exactly as published, and their check output."""

from decimal import Decimal

from conftest import SAMPLES, run_cli
from nianbao.format.file import load
from nianbao.format.model.template import Cell

C = Cell
COLS = ["natural", "commercial", "research", "nonprofit", "legal", "other_org", "total"]


def row(report, table, row_id, cols=COLS):
    return [report.value(C(table, row_id, c)) for c in cols]


def test_longwan_2023_complete_as_published():
    r = load.read(SAMPLES / "longwan-2023.toml").report
    assert (r.template.id, r.year, r.agency, str(r.date)) == (
        "official-2021", 2023, "温州市龙湾区机关事务管理中心", "2024-01-15")
    assert all(r.value(c) == 0 for c in r.template.cells)
    assert "遵循新的范式 and 标准" in r.prose["s1"]          # published defects kept
    assert r.prose["s1"].endswith("以满足公众")
    assert r.prose["s1"].count("\n") == 5                    # six paragraphs
    assert r.prose["s6"] == "2023年度本单位未收取政府信息公开处理费，无其他需要报告的事项。"
    assert r.closing == "温州市龙湾区机关事务管理中心\n2024年1月15日"
    res = run_cli("check", SAMPLES / "longwan-2023.toml")
    assert (res.returncode, res.stdout) == (0, "")


def test_huaian_2024_figures_and_check():
    r = load.read(SAMPLES / "huaian-2024.toml").report
    assert row(r, "t2", "rules", ["issued", "repealed", "valid"]) == [1, 0, 11]
    assert row(r, "t2", "normative", ["issued", "repealed", "valid"]) == [8, 26, 66]
    assert [r.value(C("t2", k, "decisions")) for k in ("licensing", "penalty", "enforcement")] == [447228, 3985758, 88283]
    assert r.value(C("t2", "fees", "amount")) == Decimal("96171.6")
    assert row(r, "t3", "new") == [3001, 53, 0, 0, 61, 4, 3119]
    assert row(r, "t3", "carried_in") == [34, 0, 0, 0, 0, 0, 34]
    assert row(r, "t3", "results_total") == [2932, 53, 0, 0, 61, 4, 3050]
    assert row(r, "t3", "carried_out") == [103, 0, 0, 0, 0, 0, 103]
    assert row(r, "t3", "other_other") == [108, 2, 0, 0, 0, 0, 110]
    t4 = ["upheld", "corrected", "other", "pending", "total"]
    assert [row(r, "t4", k, t4) for k in ("review", "suit_direct", "suit_after")] == [
        [72, 64, 178, 37, 351], [13, 4, 8, 1, 26], [12, 1, 1, 6, 20]]
    assert "全市共受理政府信息公开申请3119件，答复3050件" in r.prose["s1"]
    for part in ("preamble", "s1", "s5", "s6"):  # no table text run into the prose
        assert "第二十条" not in r.text(part) and "信息内容" not in r.text(part), part
    assert r.preamble.startswith("本报告由淮安市人民政府办公室根据")
    assert r.prose["s6"] == "2024年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费3940元。"
    res = run_cli("check", SAMPLES / "huaian-2024.toml")
    assert (res.returncode, res.stdout) == (0, "")


def test_shanghai_2019_blanks_stay_empty_and_are_reported():
    path = SAMPLES / "shanghai-2019.toml"
    r = load.read(path).report
    assert (r.template.id, r.year, str(r.date)) == ("official-2019", 2019, "2020-01-31")
    assert row(r, "t3", "new") == [821, 35, None, None, 2, 1, 859]
    assert row(r, "t3", "open") == [258, 12, None, None, 1, 1, None]
    assert row(r, "t3", "results_total") == [767, 35, None, None, 2, 1, 805]
    assert row(r, "t3", "carried_out") == [72, None, None, None, None, None, 72]
    assert row(r, "t2", "procurement", ["items", "amount"]) == [6, Decimal(251000)]
    assert row(r, "t4", "review", ["upheld", "corrected", "other", "pending", "total"]) == [5, None, None, 2, 7]
    empties = [c for c in r.template.cells if r.value(c) is None]
    res = run_cli("check", path)
    assert res.returncode == 1
    all_lines = res.stdout.splitlines()
    lines = [l for l in all_lines if " 错误 " in l]
    # Every blank is one NN finding, and nothing else fails: the published figures prove no sum
    # wrong (each sum rule says once that its blanks kept it from being checked).
    assert len(lines) == len(empties) == 135
    assert all(" 错误 NN " in l for l in lines)
    # The prose does not agree with the tables: warnings, on the line of the sentence.
    warnings = [l for l in all_lines if " 警告 " in l and "TX-" in l]
    unchecked = [l for l in all_lines if " 警告 " in l and "TX-" not in l]
    assert [l.split(" 警告 ")[1].split()[0] for l in unchecked] == ["T3-BAL", "T3-SUM", "T3-ROW", "T4-SUM"]
    assert all("因相关的格空白而无法核对" in l for l in unchecked)
    text_lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, l in enumerate(text_lines, 1) if l.startswith("予以公开及部分公开258件"))
    assert warnings == [
        f"{path}:{at}: 警告 TX-OPEN-PARTIAL 原文 258 件，表三“（一）予以公开”与“（二）部分公开”之和为 275："
        "「予以公开及部分公开258件，占33.9%；」",
        f"{path}:{at}: 警告 TX-OPEN-PARTIAL 原文写 33.9%，258 ÷ 805 = 32.0%：「予以公开及部分公开258件，占33.9%；」",
        f"{path}:{at + 2}: 警告 TX-UNABLE 原文 265 件，表三“（四）无法提供”各项之和为 337："
        "「因本机关不掌握等原因无法提供265件，占32.9%；」"]
    text = path.read_text(encoding="utf-8").splitlines()
    first = text.index("# research   =           # 科研机构：空（未填报）") + 1
    assert lines[0] == (f"{path}:{first}: 错误 NN 一、本年新收政府信息公开申请数量 / 科研机构："
                        "未填写（空白不等于 0，没有发生请填 0）")
    assert f"{path}:" in lines[-1] and "复议后起诉 / 总计：未填写" in lines[-1]
