"""Reads of periodic reports for the pages: scoped through the kit, related rows joined so the
number of queries does not grow with the rows shown."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dvk.reports.models import Kind, PeriodicReport


def report_list(*, user: Any, kind: str = "", year: int | None = None) -> QuerySet[PeriodicReport]:
    qs = PeriodicReport.objects.visible_to(user).select_related("organisation", "document", "created_by")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(period_end__year=year)
    return qs.order_by("-period_end", "-id")


def report_detail_qs(user: Any) -> QuerySet[PeriodicReport]:
    return PeriodicReport.objects.visible_to(user).select_related(
        "organisation__unit", "organisation__parent", "document__organisation", "created_by"
    )
