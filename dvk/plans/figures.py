"""The plans' figures for a period (dvk.core.figures contract): report progress and late bodies.

All counted on write in dvk.stats. Reports sent, accepted and returned in the period: every
ReportEvent adds one to its action in the month it happened. Reports due in the period by their
state: each new Report adds one to "state:<stage>" in its due month, each ReportEvent moves one
from the old stage to the new (a stock kept as counts, recounted from the reports' current stage).
Late is "still due or returned" for the months already over, plus the reports of the current
month whose day has passed (one small query on the (org_path, stage, due_on) index)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.db.models import CharField, Count, F, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.core.figures import Figure, Period, Section, Table
from dvk.organisations.models import SEGMENT
from dvk.plans.models import Report
from dvk.plans.workflow import ReportStage
from dvk.stats import counters, drill
from dvk.stats.counters import Track

DOMAIN = "plans"
COUNTERS = (
    Track(DOMAIN, "plans.ReportEvent", subject="report"),
    Track(
        DOMAIN,
        "plans.Report",
        metric=lambda report: f"state:{report.stage}",
        day=lambda report: report.due_on,
        metric_sql=Concat(Value("state:"), F("stage"), output_field=CharField()),
        day_sql=F("due_on"),
        deletes=True,
    ),
    Track(
        DOMAIN,
        "plans.ReportEvent",
        subject="report",
        day=lambda event: event.report.due_on,
        delta=lambda event: [(f"state:{event.from_stage}", -1), (f"state:{event.to_stage}", 1)],
        recount=False,
    ),
)
LATE_LIMIT = 10
OPEN_REPORT = (ReportStage.DUE, ReportStage.RETURNED)
STATES = [f"state:{s}" for s in ReportStage.values]
OPEN_STATES = [f"state:{s}" for s in OPEN_REPORT]


def reports_url(period: Period, under: int | None, state: str = "") -> str:
    """The list of the reports counted (dvk.plans.lists.REPORTS): due in the months counted, in the
    unit's subtree (with the bodies merged into it), in `state` ("done", "accepted", "waiting",
    "late", "upcoming"; all when empty)."""
    params = {"state": state, "under": under, **drill.period_params(period)}
    return reverse("plans:report_list") + "?" + urlencode({k: v for k, v in params.items() if v})


def report_state(
    prefixes: tuple[str, ...], period: Period, today: dt.date
) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """The reports due in the period by state ("due", "done" = submitted or accepted, "accepted",
    "late") over the prefixes, and the late ones per body one level below (node path → {"late"}):
    from the counters, plus this month's reports whose day has passed (one small query on the
    (org_path, stage, due_on) index). What the dashboard and the home widget show."""
    month_start = today.replace(day=1)
    state = counters.totals(DOMAIN, prefixes, period.start, period.end, metrics=STATES)
    accepted = state.get(f"state:{ReportStage.ACCEPTED}", 0)
    done = state.get(f"state:{ReportStage.SUBMITTED}", 0) + accepted
    # late: the open reports of the months already over, then this month's whose day has passed
    late_units: dict[str, dict[str, int]] = defaultdict(lambda: {"late": 0})
    late = 0
    past_end = min(period.end, month_start - dt.timedelta(days=1))
    if period.start <= past_end:
        past = counters.totals(DOMAIN, prefixes, period.start, past_end, metrics=OPEN_STATES)
        late += sum(past.values())
        for path, c in counters.by_child(
            DOMAIN, prefixes, period.start, past_end, metrics=OPEN_STATES
        ).items():
            late_units[path]["late"] += sum(c.values())
    if period.start <= today and period.end >= month_start and prefixes:
        late += _late_this_month(prefixes, period, today, late_units)
    view = {"due": sum(state.values()), "done": done, "accepted": accepted, "late": late}
    return view, dict(late_units)


def _late_this_month(
    prefixes: tuple[str, ...], period: Period, today: dt.date, late_units: dict[str, dict[str, int]]
) -> int:
    current = (
        Report.objects.filter(
            counters.path_q(prefixes),
            stage__in=OPEN_REPORT,
            due_on__gte=max(period.start, today.replace(day=1)),
            due_on__lt=today,
            due_on__lte=period.end,
        )
        .order_by()
        .values("org_path")
        .annotate(n=Count("id"))
    )
    late = 0
    for row in current:
        late += row["n"]
        owner = next((p for p in prefixes if row["org_path"].startswith(p)), "")
        child = row["org_path"][: len(owner) + SEGMENT]
        if owner and len(row["org_path"]) > len(owner):
            late_units[child]["late"] += row["n"]
    return late


def late_bodies(late_units: dict[str, dict[str, int]], limit: int = LATE_LIMIT) -> list[tuple[Any, int]]:
    """(body carrying it on today, overdue reports) of the bodies with the most, largest first."""
    merged = counters.merge_under_successors(late_units)
    return [(b, c["late"]) for b, c in merged if c.get("late")][:limit]


def section(
    user: Any, period: Period, unit: int | None = None, field: str | None = None, today: dt.date | None = None
) -> Section:
    today = today or timezone.localdate()
    prefixes = counters.scope_prefixes(user, unit)
    state_view, late_units = report_state(prefixes, period, today)
    due, done = state_view["due"], state_view["done"]
    flow = counters.totals(DOMAIN, prefixes, period.start, period.end, metrics=["submit", "accept", "return"])
    rate = round(100 * done / due) if due else None
    merged = late_bodies(late_units)

    def link(state: str = "") -> str:
        return reports_url(period, unit, state)

    figures = [
        Figure("reports_due", _("Reports due in the period"), state_view["due"], drill_url=link()),
        Figure("reports_done", _("Reports submitted"), state_view["done"], drill_url=link("done")),
        Figure("reports_accepted", _("Reports accepted"), state_view["accepted"], drill_url=link("accepted")),
        Figure("reports_late", _("Reports overdue"), state_view["late"], drill_url=link("late")),
        Figure("progress_rate", _("Reports submitted of those due"), rate, "%"),
        Figure("submitted_in_period", _("Reports sent in the period"), flow.get("submit", 0)),
        Figure("returned_in_period", _("Reports returned for changes"), flow.get("return", 0)),
    ]
    progress = Table(
        "report_progress",
        _("Progress of reports due in the period"),
        [_("Status"), _("Reports")],
        [
            [_("Accepted"), state_view["accepted"]],
            [_("Awaiting review"), state_view["done"] - state_view["accepted"]],
            [_("Overdue"), state_view["late"]],
            [_("Not yet due"), max(0, state_view["due"] - state_view["done"] - state_view["late"])],
        ],
        chart="doughnut",
        drill_urls=[link("accepted"), link("waiting"), link("late"), link("upcoming")],
    )
    late_table = Table(
        "late_bodies",
        _("Late bodies"),
        [_("Body"), _("Overdue reports")],
        [[body.name, n] for body, n in merged],
        chart="bar",
        drill_urls=[reports_url(period, body.pk, "late") for body, _n in merged],
    )
    return Section(DOMAIN, _("Plans and reports"), figures=figures, tables=[progress, late_table], order=30)
