"""The monitoring matrix as an Excel workbook: title rows, Times New Roman, dd/mm/yyyy dates."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dvk.plans.models import Plan
from dvk.plans.selectors import matrix_queryset

FONT = "Times New Roman"
THIN = Side(style="thin", color="999999")
MAX_ROWS = 200_000


def matrix_workbook(*, user: Any, plan: Plan, section=None, kind: str = "", unit: int | None = None) -> bytes:
    today = timezone.localdate()
    wb = Workbook()
    ws = wb.active
    ws.title = _("Monitoring")[:31]
    headers = [
        _("Row no."),
        _("Body"),
        _("Kind of body"),
        _("Section"),
        _("Task"),
        _("Due on"),
        _("Stage"),
        _("Progress (%)"),
        _("Last report"),
        _("Overdue"),
    ]
    ws.append([_("PROGRESS OF THE PLAN BY BODY AND TASK")])
    ws.append([f"{plan.display_number} — {plan.title}".strip(" —")])
    ws.append([_("Exported on %(date)s") % {"date": today.strftime("%d/%m/%Y")}])
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
    qs = (
        matrix_queryset(user=user, plan=plan, section=section, kind=kind, unit=unit)
        .select_related("organisation", "task", "task__section")
        .order_by("org_path", "task__order", "id")
    )
    late_possible = plan.stage == "issued"
    for i, a in enumerate(qs[:MAX_ROWS].iterator(chunk_size=2000), start=1):
        last = timezone.localtime(a.last_report_at).date() if a.last_report_at else None
        ws.append(
            [
                i,
                a.organisation.name,
                a.organisation.get_kind_display(),
                str(a.task.section) if a.task.section_id else "",
                a.task.title,
                a.due_on,
                a.get_stage_display(),
                a.progress_percent,
                last,
                _("Yes") if late_possible and a.is_overdue(today) else "",
            ]
        )
        r = ws.max_row
        for col in range(1, len(headers) + 1):
            cell = ws.cell(r, col)
            cell.font = Font(
                name=FONT, size=12, color="C00000" if late_possible and a.is_overdue(today) else None
            )
            cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
            cell.alignment = Alignment(vertical="top", wrap_text=col in (2, 4, 5))
        ws.cell(r, 6).number_format = "dd/mm/yyyy"
        ws.cell(r, 9).number_format = "dd/mm/yyyy"
    for col, width in enumerate([6, 36, 18, 28, 60, 12, 14, 10, 14, 10], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "C6"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
