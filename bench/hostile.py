"""Hostile inputs at 1x, 4x and 16x size: time must grow about linearly, and 1 MB of any of
them must take under 2 s.

Each case is an input a stranger can hand the tool -- a published "report" to import, a report
file to check, diff, audit, render or textconv -- built to hit a known slow path (a long run of
digits, a 10,000-character sentence, thousands of findings, `<a ` repeated). Each run is a fresh
process calling the real command in-process; the time printed is the command's own (without
Python's start-up), with the process's peak memory.

    .venv/bin/python bench/hostile.py [BASE_KB]     (default 64: 64 KB, 256 KB, 1 MB)

Goal per case: t(16x) / t(1x) <= ~24 (linear is 16; quadratic would be 256), and the 1 MB
run under 2 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "samples" / "huaian-2024.toml").read_text(encoding="utf-8")
LAST_YEAR = (ROOT / "samples" / "longwan-2023.toml").read_text(encoding="utf-8")
TITLE = "某某市人民政府2024年政府信息公开工作年度报告\n"

CHILD = """
import json, resource, sys, time, os, io, contextlib
from nianbao.cli import main
argv = json.loads(sys.argv[1])
sink = io.StringIO()
t0 = time.perf_counter()
with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
    code = main(argv)
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "code": code,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def with_prose(text: str, prose: str, part: str = "s1") -> str:
    """The sample with one part's prose replaced (TOML literal multi-line string)."""
    import re

    body = prose.replace("'''", "’’’")
    out, count = re.subn(rf'(\[{part}\][^\n]*\ntext = )""".*?"""', lambda m: m.group(1) + "'''\n" + body + "'''",
                         text, count=1, flags=re.S)
    assert count == 1, "the sample's layout changed"
    return out


def _digits(n: int) -> str:
    return "1" * n


