"""Merging reports through real git (issue 20): figure by figure, sentence by sentence, totals
recomputed; true conflicts recorded for check and the editor; `nianbao resolve` for markers."""

from __future__ import annotations

import random
import subprocess

import pytest

from conftest import SAMPLES, run_cli
from nianbao.format.compare.merge import merge
from nianbao.format.file.document import ReportFile
from nianbao.format.file.load import loads, read
from nianbao.format.model.template import Cell
from nianbao.format.model.totals import apply
from nianbao.format.rules.check import check

BASE = (SAMPLES / "huaian-2024.toml").read_text(encoding="utf-8")
C = Cell


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    for k, v in {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path),
                 "GIT_AUTHOR_DATE": "2025-01-01T00:00:00", "GIT_COMMITTER_DATE": "2025-01-01T00:00:00"}.items():
        monkeypatch.setenv(k, v)


def git(repo, *args, check=True):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=check)


@pytest.fixture
def repo(report_repo):
    return report_repo


def edit(path, changes: dict, texts: dict | None = None, meta: dict | None = None, message="edit"):
    """Change figures (totals follow, as the editor does), sentences and details; commit."""
    doc = ReportFile.open(path)
    for cell, value in changes.items():
        doc.set_cell(cell, value)
    for cell in apply(doc.report):
        doc.set_cell(cell, doc.report.value(cell))
    for part, (old, new) in (texts or {}).items():
        text = doc.report.text(part)
        assert old in text, old
        doc.set_text(part, text.replace(old, new, 1))
    for key, value in (meta or {}).items():
        doc.set_meta(key, value)
    doc.save()
    git(path.parent, "commit", "-qam", message)


def branches(repo, a, b):
    """Two branches from main: `a(path)` on one, `b(path)` on the other; then merge b into a."""
    path = repo / "2024.toml"
    git(repo, "checkout", "-qb", "a")
    a(path)
    git(repo, "checkout", "-q", "-")
    git(repo, "checkout", "-qb", "b")
    b(path)
    git(repo, "checkout", "-q", "a")
    return git(repo, "merge", "--no-edit", "b", check=False)


def test_two_branches_raising_one_row_merge_to_the_right_total(repo):
    """The issue's example: git alone keeps 总计 3120; merged by cells it is 3121 and checks clean."""
    base = loads(BASE, "b.toml").report
    opened = {col: base.value(C("t3", "open", col)) for col in ("natural", "legal")}
    # Each side a new application and its answer (so each side balances on its own).
    res = branches(repo, lambda p: edit(p, {C("t3", "new", "natural"): 3002,
                                            C("t3", "open", "natural"): opened["natural"] + 1}),
                   lambda p: edit(p, {C("t3", "new", "legal"): 62, C("t3", "open", "legal"): opened["legal"] + 1}))
    assert res.returncode == 0, res.stdout + res.stderr
    report = read(repo / "2024.toml").report
    assert report.value(C("t3", "new", "natural")) == 3002
    assert report.value(C("t3", "new", "legal")) == 62
    assert report.value(C("t3", "new", "total")) == 3121
    assert report.value(C("t3", "open", "total")) == base.value(C("t3", "open", "total")) + 2
    assert [f for f in check(report) if f.severity == "error"] == []
    assert run_cli("check", repo / "2024.toml").returncode == 0
    # Our layout and comments: only the changed lines differ from the file before the merge.
    diff = git(repo, "diff", "--no-textconv", "-U0", "HEAD~1", "--", "2024.toml").stdout
    changed = [l for l in diff.splitlines() if l.startswith("+") and not l.startswith("+++")]
    assert len(changed) == 6, diff  # theirs: 法律服务机构 in two rows and in （七）总计, and each row total
    assert any(l.startswith("+legal      = 62") and "# 法律服务机构" in l for l in changed), changed


