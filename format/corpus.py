"""A corpus of reports audited on every core, streamed in a stable order with bounded memory.

`audit` over a county's dozens or a province's thousands of reports: each report is read (or
imported) and checked in a worker process, with last year's report of the same agency when one
is at hand. Two passes keep memory bounded and the work independent: the first reads only who
and which year each file is, the second checks each file beside its predecessor and hands back a
small row (what `audit` prints) -- never the reports themselves. Results come back in the order
of the files whatever the number of workers, so `--jobs 8` prints exactly what `--jobs 1` does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

from .workspace import all_templates, read_any, report_files

_STATE: dict = {}  # per worker process: the options and the templates, set once


def _start(template_dirs, kind, worker: bool = False) -> None:
    if worker:  # Ctrl+C reaches the whole process group: the parent stops the workers itself
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STATE.update(template_dirs=template_dirs, kind=kind, templates=None)


def _key(path: Path) -> tuple[str, int] | None:
    got = read_any(path, _STATE["template_dirs"])
    return (got.report.agency, got.report.year) if got.report is not None else None


def _row(job: tuple[Path, Path | None]) -> dict:
    """One report checked (beside last year's, when given): the row `audit` prints."""
    from .rules.audit import audit
    from .rules.check import check

    path, prev_path = job
    if _STATE.get("templates") is None:
        _STATE["templates"] = all_templates(_STATE["template_dirs"])
    a = read_any(path, _STATE["template_dirs"])
    r = a.report
    if r is not None:
        prev = read_any(prev_path, _STATE["template_dirs"]).report if prev_path is not None else None
        a.findings = check(r, _STATE["templates"], prev) + audit(r, prev, _STATE["kind"])
    return {"file": str(a.path), "agency": r.agency if r else None, "year": r.year if r else None,
            "template": r.template.id if r else None, "errors": a.errors, "warnings": a.warnings,
            "rules": sorted({f.rule for f in a.findings}), "imported": a.imported, "import_gaps": a.gaps,
            "problem": a.problem or None, "findings": [_finding(f, r, a.loaded) for f in a.findings],
            "received": received(r)}


def _finding(f, report, loaded) -> dict:
    row = f.as_json(report.template)
    row["line"] = loaded.line_of_finding(f) if loaded is not None else None
    return row


def received(report) -> int | None:
    """The applications received (the cell the template names `received`), for the office's summary."""
    cell = report.template.received if report is not None else None
    value = report.value(cell) if cell is not None else None
    return int(value) if isinstance(value, int) else None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def audit_rows(places: list[str], template_dirs=None, prev_dir=None, kind=None, jobs: int | None = None,
               progress: Callable[[int, int, Path], None] | None = None) -> Iterator[dict]:
    """Each report's audit row, in the order of the files. `jobs` workers (1: in this process)."""
    files = report_files(places)
    previous = report_files([prev_dir]) if prev_dir else []
    jobs = max(1, min(jobs or default_jobs(), len(files) or 1))
    pool = None
    if jobs == 1:
        _start(template_dirs, kind)
        run = map
    else:
        import multiprocessing

        pool = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn").Pool(
            jobs, initializer=_start, initargs=(template_dirs, kind, True))
        chunk = max(1, min(32, len(files) // (jobs * 8) or 1))

        def run(func, items):
            return pool.imap(func, items, chunksize=chunk)
    try:
        everything = files + previous
        keys = list(run(_key, everything))  # pass 1: who and which year, nothing kept
        known: dict[tuple[str, int], Path] = {}
        for path, key in zip(everything, keys):
            if key is not None:
                known[key] = path  # the later wins: last year's folder over this one, as before
        pairs = [(path, known.get((key[0], key[1] - 1)) if key else None) for path, key in zip(files, keys)]
        for i, row in enumerate(run(_row, pairs), 1):  # pass 2: in the files' order, streamed
            if progress:
                progress(i, len(files), Path(row["file"]))
            yield row
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
