"""Git history: every repository state, commit messages, diff/textconv output, year over year."""

import json
import os
import shutil
import subprocess

import pytest

from conftest import SAMPLES, run_cli
from nianbao.format.compare import history
from nianbao.format.file import load
from nianbao.format.file.document import ReportFile
from nianbao.format.model.template import Cell

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")
UPDATE = os.environ.get("NIANBAO_UPDATE_SNAPSHOTS") == "1"
ISOLATED = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


@pytest.fixture(autouse=True)
def no_global_git_identity(monkeypatch):
    """Tests see only the repository's own config, as on a fresh machine."""
    for k, v in ISOLATED.items():
        monkeypatch.setenv(k, v)


def git(cwd, *args, check=True):
    return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True,
                          text=True, check=check).stdout


def golden(name: str, text: str) -> None:
    path = os.path.join(GOLDEN, name)
    if UPDATE:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        return
    with open(path, encoding="utf-8") as fh:
        assert text == fh.read(), f"output differs from golden/{name}:\n{text}"


@pytest.fixture
def repo(tmp_path):
    """A report repository with an identity and one commit of 淮安 2024."""
    root = tmp_path / "年报"
    root.mkdir()
    shutil.copy(SAMPLES / "huaian-2024.toml", root / "2024.toml")
    res = run_cli("init", root, "--name", "王小明", "--email", "wang@example.gov.cn", env=ISOLATED)
    assert res.returncode == 0, res.stderr
    return root


def edit(path, value=3002):
    doc = ReportFile.open(path)
    doc.set_cell(Cell("t3", "new", "natural"), value)
    doc.set_cell(Cell("t3", "new", "total"), value + 118)
    doc.save()
    return doc


def test_init_makes_repo_attributes_driver_and_first_commit(repo):
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "*.toml diff=nianbao merge=nianbao\n"
    assert "merge-driver %O %A %B %P" in git(repo, "config", "merge.nianbao.driver")
    assert "textconv" in git(repo, "config", "diff.nianbao.textconv")
    assert git(repo, "log", "--format=%an|%s") == "王小明|开始记录年度报告历史（nianbao init）\n"
    assert git(repo, "config", "user.email").strip() == "wang@example.gov.cn"
    assert git(repo, "ls-files").split() == [".gitattributes", ".gitignore", "2024.toml"]
    # The editor's recovery file and lock are never committed, not even by a plain `git add -A`.
    (repo / ".2024.toml.nianbao-recover").write_text("x", encoding="utf-8")
    (repo / ".2024.toml.nianbao-lock").write_text("{}", encoding="utf-8")
    assert git(repo, "status", "--porcelain") == ""


def test_init_without_identity_says_so_and_does_not_invent_one(tmp_path):
    res = run_cli("init", tmp_path / "r", env=ISOLATED)
    assert res.returncode == 0 and "还没有填报人身份" in res.stderr
    assert git(tmp_path / "r", "log", check=False) == ""


def test_commit_on_save_only_the_report_with_a_labelled_message(repo):
    (repo / "notes.txt").write_text("dirty, unrelated", encoding="utf-8")
    (repo / "staged.txt").write_text("staged", encoding="utf-8")
    git(repo, "add", "staged.txt")
    doc = edit(repo / "2024.toml")
    out = history.commit_save(doc.path, doc.report)
    assert out.status == "committed" and out.message.startswith("已保存并提交 ")
    assert git(repo, "show", "--stat", "--format=", "HEAD").split()[0] == "2024.toml"
    status = git(repo, "status", "--porcelain")
    assert "A  staged.txt" in status and "?? notes.txt" in status  # left exactly as they were
    message = git(repo, "log", "-1", "--format=%B")
    golden("commit-message.txt", message)
    assert message.startswith("淮安市人民政府 2024 年度报告：修改 三、收到和处理政府信息公开申请情况\n")
    assert "三 / 一、本年新收政府信息公开申请数量 / 自然人：3001 -> 3002 (+1)" in message


def test_nothing_changed_means_no_commit(repo):
    doc = ReportFile.open(repo / "2024.toml")
    doc.save()
    assert history.commit_save(doc.path, doc.report).status == "unchanged"
    assert len(git(repo, "log", "--format=%h").split()) == 1


