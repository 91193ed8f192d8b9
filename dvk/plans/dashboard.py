"""Home widgets: the reports due this year and the late bodies for coordinators and leaders (from
the counters), open work for body staff."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.core.dashboard import Widget
from dvk.core.figures import Period
from dvk.plans import figures, selectors
from dvk.stats import counters


def _report_widgets(user: Any) -> list[Widget]:
    """The reports due this year in the user's scope by state, and the bodies with the most
    overdue: read from the counters kept on write (dvk.plans.figures.report_state, the numbers
    of the dashboard's plans section for the year), never a scan of the province's assignments."""
    today = timezone.localdate()
    year = Period.year(today.year)
    state, late_units = figures.report_state(counters.scope_prefixes(user), year, today)
    late = figures.late_bodies(late_units, limit=5)
    rate = round(100 * state["done"] / state["due"]) if state["due"] else 0
    listed = figures.reports_url(year, None)  # the reports counted, as the dashboard links them
    return [
        Widget(
            _("Plan reports due this year"),
            f"{rate}%",
            listed,
            "graph-up",
            detail=_("%(n)s reports due") % {"n": state["due"]},
            rows=[
                (_("Accepted"), state["accepted"]),
                (_("Awaiting review"), state["done"] - state["accepted"]),
                (_("Overdue"), state["late"]),
            ],
            order=20,
        ),
        Widget(
            _("Late bodies"),
            len(late),
            figures.reports_url(year, None, "late"),
            "exclamation-triangle",
            rows=[(body.name, n) for body, n in late],
            order=21,
        ),
    ]


def widgets(user: Any) -> list[Widget]:
    out: list[Widget] = []
    if user.has_perm("plans.view_dashboard"):
        out.extend(_report_widgets(user))
    if user.has_perm("plans.work_on_assignment"):
        mine = selectors.assignment_list(user=user, mine=True).open()
        overdue = mine.overdue().count()
        out.append(
            Widget(
                _("My open assignments"),
                mine.count(),
                reverse("plans:my_assignments"),
                "list-check",
                detail=_("%(n)s overdue") % {"n": overdue},
                order=22,
            )
        )
    return out
