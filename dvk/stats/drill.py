"""Drill-down from a dashboard figure to a domain's list: the pieces every list shares to hold
exactly the rows a figure counts.

A figure counts over a body's subtree and the history of the bodies merged into it
(`counters.subtree_prefixes`), and over whole months (the counters' buckets). Its link carries
`under=<body id>` and `from` / `to` (dd/mm/yyyy, the first day of the period's first month and the
last day of its last month, `period_params`); the list reads them back with `under_q`,
`parse_day` and `day_q` / `moment_q`. A malformed value is ignored (never an error page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from dvk.core.figures import Period
from dvk.core.forms import DATE_INPUT_FORMATS


def whole_months(period: Period) -> tuple[dt.date, dt.date]:
    """The first day of the period's first month and the last day of its last month: what the
    counters count for it."""
    start = period.start.replace(day=1)
    end = (period.end.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def period_params(period: Period) -> dict[str, str]:
    start, end = whole_months(period)
    return {"from": start.strftime("%d/%m/%Y"), "to": end.strftime("%d/%m/%Y")}


def parse_day(value: Any) -> dt.date | None:
    """A day in a list's URL as the date fields take it (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or ISO),
    years 1900–2999; anything else None (ignored, never an error page)."""
    text = str(value or "").strip()[:10]
    for fmt in DATE_INPUT_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a day, no time)
        except ValueError:
            continue
        return day if 1900 <= day.year <= 2999 else None
    return None


def day_q(field: str, start: dt.date | None, end: dt.date | None) -> Q:
    """A date field within [start, end] (either side open when None)."""
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": start})
    if end:
        q &= Q(**{f"{field}__lte": end})
    return q


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def moment_q(field: str, start: dt.date | None, end: dt.date | None) -> Q:
    """A date-time field on a local day within [start, end] (as the counters bucket an event)."""
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": _day_start(start)})
    if end:
        q &= Q(**{f"{field}__lt": _day_start(end + dt.timedelta(days=1))})
    return q


def under_q(body_id: int | None, path_field: str = "org_path", root_field: str = "org_root") -> Q:
    """Rows of a body's subtree and of the bodies merged into it (its history), as the counters
    count "this unit"; an unknown body: no rows. Two queries (the body, its history)."""
    from dvk.organisations.models import Organisation
    from dvk.stats import counters

    if not body_id:
        return Q()
    body = Organisation.objects.filter(pk=body_id).only("pk", "path").first()
    prefixes = counters.subtree_prefixes(body) if body is not None else ()
    return counters.path_q(prefixes, path_field, root_field)
