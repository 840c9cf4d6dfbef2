"""Report history in git: commit on save, log, file versions -- through the real git CLI.

GitPython is only the runner (`Git.execute`): its index API bypasses
.gitattributes and invents an identity, so nothing here uses it. The file on
disk is always saved first; a commit is extra, and when the repository is in a
state where committing would be wrong (detached HEAD, a merge or rebase under
way, conflicts, a stale index.lock, no identity) it is skipped and the reason
said in plain words.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import diff as semantic
from ..file.load import ReportError, loads
from ..model.report import Report

ATTRIBUTES_LINE = "*.toml diff=nianbao merge=nianbao"
OLD_ATTRIBUTES = ("*.toml diff=nianbao",)  # written by earlier versions: replaced by the line above
DRIVER = "nianbao"


class GitProblem(Exception):
    """Why history cannot be recorded right now; str() is for the user."""

    def __init__(self, message: str, killed: bool = False):
        super().__init__(message)
        self.killed = killed  # git died of a signal: whatever lock it held is stale


@dataclass
class Outcome:
    status: str  # committed | unchanged | skipped | need_identity
    message: str
    sha: str = ""
    problem: bool = False  # skipped because of the repository's state, not because history is off


class Repo:
    """One repository, and the one way to its git: every call of the program goes through `run`
    (a process each) or `blob` (one long-lived `git cat-file --batch`, a pipe round trip each)."""

    def __init__(self, root: Path):
        self.root = root
        import threading

        self._git = None  # GitPython's Git, holding the persistent cat-file process
        self._reading = threading.Lock()  # one request at a time on its pipe (the history screen reads in a worker)
        self.identity: tuple[str, str] | None = None  # who commits, once known
        self.last_commit: dict[str, tuple[bytes, Report]] = {}  # per file: the bytes and report committed last

    def blob(self, ref: str) -> bytes | None:
        """The bytes of `ref` (「HEAD:2024.toml」, 「abc123:2024.toml」), None when it names no file."""
        import git

        with self._reading:
            return self._blob(ref, git)

    def _blob(self, ref: str, git) -> bytes | None:
        for attempt in (1, 2):
            if self._git is None:
                self._git = git.Git(str(self.root))
            try:
                _sha, kind, _size, data = self._git.get_object_data(ref)
            except ValueError:
                return None
            except (OSError, git.exc.GitCommandError):  # the batch process died: start another once
                self._git = None
                if attempt == 2:
                    raise GitProblem("git cat-file 意外退出") from None
                continue
            return data if kind in ("blob", b"blob") else None
        return None

    def run(self, *args: str, check: bool = True, env: dict | None = None) -> str:
        import git  # GitPython: ~0.1 s to import, so only when history is used

        cmd = ["git", "-c", "core.quotepath=off", *args]
        full_env = dict(os.environ, **(env or {}))
        try:
            status, out, err = git.Git(str(self.root)).execute(
                cmd, with_extended_output=True, with_exceptions=False, env=full_env,
                strip_newline_in_stdout=False)
        except git.exc.GitCommandNotFound:
            raise GitProblem(NO_GIT) from None
        if check and status != 0:
            raise GitProblem(_git_error(err or out, status), killed=status < 0)
        return out

    def ok(self, *args: str) -> bool:
        import git
        try:
            status, _, _ = git.Git(str(self.root)).execute(
                ["git", *args], with_extended_output=True, with_exceptions=False)
        except git.exc.GitCommandNotFound:
            raise GitProblem(NO_GIT) from None
        return status == 0

    def rel(self, path) -> str:
        return Path(os.path.abspath(path)).relative_to(self.root).as_posix()


NO_GIT = "没有找到 git 程序：文件已保存，但没有记录历史（安装 git 后运行 nianbao init 开启历史记录）"


# git's English errors, and what the clerk can do about each.
_GIT_CAUSES = [
    (("index.lock", "File exists"), "另一个 git 程序正在使用这个仓库（若没有，是上次中断留下了 .git/index.lock，"
                                    "确认后删除它）"),
    (("Read-only file system",), "仓库所在的文件系统是只读的"),
    (("No space left on device",), "磁盘空间不足"),
    (("Disk quota exceeded",), "超出了磁盘配额"),
    (("Permission denied",), "没有写仓库（.git 目录）的权限"),
    (("corrupt",), "仓库已损坏"),
    (("bad object",), "仓库已损坏"),
    (("object file",), "仓库已损坏"),
    (("unable to read",), "仓库已损坏"),
    (("invalid object",), "仓库已损坏"),
    (("fatal: bad",), "仓库已损坏"),
]


def _git_error(text: str, status: int = 1) -> str:
    """「git 出错：原因（git 的原话）」: the cause in Chinese where it is known."""
    first = next((l for l in text.splitlines() if l.strip()), "").strip()
    if "dubious ownership" in text:
        return DUBIOUS
    if status < 0:
        return f"git 被中断（信号 {-status}）"
    for needles, cause in _GIT_CAUSES:
        if all(n in text for n in needles):
            if cause == "仓库已损坏":
                cause += "（请运行 git fsck 检查，或请管理员修复）"
            return f"git 出错：{cause}：{first}" if first else f"git 出错：{cause}"
    return f"git 出错：{first}" if first else f"git 出错（退出码 {status}）"


def find_repo(path) -> Repo | None:
    """The repository holding `path`, or None when history is off there."""
    found = _locate(path)
    return found[0] if found else None


DUBIOUS = ("git 认为这个仓库的所有者可疑（dubious ownership：仓库属于另一个用户），不在这里记录历史；"
           "请让仓库的所有者操作，或确认可信后按 git 的提示设置 safe.directory")


def dubious(folder) -> bool:
    """A work tree git refuses to trust (owned by another user)."""
    import subprocess

    res = subprocess.run(["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
                         capture_output=True, text=True)
    return "dubious ownership" in res.stderr


def _refuse_dubious(folder: Path) -> None:
    """Not a work tree -- or one git refuses to trust: say which (never offer `init` over it)."""
    if dubious(folder):
        raise GitProblem(DUBIOUS)


def history_on(path) -> bool | None:
    """Is `path` in a git work tree? None when there is no git at all.

    A bare subprocess, not GitPython: the editor asks this before its first
    frame, and importing GitPython alone costs ~0.1 s.
    """
    import subprocess

    if shutil.which("git") is None:
        return None
    folder = Path(os.path.abspath(path)).parent
    res = subprocess.run(["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
                         capture_output=True, text=True)
    return res.returncode == 0 and res.stdout.strip() == "true"


def history_off_message(path) -> str:
    folder = Path(os.path.abspath(path)).parent
    if dubious(folder):
        return DUBIOUS
    return f"历史记录未开启：{folder} 不在 git 仓库中（运行 nianbao init {folder} 开启）"


def identity(repo: Repo) -> tuple[str, str] | None:
    if repo.identity is not None:
        return repo.identity
    found = dict(line.split(" ", 1) for line in repo.run(
        "config", "--get-regexp", r"^user\.(name|email)$", check=False).splitlines() if " " in line)
    name, email = found.get("user.name", "").strip(), found.get("user.email", "").strip()
    repo.identity = (name, email) if name and email else None
    return repo.identity


def set_identity(repo: Repo, name: str, email: str) -> None:
    """Store the clerk's name and e-mail in this repository's own config (never invented)."""
    repo.run("config", "user.name", name)
    repo.run("config", "user.email", email)
    repo.identity = (name, email)


def line_merge(ours, base, theirs) -> bool:
    """git's own three-way line merge of three files into `ours` (markers where they clash);
    True when it merged cleanly. For files that are not two versions of one report."""
    folder = Path(os.path.abspath(ours)).parent
    return Repo(folder).ok("merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
                           str(ours), str(base), str(theirs))


def version_at(repo: Repo, rev: str, path) -> str | None:
    """The file's text at a revision, or None if it did not exist there (through the long-lived
    cat-file: no process per version)."""
    data = repo.blob(f"{rev}:{repo.rel(path)}")
    return None if data is None else data.decode("utf-8-sig", errors="replace")


def report_at(repo: Repo, rev: str, path, template_dirs=None) -> Report | None:
    text = version_at(repo, rev, path)
    if text is None:
        return None
    try:
        return loads(text, f"{rev}:{repo.rel(path)}", template_dirs).report
    except ReportError:
        return None


def commit_message(before: Report | None, after: Report) -> tuple[str, str, int, int]:
    """(subject, body, figures changed, sentences changed) for a save."""
    name = f"{after.agency} {after.year} 年度报告"
    if before is None:
        return f"新建 {name}", "", 0, 0
    d = semantic.compare(before, after)
    sections = d.sections_changed()
    what = "、".join(sections) if sections else "基本信息"
    subject = f"{name}：修改 {what}"
    body = [f"{semantic.META_LABELS.get(k, k)}：{semantic._shown(o)} -> {semantic._shown(n)}" for k, o, n in d.meta]
    body += [f.text() for f in d.figures]
    for title in sections:
        kinds = [s.kind for s in d.sentences if s.title == title]
        if kinds:
            bits = [f"{word} {kinds.count(k)} 句" for k, word in (("changed", "改动"), ("added", "新增"),
                                                                  ("removed", "删除")) if kinds.count(k)]
            body.append(f"文字：{title} {'，'.join(bits)}")
    body += ["", f"Nianbao-Figures: {len(d.figures)}", f"Nianbao-Sentences: {len(d.sentences)}"]
    return subject, "\n".join(body), len(d.figures), len(d.sentences)


_STATE_PATHS = ("index.lock", "MERGE_HEAD", "rebase-merge", "rebase-apply", "HEAD")
_LOCATED: dict[Path, tuple["Repo", dict[str, Path]]] = {}  # folder -> its repository, found once


def _locate(path) -> tuple[Repo, dict[str, Path]] | None:
    """The repository and its state files from one `git rev-parse` (each git call costs ~3 ms)."""
    if shutil.which("git") is None:
        raise GitProblem(NO_GIT)
    folder = Path(os.path.abspath(path)).parent
    known = _LOCATED.get(folder)
    if known is not None and known[1]["HEAD"].exists():
        return known  # found at the first save: a repository does not move under an open report
    probe = Repo(folder)
    if not probe.ok("-C", str(folder), "rev-parse", "--is-inside-work-tree"):
        _refuse_dubious(folder)
        return None
    out = probe.run("rev-parse", "--show-toplevel", *[a for n in _STATE_PATHS for a in ("--git-path", n)])
    top, *paths = out.split("\n")
    repo = Repo(Path(top))
    found = repo, {n: (Path(p) if Path(p).is_absolute() else folder / p) for n, p in zip(_STATE_PATHS, paths)}
    _LOCATED[folder] = found
    return found


def _state_problem(paths: dict[str, Path], detached: bool, unmerged: bool) -> str | None:
    if paths["index.lock"].exists():
        return (f"仓库被锁定：{paths['index.lock']} 存在（可能有另一个 git 正在运行，"
                "或上次中断时留下）。确认没有 git 在运行后删除它，再保存一次即可提交")
    if paths["MERGE_HEAD"].exists():
        return "仓库正在合并（merge）：请先完成或放弃合并（git merge --continue / --abort），再保存一次即可提交"
    if paths["rebase-merge"].exists() or paths["rebase-apply"].exists():
        return "仓库正在变基（rebase）：请先完成或放弃（git rebase --continue / --abort），再保存一次即可提交"
    if unmerged:
        return "仓库里有未解决的冲突文件：请先解决冲突，再保存一次即可提交"
    if detached:
        return "当前不在任何分支上（detached HEAD）：请先切换到一个分支（git switch 分支名），再保存一次即可提交"
    return None


def commit_save(path, report: Report, template_dirs=None, saved: Report | None = None) -> Outcome:
    """Commit the saved report file, and only it. The file is already on disk.

    One git process in the common case -- the commit itself: where the repository is and who
    commits are remembered from the first save; the branch and the repository's state are read
    from the files under .git; the committed version (for the message) comes through the one
    long-lived `git cat-file --batch`; an unchanged file is seen by comparing its bytes.
    `saved`: the file's content as read back by the save (ReportFile.loaded.report), which nothing
    edits afterwards -- kept as the committed version without a copy.
    """
    try:
        found = _locate(path)
        if found is None:
            return Outcome("skipped", history_off_message(path))
        repo, paths = found
        rel = repo.rel(path)
        detached = _detached(paths)
        if paths["MERGE_HEAD"].exists() and not detached:
            status = repo.run("status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all")
            return _finish_merge(repo, rel, report, [e for e in status.split("\0") if e])
        problem = _state_problem(paths, detached, False)
        if problem:
            return Outcome("skipped", f"已保存，未提交：{problem}", problem=True)
        committed = repo.blob(f"HEAD:{rel}")
        on_disk = Path(repo.root / rel).read_bytes()
        if committed is not None and committed == on_disk:
            return Outcome("unchanged", "已保存（与上次提交相同，无需提交）")
        if identity(repo) is None:
            return Outcome("need_identity", "提交前请填写填报人姓名和邮箱（只需一次，保存在这个仓库里）")
        before = None
        if committed is not None and repo.last_commit.get(rel, (None,))[0] == committed:
            before = repo.last_commit[rel][1]  # what this process committed last: parsed already
        elif committed is not None:
            try:
                before = loads(committed.decode("utf-8-sig"), f"HEAD:{rel}", template_dirs).report
            except (ReportError, UnicodeDecodeError):
                before = None
        subject, body, nf, ns = commit_message(before, report)
        if committed is None:  # new to history: git commit -- FILE only takes tracked files
            repo.run("add", "--", rel)
        args = ["commit", "-m", subject] + (["-m", body] if body else []) + ["--", rel]
        try:
            out = repo.run(*args)
        except GitProblem as exc:
            if _nothing_to_commit(repo, rel):
                return Outcome("unchanged", "已保存（与上次提交相同，无需提交）")
            raise GitProblem(_commit_refused(repo, exc)) from None
        sha = out.split("]", 1)[0].rsplit(" ", 1)[-1] if out.startswith("[") else ""
        import copy

        repo.last_commit[rel] = (on_disk, saved or copy.deepcopy(report))
        detail = f"（{nf} 处数字、{ns} 句文字）" if before is not None else ""
        return Outcome("committed", f"已保存并提交 {sha}{detail}", sha)
    except GitProblem as exc:
        return Outcome("skipped", f"已保存，未提交：{exc}。{AGAIN}", problem=True)


def _detached(paths: dict[str, Path]) -> bool:
    """HEAD names no branch (read from .git/HEAD: no process)."""
    try:
        return not paths["HEAD"].read_text(encoding="utf-8", errors="replace").startswith("ref:")
    except OSError:
        return False


def _nothing_to_commit(repo: Repo, rel: str) -> bool:
    """After a failed commit: was it only that the file is as committed (and staged so)?"""
    return repo.ok("-C", str(repo.root), "diff", "--quiet", "HEAD", "--", rel)


AGAIN = "下次保存时会再提交"


def _finish_merge(repo: Repo, rel: str, report: Report, entries: list[str]) -> Outcome:
    """A save during a merge: with the report's conflicts all settled it is marked resolved
    (git add), and when no other file is still in conflict the merge is committed."""
    from ..file.load import read

    try:  # what is on disk decides: the saved file, not the model handed in
        on_disk = read(repo.root / rel).report
        left = len(on_disk.conflicts) + len(report.conflicts)
    except ReportError:
        left = -1
    if left:
        said = f"还有 {left} 处合并冲突，全部解决后" if left > 0 else "文件里还有 git 冲突标记（nianbao resolve 可转换），解决后"
        return Outcome("skipped", f"已保存；仓库正在合并，{said}再保存一次即可完成合并")
    if identity(repo) is None:
        return Outcome("need_identity", "提交前请填写填报人姓名和邮箱（只需一次，保存在这个仓库里）")
    repo.run("add", "--", rel)
    others = [_v2_path(e) for e in entries if e.startswith("u ") and _v2_path(e) != rel]
    if others:
        return Outcome("skipped", f"已保存，{rel} 已标记为解决（git add）；还有文件有冲突：{'、'.join(others[:5])}，"
                                  "都解决后 git commit 完成合并", problem=True)
    out = repo.run("commit", "--no-edit")
    sha = out.split("]", 1)[0].rsplit(" ", 1)[-1] if out.startswith("[") else ""
    return Outcome("committed", f"已保存，合并已完成（git add {rel} 并提交 {sha}）", sha)


def _commit_refused(repo: Repo, exc: GitProblem) -> str:
    """Why `git commit` failed: a hook that said no is named (its own words follow); a git
    killed mid-commit leaves its index.lock, which is removed so that the next save commits."""
    if exc.killed:
        lock = Path(repo.run("rev-parse", "--git-path", "index.lock", check=False).strip() or ".git/index.lock")
        lock = lock if lock.is_absolute() else repo.root / lock
        try:
            lock.unlink()
        except OSError:
            pass
        return str(exc)
    hooks = repo.run("rev-parse", "--git-path", "hooks", check=False).strip()
    if hooks:
        folder = Path(hooks) if Path(hooks).is_absolute() else repo.root / hooks
        for hook in ("pre-commit", "commit-msg", "prepare-commit-msg"):
            if os.access(folder / hook, os.X_OK):
                said = str(exc).removeprefix("git 出错：")
                return f"git 的 {hook} 钩子拒绝了提交（{said}）"
    return str(exc)


def _v2_path(entry: str) -> str:
    """The path of a `git status --porcelain=v2 -z` entry."""
    kind = entry[:2]
    if kind == "? " or kind == "! ":
        return entry[2:]
    fields = {"1 ": 8, "2 ": 9, "u ": 10}.get(kind)
    return entry.split(" ", fields)[fields] if fields else ""


@dataclass
class LogEntry:
    sha: str
    date: str
    author: str
    subject: str
    figures: int | None
    sentences: int | None
    full: str = ""  # the whole sha
    parent: str = ""  # the first parent's whole sha ('' for the first commit)
    counted: bool = True  # figures/sentences known (False: still to be counted by count_changes)


_FIELDS = "%H%x1f%P%x1f%ad%x1f%an%x1f%s%x1f%(trailers:key=Nianbao-Figures,valueonly,separator=)" \
          "%x1f%(trailers:key=Nianbao-Sentences,valueonly,separator=)%x1e"


def log(path, template_dirs=None, count: bool = True) -> list[LogEntry]:
    """The file's commits, newest first, with how many figures and sentences each changed.

    One `git log`: a commit made by nianbao carries its counts in its message (Nianbao-Figures,
    Nianbao-Sentences). Only other commits need their two versions compared, read through the
    one long-lived cat-file -- or left to `count_changes` (count=False: the history screen shows
    the list at once and counts those in a worker)."""
    repo = find_repo(path)
    if repo is None:
        raise GitProblem(history_off_message(path))
    rel = repo.rel(path)
    raw = repo.run("log", "--follow", f"--format={_FIELDS}", "--date=format:%Y-%m-%d %H:%M", "--", rel)
    entries = []
    for record in raw.split("\x1e"):
        record = record.strip("\n")
        if not record:
            continue
        sha, parents, date, author, subject, nf, ns = (record.split("\x1f") + [""] * 7)[:7]
        parent = parents.split(" ")[0] if parents else ""
        known = nf.strip().isdigit() and ns.strip().isdigit() and len(parents.split()) < 2
        entries.append(LogEntry(sha[:7], date, author, subject, int(nf) if known else None,
                                int(ns) if known else None, sha, parent, known or not parent))
    if count:
        count_changes(repo, entries, path, template_dirs)
    return entries


def count_changes(repo: Repo, entries: list[LogEntry], path, template_dirs=None, done=None) -> None:
    """Count the changes of the entries not counted yet, comparing each with its parent; each
    version read and parsed once. `done(i)` is called after entry i is counted."""
    rel = repo.rel(path)
    parsed: dict[str, Report | None] = {}

    def at(sha: str) -> Report | None:
        if sha not in parsed:
            data = repo.blob(f"{sha}:{rel}")
            try:
                parsed[sha] = None if data is None else loads(data.decode("utf-8-sig"), f"{sha[:7]}:{rel}",
                                                             template_dirs).report
            except (ReportError, UnicodeDecodeError):
                parsed[sha] = None
        return parsed[sha]

    for i, e in enumerate(entries):
        if e.counted:
            continue
        now, before = at(e.full), at(e.parent)
        if now is not None and before is not None:
            d = semantic.compare(before, now)
            e.figures, e.sentences = len(d.figures), len(d.sentences)
        e.counted = True
        if done is not None:
            done(i)


# ------------------------------------------------------------------ set-up

WORD_REGEX = r"[0-9][0-9,.]*[0-9]|[0-9]|[\xc0-\xff][\x80-\xbf]+|[^[:space:]]"


def config_git(folder, command: str, enable: bool = True) -> list[str]:
    """Install (or remove) the drivers: the textconv diff driver (git diff shows labelled figures)
    and the merge driver (merges figure by figure, totals recomputed). `command` runs nianbao.
    Attributes in the repository; the drivers in its config."""
    repo = find_repo(Path(folder) / "x")
    if repo is None:
        raise GitProblem(history_off_message(Path(folder) / "x"))
    attrs = repo.root / ".gitattributes"
    lines = _git_file_lines(attrs)
    said = []
    if enable:
        repo.run("config", f"diff.{DRIVER}.textconv", f"{command} textconv")
        repo.run("config", f"merge.{DRIVER}.name", "nianbao：按格、按句合并年度报告，合计重新计算")
        repo.run("config", f"merge.{DRIVER}.driver", f"{command} merge-driver %O %A %B %P")
        # One Chinese character per word, so --word-diff marks characters, not paragraphs; a number
        # whole (「3119」 -> 「2996」 is [-3119-]{+2996+}, not 「[-311-]{+2+}9{+96+}」).
        repo.run("config", f"diff.{DRIVER}.wordRegex", WORD_REGEX)
        if ATTRIBUTES_LINE not in lines:
            _write_git_file(attrs, [l for l in lines if l not in OLD_ATTRIBUTES] + [ATTRIBUTES_LINE])
            said.append(f"已写入 {attrs}：{ATTRIBUTES_LINE}")
        said.append(f"已在 {repo.root} 的 git 配置中设置 diff.{DRIVER}.textconv = {command} textconv")
        said.append(f"已在 {repo.root} 的 git 配置中设置合并驱动 merge.{DRIVER}.driver（逐格合并，合计重新计算）")
    else:
        repo.run("config", "--remove-section", f"diff.{DRIVER}", check=False)
        repo.run("config", "--remove-section", f"merge.{DRIVER}", check=False)
        if ATTRIBUTES_LINE in lines or any(l in OLD_ATTRIBUTES for l in lines):
            kept = [l for l in lines if l != ATTRIBUTES_LINE and l not in OLD_ATTRIBUTES]
            _write_git_file(attrs, kept)
            said.append(f"已从 {attrs} 删除：{ATTRIBUTES_LINE}")
        said.append(f"已删除 {repo.root} 中的 diff.{DRIVER} 配置")
    return said


IGNORED = [".*.nianbao-recover", ".*.nianbao-lock"]  # the editor's own files beside a report


def _ignore_editor_files(root: Path) -> None:
    """The recovery file and the lock are the editor's, not the report's: never committed."""
    ignore = root / ".gitignore"
    lines = _git_file_lines(ignore)
    missing = [p for p in IGNORED if p not in lines]
    if missing:
        _write_git_file(ignore, lines + missing)


def _git_file_lines(path: Path) -> list[str]:
    """The lines of .gitattributes or .gitignore -- read as any file beside a report is: only a
    regular file (git itself does not follow a symbolic link there, and neither do we)."""
    from ..file.regular import read_regular

    _refuse_link(path)
    try:
        return read_regular(path, 1 << 20).decode("utf-8", "replace").splitlines()
    except FileNotFoundError:
        return []


def _refuse_link(path: Path) -> None:
    """A committed or planted link as .gitattributes/.gitignore: git does not follow it, and
    nianbao neither writes through it (outside the repository, perhaps) nor replaces it."""
    if os.path.islink(path):
        raise GitProblem(f"{path} 是符号链接（指向 {os.readlink(path)}），不会写入它，也不会替换它："
                         "请把它换成普通文件后再运行")


def _write_git_file(path: Path, lines: list[str]) -> None:
    from ..file.atomic import atomic_write

    _refuse_link(path)
    atomic_write(path, ("\n".join(lines) + "\n" if lines else "").encode("utf-8"), follow=False)


def init(folder, command: str, name: str | None = None, email: str | None = None) -> list[str]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("git") is None:
        raise GitProblem(NO_GIT)
    said = []
    existing = find_repo(folder / "x")
    if existing is None:
        Repo(folder).run("init", "-q")
        said.append(f"已在 {folder} 建立 git 仓库")
        repo = Repo(Path(os.path.abspath(folder)))
    else:
        repo = existing  # a folder inside a repository is recorded there, never in a nested one
    if name and email:
        set_identity(repo, name, email)
    said += config_git(folder, command)
    if identity(repo) is None:
        said.append("还没有填报人身份：请用 nianbao init --name 姓名 --email 邮箱 再运行一次，"
                    "或在编辑器里第一次保存时填写；第一次提交暂缓")
        return said
    _ignore_editor_files(repo.root)
    # Only what init set up: the reports in the folder and the two git files. Anything else --
    # an untracked .env, half-finished edits of other files, what the user had staged -- is left
    # exactly as it was, and listed.
    reports = [repo.rel(p) for p in _reports_in(folder)]
    ours = reports + [
        repo.rel(repo.root / n) for n in (".gitattributes", ".gitignore") if (repo.root / n).is_file()]
    repo.run("add", "--", *ours)
    changed = repo.run("status", "--porcelain=v1", "-z", "--", *ours).strip("\0")
    if changed or not repo.ok("rev-parse", "-q", "--verify", "HEAD"):
        repo.run("commit", "-q", "--allow-empty", "-m", "开始记录年度报告历史（nianbao init）", "--", *ours)
        said.append(f"已提交 {len(reports)} 份报告和 git 设置（.gitattributes、.gitignore）")
    left = sorted({e[3:] for e in repo.run("status", "--porcelain=v1", "-z", "--untracked-files=all").split("\0")
                   if len(e) > 3 and e[2] == " "} - set(ours))
    if left:
        shown = "、".join(left[:8]) + (f" 等 {len(left)} 个" if len(left) > 8 else "")
        said.append(f"没有动这些文件（不是报告，或另有改动）：{shown}")
    return said


def _reports_in(folder: Path) -> list[Path]:
    """The report files directly in `folder`: .toml files that read as reports."""
    from ..file.load import ReportError, read

    found = []
    for path in sorted(Path(folder).glob("*.toml")):
        if not path.is_file() or path.is_symlink():
            continue
        try:
            read(path)
        except ReportError:
            continue
        found.append(path)
    return found
