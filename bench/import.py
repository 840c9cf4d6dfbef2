"""How fast published reports import, by kind of source, beside pdfplumber's bare text extraction.

In process (start-up excluded), the Huaian report as its published PDF, as the rendered web page
(HTML), as `pdftotext -layout` text, and as a run-together dump (tags stripped with no separator:
the rules cut the figures). Prints reports per second for each and, for the PDF, the floor:
pdfplumber extracting the same PDF's text and nothing more (`extract_text()` per page).
Goal (issue 16): a 6-page PDF in well under a second.

    .venv/bin/python bench/import.py [ROUNDS]
"""

from __future__ import annotations

import html
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT.parent / "shared" / "fixtures" / "huaian-2024.pdf"
LAYOUT = ROOT.parent / "shared" / "fixtures" / "huaian-2024-pdftotext-layout.txt"


def per_second(func, rounds: int) -> tuple[float, float]:
    """(reports per second from the median run, median seconds)."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    return 1 / median, median


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    sys.path.insert(0, str(ROOT))
    from nianbao.format.file.load import read
    from nianbao.format.importing.import_report import build
    from nianbao.format.importing.import_source import read_bytes
    from nianbao.format.output.render import RENDERERS

    sample = read(ROOT / "samples" / "huaian-2024.toml").report
    page = RENDERERS["html"](sample)
    together = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<style.*?</style>", "", page, flags=re.S)))
    sources = {"HTML": page.encode("utf-8"), "text (-layout)": LAYOUT.read_bytes() if LAYOUT.exists() else None,
               "run-together text": together.encode("utf-8"), "PDF": PDF.read_bytes() if PDF.exists() else None}
    results = {}
    for kind, data in sources.items():
        if data is None:
            print(f"{kind:20} (fixture missing)")
            continue
        got = build(read_bytes(data))  # once to check, and to warm imports
        wrong = sum(1 for c in sample.template.cells
                    if got.report.value(c) is not None and got.report.value(c) != sample.value(c))
        rate, median = per_second(lambda d=data: build(read_bytes(d)), rounds)
        results[kind] = median
        print(f"{kind:20} {rate:6.1f} reports/s  ({median * 1000:6.0f} ms)  figures read {got.figures:3}/200, wrong {wrong}")
    if PDF.exists():
        import io

        import pdfplumber

        def bare():
            with pdfplumber.open(io.BytesIO(PDF.read_bytes())) as pdf:
                for p in pdf.pages:
                    p.extract_text()

        rate, median = per_second(bare, rounds)
        print(f"{'floor: pdfplumber':20} {rate:6.1f} reports/s  ({median * 1000:6.0f} ms)  bare extract_text of the same PDF")
        print(f"ratio PDF import / floor: {results['PDF'] / median:.2f}  (goal: the PDF in well under 1 s: "
              f"{'ok' if results['PDF'] < 1 else 'MISSED'})")


if __name__ == "__main__":
    main()
