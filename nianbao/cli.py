"""The one console command, `nianbao`, for everything.

Start-up is part of every pre-commit run of `nianbao check`, so this module
imports only the standard library; each command imports what it needs, and
nothing here pulls in Textual, tomlkit or GitPython unless that command uses it.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal

from nianbao.format.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE  # noqa: F401

_ARGPARSE_ZH = [
    ("usage: ", "用法："),
    ("positional arguments:", "参数："),
    ("options:", "选项："),
    ("show this help message and exit", "显示本帮助并退出"),
    ("the following arguments are required: ", "缺少参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("invalid choice: ", "无效的选择："),
    ("choose from ", "可选："),
    ("expected one argument", "需要一个值"),
    ("invalid int value: ", "不是整数："),
    ("argument ", "参数 "),
]


def _zh(text: str) -> str:
    for en, zh in _ARGPARSE_ZH:
        text = text.replace(en, zh)
    return text


class _Parser(argparse.ArgumentParser):
    def format_help(self) -> str:
        return _zh(super().format_help())

    def format_usage(self) -> str:
        return _zh(super().format_usage())

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"nianbao：{_zh(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="nianbao", description="政府信息公开工作年度报告：编辑、校验勾稽关系。",
                epilog="nianbao 报告.toml 等同于 nianbao edit 报告.toml；nianbao 目录 列出目录中的报告及其问题，Enter 打开。")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    e = sub.add_parser("edit", help="在终端中编辑报告（文件不存在时询问是否新建；给出目录时列出其中的报告）")
    e.add_argument("file", metavar="文件")
    _template_dir(e)

    c = sub.add_parser("check", help="校验报告的勾稽关系与填报完整性",
                       description="按报告所用模板的每一条规则校验。退出码：0 无错误（可有警告），"
                                   "1 有错误，2 有文件无法作为报告读取。")
    c.add_argument("files", nargs="+", metavar="文件")
    c.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    c.add_argument("--prev", metavar="上年文件",
                   help="上年的报告，用于 X-CARRY、X-VALID（不给时自动使用同目录的“年度-1.toml”）")
    _template_dir(c)

    d = sub.add_parser("diff", help="按标签比较两份报告（或一份报告的两个版本）中的数字和文字",
                       description="nianbao diff 旧.toml 新.toml，或 nianbao diff 文件 [--rev A[..B]]"
                                   "（默认：最近一次提交与当前文件）。退出码：0 相同，1 不同，2 出错。")
    d.add_argument("files", nargs="+", metavar="文件")
    d.add_argument("--rev", metavar="A[..B]", help="比较的提交：A 与当前文件，或 A..B")
    d.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    _template_dir(d)

    g = sub.add_parser("log", help="报告文件的提交历史，每次改了多少数字和文字")
    g.add_argument("file", metavar="文件")
    _template_dir(g)

    x = sub.add_parser("textconv", help="把报告展开为每格一行、每句一行（供 git diff 使用）")
    x.add_argument("file", metavar="文件")
    _template_dir(x)

    cg = sub.add_parser("config-git", help="让 git diff / log -p / show 显示带标签的数字（安装 textconv）")
    cg.add_argument("dir", nargs="?", default=".", metavar="目录")
    cg.add_argument("--disable", action="store_true", help="卸载")

    i = sub.add_parser("init", help="把目录设为报告仓库（git init、.gitattributes、diff 驱动、首次提交）")
    i.add_argument("dir", nargs="?", default=".", metavar="目录")
    i.add_argument("--name", help="填报人姓名（保存在这个仓库的 git 配置里）")
    i.add_argument("--email", help="填报人邮箱")

    f = sub.add_parser("fmt", help="把报告文件整理为标准排版（不改任何数值，保留注释）")
    f.add_argument("files", nargs="+", metavar="文件")
    f.add_argument("--check", action="store_true", help="只检查是否已是标准排版，不写文件（否则退出码 1）")
    _template_dir(f)

    n = sub.add_parser("new", help="新建一份完整的空白报告（各格为 0）")
    n.add_argument("file", metavar="文件")
    n.add_argument("--year", type=int, help="报告年度，如 2024（有 --from 时默认为上年 + 1）")
    n.add_argument("--agency", help="机关名称（有 --from 时默认沿用上年）")
    n.add_argument("--from", dest="source", metavar="上年文件",
                   help="从上年的报告开始：沿用机关名称和文字，数字清零，只有模板规定结转的数字取自上年")
    n.add_argument("--template", help="模板 id（默认按年度：2019–2020 年用 official-2019，2021 年起用 official-2021）")
    _template_dir(n)

    r = sub.add_parser("render", help="按官方版式输出报告：纯文本、HTML、Markdown、CSV、JSON",
                       description="输出前先校验：错误打印到标准错误，照常输出；--strict 时有错误就不输出（退出码 1）。")
    r.add_argument("file", metavar="文件")
    r.add_argument("--to", choices=["text", "html", "docx", "markdown", "csv", "json"], default="text",
                   help="输出格式（默认 text；docx 需要 -o）")
    r.add_argument("-o", "--output", metavar="输出文件", help="写入文件（默认输出到屏幕）")
    r.add_argument("--width", type=int, default=100, help="纯文本的宽度（默认 100）")
    r.add_argument("--ambiguous-width", type=int, choices=[1, 2], default=1,
                   help="“”…等字符在终端里占 1 格还是 2 格（中文设置的终端多为 2）")
    r.add_argument("--strict", action="store_true", help="报告有错误时不输出")
    _template_dir(r)

    im = sub.add_parser("import", help="把已发布的报告（网页、Word、复制或 PDF 转出的文本）导入为报告文件",
                        description="数字照原文导入，不修正；未能读入的数字逐条列出（附原文位置）。"
                                    "退出码：0 全部读入且无错误，1 有未读入或校验错误，2 不是年度报告。"
                                    "给出目录时导入其中每个文件，每个文件一行结果。")
    im.add_argument("source", metavar="源文件或目录")
    im.add_argument("-o", "--output", metavar="输出", help="输出的 .toml 文件（默认与源文件同名）；导入目录时为输出目录")
    im.add_argument("--year", type=int, help="报告年度（标题里没有时需要）")
    im.add_argument("--agency", help="机关名称（标题里没有时需要）")
    im.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    _template_dir(im)

    rc = sub.add_parser("recover", help="查看、恢复或丢弃编辑器留下的未保存修改（连接中断、崩溃之后）",
                        description="不带选项时列出恢复文件与报告的差异。退出码：0 成功，1 有恢复文件待处理，2 没有恢复文件或无法读取。")
    rc.add_argument("file", metavar="文件")
    how = rc.add_mutually_exclusive_group()
    how.add_argument("--restore", action="store_true", help="把未保存的修改写入报告（恢复文件随后删除）")
    how.add_argument("--discard", action="store_true", help="丢弃未保存的修改（删除恢复文件）")
    _template_dir(rc)

    au = sub.add_parser("audit", help="审查一批报告：勾稽关系、正文与表格、年度、发布期限、与上年雷同",
                        description="目录里的 .toml 报告文件，以及 .txt .html .docx 等已发布的报告（当场导入）。"
                                    "每份报告一行，最后按规则汇总。退出码：0 没有错误，1 有报告有错误，2 一份也读不了。")
    au.add_argument("places", nargs="+", metavar="目录或文件")
    au.add_argument("--prev-dir", metavar="上年目录", help="上年的报告所在目录（同一机关、上一年度的报告用于跨年度检查）")
    au.add_argument("--format", choices=["text", "json", "csv"], default="text")
    au.add_argument("--kind", choices=["department", "government"],
                    help="按部门（次年 1 月 31 日前）还是政府（次年 3 月 31 日前）判断发布期限；默认按机关名称")
    _template_dir(au)

    sm = sub.add_parser("sum", help="把多份同年度、同格式的报告的数字相加，生成汇总报告",
                        description="汇总报告的每个数都是各报告之和，文字留空；各报告都通过校验时，汇总也通过。")
    sm.add_argument("reports", nargs="+", metavar="报告")
    sm.add_argument("-o", "--output", required=True, metavar="汇总.toml")
    sm.add_argument("--agency", help="汇总报告的机关名称")
    sm.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    _template_dir(sm)

    t = sub.add_parser("templates", help="列出可用的模板")
    _template_dir(t)
    return p


def _template_dir(p) -> None:
    p.add_argument("--template-dir", action="append", default=[], metavar="目录",
                   help="另外查找模板的目录（可多次给出；也可设环境变量 NIANBAO_TEMPLATE_PATH）")


COMMANDS = {"edit", "check", "fmt", "new", "templates", "diff", "log", "textconv", "config-git", "init",
            "render", "import", "recover", "audit", "sum"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _utf8_streams()
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-"):
        argv = ["edit", *argv]  # `nianbao FILE` opens the editor
    args = build_parser().parse_args(argv)
    if args.command not in (None, "edit"):
        _show_controls(data_out=args.command in ("render", "fmt"))
    if args.command is None:
        build_parser().print_help()
        return EXIT_OK
    try:
        return globals()[f"cmd_{args.command.replace('-', '_')}"](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


class _Visible:
    """A text stream that shows control characters from report text instead of obeying them:
    an ESC sequence in a sentence must not recolour the terminal or git's pager (less -R)."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self.raw = stream  # for the tool's own control sequences (a progress bar)

    def write(self, text: str) -> int:
        from nianbao.format.visible import visible

        return self._stream.write(visible(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _show_controls(data_out: bool) -> None:
    """Messages always; a command's data (render, fmt) only when it goes to a terminal."""
    if not data_out or sys.stdout.isatty():
        sys.stdout = _Visible(sys.stdout)
    sys.stderr = _Visible(sys.stderr)


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


# ------------------------------------------------------------------ edit

def utf8_problem() -> str | None:
    """Why the terminal cannot be trusted with Chinese text, or None.

    Python turns the bare C locale into C.UTF-8 itself; what it cannot fix is a
    locale that names another encoding (zh_CN.GBK over an old SSH set-up).
    """
    import locale
    import os

    value = next((os.environ[v] for v in ("LC_ALL", "LC_CTYPE", "LANG") if os.environ.get(v)), "")
    named = value.split(".", 1)[1].split("@")[0] if "." in value else ""
    encoding = locale.getpreferredencoding(False)
    if (named and named.lower().replace("-", "") != "utf8") or encoding.lower().replace("-", "") != "utf8":
        shown = value or encoding
        return (f"nianbao 需要 UTF-8 终端，当前的 locale 是 {shown}。\n"
                "请先设置 UTF-8 的 locale 再运行，例如：export LANG=C.UTF-8（或 zh_CN.UTF-8）")
    return None


def cmd_edit(args) -> int:
    from pathlib import Path

    problem = utf8_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_UNREADABLE
    from nianbao.format.document import ReportFile
    from nianbao.format.load import ReportError

    path = Path(args.file)
    if path.is_dir():
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            print("nianbao edit 需要在终端中运行（审查目录请用 nianbao audit）", file=sys.stderr)
            return EXIT_UNREADABLE
        return _edit_folder(path, args)
    doc = None
    if path.exists():
        try:
            doc = ReportFile.open(path, args.template_dir)
        except ReportError as exc:
            print(exc, file=sys.stderr)
            return EXIT_UNREADABLE
    elif not path.parent.is_dir():
        print(f"nianbao：目录 {path.parent} 不存在", file=sys.stderr)
        return EXIT_UNREADABLE
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("nianbao edit 需要在终端中运行（要校验文件请用 nianbao check）", file=sys.stderr)
        return EXIT_UNREADABLE
    from nianbao.tui.app import NianbaoApp

    from nianbao.tui.app import save_on_exit

    app = NianbaoApp(doc, create_path=None if doc else str(path), template_dirs=args.template_dir)
    try:
        app.run(mouse=False)
    finally:
        save_on_exit(app)  # a crash or a lost terminal keeps the unsaved edits too
    return app.return_code or 0


def _edit_folder(folder, args) -> int:
    """The folder's reports with their status; Enter edits one, quitting it comes back here."""
    from nianbao.format.document import ReportFile
    from nianbao.format.load import ReportError
    from nianbao.tui.app import NianbaoApp, save_on_exit
    from nianbao.tui.audit_view import AuditApp

    sort, cursor = "errors", None
    while True:
        chooser = AuditApp(folder, args.template_dir, sort, cursor)
        chosen = chooser.run(mouse=False)
        if not chosen:
            return EXIT_OK
        path, sort = chosen
        cursor = path.name
        if path.suffix != ".toml":  # a published report: edit its import beside it
            target = path.with_suffix(".toml")
            if not target.exists():
                from nianbao.import_cmd import import_one
                outcome = import_one(path, target, template_dirs=args.template_dir)
                if outcome.code == EXIT_UNREADABLE:
                    continue
            path = target
        try:
            doc = ReportFile.open(path, args.template_dir)
        except ReportError:
            continue
        app = NianbaoApp(doc, template_dirs=args.template_dir)
        try:
            app.run(mouse=False)
        finally:
            save_on_exit(app)


# ------------------------------------------------------------------ check

def cmd_check(args) -> int:
    from nianbao.format import template as templates
    from nianbao.format.check import check
    from nianbao.format.load import ReportError, read

    from nianbao.format.workspace import all_templates as find_templates
    from nianbao.format.workspace import previous_report

    all_templates = []
    try:
        all_templates = find_templates(args.template_dir)
    except templates.TemplateError as exc:
        print(f"nianbao：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    status = EXIT_OK
    rows: list[dict] = []
    errors = warnings = unreadable = 0
    out = sys.stdout
    for path in args.files:
        try:
            loaded = read(path, args.template_dir)
        except ReportError as exc:
            status = EXIT_UNREADABLE
            unreadable += 1
            print(f"{exc}", file=sys.stderr)
            rows.append({"file": path, "line": exc.line, "column_no": exc.col, "rule": "READ",
                         "severity": "error", "message": exc.message, "table": None,
                         "row": None, "column": None})
            continue
        tpl = loaded.report.template
        previous, prev_problem = previous_report(path, loaded.report, args.prev, args.template_dir)
        if prev_problem:
            print(prev_problem, file=sys.stderr)
            status = EXIT_UNREADABLE
        for f in check(loaded.report, all_templates, previous):
            line = loaded.line_of_finding(f)
            if f.severity == "error":
                errors += 1
                status = max(status, EXIT_FINDINGS)
            else:
                warnings += 1
            if args.format == "text":
                out.write(f"{path}:{line}: {f.severity_zh} {f.rule} {f.message}\n")
            else:
                row = {"file": path, "line": line, "rule": f.rule, "severity": f.severity,
                       "message": f.message, "table": None, "row": None, "column": None}
                if f.cell:
                    row.update(table=f.cell.table, row=f.cell.row, column=f.cell.column,
                               table_label=tpl.tables[f.cell.table].name,
                               row_label=" / ".join(tpl.row(f.cell.table, f.cell.row).path),
                               column_label=tpl.column(f.cell).label)
                row.update(expected=_json_value(f.expected), actual=_json_value(f.actual))
                rows.append(row)
    if args.format == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        n = len(args.files)
        verdict = "勾稽关系：全部通过" if errors == warnings == unreadable == 0 else \
            f"{errors} 个错误，{warnings} 个警告"
        if unreadable:
            verdict = f"{unreadable} 个无法读取，{verdict}"
        print(f"共检查 {n} 个文件：{verdict}", file=sys.stderr)
    return status


def _json_value(v):
    if isinstance(v, Decimal):
        return format(v, "f")
    return v


# ------------------------------------------------------------------ fmt

def cmd_fmt(args) -> int:
    from nianbao.format.comments import extract
    from nianbao.format.document import atomic_write
    from nianbao.format.load import ReportError, read
    from nianbao.format.write import dumps

    status = EXIT_OK
    for path in args.files:
        try:
            loaded = read(path, args.template_dir)
        except ReportError as exc:
            print(exc, file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        text = dumps(loaded.report, extract(loaded.text, loaded.report.template))
        if "\r\n" in loaded.text:
            text = text.replace("\n", "\r\n")
        if text == loaded.text:
            continue
        if args.check:
            print(f"{path}: 不是标准排版（运行 nianbao fmt {path} 整理）", file=sys.stderr)
            status = max(status, EXIT_FINDINGS)
            continue
        atomic_write(path, (b"\xef\xbb\xbf" if loaded.bom else b"") + text.encode("utf-8"))
        print(f"已整理：{path}", file=sys.stderr)
    return status


# ------------------------------------------------------------------ new

def cmd_new(args) -> int:
    from nianbao.format.numbers import is_year
    from pathlib import Path

    from nianbao.format import template as templates
    from nianbao.format.document import atomic_write
    from nianbao.format.report import blank
    from nianbao.format.write import dumps

    path = Path(args.file)
    if path.exists():
        print(f"nianbao：{path} 已存在，不会覆盖（换一个文件名，或先移走原文件）", file=sys.stderr)
        return EXIT_UNREADABLE
    if not path.parent.is_dir():
        print(f"nianbao：目录 {path.parent} 不存在", file=sys.stderr)
        return EXIT_UNREADABLE
    source = None
    if args.source:
        from nianbao.format.load import ReportError, read
        try:
            source = read(args.source, args.template_dir).report
        except ReportError as exc:
            print(exc, file=sys.stderr)
            return EXIT_UNREADABLE
    year = args.year if args.year is not None else (source.year + 1 if source else None)
    agency = (args.agency if args.agency is not None else (source.agency if source else "")).strip()
    if year is None:
        print("nianbao：请给出 --year（或用 --from 指定上年的报告）", file=sys.stderr)
        return EXIT_UNREADABLE
    if not agency:
        print("nianbao：--agency 不能为空", file=sys.stderr)
        return EXIT_UNREADABLE
    if not is_year(year):
        print("nianbao：--year 应为四位数的年度", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        tpl = (templates.get(args.template, args.template_dir) if args.template
               else templates.for_year(year, args.template_dir))
    except templates.TemplateError as exc:
        print(f"nianbao：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    report = blank(tpl, year, agency)
    if source is not None:
        from nianbao.format.workspace import carry_forward
        carried = carry_forward(source, report)
    text = dumps(report)
    try:
        with open(path, "xb"):
            pass  # claim the name first: two `new`s racing never overwrite each other
    except FileExistsError:
        print(f"nianbao：{path} 已存在，不会覆盖", file=sys.stderr)
        return EXIT_UNREADABLE
    atomic_write(path, text.encode("utf-8"))
    print(f"已新建 {path}：{agency} {year} 年度报告（{tpl.name}）", file=sys.stderr)
    if source is not None:
        rules = "；".join(r.title for r in tpl.rules if r.kind == "carry")
        print(f"已从 {args.source} 沿用机关名称和文字；按“{rules}”结转了 {carried} 格", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------ templates

def cmd_templates(args) -> int:
    from nianbao.format import template as templates

    for tid, path in templates.available(args.template_dir).items():
        try:
            t = templates.load_file(path)
        except templates.TemplateError as exc:
            print(f"{tid}\t（无法使用：{exc}）")
            continue
        years = f"{t.first_year}–{t.last_year}" if t.last_year else f"{t.first_year} 起"
        print(f"{tid}\t{years}\t{t.name}\t{t.basis}")
    return EXIT_OK


# ------------------------------------------------------------------ history

def self_command() -> str:
    """How git should run this program (it may not be on git's PATH)."""
    import shlex
    from pathlib import Path

    exe = Path(sys.argv[0])
    if exe.name == "nianbao" and exe.exists():
        return shlex.quote(str(exe.resolve()))
    return f"{shlex.quote(sys.executable)} -m nianbao"


def cmd_diff(args) -> int:
    from nianbao.format import diff as semantic
    from nianbao.format.load import ReportError, loads, read

    try:
        if len(args.files) == 2 and not args.rev:
            old, new = (read(f, args.template_dir).report for f in args.files)
        elif len(args.files) == 1:
            from nianbao.format import history
            path = args.files[0]
            repo = history.find_repo(path)
            if repo is None:
                print(history.history_off_message(path), file=sys.stderr)
                return EXIT_UNREADABLE
            a, _, b = (args.rev or "HEAD").partition("..")

            def at(rev):
                text = history.version_at(repo, rev, path)
                if text is None:
                    raise ReportError(path, f"在 {rev} 中没有这个文件")
                return loads(text, f"{rev}:{repo.rel(path)}", args.template_dir).report

            old = at(a)
            new = at(b) if b else read(path, args.template_dir).report
        else:
            print("nianbao：diff 需要两个文件，或一个文件加 --rev", file=sys.stderr)
            return EXIT_UNREADABLE
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    except history_problem() as exc:
        print(f"nianbao：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    d = semantic.compare(old, new)
    if args.format == "json":
        json.dump(d.as_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n".join(d.lines()) + "\n")
    return EXIT_OK if d.equal else EXIT_FINDINGS


def history_problem():
    from nianbao.format.history import GitProblem
    return GitProblem


def cmd_log(args) -> int:
    from nianbao.format import history

    try:
        entries = history.log(args.file, args.template_dir)
    except history.GitProblem as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    if not entries:
        print(f"{args.file} 还没有提交记录", file=sys.stderr)
    for e in entries:
        counts = "（首次提交）" if e.figures is None else f"数字 {e.figures} 处，文字 {e.sentences} 句"
        print(f"{e.sha}  {e.date}  {e.author}  {counts}  {e.subject}")
    return EXIT_OK


def cmd_textconv(args) -> int:
    """For git: never fail, never print nothing -- an unreadable file is shown as it is."""
    from nianbao.format.diff import flatten
    from nianbao.format.load import ReportError, read

    try:
        lines = flatten(read(args.file, args.template_dir).report)
        sys.stdout.write("\n".join(lines) + "\n")
    except ReportError as exc:
        sys.stdout.write(f"# nianbao：{exc}\n")
        try:
            with open(args.file, encoding="utf-8", errors="replace") as fh:
                sys.stdout.write(fh.read())
        except OSError:
            pass
    return EXIT_OK


def _say_git(step) -> int:
    """Run a git set-up step, printing what it did, or why it could not."""
    from nianbao.format import history

    try:
        for line in step():
            print(line, file=sys.stderr)
    except history.GitProblem as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


def cmd_config_git(args) -> int:
    from nianbao.format import history

    return _say_git(lambda: history.config_git(args.dir, f"{self_command()} textconv", enable=not args.disable))


def cmd_init(args) -> int:
    from nianbao.format import history

    if bool(args.name) != bool(args.email):
        print("nianbao：--name 和 --email 要一起给出", file=sys.stderr)
        return EXIT_UNREADABLE
    return _say_git(lambda: history.init(args.dir, f"{self_command()} textconv", args.name, args.email))


# ------------------------------------------------------------------ render

def cmd_recover(args) -> int:
    from pathlib import Path

    from nianbao.format import recovery
    from nianbao.format.diff import compare
    from nianbao.format.document import atomic_write
    from nianbao.format.load import ReportError, read

    path = Path(args.file)
    rp = recovery.recovery_path(path)
    if not rp.exists():
        print(f"nianbao：{path.name} 没有未保存的修改（没有 {rp.name}）", file=sys.stderr)
        return EXIT_UNREADABLE
    if recovery.pending(path) is None and not (args.discard or args.restore):
        print(f"注意：{rp.name} 比报告旧（报告在那之后保存过），恢复会退回到旧的内容", file=sys.stderr)
    try:
        saved = read(rp, args.template_dir)
    except ReportError as exc:
        print(f"恢复文件无法读取：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.discard:
        recovery.discard(path)
        print(f"已丢弃 {path.name} 未保存的修改", file=sys.stderr)
        return EXIT_OK
    holder = recovery.lock(path)
    if holder is not None:
        print(f"nianbao：{path.name} 正在被 {holder} 编辑，请在那里保存或退出后再恢复", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        if args.restore:  # even over a report that no longer loads
            atomic_write(path, rp.read_bytes())
            recovery.discard(path)
            print(f"已把未保存的修改写入 {path.name}", file=sys.stderr)
            return EXIT_OK
        current = read(path, args.template_dir).report if path.exists() else None
        diff = compare(current, saved.report) if current is not None else None
        if diff is None:
            print(f"{path.name} 已不存在；恢复文件是完整的报告，用 --restore 写回", file=sys.stderr)
        else:
            for line in diff.lines():
                print(line)
        print(f"（恢复：nianbao recover {args.file} --restore；丢弃：nianbao recover {args.file} --discard）",
              file=sys.stderr)
        return EXIT_FINDINGS
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    finally:
        recovery.unlock(path)


def cmd_audit(args) -> int:
    from nianbao.audit_cmd import run

    return run(args)


def cmd_sum(args) -> int:
    from nianbao.audit_cmd import run_sum

    return run_sum(args)


def cmd_import(args) -> int:
    from nianbao.import_cmd import run

    return run(args)


def cmd_render(args) -> int:
    from nianbao.format import render
    from nianbao.format.check import check
    from nianbao.format.document import atomic_write
    from nianbao.format.load import ReportError, read

    try:
        loaded = read(args.file, args.template_dir)
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    errors = [f for f in check(loaded.report) if f.severity == "error"]
    for f in errors:
        line = loaded.line_of(f.cell) if f.cell else 1
        print(f"{args.file}:{line}: {f.severity_zh} {f.rule} {f.message}", file=sys.stderr)
    if errors and args.strict:
        print(f"nianbao：{args.file} 有 {len(errors)} 个错误，--strict 时不输出", file=sys.stderr)
        return EXIT_FINDINGS
    if args.to == "docx":
        if not args.output:
            print("nianbao：Word 文件请用 -o 指定输出文件，如 -o 2024.docx", file=sys.stderr)
            return EXIT_UNREADABLE
        from nianbao.format.render_docx import render_docx
        atomic_write(args.output, render_docx(loaded.report))
        print(f"已写入 {args.output}", file=sys.stderr)
        return EXIT_OK
    if args.to == "text":
        if not 40 <= args.width <= 1000:
            print("nianbao：--width 应在 40 到 1000 之间", file=sys.stderr)
            return EXIT_UNREADABLE
        text = render.render_text(loaded.report, args.width, args.ambiguous_width)
    else:
        text = render.RENDERERS[args.to](loaded.report)
    if args.output:
        atomic_write(args.output, text.encode("utf-8"))
        print(f"已写入 {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK
