"""`nianbao import`: one published report, or a folder of them, into report files.

Exit codes: 0 every figure placed and `check` finds no error; 1 imported, but with
gaps (listed with their source lines) or check errors; 2 not a report, or nothing
written. An existing output file is never overwritten without --force: an
import must not lose a report someone has been editing.
"""

from __future__ import annotations

import sys

from nianbao.format.visible import one_line
from pathlib import Path

from nianbao.format.workspace import PUBLISHED, import_file, is_export
from nianbao.progress import Progress

from nianbao.format.outcome import EXIT_OK, EXIT_UNREADABLE


def run(args) -> int:
    src = Path(args.source)
    if src.is_dir():
        return _batch(src, args)
    if not src.exists():
        print(f"nianbao：找不到 {one_line(src)}", file=sys.stderr)
        return EXIT_UNREADABLE
    out = Path(args.output) if args.output else src.with_suffix(".toml")
    if out.suffix != ".toml":
        out = out / (src.stem + ".toml") if out.is_dir() else out
    if out.resolve() == src.resolve():
        print("nianbao：输出文件不能是源文件本身，请用 -o 指定", file=sys.stderr)
        return EXIT_UNREADABLE
    outcome = import_file(src, out, args.year, args.agency, args.force, args.template_dir,
                          named=out == Path(args.output or ""))
    stream = sys.stdout if outcome.code != EXIT_UNREADABLE else sys.stderr
    print(outcome.line if outcome.code == EXIT_UNREADABLE else outcome.line.replace(f"{src.name}：", "已导入：", 1),
          file=stream)
    for d in outcome.details:
        print(d, file=stream)
    return outcome.code


def output_names(files: list[Path]) -> dict[Path, str]:
    """Each source's report file name: its stem, and where two sources share one (「2024.html」 and
    「2024.pdf」) the source's kind too -- two sources never write one output."""
    from collections import Counter

    stems = Counter(p.stem for p in files)
    names = {p: p.stem + ".toml" if stems[p.stem] == 1 else f"{p.stem}-{p.suffix.lstrip('.').lower()}.toml"
             for p in files}
    taken = Counter(names.values())
    for p in files:  # 「a.html」 and 「a.HTML」, or a name like 「a-html」 already there: numbered
        if taken[names[p]] > 1 or (names[p] != p.stem + ".toml" and (p.stem + "-" + p.suffix.lstrip(".").lower()) in stems):
            names[p] = f"{p.stem}-{files.index(p) + 1}.toml"
    return names


def _batch(folder: Path, args) -> int:
    if not args.output:
        print("nianbao：导入整个目录时请用 -o 指定输出目录", file=sys.stderr)
        return EXIT_UNREADABLE
    outdir = Path(args.output)
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in PUBLISHED and not is_export(p))
    skipped = sorted(p.name for p in folder.iterdir() if p.is_file() and is_export(p))
    if skipped:
        print(f"跳过 {len(skipped)} 个文件（同目录里有同名的 .toml，是同一份报告）：{'、'.join(map(one_line, skipped))}",
              file=sys.stderr)
    if not files:
        print(f"nianbao：{one_line(folder)} 中没有可导入的文件（{'、'.join(sorted(PUBLISHED))}）", file=sys.stderr)
        return EXIT_UNREADABLE
    bar = Progress(len(files))
    worst = EXIT_OK
    outputs = output_names(files)
    for i, src in enumerate(files):
        bar.step(i, src.name)
        outcome = import_file(src, outdir / outputs[src], args.year, args.agency, args.force,
                             args.template_dir)
        bar.clear()
        print(outcome.line)
        worst = max(worst, outcome.code)
    bar.finish()
    return worst
