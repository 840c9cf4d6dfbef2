"""The audit as an Excel workbook the office can forward (`audit -o audit.xlsx`): a summary sheet,
one row per report, and a findings sheet, one row per finding -- header rows frozen, filters on,
columns wide enough for Chinese. Written row by row as the audit streams (openpyxl's write-only
mode), so a corpus never sits in memory."""

from __future__ import annotations

SUMMARY = [("文件", 30), ("机关", 28), ("年度", 8), ("模板", 14), ("状态", 10), ("错误", 8), ("警告", 8),
           ("收到申请", 14), ("逾期发布", 10), ("导入时未读入", 14)]
FINDINGS = [("文件", 30), ("行", 6), ("规则", 16), ("级别", 8), ("说明", 80), ("部分", 26), ("行（表格）", 40),
            ("列", 14)]


def status(row: dict) -> str:
    if row["template"] is None:
        return "无法读取"
    return "有错误" if row["errors"] else "有警告" if row["warnings"] else "通过"


class AuditBook:
    def __init__(self, path: str) -> None:
        from openpyxl import Workbook

        self.path = path
        self.wb = Workbook(write_only=True)
        self.summary = self._sheet("汇总", SUMMARY, 1)
        self.findings = self._sheet("问题", FINDINGS, 1)

    def _sheet(self, title: str, columns, _frozen):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(title)
        ws.freeze_panes = "A2"
        for i, (_, width) in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
        head = []
        for name, _ in columns:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = Font(bold=True)
            head.append(cell)
        ws.append(head)
        return ws

    def add(self, row: dict) -> None:
        from .spreadsheet import safe_cell

        late = any(f["rule"] == "AUD-LATE" for f in row["findings"])
        self.summary.append([safe_cell(v) for v in (
            row["file"], row["agency"] or "", row["year"], row["template"] or "", status(row), row["errors"],
            row["warnings"], row.get("received"), "逾期" if late else "", row["import_gaps"] or None)])
        if row["problem"]:
            self.findings.append([safe_cell(row["file"]), None, "READ", "错误", safe_cell(row["problem"]), "", "", ""])
        for f in row["findings"]:
            self.findings.append([safe_cell(v) for v in (
                row["file"], f.get("line"), f["rule"], "错误" if f["severity"] == "error" else "警告", f["message"],
                f.get("table_label") or "", f.get("row_label") or "", f.get("column_label") or "")])

    def close(self) -> None:
        self.wb.save(self.path)
