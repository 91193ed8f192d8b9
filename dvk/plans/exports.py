"""The monitoring matrix as an Excel workbook: title rows, Times New Roman, dd/mm/yyyy dates."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.core.sheets import box_last_row, titled_sheet, workbook_bytes
from dvk.plans.models import Plan
from dvk.plans.selectors import matrix_queryset

MAX_ROWS = 200_000


def matrix_workbook(*, user: Any, plan: Plan, section=None, kind: str = "", unit: int | None = None) -> bytes:
    today = timezone.localdate()
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
    wb, ws = titled_sheet(
        name=_("Monitoring"),
        titles=[
            _("PROGRESS OF THE PLAN BY BODY AND TASK"),
            f"{plan.display_number} — {plan.title}".strip(" —"),
            _("Exported on %(date)s") % {"date": today.strftime("%d/%m/%Y")},
        ],
        headers=headers,
        widths=[6, 36, 18, 28, 60, 12, 14, 10, 14, 10],
        freeze="C6",
    )
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
        box_last_row(
            ws,
            len(headers),
            wrap=(2, 4, 5),
            dates=(6, 9),
            color="C00000" if late_possible and a.is_overdue(today) else None,
        )
    return workbook_bytes(wb)