def test_prose_changes_are_counted_in_the_message(repo):
    doc = ReportFile.open(repo / "2024.toml")
    doc.set_text("s1", doc.report.prose["s1"].replace("圆满完成", "较好地完成") + "\n新的一段。")
    doc.save()
    history.commit_save(doc.path, doc.report)
    message = git(repo, "log", "-1", "--format=%B")
    assert "文字：一、总体情况 改动 1 句，新增 1 句" in message and "Nianbao-Sentences: 2" in message


def test_no_repository(tmp_path):
    path = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", path)
    doc = edit(path)
    out = history.commit_save(doc.path, doc.report)
    assert out.status == "skipped" and "历史记录未开启" in out.message and "nianbao init" in out.message


def test_unborn_branch_first_commit_and_no_identity(tmp_path):
    root = tmp_path / "r"
    root.mkdir()
    git(root, "init", "-q")
    path = root / "淮安2024.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", path)
    doc = ReportFile.open(path)
    out = history.commit_save(doc.path, doc.report)
    assert out.status == "need_identity"
    assert git(root, "config", "user.name", check=False) == ""  # nothing invented
    history.set_identity(history.find_repo(path), "李四", "li@example.gov.cn")
    out = history.commit_save(doc.path, doc.report)
    assert out.status == "committed"
    assert git(root, "log", "--format=%an <%ae> %s") == "李四 <li@example.gov.cn> 新建 淮安市人民政府 2024 年度报告\n"
    assert git(root, "ls-files") == "淮安2024.toml\n"  # Chinese name, unescaped


def test_detached_head(repo):
    git(repo, "checkout", "-q", "--detach")
    doc = edit(repo / "2024.toml")
    out = history.commit_save(doc.path, doc.report)
    assert out.status == "skipped" and "detached HEAD" in out.message
    assert load.read(repo / "2024.toml").report.value(Cell("t3", "new", "natural")) == 3002  # saved


def test_merge_in_progress_and_unmerged_paths(repo):
    main = git(repo, "branch", "--show-current").strip()
    git(repo, "checkout", "-q", "-b", "other")
    edit(repo / "2024.toml", 5)
    git(repo, "commit", "-qam", "other")
    git(repo, "checkout", "-q", main)
    edit(repo / "2024.toml", 7)
    git(repo, "commit", "-qam", "main")
    git(repo, "merge", "other", check=False)  # conflicts: MERGE_HEAD and unmerged paths
    assert git(repo, "ls-files", "-u")
    out = history.commit_save(repo / "2024.toml", load.read(SAMPLES / "huaian-2024.toml").report)
    assert out.status == "skipped" and "正在合并" in out.message


def test_index_lock(repo):
    (repo / ".git" / "index.lock").write_text("", encoding="utf-8")
    doc = edit(repo / "2024.toml")
    out = history.commit_save(doc.path, doc.report)
    assert out.status == "skipped" and "index.lock" in out.message and "删除" in out.message


def test_no_git_binary(repo, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    doc = edit(repo / "2024.toml")
    out = history.commit_save(doc.path, doc.report)
    assert out.status == "skipped" and "没有找到 git 程序" in out.message


def test_textconv_and_diff_golden():
    res = run_cli("textconv", SAMPLES / "longwan-2023.toml")
    assert res.returncode == 0
    golden("textconv-longwan.txt", res.stdout)
    res = run_cli("diff", SAMPLES / "shanghai-2019.toml", SAMPLES / "huaian-2024.toml")
    assert res.returncode == 1
    golden("diff-shanghai-huaian.txt", res.stdout)
    assert "三 / （六）其他处理 / 总计：空 -> 187（新格式中为 3 项之和）" in res.stdout


def test_diff_files_sentences_and_json(tmp_path):
    new = tmp_path / "new.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", new)
    doc = ReportFile.open(new)
    doc.set_text("s1", doc.report.prose["s1"].replace("圆满完成了各项任务", "较好地完成了各项任务"))
    doc.set_cell(Cell("t4", "review", "upheld"), 70)
    doc.save()
    res = run_cli("diff", SAMPLES / "huaian-2024.toml", new)
    assert res.returncode == 1
    lines = res.stdout.splitlines()
    assert lines[0] == ("共 1 处数字、1 句文字不同（四、政府信息公开行政复议、行政诉讼情况：数字 1 处；"
                        "一、总体情况：文字 1 句）")
    assert "四 / 行政复议 / 结果维持：72 -> 70 (-2)" in lines
    assert any(l.startswith("~ 一、总体情况：") and "[-圆满-]{+较好地+}完成了各项任务。" in l for l in lines)
    data = json.loads(run_cli("diff", "--format", "json", SAMPLES / "huaian-2024.toml", new).stdout)
    assert data["figures"][0]["delta"] == -2 and data["sentences"][0]["change"] == "changed"
    assert run_cli("diff", new, new).returncode == 0


