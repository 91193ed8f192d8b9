"""Bench routes of periodic reports: the list and one report's page (figures of every domain as
stored in the draft, narrative form, history). The generated province has no report, so the first
route that needs one drafts a yearly report of the coordinator's body through the service (once per
run, memoised): the page then shows every domain's sections at the province's scale."""

from __future__ import annotations

from typing import Any

from benchmarks.routes import Route, Skip, import_or_skip, need, url


def _report(ctx: Any) -> int:
    model = need("reports", "PeriodicReport")

    def find() -> int:
        pk = (
            model.objects.filter(org_path__startswith=ctx.root_path)
            .order_by("-id")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is not None:
            return pk
        from django.utils import timezone

        from dvk.core.figures import Period
        from dvk.organisations.models import Membership

        create_report = import_or_skip("dvk.reports.services.create_report")
        user = ctx.user("coordinator")
        seat = (
            Membership.objects.filter(user=user, role__in=Membership.Role.COORDINATE)
            .select_related("organisation")
            .first()
        )
        if seat is None:
            raise Skip("the coordinator has no coordinating seat in the generated province")
        report = create_report(
            by=user,
            organisation=seat.organisation,
            kind="year",
            period=Period.year(timezone.localdate().year),
        )
        return report.pk

    return ctx.memo("reports-report", find)


def _list_query(ctx: Any) -> Any:
    report_list = import_or_skip("dvk.reports.selectors.report_list")
    return report_list(user=ctx.user("coordinator"))[:25]


REPORTS = [
    Route(
        "periodic reports list (coordinator)",
        "reports",
        "coordinator",
        "list",
        150,
        lambda ctx: url("reports:list"),
        main_query=_list_query,
        admin=lambda ctx: "/quan-tri/reports/periodicreport/",
    ),
    Route(
        "periodic report detail (coordinator)",
        "reports",
        "coordinator",
        "detail",
        200,
        lambda ctx: url("reports:detail", _report(ctx)),
        notes="figures as stored in the draft: no domain is counted on this page",
    ),
]
