"""Printed-style Excel sheets (a register, a monitoring matrix): three centred title lines, a
shaded header row on line 5, boxed body rows in Times New Roman 12, dd/mm/yyyy date cells.
Lists exported as they show on screen use dvk.exports.xlsx (streamed) instead."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FONT = "Times New Roman"
THIN = Side(style="thin", color="999999")
BOX = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
HEADER_ROW = 5
DATE_FORMAT = "dd/mm/yyyy"


def titled_sheet(
    *, name: str, titles: Sequence[str], headers: Sequence[str], widths: Sequence[int], freeze: str = "A6"
) -> tuple[Workbook, Worksheet]:
    """A workbook whose one sheet `name` starts with the three `titles` (the first large and bold,
    the third italic), an empty line and the shaded `headers`; columns `widths` wide."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = name[:31]
    for title in titles:
        ws.append([title])
    ws.append([])
    ws.append(list(headers))
    for row in range(1, len(titles) + 1):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        ws.cell(row, 1).font = Font(name=FONT, size=14 if row == 1 else 12, bold=row == 1, italic=row == 3)
        ws.cell(row, 1).alignment = Alignment(horizontal="center")
    for col in range(1, len(headers) + 1):
        cell = ws.cell(HEADER_ROW, col)
        cell.font = Font(name=FONT, bold=True, size=12)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = freeze
    return wb, ws


def box_last_row(
    ws: Worksheet,
    columns: int,
    *,
    wrap: Sequence[int] = (),
    dates: Sequence[int] = (),
    color: str | None = None,
) -> None:
    """Style the row just appended: boxed cells, wrapped text in the `wrap` columns, dd/mm/yyyy in
    the `dates` columns (1-based), an optional font colour (overdue in red)."""
    r = ws.max_row
    for col in range(1, columns + 1):
        cell = ws.cell(r, col)
        cell.font = Font(name=FONT, size=12, color=color)
        cell.border = BOX
        cell.alignment = Alignment(vertical="top", wrap_text=col in wrap)
    for col in dates:
        ws.cell(r, col).number_format = DATE_FORMAT


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
