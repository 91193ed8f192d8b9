"""The statistical annex (phụ lục số liệu) of a report as an Excel workbook: a summary sheet of
every figure and one sheet per table, each with merged title rows, a frozen header row, Vietnamese
number formats (#.##0; the separators follow the reader's Vietnamese Excel), dd/mm/yyyy dates and
column widths fitted to their contents."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dvk.reports.models import PeriodicReport

FONT = "Times New Roman"
THIN = Side(style="thin", color="999999")
BOX = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
INTEGER = "#,##0"
DECIMAL = "#,##0.0"
MIN_WIDTH, MAX_WIDTH = 8, 60


def _title_rows(ws: Any, lines: Sequence[str], width: int) -> int:
    for i, text in enumerate(lines, start=1):
        ws.cell(i, 1, text)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=max(width, 1))
        ws.cell(i, 1).font = Font(name=FONT, size=14 if i == 1 else 12, bold=i == 1, italic=i > 2)
        ws.cell(i, 1).alignment = Alignment(horizontal="center", vertical="center")
    return len(lines) + 2  # a blank row, then the header


def _table(ws: Any, top: int, columns: Sequence[Any], rows: Sequence[Sequence[Any]]) -> None:
    widths = [len(str(c)) for c in columns]
    for col, text in enumerate(columns, start=1):
        cell = ws.cell(top, col, str(text))
        cell.font = Font(name=FONT, bold=True, size=12)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, values in enumerate(rows, start=top + 1):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(r, col, value)
            cell.font = Font(name=FONT, size=12)
            cell.border = BOX
            if isinstance(value, bool):
                continue
            if isinstance(value, int):
                cell.number_format = INTEGER
            elif isinstance(value, float):
                cell.number_format = DECIMAL
            if col <= len(widths):
                widths[col - 1] = max(
                    widths[col - 1], len(f"{value:,}" if isinstance(value, int) else str(value))
                )
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
    ws.freeze_panes = ws.cell(top + 1, 1)


def _sheet_name(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:28] or "Bảng"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name


def annex_workbook(report: PeriodicReport) -> bytes:
    number = (
        f"Kèm theo Báo cáo số {report.number} ngày {report.document.issued_on:%d/%m/%Y}"  # type: ignore[union-attr]
        if report.document_id
        else "Kèm theo dự thảo báo cáo (chưa có số)"
    )
    titles = [
        "PHỤ LỤC SỐ LIỆU",
        f"{report.organisation.name} — {report.period_label}",
        f"Từ ngày {report.period_start:%d/%m/%Y} đến ngày {report.period_end:%d/%m/%Y}",
        f"({number})",
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    used = {ws.title}
    columns = ["TT", "Lĩnh vực", "Chỉ tiêu", "Số liệu", "Đơn vị"]
    rows: list[list[Any]] = []
    for section in report.figures:
        for figure in section["figures"]:
            rows.append(
                [len(rows) + 1, section["title"], figure["label"], figure["value"], figure.get("unit", "")]
            )
    _table(ws, _title_rows(ws, titles, len(columns)), columns, rows)
    for section in report.figures:
        for table in section["tables"]:
            sheet = wb.create_sheet(_sheet_name(table["title"], used))
            top = _title_rows(sheet, [table["title"].upper(), *titles[1:]], len(table["columns"]))
            _table(sheet, top, table["columns"], table["rows"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
