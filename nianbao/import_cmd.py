"""`nianbao import`: one published report, or a folder of them, into report files.

Exit codes: 0 every figure placed and `check` finds no error; 1 imported, but with
gaps (listed with their source lines) or check errors; 2 not a report, or nothing
written. An existing output file is never overwritten without --force: an
import must not lose a report someone has been editing.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from nianbao.progress import Progress

from nianbao.format.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE  # noqa: F401
SUFFIXES = {".txt", ".text", ".htm", ".html", ".shtml", ".xhtml", ".docx", ".doc", ".md"}


@dataclass
class Outcome:
    code: int
    line: str  # the batch summary line
    details: list[str]


def import_one(src: Path, out: Path, year=None, agency=None, force=False, template_dirs=None) -> Outcome:
    from nianbao.format import template as templates
    from nianbao.format.check import check
    from nianbao.format.document import atomic_write
    from nianbao.format.import_report import build
    from nianbao.format.import_source import NotAReport, read
    from nianbao.format.write import dumps

    if out.exists() and not force:
        return Outcome(EXIT_UNREADABLE, f"{src.name}：未导入，{out} 已存在（覆盖请加 --force）", [])
    try:
        candidates = [templates.get(t, template_dirs) for t in templates.available(template_dirs)]
        imported = build(read(src), year, agency, candidates)
    except NotAReport as exc:
        return Outcome(EXIT_UNREADABLE, f"{src.name}：不是年度报告：{exc}", [])
    report = imported.report
    findings = [f for f in check(report) if f.severity == "error"]
    note = f"# 导入自 {src.name}（{ {'text': '网页复制文本', 'pdf-text': 'PDF 文本', 'html': '网页', 'docx': 'Word'}[imported.kind] }），" \
           "数字照原文，未能读入的见导入时的提示，勾稽关系由 nianbao check 报告。"
    text = dumps(report, {"file_version": [note]})
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, text.encode("utf-8"))
    errors = len(findings)
    line = (f"{src.name}：{report.year} 年度 {report.agency or '（机关未知）'}，{report.template.name}，"
            f"读到 {imported.figures} 个数字，{len(imported.gaps)} 处未能读入，check {errors} 个错误 -> {out}")
    details = [f"  未能读入 {g}" for g in imported.gaps]
    details += [f"  {f.severity_zh} {f.rule} {f.message}" for f in findings[:20]]
    if len(findings) > 20:
        details.append(f"  ……另有 {len(findings) - 20} 个错误（nianbao check {out}）")
    code = EXIT_FINDINGS if imported.gaps or findings else EXIT_OK
    return Outcome(code, line, details)


def run(args) -> int:
    src = Path(args.source)
    if src.is_dir():
        return _batch(src, args)
    if not src.exists():
        print(f"nianbao：找不到 {src}", file=sys.stderr)
        return EXIT_UNREADABLE
    out = Path(args.output) if args.output else src.with_suffix(".toml")
    if out.suffix != ".toml":
        out = out / (src.stem + ".toml") if out.is_dir() else out
    if out.resolve() == src.resolve():
        print("nianbao：输出文件不能是源文件本身，请用 -o 指定", file=sys.stderr)
        return EXIT_UNREADABLE
    outcome = import_one(src, out, args.year, args.agency, args.force, args.template_dir)
    stream = sys.stdout if outcome.code != EXIT_UNREADABLE else sys.stderr
    print(outcome.line if outcome.code == EXIT_UNREADABLE else outcome.line.replace(f"{src.name}：", "已导入：", 1),
          file=stream)
    for d in outcome.details:
        print(d, file=stream)
    return outcome.code


def _batch(folder: Path, args) -> int:
    if not args.output:
        print("nianbao：导入整个目录时请用 -o 指定输出目录", file=sys.stderr)
        return EXIT_UNREADABLE
    outdir = Path(args.output)
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        print(f"nianbao：{folder} 中没有可导入的文件（{'、'.join(sorted(SUFFIXES))}）", file=sys.stderr)
        return EXIT_UNREADABLE
    bar = Progress(len(files))
    worst = EXIT_OK
    for i, src in enumerate(files):
        bar.step(i, src.name)
        outcome = import_one(src, outdir / (src.stem + ".toml"), args.year, args.agency, args.force,
                             args.template_dir)
        bar.clear()
        print(outcome.line)
        worst = max(worst, outcome.code)
    bar.finish()
    return worst