# Each case: a name, and a function (folder, size in bytes) -> argv.
def import_spaced_digits(d: Path, n: int) -> list[str]:
    (d / "src.txt").write_text(TITLE + "1 " * (n // 2), encoding="utf-8")
    return ["import", str(d / "src.txt"), "-o", str(d / "out.toml"), "--force"]


def import_pdf_prose(d: Path, n: int) -> list[str]:
    line = "本机关 2024 年共受理政府信息公开申请 12 件，办结 11 件，结转下年 1 件。\n"
    (d / "src.txt").write_text(TITLE + line * (n // len(line.encode())), encoding="utf-8")
    return ["import", str(d / "src.txt"), "-o", str(d / "out.toml"), "--force"]


def import_pdf_wrapped(d: Path, n: int) -> list[str]:
    """pdftotext's hard-wrapped prose: every line cut at 38 characters mid-sentence, digits spaced
    from the Chinese (「2024 年」), one paragraph the length of the file."""
    words = "本机关依法受理政府信息公开申请并按期答复 2024 年共 12 件"
    text, size = [], 0
    while size < n:
        line = (words * 2)[size % len(words):][:38] + "\n"
        text.append(line)
        size += len(line.encode())
    (d / "src.txt").write_text(TITLE + "".join(text), encoding="utf-8")
    return ["import", str(d / "src.txt"), "-o", str(d / "out.toml"), "--force"]


def import_docx_paragraphs(d: Path, n: int) -> list[str]:
    """A Word file of many paragraphs (built by our own renderer from a long report)."""
    import subprocess as sp

    (d / "r.toml").write_text(with_prose(SAMPLE, _paragraphs(n, 4)), encoding="utf-8")
    sp.run([sys.executable, "-m", "nianbao", "render", str(d / "r.toml"), "--to", "docx", "-o", str(d / "src.docx")],
           check=True, capture_output=True, cwd=ROOT)
    return ["import", str(d / "src.docx"), "-o", str(d / "out.toml"), "--force"]


def import_html_anchors(d: Path, n: int) -> list[str]:
    (d / "src.html").write_text("<html><body><p>" + TITLE + "</p>" + "<a " * (n // 3), encoding="utf-8")
    return ["import", str(d / "src.html"), "-o", str(d / "out.toml"), "--force"]


def check_digit_run(d: Path, n: int) -> list[str]:
    (d / "r.toml").write_text(with_prose(SAMPLE, "2024年" + _digits(n) + "件。"), encoding="utf-8")
    return ["check", str(d / "r.toml")]


def check_many_findings(d: Path, n: int) -> list[str]:
    sentence = "2024年，本机关新收政府信息公开申请1件。\n"
    (d / "r.toml").write_text(with_prose(SAMPLE, sentence * (n // len(sentence.encode()))), encoding="utf-8")
    return ["check", str(d / "r.toml")]


def diff_long_sentence(d: Path, n: int) -> list[str]:
    import random

    rng = random.Random(n)
    words = "政府信息公开申请办理答复依法保障人民群众知情权参与权监督权"
    a = "".join(rng.choice(words) for _ in range(n // 3))
    b = "".join(c if rng.random() > 0.05 else rng.choice(words) for c in a)
    (d / "a.toml").write_text(with_prose(SAMPLE, a + "。"), encoding="utf-8")
    (d / "b.toml").write_text(with_prose(SAMPLE, b + "。"), encoding="utf-8")
    return ["diff", str(d / "a.toml"), str(d / "b.toml")]


def _paragraphs(n: int, seed: int) -> str:
    import random

    rng = random.Random(seed)
    words = "政府信息公开申请办理答复依法保障人民群众知情权参与权监督权主动公开"
    out, size = [], 0
    while size < n:
        p = "".join(rng.choice(words) for _ in range(60)) + "。\n"
        out.append(p)
        size += len(p.encode())
    return "".join(out)


def audit_similarity(d: Path, n: int) -> list[str]:
    (d / "now").mkdir()
    (d / "prev").mkdir()
    prose = _paragraphs(n // 2, 1)
    now = with_prose(SAMPLE, prose).replace('agency = "淮安市人民政府"', 'agency = "某局"')
    edited = "".join("改" if i % 97 == 0 else c for i, c in enumerate(prose))  # last year's, lightly edited
    prev = with_prose(SAMPLE.replace("year = 2024  # 报告年度", "year = 2023"), edited).replace(
        'agency = "淮安市人民政府"', 'agency = "某局"')
    (d / "now" / "2024.toml").write_text(now, encoding="utf-8")
    (d / "prev" / "2023.toml").write_text(prev, encoding="utf-8")
    return ["audit", str(d / "now"), "--prev-dir", str(d / "prev")]


def render_docx_paragraphs(d: Path, n: int) -> list[str]:
    (d / "r.toml").write_text(with_prose(SAMPLE, _paragraphs(n, 2)), encoding="utf-8")
    return ["render", str(d / "r.toml"), "--to", "docx", "-o", str(d / "r.docx")]


def textconv_big(d: Path, n: int) -> list[str]:
    (d / "r.toml").write_text(with_prose(SAMPLE, _paragraphs(n, 3)), encoding="utf-8")
    return ["textconv", str(d / "r.toml")]


CASES = [
    ("import 空格分隔的数字", import_spaced_digits),
    ("import PDF 式正文", import_pdf_prose),
    ("import PDF 硬换行", import_pdf_wrapped),
    ("import HTML「<a 」", import_html_anchors),
    ("import Word 许多段落", import_docx_paragraphs),
    ("check 长串数字", check_digit_run),
    ("check 许多问题的定位", check_many_findings),
    ("diff 很长的一句", diff_long_sentence),
    ("audit 与上年雷同", audit_similarity),
    ("render docx 许多段落", render_docx_paragraphs),
    ("textconv 大报告", textconv_big),
]


def run(argv: list[str], timeout: float) -> dict:
    try:
        res = subprocess.run([sys.executable, "-c", CHILD, json.dumps(argv)], capture_output=True,
                             text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"seconds": float("inf"), "code": "timeout", "rss_mb": 0}
    if res.returncode != 0 or not res.stdout.strip():
        return {"seconds": float("nan"), "code": "crash", "rss_mb": 0, "err": res.stderr[-500:]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> int:
    base = int(sys.argv[1]) * 1024 if len(sys.argv) > 1 else 64 * 1024
    only = sys.argv[2] if len(sys.argv) > 2 else None
    sizes = [base, base * 4, base * 16]
    print(f"{'case':<24} " + " ".join(f"{s // 1024:>7} KB" for s in sizes) + "   16x/1x  peak MB  goal")
    worst = 0
    for name, make in CASES:
        if only and only not in name:
            continue
        times, peak, notes = [], 0.0, []
        for size in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                r = run(make(Path(tmp), size), timeout=120)
            times.append(r["seconds"])
            peak = max(peak, r["rss_mb"])
            if r["code"] in ("timeout", "crash"):
                notes.append(f"{size // 1024} KB {r['code']} {r.get('err', '')[-200:]!r}")
        ratio = times[2] / times[0] if times[0] and times[0] == times[0] else float("nan")
        per_mb = times[2] / (sizes[2] / 2 ** 20)
        ok = ratio <= 24 and per_mb < 2
        worst = max(worst, 0 if ok else 1)
        print(f"{name:<24} " + " ".join(f"{t:>8.2f}s" for t in times)
              + f"   {ratio:6.1f}  {peak:7.0f}  {'ok' if ok else 'SLOW'}")
        for note in notes:
            print("    " + note)
    return worst


if __name__ == "__main__":
    sys.exit(main())
