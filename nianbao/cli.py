"""The one console command, `nianbao`, for everything.

Start-up is part of every pre-commit run of `nianbao check`, so this module
imports only the standard library; each command imports what it needs, and
nothing here pulls in Textual, tomlkit or GitPython unless that command uses it.
"""

from __future__ import annotations

import argparse
import sys

from nianbao.format.outcome import EXIT_OK, EXIT_UNREADABLE

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
    n.add_argument("--update-years", action="store_true",
                   help="有 --from 时，把文字里没有歧义的上年年份（统计期限、句首的“某年，”）改成本年")
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

    md = sub.add_parser("merge-driver", help="git 的合并驱动（nianbao init / config-git 会注册）：按格、按句合并报告",
                        description="git 调用：nianbao merge-driver %O %A %B %P。数字逐格、文字逐句对照共同祖先合并，"
                                    "合计重新计算；两边把同一处改成不同内容时记为冲突（退出码 1）。")
    md.add_argument("base", metavar="%O")
    md.add_argument("ours", metavar="%A")
    md.add_argument("theirs", metavar="%B")
    md.add_argument("path", nargs="?", metavar="%P")
    _template_dir(md)

    ex = sub.add_parser("export", help="把一批报告的全部数字导出为一张表：Parquet、CSV 或 Excel（供 pandas、DuckDB、Excel 分析）",
                        description="每个数字一行：文件、机关、年度、模板、部分/块/行/列（中文标签和英文 id）、数值（件数为整数，"
                                    "金额为精确小数，空白为空）。已发布的 .txt/.html/.docx/.pdf 当场导入。格式由 -o 的扩展名决定。")
    ex.add_argument("places", nargs="+", metavar="目录或文件")
    ex.add_argument("-o", "--output", required=True, metavar="输出.parquet|.csv|.xlsx")
    ex.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    _template_dir(ex)

    rs = sub.add_parser("resolve", help="把带 git 冲突标记的报告转换为 nianbao 的冲突形式（逐格、逐句列出）",
                        description="没有合并驱动时 git 在报告里写下 <<<<<<< 冲突标记；resolve 把它们变成 [[conflict]] 表，"
                                    "check 和编辑器随后逐处列出。退出码：0 没有剩下冲突，1 有冲突待解决，2 无法转换。")
    rs.add_argument("file", metavar="文件")
    _template_dir(rs)

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
    au.add_argument("-o", "--output", metavar="审查结果.xlsx|.html",
                    help="另外写成 Excel 工作簿（汇总表和问题表）或一个自带图表的网页")
    au.add_argument("--jobs", type=int, metavar="N", help="同时审查的进程数（默认：每个处理器核心一个）；结果与 --jobs 1 完全相同")
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


# Each command's module in nianbao/commands/, imported only when that command runs: `check` in a
# pre-commit hook must not pay for Textual, tomlkit or git. Adding a command: a sub-parser above,
# a line here, a module with run(args).
COMMANDS = {
    "edit": "edit", "check": "check", "fmt": "fmt", "new": "new", "templates": "templates",
    "diff": "diff", "log": "log", "textconv": "textconv", "config-git": "config_git", "init": "init",
    "render": "render", "import": "importing", "recover": "recover", "audit": "audit", "sum": "sum",
    "merge-driver": "merge_driver", "resolve": "resolve", "export": "export",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _utf8_streams()
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-"):
        argv = ["edit", *argv]  # `nianbao FILE` opens the editor
    args = build_parser().parse_args(argv)
    if args.command == "edit":
        sys.stderr = _Visible(sys.stderr)  # its messages; the editor itself writes to the terminal
    elif args.command is not None:
        # Data (a rendered report, JSON, CSV) piped on stays data; on a terminal it is shown safely.
        _show_controls(data_out=args.command in ("render", "fmt") or getattr(args, "format", "text") != "text")
    if args.command is None:
        build_parser().print_help()
        return EXIT_OK
    try:
        from importlib import import_module

        return import_module(f"nianbao.commands.{COMMANDS[args.command]}").run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a write or read the command did not expect to fail: said, not a traceback
        from nianbao.format.file.errors import describe

        print(f"nianbao：{describe(exc)}", file=sys.stderr)
        return EXIT_UNREADABLE


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


# ------------------------------------------------------------------ check


# ------------------------------------------------------------------ fmt


# ------------------------------------------------------------------ new


# ------------------------------------------------------------------ templates


# ------------------------------------------------------------------ history


# ------------------------------------------------------------------ render


