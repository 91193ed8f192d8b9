"""The register of one body and year as an Excel workbook (title rows, frozen header, dd/mm/yyyy).
Documents marked MẬT are never in a bulk export: they are left out and counted in a note."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from dvk.core.sheets import FONT, box_last_row, titled_sheet, workbook_bytes
from dvk.documents.models import Document, Secrecy
from dvk.documents.selectors import releasable
from dvk.organisations.models import Organisation

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
    wb, ws = titled_sheet(
        name=str(year),
        titles=[
            _("REGISTER OF OUTGOING DOCUMENTS"),
            f"{body.name} — {_('year')} {year}",
            _("Exported on %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")},
        ],
        headers=headers,
        widths=WIDTHS,
    )
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
        box_last_row(ws, len(headers), wrap=(5, 7), dates=(3,))
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
    return workbook_bytes(wb)
