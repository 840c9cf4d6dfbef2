"""`nianbao FILE` / `nianbao edit FILE|DIR`: the editor, or the folder screen."""

from __future__ import annotations

import sys

from nianbao.format.visible import one_line

from nianbao.format.outcome import EXIT_OK, EXIT_UNREADABLE


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


def run(args) -> int:
    from pathlib import Path

    problem = utf8_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_UNREADABLE
    from nianbao.format.file.document import ReportFile
    from nianbao.format.file.load import ReportError

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
        print(f"nianbao：目录 {one_line(path.parent)} 不存在", file=sys.stderr)
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
    from nianbao.format.file.document import ReportFile
    from nianbao.format.file.load import ReportError
    from nianbao.tui.app import NianbaoApp, save_on_exit
    from nianbao.tui.views.audit_view import AuditApp

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
                from nianbao.format.workspace import import_file
                outcome = import_file(path, target, template_dirs=args.template_dir)
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
