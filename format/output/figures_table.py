"""Every figure of a corpus as one table: one row per figure, for pandas, DuckDB or Excel.

Columns: the file, agency, year and template; where the figure is, by the official Chinese labels
(section, block, row, column) and by the template's ASCII ids (table, block, row, column); the
value exactly -- counts as integers, money as decimals -- and a blank as null, never 0. Written
as the reports are read, so a national corpus never sits in memory: Parquet (pyarrow) and Excel
(openpyxl) are imported only here.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from ..model.template import Cell

COLUMNS = ["file", "agency", "year", "template", "section", "block", "row", "column",
           "table_id", "block_id", "row_id", "column_id", "kind", "value"]
BATCH = 20_000  # rows per Parquet row group


def rows_of(path: Path, report) -> Iterator[list]:
    """The figures of one report, in the template's order."""
    tpl = report.template
    titles = {s.table: s.title for s in tpl.sections if s.kind == "table"}
    for table in tpl.tables.values():
        for block in table.blocks:
            for row in block.figure_rows:
                for col in block.columns:
                    cell = Cell(table.id, row.id, col.id)
                    yield [str(path), report.agency, report.year, tpl.id, titles.get(table.id, table.name),
                           block.label or "", " / ".join(tpl.row(table.id, row.id).path), col.label,
                           table.id, block.id, row.id, col.id, col.kind, report.value(cell)]


def write_csv(out: str, rows: Iterable[list]) -> int:
    from ..model.numbers import plain
    from .spreadsheet import safe_cell

    import csv

    n = 0
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:  # the BOM: Excel and WPS read UTF-8
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([safe_cell(plain(v)) for v in r])  # exact figures; a blank is empty
            n += 1
    return n


def write_xlsx(out: str, rows: Iterable[list]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from .spreadsheet import safe_cell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数字")
    ws.freeze_panes = "A2"
    for i, width in enumerate([28, 24, 8, 14, 30, 16, 44, 14, 8, 8, 16, 12, 8, 14]):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.auto_filter.ref = f"A1:{chr(ord('A') + len(COLUMNS) - 1)}1"
    head = []
    for name in COLUMNS:
        c = WriteOnlyCell(ws, value=name)
        c.font = Font(bold=True)
        head.append(c)
    ws.append(head)
    n = 0
    for r in rows:
        *rest, value = r
        if isinstance(value, Decimal):
            value = float(value) if value == Decimal(repr(float(value))) else str(value)  # exact or text
        ws.append([safe_cell(v) for v in rest] + [value])
        n += 1
    wb.save(out)
    return n


def write_parquet(out: str, rows: Iterable[list]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("file", pa.string()), ("agency", pa.string()), ("year", pa.int32()),
                        ("template", pa.string()), ("section", pa.string()), ("block", pa.string()),
                        ("row", pa.string()), ("column", pa.string()), ("table_id", pa.string()),
                        ("block_id", pa.string()), ("row_id", pa.string()), ("column_id", pa.string()),
                        ("kind", pa.string()),
                        # exact: counts and money in one decimal column (38 digits, 10 after the point)
                        ("value", pa.decimal128(38, 10))])
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[list] = []
        for r in rows:
            *rest, value = r
            batch.append(rest + [None if value is None else Decimal(value)])
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist([dict(zip(COLUMNS, b)) for b in batch], schema))
                n += len(batch)
                batch = []
        if batch or not n:
            writer.write_table(pa.Table.from_pylist([dict(zip(COLUMNS, b)) for b in batch], schema))
            n += len(batch)
    return n


WRITERS = {".csv": write_csv, ".xlsx": write_xlsx, ".parquet": write_parquet}

