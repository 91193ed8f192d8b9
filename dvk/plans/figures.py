"""The plans' figures for a period (dvk.core.figures contract): report progress and late bodies.

Reports submitted, accepted and returned in the period are counted on write (every ReportEvent
adds one in dvk.stats). What is due and what is late is a state, read from the reports due in
the period on the (org_path, stage, due_on) index, grouped by body in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.core.figures import Figure, Period, Section, Table
from dvk.organisations.scoping import scope_for
from dvk.plans.models import Report
from dvk.plans.workflow import ReportStage
from dvk.stats import counters
from dvk.stats.counters import Track

DOMAIN = "plans"
COUNTERS = (Track(DOMAIN, "plans.ReportEvent", subject="report"),)
LATE_LIMIT = 10
OPEN_REPORT = (ReportStage.DUE, ReportStage.RETURNED)


def _matrix_url(**params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("plans:matrix") + (f"?{query}" if query else "")


def _reports_in(prefixes: tuple[str, ...], period: Period) -> Any:
    """Reports due in the period under the prefixes (the scope, or one body and its predecessors)."""
    if not prefixes:
        return Report.objects.none()
    return Report.objects.filter(counters.path_q(prefixes), due_on__gte=period.start, due_on__lte=period.end)


def section(
    user: Any, period: Period, unit: int | None = None, field: str | None = None, today: dt.date | None = None
) -> Section:
    today = today or timezone.localdate()
    prefixes = counters.scope_prefixes(user, unit)
    if scope_for(user).everything and not unit:
        prefixes = ()  # a superuser: every province; read the reports without a prefix condition
        due = Report.objects.filter(due_on__gte=period.start, due_on__lte=period.end)
        flow_prefixes = counters.prefixes_for(user)
    else:
        due = _reports_in(prefixes, period)
        flow_prefixes = prefixes
    # one grouped pass over the reports due in the period: totals and the late bodies together
    state = {"due": 0, "done": 0, "accepted": 0, "late": 0}
    late_by_body: dict[str, dict[str, int]] = {}
    for row in (
        due.order_by()
        .values("org_path")
        .annotate(
            due=Count("id"),
            done=Count("id", filter=Q(stage__in=[ReportStage.SUBMITTED, ReportStage.ACCEPTED])),
            accepted=Count("id", filter=Q(stage=ReportStage.ACCEPTED)),
            late=Count("id", filter=Q(stage__in=OPEN_REPORT, due_on__lt=today)),
        )
    ):
        for key in state:
            state[key] += row[key]
        if row["late"]:
            late_by_body[row["org_path"]] = {"late": row["late"]}
    flow = counters.totals(
        DOMAIN, flow_prefixes, period.start, period.end, metrics=["submit", "accept", "return"]
    )
    rate = round(100 * state["done"] / state["due"]) if state["due"] else None

    worst = dict(sorted(late_by_body.items(), key=lambda kv: (-kv[1]["late"], kv[0]))[: LATE_LIMIT * 2])
    merged = counters.merge_under_successors(worst)[:LATE_LIMIT]
    matrix = _matrix_url(unit=unit)
    figures = [
        Figure("reports_due", _("Reports due in the period"), state["due"], drill_url=matrix),
        Figure("reports_done", _("Reports submitted"), state["done"], drill_url=matrix),
        Figure("reports_accepted", _("Reports accepted"), state["accepted"], drill_url=matrix),
        Figure("reports_late", _("Reports overdue"), state["late"], drill_url=matrix),
        Figure("progress_rate", _("Reports submitted of those due"), rate, "%"),
        Figure("submitted_in_period", _("Reports sent in the period"), flow.get("submit", 0)),
        Figure("returned_in_period", _("Reports returned for changes"), flow.get("return", 0)),
    ]
    progress = Table(
        "report_progress",
        _("Progress of reports due in the period"),
        [_("Status"), _("Reports")],
        [
            [_("Accepted"), state["accepted"]],
            [_("Awaiting review"), state["done"] - state["accepted"]],
            [_("Overdue"), state["late"]],
            [_("Not yet due"), max(0, state["due"] - state["done"] - state["late"])],
        ],
        chart="doughnut",
        drill_urls=[matrix] * 4,
    )
    late = Table(
        "late_bodies",
        _("Late bodies"),
        [_("Body"), _("Overdue reports")],
        [[body.name, c["late"]] for body, c in merged],
        chart="bar",
        drill_urls=[_matrix_url(unit=body.pk) for body, _c in merged],
    )
    return Section(DOMAIN, _("Plans and reports"), figures=figures, tables=[progress, late], order=30)
