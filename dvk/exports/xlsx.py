"""A list as an XLSX workbook, streamed with openpyxl's write-only mode: rows go to the file as
they are read (memory stays flat however long the list: docs/benchmarks.md), the header is
frozen, the columns fitted to the first rows, numbers and dates are real cells shown the
Vietnamese way (1.234,5 and dd/mm/yyyy)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import chain, islice
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dvk.core.listing import BOOL, DATE, DATETIME, DECIMAL, NUMBER, Column, ListSpec, Params

FONT = "Times New Roman"
# "[$-42A]" is the Vietnamese locale: Excel shows the separators of the reader's settings, the
# locale tag keeps dates and digits Vietnamese for readers whose settings are not.
FORMATS = {
    NUMBER: "[$-42A]#,##0",
    DECIMAL: "[$-42A]#,##0.##",
    DATE: "dd/mm/yyyy",
    DATETIME: "dd/mm/yyyy hh:mm",
}
FIT_ROWS = 200  # the first rows read to fit the column widths
MAX_WIDTH, MIN_WIDTH = 60, 8
HEADER_ROW = 4


def cell_value(column: Column, value: Any) -> Any:
    """What the sheet stores: numbers and dates as such, booleans as Có/Không, the rest as text."""
    if value is None or value == "":
        return None
    if column.kind == BOOL or isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date | int | float | Decimal):
        return value
    return str(value)


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, int | float | Decimal):
        return len(f"{value:,}") + 1
    return max((len(line) for line in str(value).splitlines()), default=0)


def write(
    out: IO[bytes],
    *,
    spec: ListSpec,
    params: Params,
    rows: Iterable[Any],
    total: int,
    progress: Callable[[int], None] | None = None,
    every: int = 1000,
) -> int:
    """Write `rows` (model instances) as the list `spec` shows them to `out`; returns the count."""
    columns = spec.export_columns
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(spec.title)[:31].translate({ord(c): "-" for c in "[]:*?/\\"}))
    iterator: Iterator[Any] = iter(rows)
    head = [[cell_value(c, c.read(r)) for c in columns] for r in islice(iterator, FIT_ROWS)]
    for i, c in enumerate(columns):
        fitted = max([_width(str(c.header)), *(_width(v[i]) for v in head)]) + 2
        width = c.width or max(MIN_WIDTH, min(MAX_WIDTH, fitted))
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"

    title = WriteOnlyCell(ws, value=str(spec.title).upper())
    title.font = Font(name=FONT, size=14, bold=True)
    ws.append([title])
    filters = "; ".join(f"{label}: {value}" for label, value in spec.describe_filters(params))
    line = _("Exported on %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}
    line += f" — {_('%(n)s rows') % {'n': f'{total:,}'.replace(',', '.')}}"
    if filters:
        line += f" — {filters}"
    info = WriteOnlyCell(ws, value=line)
    info.font = Font(name=FONT, size=11, italic=True)
    ws.append([info])
    note = WriteOnlyCell(ws, value=str(spec.export_note) if spec.exportable and spec.export_note else None)
    note.font = Font(name=FONT, size=11, italic=True)
    ws.append([note])
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=str(c.header))
        cell.font = Font(name=FONT, bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)

    styled = {i: FORMATS[c.kind] for i, c in enumerate(columns) if c.kind in FORMATS}
    n = 0
    rest = ([cell_value(c, c.read(r)) for c in columns] for r in iterator)
    for values in chain(head, rest):
        if styled:
            out_row: list[Any] = list(values)
            for i, fmt in styled.items():
                if out_row[i] is not None and not isinstance(out_row[i], str):
                    cell = WriteOnlyCell(ws, value=out_row[i])
                    cell.number_format = fmt
                    out_row[i] = cell
            ws.append(out_row)
        else:
            ws.append(values)
        n += 1
        if progress and n % every == 0:
            progress(n)
    wb.save(out)
    return n
