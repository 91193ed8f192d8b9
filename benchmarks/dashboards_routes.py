"""Bench routes of the dashboards (dvk.stats) and the released statistics page (dvk.public):
the Ban's province overview for a year and for a quarter and one field, a commune officer's
"what is due from me", and the anonymous /so-lieu/. The overview reads counters kept on write
(dvk.stats.counters), not the province's rows; its main query is the counters it sums."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.routes import Route, import_or_skip, need, url


def _year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _counter_query(ctx: Any) -> Any:
    counter = need("stats", "Counter")
    prefixes_for = import_or_skip("dvk.stats.counters.prefixes_for")
    start = dt.date(_year(), 1, 1)
    return counter.objects.filter(
        domain="exemplars", node_path__in=list(prefixes_for(ctx.user("coordinator"))), bucket__gte=start
    )


DASHBOARDS = [
    Route(
        "dashboard overview (Ban, year)",
        "stats",
        "coordinator",
        "dashboard",
        300,
        lambda ctx: url("stats:overview", query=f"period={_year()}"),
        main_query=_counter_query,
    ),
    Route(
        "dashboard overview (Ban, quarter + field)",
        "stats",
        "coordinator",
        "dashboard",
        300,
        lambda ctx: url("stats:overview", query=f"period={_year()}-Q1&field=kinh-te"),
    ),
    Route(
        "dashboard: due from me (commune officer)",
        "stats",
        "officer",
        "dashboard",
        300,
        lambda ctx: url("stats:mine"),
    ),
    Route(
        "released statistics (public)",
        "public",
        "public",
        "public",
        100,
        lambda ctx: url("public:statistics"),
    ),
]
