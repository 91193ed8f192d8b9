"""Reading the spreadsheets offices keep: .xlsx (openpyxl) and legacy .xls (xlrd), as plain grids.

Every sheet becomes a list of rows of `Cell` (value, font name), with merged ranges filled: each
cell a merged range spans carries the top-left value, so a body written once in a cell merged
down three rows belongs to each of the three rows. Values are what Excel stored: text, numbers,
`datetime` for cells formatted as dates (both formats), None for empty cells.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

MAX_ROWS = 20_000  # rows read from one sheet; a register is far smaller
MAX_COLUMNS = 60


class WorkbookError(ValueError):
    """The file cannot be read as a spreadsheet (the message is for the user)."""


@dataclass(frozen=True)
class Cell:
    value: Any = None
    font: str = ""


EMPTY = Cell()


@dataclass
class Grid:
    name: str
    rows: list[list[Cell]]

    def cell(self, row: int, column: int) -> Cell:
        """0-based row and column; EMPTY outside the grid."""
        if 0 <= row < len(self.rows) and 0 <= column < len(self.rows[row]):
            return self.rows[row][column]
        return EMPTY


def sniff(content: bytes) -> str:
    """ "xlsx", "xls" or "" from the first bytes (never from the file name)."""
    if content[:4] == b"PK\x03\x04":
        return "xlsx"
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    return ""


def read(content: bytes) -> list[Grid]:
    kind = sniff(content)
    if kind == "xlsx":
        return _read_xlsx(content)
    if kind == "xls":
        return _read_xls(content)
    raise WorkbookError(_("The file is not an Excel workbook (.xlsx or .xls)."))


def _fill(rows: list[list[Cell]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Copy each merged range's top-left cell over the range (rows and columns 0-based, end
    exclusive)."""
    for r0, r1, c0, c1 in ranges:
        if r0 >= len(rows):
            continue
        top = rows[r0][c0] if c0 < len(rows[r0]) else EMPTY
        for r in range(r0, min(r1, len(rows))):
            row = rows[r]
            for c in range(c0, min(c1, MAX_COLUMNS)):
                while len(row) <= c:
                    row.append(EMPTY)
                row[c] = top


def _read_xlsx(content: bytes) -> list[Grid]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise WorkbookError(_("The workbook cannot be opened: it is damaged or not an .xlsx file.")) from exc
    grids = []
    for sheet in book.worksheets:
        rows: list[list[Cell]] = []
        for row in sheet.iter_rows(
            max_row=min(sheet.max_row, MAX_ROWS), max_col=min(sheet.max_column, MAX_COLUMNS)
        ):
            rows.append(
                [
                    Cell(c.value, (c.font.name or "") if c.value is not None and c.font is not None else "")
                    for c in row
                ]
            )
        ranges = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in sheet.merged_cells.ranges]
        _fill(rows, ranges)
        grids.append(Grid(sheet.title, rows))
    return grids


def _open_xls(content: bytes) -> Any:
    import xlrd

    try:
        return xlrd.open_workbook(file_contents=content, formatting_info=True, on_demand=False)
    except Exception as exc:  # xlrd raises many kinds of errors on a damaged file
        try:
            return xlrd.open_workbook(file_contents=content)
        except Exception:
            raise WorkbookError(
                _("The workbook cannot be opened: it is damaged or not an .xls file.")
            ) from exc


def _xls_value(cell: Any, datemode: int) -> Any:
    """The cell's value: None for empty and error cells, datetimes for dates, booleans."""
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def _read_xls(content: bytes) -> list[Grid]:
    book = _open_xls(content)
    fonts = [f.name for f in getattr(book, "font_list", [])]
    xfs = getattr(book, "xf_list", [])

    def font_of(sheet: Any, r: int, c: int) -> str:
        try:
            return fonts[xfs[sheet.cell_xf_index(r, c)].font_index]
        except (IndexError, AttributeError):
            return ""

    grids = []
    for sheet in book.sheets():
        rows: list[list[Cell]] = []
        for r in range(min(sheet.nrows, MAX_ROWS)):
            row = []
            for c in range(min(sheet.ncols, MAX_COLUMNS)):
                value = _xls_value(sheet.cell(r, c), book.datemode)
                row.append(Cell(value, font_of(sheet, r, c) if value is not None and xfs else ""))
            rows.append(row)
        ranges = [(r0, r1, c0, c1) for r0, r1, c0, c1 in getattr(sheet, "merged_cells", [])]
        _fill(rows, ranges)
        grids.append(Grid(sheet.name, rows))
    return grids


EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1/1/1900 (with Excel's 1900 leap-year bug past 60)
