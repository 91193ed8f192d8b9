"""Dashboards: the Ban's province overview and a body officer's "what is due from me".

Both compose the domains' figures (dvk.core.figures.sections, read through the plugin registry:
this app imports no domain). Filters live in the URL (?period=2026-Q1&unit=<body id>&field=<code>);
charts are drawn by static/stats/dashboard.js from a JSON data island, each above its table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.core.access import require
from dvk.core.dashboard import Widget
from dvk.core.figures import Period, Section, sections
from dvk.core.plugins import contributions
from dvk.core.validation import parse_id
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import scope_for
from dvk.stats import counters


def period_choices(today: dt.date) -> list[Period]:
    """The presets offered in the filter: this and last month, quarter, half-year and year."""
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    quarter = (today.month - 1) // 3 + 1
    return [
        Period.month(today.year, today.month),
        Period.month(last_month.year, last_month.month),
        Period.quarter(today.year, quarter),
        Period.half_year(today.year, 1 if today.month <= 6 else 2),
        Period.half_year(today.year - 1 if today.month <= 6 else today.year, 2 if today.month <= 6 else 1),
        Period.year(today.year),
        Period.year(today.year - 1),
    ]


def read_filters(request: HttpRequest, default: Period) -> tuple[Period, Organisation | None, str, list[str]]:
    """(period, unit, field, errors) from the query string; bad input is a message, never a 500.
    A body outside the user's scope is a 404 (its existence is not revealed)."""
    errors: list[str] = []
    period = default
    code = request.GET.get("period", "")
    if code:
        try:
            period = Period.from_code(code)
        except ValueError as exc:
            errors.append(str(exc))
    unit = None
    raw_unit = request.GET.get("unit", "")
    if raw_unit:
        unit_id = parse_id(raw_unit)
        if unit_id is None:
            errors.append(_("The body was not recognised; showing the whole scope."))
        else:
            unit = Organisation.objects.visible_to(request.user).filter(pk=unit_id).first()
            if unit is None:
                raise Http404
    return period, unit, (request.GET.get("field", "") or "")[:60], errors


def unit_choices(user: Any, unit: Organisation | None) -> list[Organisation]:
    """The bodies offered in the filter: the user's own bodies and the bodies one level below
    each (today's, not the closed ones), plus the chosen one. Two queries."""
    scope = scope_for(user)
    own = [g.path for g in scope.grants] or (
        list(Organisation.objects.filter(depth=1).values_list("path", flat=True)) if scope.everything else []
    )
    if not own:
        return [unit] if unit else []
    from django.db.models import Q

    condition = Q()
    for path in set(own):
        condition |= Q(path=path) | Q(parent__path=path)
    today = timezone.localdate()
    bodies = list(
        Organisation.objects.filter(condition)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("path")
        .only("id", "name", "path", "depth")[:300]
    )
    if unit and all(b.pk != unit.pk for b in bodies):
        bodies.insert(0, unit)
    return bodies


def _with(periods: list[Period], chosen: Period) -> list[Period]:
    return periods if any(p.code == chosen.code for p in periods) else [*periods, chosen]


def chart_island(found: list[Section]) -> list[dict[str, Any]]:
    return [
        t.chart_data() | {"id": f"chart-{s.key}-{t.key}"}
        for s in found
        for t in s.tables
        if t.chart and t.rows
    ]


def _context(
    request: HttpRequest, found: list[Section], period: Period, unit: Any, field: str, errors: list[str]
) -> dict:
    today = timezone.localdate()
    fields: dict[str, str] = {}
    for s in found:
        for code, label in s.fields:
            fields.setdefault(code, str(label))
    return {
        "sections": found,
        "charts": chart_island(found),
        "period": period,
        "periods": _with(period_choices(today), period),
        "unit": unit,
        "units": unit_choices(request.user, unit),
        "field": field,
        "fields": sorted(fields.items(), key=lambda kv: kv[1]),
        "errors": errors,
    }


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The province overview (the Ban and body leaders, over their scope): every domain's figures."""
    require(request.user, "stats.view_overview")
    today = timezone.localdate()
    period, unit, field, errors = read_filters(request, Period.year(today.year))
    with counters.one_read():
        found = sections(request.user, period, unit=unit.pk if unit else None, field=field or None)
    ctx = _context(request, found, period, unit, field, errors)
    ctx["title"] = _("Overview")
    return render(request, "stats/dashboard.html", ctx)


def _own_body(user: Any) -> Organisation | None:
    membership = (
        Membership.objects.filter(user=user, role__in=Membership.Role.BELONG)
        .select_related("organisation")
        .order_by("organisation__depth", "id")
        .first()
    )
    return membership.organisation if membership else None


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """What is due from me: the open and overdue work the domains list for the user (their home
    widgets), then the figures of the user's own body for the period (this month by default)."""
    require(request.user, "stats.view_mine")
    today = timezone.localdate()
    period, unit, field, errors = read_filters(request, Period.month(today.year, today.month))
    unit = unit or _own_body(request.user)
    widgets: list[Widget] = []
    for widgets_of in contributions("dashboard"):
        widgets.extend(widgets_of(request.user))
    widgets.sort(key=lambda w: w.order)
    with counters.one_read():
        found = sections(request.user, period, unit=unit.pk if unit else None, field=field or None)
    ctx = _context(request, found, period, unit, field, errors)
    ctx.update(title=_("What is due from me"), widgets=widgets, mine=True)
    return render(request, "stats/dashboard.html", ctx)