def test_same_column_both_tables_prose_and_details_merge(repo):
    res = branches(
        repo,
        lambda p: edit(p, {C("t3", "new", "natural"): 3002, C("t4", "review", "upheld"): 73},
                       texts={"s1": ("圆满完成了各项任务。", "圆满完成了全年各项任务。")}),
        lambda p: edit(p, {C("t3", "carried_in", "natural"): 35, C("t2", "rules", "issued"): 2},
                       texts={"s6": ("全年收取", "全年共收取")}, meta={"agency": "淮安市人民政府办公室"}))
    assert res.returncode == 0, res.stdout + res.stderr
    r = read(repo / "2024.toml").report
    assert (r.value(C("t3", "new", "natural")), r.value(C("t3", "carried_in", "natural"))) == (3002, 35)
    assert r.value(C("t4", "review", "upheld")) == 73 and r.value(C("t2", "rules", "issued")) == 2
    assert "圆满完成了全年各项任务。" in r.text("s1") and "全年共收取" in r.text("s6")
    assert r.agency == "淮安市人民政府办公室"
    assert "MERGE" not in {f.rule for f in check(r)}


def test_a_cell_changed_differently_on_both_sides_stops_the_merge_and_check_names_it(repo):
    res = branches(repo, lambda p: edit(p, {C("t3", "new", "natural"): 3002}),
                   lambda p: edit(p, {C("t3", "new", "natural"): 3005}))
    assert res.returncode != 0 and "CONFLICT" in res.stdout
    res = run_cli("check", repo / "2024.toml")
    assert res.returncode == 1
    assert "一、本年新收政府信息公开申请数量 / 自然人：合并冲突，我方 3002，对方 3005，共同祖先 3001" in res.stdout, res.stdout
    text = (repo / "2024.toml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and "[[conflict]]" in text


def test_sentences_and_details_in_conflict(repo):
    res = branches(repo, lambda p: edit(p, {}, texts={"s1": ("圆满完成了各项任务。", "较好完成了各项任务。")},
                                        meta={"agency": "甲"}),
                   lambda p: edit(p, {}, texts={"s1": ("圆满完成了各项任务。", "全面完成了各项任务。")},
                                  meta={"agency": "乙"}))
    assert res.returncode != 0
    out = run_cli("check", repo / "2024.toml").stdout
    assert "合并冲突" in out and "较好完成" in out and "全面完成" in out and "我方 甲，对方 乙" in out, out


def test_a_merge_without_the_driver_then_resolve(repo):
    git(repo, "config", "--remove-section", "merge.nianbao")  # a fresh clone: config is not cloned
    res = branches(repo, lambda p: edit(p, {C("t3", "new", "natural"): 3002}),
                   lambda p: edit(p, {C("t3", "new", "natural"): 3005}))
    assert res.returncode != 0
    assert "<<<<<<<" in (repo / "2024.toml").read_text(encoding="utf-8"), res.stdout + res.stderr
    res = run_cli("check", repo / "2024.toml")
    assert res.returncode == 2 and "冲突" in res.stdout + res.stderr
    res = run_cli("resolve", repo / "2024.toml")
    assert res.returncode == 1 and "1 处冲突" in res.stderr, res.stderr
    out = run_cli("check", repo / "2024.toml").stdout
    assert "自然人：合并冲突，我方 3002，对方 3005" in out, out


def test_a_rebase_uses_the_driver(repo):
    path = repo / "2024.toml"
    git(repo, "checkout", "-qb", "a")
    edit(path, {C("t3", "new", "natural"): 3002})
    git(repo, "checkout", "-q", "-")
    git(repo, "checkout", "-qb", "b")
    edit(path, {C("t3", "new", "legal"): 62})
    res = git(repo, "rebase", "a", check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    r = read(path).report
    assert (r.value(C("t3", "new", "natural")), r.value(C("t3", "new", "legal")),
            r.value(C("t3", "new", "total"))) == (3002, 62, 3121)


def test_random_non_overlapping_edits_merge_to_both_applied_with_totals(tmp_path):
    """For random edits of different cells on two sides: the merge equals both applied to the
    base, totals recomputed."""
    base = loads(BASE, "b.toml").report
    totals = set(base.template.total_cells())
    cells = [c for c in base.template.cells if c not in totals and base.template.column(c).kind == "count"]
    rng = random.Random(20)
    for _ in range(40):
        chosen = rng.sample(cells, rng.randrange(2, 12))
        half = len(chosen) // 2
        import copy
        ours, theirs, want = copy.deepcopy(base), copy.deepcopy(base), copy.deepcopy(base)
        for i, cell in enumerate(chosen):
            value = rng.randrange(0, 500)
            (ours if i < half else theirs).cells[cell] = value
            want.cells[cell] = value
        apply(ours), apply(theirs), apply(want)
        merged = merge(base, ours, theirs)
        assert merged.conflicts == []
        assert merged.report.cells == want.cells


def test_the_editor_opens_on_the_conflicts_and_settles_them(repo):
    import asyncio

    from nianbao.tui.app import NianbaoApp
    from tui_helpers import screen_text

    res = branches(repo, lambda p: edit(p, {C("t3", "new", "natural"): 3002}, meta={"agency": "甲"}),
                   lambda p: edit(p, {C("t3", "new", "natural"): 3005}, meta={"agency": "乙"}))
    assert res.returncode != 0
    path = repo / "2024.toml"
    app = NianbaoApp(ReportFile.open(path))
    seen = {}

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            seen["first"] = screen_text(app)
            assert app.views().current == "conflicts"
            await pilot.press("t")  # the first: 机关名称 (file order: details first) or the cell
            await pilot.pause()
            await pilot.press("o")
            await pilot.pause()
            seen["settled"] = screen_text(app)
            assert app.session.conflicts == []
            await pilot.press("ctrl+s")
            await pilot.pause(0.3)
            seen["saved"] = screen_text(app)
            await pilot.press("ctrl+q")
    asyncio.run(main())
    assert "合并冲突" in seen["first"] and "3002" in seen["first"] and "3005" in seen["first"], seen["first"]
    assert "冲突已全部解决" in seen["settled"] and "完成合并" in seen["settled"]
    assert "合并已完成" in seen["saved"], seen["saved"]
    text = path.read_text(encoding="utf-8")
    assert "[[conflict]]" not in text and "合并冲突" not in text
    report = read(path).report
    assert report.conflicts == [] and not [f for f in check(report) if f.rule == "MERGE"]
    assert not (repo / ".git" / "MERGE_HEAD").exists()  # the save finished the merge
    assert git(repo, "log", "-1", "--format=%p").stdout.count(" ") == 1  # a merge commit: two parents


def test_files_that_are_not_reports_are_left_to_gits_line_merge(tmp_path):
    (tmp_path / "o").write_text("a\nb\nx\n", encoding="utf-8")
    (tmp_path / "base").write_text("a\nb\nx\n", encoding="utf-8")
    (tmp_path / "t").write_text("a\nc\nx\n", encoding="utf-8")
    res = run_cli("merge-driver", tmp_path / "base", tmp_path / "o", tmp_path / "t", "notes.toml")
    assert res.returncode == 0 and "逐行合并" in res.stderr
    assert (tmp_path / "o").read_text(encoding="utf-8") == "a\nc\nx\n"
    (tmp_path / "t").write_text("a\nd\nx\n", encoding="utf-8")
    (tmp_path / "o").write_text("a\ne\nx\n", encoding="utf-8")
    res = run_cli("merge-driver", tmp_path / "base", tmp_path / "o", tmp_path / "t", "notes.toml")
    assert res.returncode == 1 and "<<<<<<< ours" in (tmp_path / "o").read_text(encoding="utf-8")