def test_plain_git_diff_shows_labelled_figures(repo):
    edit(repo / "2024.toml")
    out = git(repo, "diff")
    assert "-三 / 一、本年新收政府信息公开申请数量 / 自然人 = 3001" in out
    assert "+三 / 一、本年新收政府信息公开申请数量 / 自然人 = 3002" in out
    assert "natural" not in out  # no raw TOML
    res = run_cli("config-git", repo, "--disable")
    assert res.returncode == 0
    assert "natural    = 3002" in git(repo, "diff")


def test_diff_rev_and_log(repo):
    doc = edit(repo / "2024.toml")
    history.commit_save(doc.path, doc.report)
    edit(repo / "2024.toml", 3005)
    res = run_cli("diff", repo / "2024.toml")  # HEAD against the working copy
    assert "自然人：3002 -> 3005 (+3)" in res.stdout and res.returncode == 1
    res = run_cli("diff", repo / "2024.toml", "--rev", "HEAD~1..HEAD")
    assert "自然人：3001 -> 3002 (+1)" in res.stdout
    res = run_cli("log", repo / "2024.toml")
    lines = res.stdout.splitlines()
    assert len(lines) == 2 and "王小明" in lines[0] and "数字 2 处，文字 0 句" in lines[0]
    assert "（首次提交）" in lines[1]


def test_new_from_last_year_and_cross_year_checks(tmp_path):
    shutil.copy(SAMPLES / "huaian-2024.toml", tmp_path / "2024.toml")
    res = run_cli("new", tmp_path / "2025.toml", "--from", tmp_path / "2024.toml")
    assert res.returncode == 0, res.stderr
    r = load.read(tmp_path / "2025.toml").report
    assert (r.year, r.agency) == (2025, "淮安市人民政府")
    assert r.prose["s5"] == load.read(tmp_path / "2024.toml").report.prose["s5"]
    assert [r.value(Cell("t3", "carried_in", c)) for c in ("natural", "total")] == [103, 103]
    assert r.value(Cell("t3", "new", "natural")) == 0
    res = run_cli("check", tmp_path / "2025.toml")  # 2024.toml beside it: cross-year rules run
    assert "X-CARRY" not in res.stdout
    assert "警告 X-VALID 规章 / 现行有效件数：上年 11 + 本年制发 0 - 本年废止 0 = 11，填报为 0" in res.stdout
    doc = ReportFile.open(tmp_path / "2025.toml")
    doc.set_cell(Cell("t3", "carried_in", "natural"), 100)
    doc.save()
    res = run_cli("check", tmp_path / "2025.toml", "--prev", tmp_path / "2024.toml")
    assert "错误 X-CARRY 二、上年结转政府信息公开申请数量 / 自然人：填报为 100，上年报告的“四、结转下年度继续办理”为 103" in res.stdout
    os.rename(tmp_path / "2024.toml", tmp_path / "old.toml")
    assert "X-CARRY" not in run_cli("check", tmp_path / "2025.toml").stdout  # nothing beside it


def test_rebase_in_progress(repo):
    (repo / ".git" / "rebase-merge").mkdir()
    doc = edit(repo / "2024.toml")
    out = history.commit_save(doc.path, doc.report)
    assert out.status == "skipped" and "正在变基" in out.message


def test_git_show_and_log_p_use_the_labels(repo):
    doc = edit(repo / "2024.toml")
    history.commit_save(doc.path, doc.report)
    for args in (("show", "HEAD"), ("log", "-p", "-1")):
        out = git(repo, *args)
        assert "+三 / 一、本年新收政府信息公开申请数量 / 自然人 = 3002" in out, args


