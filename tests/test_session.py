"""The editor's model without a UI: figures as typed, totals, undo, findings, saving."""

import shutil
from decimal import Decimal

import pytest

from conftest import SAMPLES
from nianbao.format.file import load
from nianbao.format.file.document import ReportFile
from nianbao.format.model.numbers import FigureError, parse
from nianbao.format.session import Session
from nianbao.format.model.template import Cell

C = Cell


@pytest.mark.parametrize("typed, kind, value", [
    ("123", "count", 123), ("１２３", "count", 123), ("１，２３４", "count", 1234), ("1,234", "count", 1234),
    (" 42 ", "count", 42), ("3985758", "count", 3985758), ("+1036", "signed", 1036), ("-18", "signed", -18),
    ("－１５", "signed", -15), ("−15", "signed", -15), ("5949.088667", "money", Decimal("5949.088667")),
    ("１８６５１．０６", "money", Decimal("18651.06")), ("96171.60", "money", Decimal("96171.60")), ("", "count", None),
])
def test_figures_people_type_are_accepted(typed, kind, value):
    got = parse(typed, kind)
    assert got == value and type(got) is type(value)
    if isinstance(value, Decimal):
        assert str(got) == str(value)


@pytest.mark.parametrize("typed, kind, message", [
    ("-5", "count", "件数不能为负数"), ("－５", "count", "件数不能为负数"), ("12.5", "count", "件数应为整数"),
    ("十二", "count", "不能用中文数字"), ("三千", "money", "不能用中文数字"), ("12件", "count", "不要带单位"),
    ("abc", "count", "只能填写数字"), ("1.2.3", "count", "不是一个数字"), ("-1", "money", "金额不能为负数"),
    ("251000元", "money", "不要带单位"),
])
def test_figures_that_would_need_guessing_are_refused_with_a_message(typed, kind, message):
    with pytest.raises(FigureError) as exc:
        parse(typed, kind)
    assert message in str(exc.value)


@pytest.fixture
def session(tmp_path):
    path = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", path)
    return Session(ReportFile.open(path))


def test_commit_recomputes_dependent_totals_and_findings(session):
    assert session.status() == "勾稽关系：全部通过"
    changed = session.enter(C("t3", "new", "natural"), "３００２")
    assert set(changed) == {C("t3", "new", "natural"), C("t3", "new", "total")}
    assert session.report.value(C("t3", "new", "total")) == 3120
    assert [f.rule for f in session.findings] == ["T3-BAL", "T3-BAL", "TX-NEW"]  # the prose still says 受理3119件
    assert session.status() == "勾稽关系：2 个错误，1 个警告"
    assert session.modified


def test_result_row_edit_flows_to_the_grand_total(session):
    session.enter(C("t3", "withheld_secret", "legal"), "2")
    r = session.report
    assert r.value(C("t3", "withheld_secret", "total")) == 4
    assert r.value(C("t3", "results_total", "legal")) == 63
    assert r.value(C("t3", "results_total", "total")) == 3052


def test_totals_cannot_be_typed_into(session):
    with pytest.raises(FigureError, match="合计格"):
        session.enter(C("t3", "new", "total"), "1")


def test_undo_and_redo_restore_every_cell_exactly(session):
    before = dict(session.report.cells)
    session.enter(C("t3", "new", "natural"), "1")
    session.enter(C("t4", "review", "upheld"), "70")
    assert session.undo().label.endswith("行政复议 / 结果维持")
    assert session.report.value(C("t4", "review", "total")) == 351
    session.undo()
    assert session.report.cells == before and not session.modified
    assert session.undo() is None
    session.redo()
    assert session.report.value(C("t3", "new", "total")) == 119
    session.enter(C("t3", "new", "legal"), "0")  # a new edit clears the redo stack
    assert session.redo() is None


def test_pasted_spreadsheet_row_fills_the_row(session):
    changed, notes = session.paste(C("t3", "open", "natural"), "1288\t21\t0\t0\t50\t5\t1364")
    assert session.report.value(C("t3", "open", "other_org")) == 5
    assert session.report.value(C("t3", "open", "total")) == 1364  # derived, equal to pasted
    assert C("t3", "results_total", "total") in changed and notes == []
    with pytest.raises(FigureError, match="第 2 个数（商业企业）：只能填写数字"):
        session.paste(C("t3", "open", "natural"), "1\tx\t0")
    assert session.report.value(C("t3", "open", "natural")) == 1288  # all or nothing
    with pytest.raises(FigureError, match="只有 2 格"):
        session.paste(C("t3", "open", "other_org"), "1\t2\t3")


def test_pasted_rows_fill_several_rows_as_one_step_and_a_wrong_total_is_said(session):
    rows = "1\t2\t3\t4\t5\t6\t21\n7\t0\t0\t0\t0\t0\t9\n"  # the second row's 9 is not 7
    changed, notes = session.paste(C("t3", "open", "natural"), rows)
    r = session.report
    assert [r.value(C("t3", "open", c)) for c in ("natural", "other_org", "total")] == [1, 6, 21]
    assert [r.value(C("t3", "partial", c)) for c in ("natural", "total")] == [7, 7]
    assert len(notes) == 1 and "粘贴的" in notes[0] and "是 9，各项之和是 7" in notes[0]
    session.undo()
    assert r.value(C("t3", "open", "natural")) == 1288 and r.value(C("t3", "partial", "natural")) == 447
    with pytest.raises(FigureError, match="粘贴了 3 行，表中从当前行起只有 2 行"):
        session.paste(C("t3", "results_total", "natural"), "1\n2\n3")
    with pytest.raises(FigureError, match="第 2 行第 1 个数（自然人）"):
        session.paste(C("t3", "open", "natural"), "1\t2\nx\t3")


@pytest.mark.parametrize("typed", ["1 2", "１ ２", "12 000"])
def test_two_numbers_in_one_cell_are_refused(session, typed):
    with pytest.raises(FigureError, match="是几个数"):
        session.enter(C("t3", "open", "natural"), typed)


def test_blank_published_totals_are_not_erased_by_unrelated_edits(tmp_path):
    path = tmp_path / "s.toml"
    shutil.copy(SAMPLES / "shanghai-2019.toml", path)
    s = Session(ReportFile.open(path))
    s.enter(C("t4", "suit_after", "upheld"), "0")
    assert s.report.value(C("t3", "open", "total")) is None  # untouched, still reported
    assert s.report.value(C("t4", "suit_after", "total")) == 0
    s.enter(C("t3", "new", "research"), "0")
    assert s.report.value(C("t3", "new", "total")) == 859


def test_save_writes_figure_and_total_and_reads_back(session):
    session.enter(C("t3", "new", "natural"), "3002")
    session.save()
    back = load.read(session.doc.path).report
    assert back.value(C("t3", "new", "natural")) == 3002 and back.value(C("t3", "new", "total")) == 3120
    assert not session.modified


def test_disk_change_is_noticed(session):
    assert not session.doc.disk_changed()
    path = session.doc.path
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("# someone else\n")
    assert session.doc.disk_changed()
