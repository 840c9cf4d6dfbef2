"""Published reports as people really hold them: text whose tables lost their structure
(plain `pdftotext`, Markdown from PDF converters) and PDFs made from our own samples. Whatever
the source, a figure is either read exactly as published or left empty with a reason."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import SAMPLES
from nianbao.format.file.load import read
from nianbao.format.importing.import_report import build
from nianbao.format.importing.import_source import read_bytes
from nianbao.format.model.template import Cell

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def sample(name: str):
    return read(SAMPLES / f"{name}.toml").report


def wrong_figures(got, published) -> list:
    """Cells read with a value other than the published one (an empty cell is not wrong)."""
    return [(c, got.value(c), published.value(c)) for c in published.template.cells
            if got.value(c) is not None and got.value(c) != published.value(c)]


def one_paragraph(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_plain_pdftotext_reads_tables_two_and_three_whole_and_lists_table_four():
    """Plain `pdftotext` of the Huaian PDF: rows whose wrapped labels come after their figures
    are placed in the table's order (the count matches and every row keeps its sums); Table 4's
    runs come scrambled and six ways of laying them keep the rules, so it stays empty and the
    published one is among the choices listed."""
    got = build(read_bytes((FIXTURES / "huaian-2024-pdftotext-plain.txt").read_bytes()))
    published = sample("huaian-2024")
    r = got.report
    assert wrong_figures(r, published) == []
    for c in published.template.cells:
        if c.table in ("t2", "t3"):
            assert r.value(c) == published.value(c), c
        else:
            assert r.value(c) is None
    assert got.figures == 185
    assert any("予以公开" in g.reason and "按表中次序放入" in g.reason for g in got.solved)
    listed = [g for g in got.gaps if "次序被打乱" in g.reason]
    assert len(listed) == 1 and "6 种放法" in listed[0].reason
    assert "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20" in listed[0].reason or "如" in listed[0].reason
    # The prose: hard-wrapped lines and page breaks joined back; the words exactly as published.
    for part in ("preamble", "s1", "s2", "s3", "s4", "s5", "s6", "closing"):
        assert one_paragraph(r.text(part)) == one_paragraph(published.text(part)), part
    assert r.text("s1") == published.text("s1")  # a line ending in 「。」 at the page's edge goes on


def test_rows_of_figures_with_no_label_are_left_empty_when_they_do_not_fit():
    """Three unlabelled rows of figures after 「4.无正当理由…」 but four rows before 「（七）总计」
    (one row's figures lost): which three is unknown, so none of them is read, and the import
    says so."""
    lines = (FIXTURES / "huaian-2024-pdftotext-plain.txt").read_text(encoding="utf-8").split("\n")
    at = lines.index("4.无正当理由大量反复申请")
    figures = [i for i in range(at, len(lines)) if lines[i].strip().isdigit()]
    del lines[figures[7]:figures[13] + 1]  # the figures of （五）5, the first row with no label
    got = build(read_bytes("\n".join(lines).encode("utf-8")))
    r = got.report
    assert wrong_figures(r, sample("huaian-2024")) == []
    for row in ("refused_confirm", "other_no_correction", "other_no_fee", "other_other"):
        assert r.value(Cell("t3", row, "total")) is None, row
    assert any("还有 3 行数字没有标签" in g.reason for g in got.gaps)
    assert r.value(Cell("t3", "results_total", "total")) == 3050  # the next labelled row still reads


# ---------------------------------------------------------------- sources made from our samples

from sources import converter_markdown, one_cell_a_line, spaced_rows  # noqa: E402

ALL = {"huaian-2024": 200, "longwan-2023": 200}


@pytest.mark.parametrize("name", ["huaian-2024", "longwan-2023", "shanghai-2019"])
@pytest.mark.parametrize("make", [one_cell_a_line, converter_markdown, spaced_rows],
                         ids=["one-cell-a-line", "converter-markdown", "spaced-rows"])
def test_generated_broken_sources_never_give_a_wrong_figure(name, make):
    published = sample(name)
    got = build(read_bytes(make(published).encode("utf-8")))
    r = got.report
    assert r.template.id == published.template.id
    assert wrong_figures(r, published) == []
    if name in ALL or make is converter_markdown:
        # Every figure: unlabelled rows by the table's order, detached figure rows under their
        # labels, page footers and made-up header rows skipped, notes kept out of the numbers.
        assert [c for c in published.template.cells if r.value(c) != published.value(c)] == []
    for part in ("s1", "s5", "s6"):
        assert one_paragraph(r.text(part)) == one_paragraph(published.text(part))


def test_one_cell_a_line_with_published_blanks_reads_only_rows_that_keep_their_sums():
    """Shanghai 2019 leaves cells blank: one figure a line, a blank leaves no line, so a row of
    seven figures may be two rows' figures. Only rows whose own sums hold are read."""
    published = sample("shanghai-2019")
    got = build(read_bytes(one_cell_a_line(published).encode("utf-8")))
    assert wrong_figures(got.report, published) == []
    assert got.report.value(Cell("t3", "carried_in", "natural")) is None  # 「18 18 258 12 1 1 3」
    assert any("空格在这种文本里会消失" in g.reason for g in got.gaps)


def test_column_heads_before_the_first_row_name_no_row():
    """「…其他 总计」 ends the heads of Table 3; the figures after them are not 「（七）总计」's."""
    published = sample("huaian-2024")
    text = one_cell_a_line(published).replace("一、本年新收政府信息公开申请数量\n", "", 1)
    r = build(read_bytes(text.encode("utf-8"))).report
    assert wrong_figures(r, published) == []


# ---------------------------------------------------------------- PDFs we made ourselves

@pytest.mark.parametrize("name", ["huaian-2024", "longwan-2023", "shanghai-2019"])
def test_pdfs_printed_by_chromium_read_to_exactly_the_sample(name):
    """Every figure exactly, published blanks blank, names and prose with the real characters
    (not the radical look-alikes Chromium's text layer gives)."""
    published = sample(name)
    got = build(read_bytes((FIXTURES / f"{name}-chromium.pdf").read_bytes()))
    r = got.report
    assert [c for c in published.template.cells if r.value(c) != published.value(c)] == []
    assert (r.template.id, r.year, r.agency) == (published.template.id, published.year, published.agency)
    assert got.gaps == []
    for part in ("preamble", "s1", "s2", "s3", "s4", "s5", "s6", "closing"):
        if name == "longwan-2023" and part == "s1":
            # 「范式 and 标准」 as published; a PDF's text cannot tell that space from the one
            # every PDF puts between Chinese and Latin letters, which is taken out.
            assert r.text(part) == published.text(part).replace(" and ", "and")
            continue
        assert r.text(part) == published.text(part), part


def test_radical_look_alikes_become_the_characters_they_stand_for():
    from nianbao.format.importing.radicals import ideographs

    assert ideographs("淮安市人\u2ea0政府，提升⽤\u2f3e体验，\u2ef0湾区") == "淮安市人民政府，提升用户体验，龙湾区"
    assert ideographs("（一）主动公开。") == "（一）主动公开。"  # full-width punctuation stays


# ---------------------------------------------------------------- any report, never a wrong figure

from decimal import Decimal  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sources import run_together  # noqa: E402

FIGURE = st.one_of(st.just(0), st.integers(0, 9), st.integers(10, 999), st.integers(1000, 99999))


@st.composite
def any_report(draw):
    """The Longwan sample with made-up figures: totals added up as the editor stores them; the
    carried-over row made to balance or not (published reports often do not)."""
    from nianbao.format.model.totals import apply

    report = sample("longwan-2023")
    totals = set(report.template.total_cells())
    for cell in report.template.cells:
        if cell in totals:
            continue
        if report.template.column(cell).kind == "money":
            report.cells[cell] = Decimal(draw(st.integers(0, 10**6))) / 10
        else:
            report.cells[cell] = draw(FIGURE)
    apply(report)
    if draw(st.booleans()):  # 一 + 二 = （七） + 四, column by column
        for col in ("natural", "commercial", "research", "nonprofit", "legal", "other_org"):
            cell = Cell("t3", "carried_out", col)
            report.cells[cell] = None
            rest = sum(report.value(Cell("t3", r, col)) for r in ("new", "carried_in")) \
                - report.value(Cell("t3", "results_total", col))
            report.cells[cell] = max(rest, 0)
        apply(report)
    return report


@settings(max_examples=int(os.environ.get("NIANBAO_EXAMPLES", 40)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(report=any_report(), make=st.sampled_from([run_together, one_cell_a_line, converter_markdown, spaced_rows]))
def test_any_report_in_any_broken_form_never_gives_a_wrong_figure(report, make):
    got = build(read_bytes(make(report).encode("utf-8"))).report
    assert wrong_figures(got, report) == []