def test_textconv_of_a_broken_file_still_shows_it(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("file_version = 2\nyear = \n", encoding="utf-8")
    res = run_cli("textconv", bad)
    assert res.returncode == 0 and "year = " in res.stdout and res.stdout.startswith("# nianbao：")


# ---------------------------------------------------------------- hostile repositories

def _plant(root, marker_dir):
    """Config and attributes that would run code: a textconv and an external diff driver (which
    plain `git commit` never runs), a clean filter and a pre-commit hook (which it does)."""
    def cmd(name):
        return f'sh -c "touch {marker_dir}/{name}; cat"'
    (root / ".gitattributes").write_text("*.toml diff=evil filter=evil\n", encoding="utf-8")
    git(root, "config", "diff.evil.textconv", f'sh -c "touch {marker_dir}/textconv; cat \\"$1\\"" -')
    git(root, "config", "diff.external", f"sh -c 'touch {marker_dir}/external'")
    git(root, "config", "core.pager", f"sh -c 'touch {marker_dir}/pager; cat'")
    git(root, "config", "filter.evil.clean", cmd("clean"))
    git(root, "config", "filter.evil.smudge", cmd("smudge"))
    hook = root / ".git/hooks/pre-commit"
    hook.write_text(f"#!/bin/sh\ntouch {marker_dir}/pre-commit\n", encoding="utf-8")
    hook.chmod(0o755)


def test_git_calls_run_no_more_repository_code_than_plain_git(repo, tmp_path):
    markers = tmp_path / "markers"
    markers.mkdir()
    _plant(repo, markers)
    report = repo / "2024.toml"
    doc = ReportFile.open(report)
    doc.set_cell(Cell("t3", "new", "natural"), 3002)
    doc.save()
    # Reading history runs nothing of the repository's.
    for args in (["log", report], ["diff", report, "--rev", "HEAD"], ["check", report]):
        res = run_cli(*args, env=ISOLATED)
        assert res.returncode in (0, 1), res.stderr
    assert sorted(p.name for p in markers.iterdir()) == []
    # Saving commits like `git commit -- FILE`: its hook and the clean filter, as plain git runs
    # them; never the diff drivers or the pager.
    outcome = history.commit_save(report, doc.report)
    assert outcome.status == "committed", outcome.message
    ran = sorted(p.name for p in markers.iterdir())
    assert "pre-commit" in ran and "clean" in ran
    assert "textconv" not in ran and "external" not in ran and "pager" not in ran
    twin = tmp_path / "twin"
    shutil.copytree(repo, twin)
    for p in markers.iterdir():
        p.unlink()
    _plant(twin, markers)
    (twin / "2024.toml").write_text((twin / "2024.toml").read_text(encoding="utf-8").replace(
        "= 3002 ", "= 3003 ", 1), encoding="utf-8")
    git(twin, "commit", "-q", "-m", "plain", "--", "2024.toml")
    assert sorted(p.name for p in markers.iterdir()) == ran  # the same as plain git


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the repository to another user")
def test_a_repository_owned_by_another_user_gets_a_clear_message(repo):
    subprocess.run(["chown", "-R", "nobody", str(repo)], check=True)
    report = repo / "2024.toml"
    res = run_cli("log", report, env=ISOLATED)
    assert res.returncode == 2 and "dubious ownership" in res.stderr and "nianbao init" not in res.stderr
    outcome = history.commit_save(report, load.read(report).report)
    assert outcome.status == "skipped" and outcome.problem and "safe.directory" in outcome.message
    res = run_cli("init", repo, env=ISOLATED)
    assert res.returncode == 2 and "dubious ownership" in res.stderr


def test_a_changed_number_in_a_sentence_is_shown_whole(tmp_path, repo):
    """「3119 → 2996」 is [-3119-]{+2996+} in `nianbao diff` and in plain `git diff --word-diff`,
    never 「[-311-]{+2+}9{+96+}」."""
    new = tmp_path / "new.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", new)
    doc = ReportFile.open(new)
    doc.set_text("s1", doc.report.prose["s1"].replace("受理政府信息公开申请3119件", "受理政府信息公开申请2996件"))
    doc.save()
    res = run_cli("diff", SAMPLES / "huaian-2024.toml", new)
    assert "受理政府信息公开申请[-3119-]{+2996+}件" in res.stdout
    doc = ReportFile.open(repo / "2024.toml")
    doc.set_text("s1", doc.report.prose["s1"].replace("受理政府信息公开申请3119件", "受理政府信息公开申请2996件"))
    doc.save()
    assert "[-3119-]{+2996+}" in git(repo, "diff", "--word-diff")
