"""The register of one body and year as an Excel workbook (title rows, frozen header, dd/mm/yyyy).
Documents marked MẬT are never in a bulk export: they are left out and counted in a note."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dvk.documents.models import Document, Secrecy
from dvk.documents.selectors import releasable
from dvk.organisations.models import Organisation

FONT = "Times New Roman"
THIN = Side(style="thin", color="999999")
WIDTHS = (6, 20, 12, 18, 60, 26, 36, 12)


def register_workbook(*, body: Organisation, year: int, qs: QuerySet[Document]) -> bytes:
    headers = [
        _("Row no."),
        _("Number and symbol"),
        _("Date"),
        _("Document type"),
        _("Summary"),
        _("Signed by"),
        _("Recipients"),
        _("Urgency"),
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = str(year)
    ws.append([_("REGISTER OF OUTGOING DOCUMENTS")])
    ws.append([f"{body.name} — {_('year')} {year}"])
    ws.append([_("Exported on %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}])
    ws.append([])
    ws.append(headers)
    for row in (1, 2, 3):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        ws.cell(row, 1).font = Font(name=FONT, size=14 if row == 1 else 12, bold=row == 1, italic=row == 3)
        ws.cell(row, 1).alignment = Alignment(horizontal="center")
    for col in range(1, len(headers) + 1):
        cell = ws.cell(5, col)
        cell.font = Font(name=FONT, bold=True, size=12)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
        cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[col - 1]
    ws.freeze_panes = "A6"
    rows = releasable(qs).order_by("issued_on", "doc_type", "sequence", "id")
    for i, d in enumerate(rows.iterator(chunk_size=2000), start=1):
        ws.append(
            [
                i,
                d.number,
                d.issued_on,
                d.get_doc_type_display(),
                d.title,
                d.signer_name,
                "; ".join(d.recipients or []),
                d.urgency_mark,
            ]
        )
        r = ws.max_row
        for col in range(1, len(headers) + 1):
            cell = ws.cell(r, col)
            cell.font = Font(name=FONT, size=12)
            cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
            cell.alignment = Alignment(vertical="top", wrap_text=col in (5, 7))
        ws.cell(r, 3).number_format = "dd/mm/yyyy"
    withheld = qs.exclude(secrecy=Secrecy.NORMAL).count()
    if withheld:
        ws.append([])
        ws.append(
            [
                _("%(n)s document(s) marked secret are not exported; consult them in the paper register.")
                % {"n": withheld}
            ]
        )
        ws.cell(ws.max_row, 1).font = Font(name=FONT, size=12, italic=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
