"""How fast and how exactly published reports import, by kind of source.

Every kind of source people hold, made from each sample (whose figures are known): the rendered
web page (HTML), a run-together page dump, one cell a line (plain `pdftotext`), Markdown from a
PDF converter, a PDF printed by Chromium; and the real published Huaian files: its PDF, its
`pdftotext -layout` and plain `pdftotext` text. For each kind: the share of published figures
read exactly, how many were read wrong (must be 0), and reports per second (start-up excluded).
The floor beside the PDF: pdfplumber extracting the same PDF's text and nothing more.
Goal (issue 16): a 6-page PDF in well under a second; never a wrong figure.

    .venv/bin/python bench/import.py [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared" / "fixtures"
PDF = SHARED / "huaian-2024.pdf"
LAYOUT = SHARED / "huaian-2024-pdftotext-layout.txt"
SAMPLES = ("huaian-2024", "longwan-2023", "shanghai-2019")


def per_second(func, rounds: int) -> tuple[float, float]:
    """(reports per second from the median run, median seconds)."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    return 1 / median, median


def sources(read, renderers):
    """(kind, sample name, bytes) for every source measured."""
    sys.path.insert(0, str(ROOT / "tests"))
    from sources import converter_markdown, one_cell_a_line, run_together, spaced_rows

    made = {"HTML": lambda r: renderers["html"](r), "run-together text": run_together,
            "one cell a line": one_cell_a_line, "rows with spaces": spaced_rows,
            "converter Markdown": converter_markdown}
    for name in SAMPLES:
        report = read(ROOT / "samples" / f"{name}.toml").report
        for kind, make in made.items():
            yield kind, name, make(report).encode("utf-8")
        yield "PDF (Chromium)", name, (FIXTURES / f"{name}-chromium.pdf").read_bytes()
    for kind, path in (("PDF (published)", PDF), ("pdftotext -layout", LAYOUT),
                       ("pdftotext plain", FIXTURES / "huaian-2024-pdftotext-plain.txt")):
        if path.exists():
            yield kind, "huaian-2024", path.read_bytes()


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    sys.path.insert(0, str(ROOT))
    from nianbao.format.file.load import read
    from nianbao.format.importing.import_report import build
    from nianbao.format.importing.import_source import read_bytes
    from nianbao.format.output.render import RENDERERS

    totals: dict[str, list] = {}
    for kind, name, data in sources(read, RENDERERS):
        sample = read(ROOT / "samples" / f"{name}.toml").report
        got = build(read_bytes(data)).report  # once to check, and to warm imports
        published = [c for c in sample.template.cells if sample.value(c) is not None]
        exact = sum(1 for c in published if got.value(c) == sample.value(c))
        wrong = sum(1 for c in sample.template.cells if got.value(c) is not None and got.value(c) != sample.value(c))
        _, median = per_second(lambda d=data: build(read_bytes(d)), rounds)
        t = totals.setdefault(kind, [0, 0, 0, []])
        t[0] += exact
        t[1] += len(published)
        t[2] += wrong
        t[3].append(median)
        print(f"  {kind:20} {name:14} {exact:3}/{len(published):3} exactly, wrong {wrong}, {median * 1000:5.0f} ms")
    print()
    print(f"{'kind of source':20} {'reports':>7} {'figures read exactly':>22} {'wrong':>6} {'reports/s':>10}")
    for kind, (exact, count, wrong, times) in totals.items():
        share = f"{exact}/{count} ({100 * exact / count:.0f}%)"
        print(f"{kind:20} {len(times):7} {share:>22} {wrong:6} {1 / statistics.median(times):10.1f}")
    if PDF.exists():
        import io

        import pdfplumber

        def bare():
            with pdfplumber.open(io.BytesIO(PDF.read_bytes())) as pdf:
                for p in pdf.pages:
                    p.extract_text()

        rate, median = per_second(bare, rounds)
        pdf_time = statistics.median(totals["PDF (published)"][3])
        print(f"{'floor: pdfplumber':20} {rate:6.1f} reports/s  ({median * 1000:4.0f} ms)  bare extract_text of the published PDF")
        print(f"ratio PDF import / floor: {pdf_time / median:.2f}  (goal: the PDF in well under 1 s: "
              f"{'ok' if pdf_time < 1 else 'MISSED'}; {pdf_time * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
