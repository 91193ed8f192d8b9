"""The citizens' figures for a period (dvk.core.figures contract): cases received by kind and by
field, taken up and settled, and the cases overdue now.

Counted on write in dvk.stats: each new Case adds one to "received:<kind>" in the month it was
received, each CaseEvent one to "to:<stage>" in the month it happened. Overdue is a state: the
open cases counted on write (dvk.citizens.monitor) less those still in time (selectors.open_now)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import Case as CaseWhen
from django.db.models import CharField, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.citizens import monitor, selectors
from dvk.citizens.models import Case, CaseEvent, Field
from dvk.citizens.workflow import CASE_KINDS, OPEN_STAGES, Kind, Stage
from dvk.core.figures import Figure, Period, Section, Table
from dvk.stats import counters, drill
from dvk.stats.counters import Track

DOMAIN = "citizens"
SETTLED = (Stage.ANSWERED, Stage.DECIDED, Stage.CLOSED, Stage.GUIDED, Stage.STORED)


def _root_code(case: Any) -> str:
    field = case.field
    if field is None:
        return ""
    return field.parent.code if field.parent_id else field.code


def _earlier(case: Any, into: Q, at: Any, pk: Any) -> Any:
    """The case's events `into` a stage (a Q on to_stage) before this one (by time, then id)."""
    return CaseEvent.objects.filter(into, case_id=case).filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))


def _first_arrival(event: Any) -> str | None:
    """What a CaseEvent counts: "settled" the first time the case reaches a settled stage (answered
    and then closed is one case settled), "to:<stage>" the first time it reaches another stage;
    nothing when it was there before. The figures count cases, as the lists they open hold them
    (`step`, dvk.citizens.lists)."""
    settled = event.to_stage in SETTLED
    into = Q(to_stage__in=SETTLED) if settled else Q(to_stage=event.to_stage)
    if _earlier(event.case_id, into, event.at, event.pk).exists():
        return None
    return "settled" if settled else f"to:{event.to_stage}"


def _first_arrival_sql() -> Any:
    """`_first_arrival` as an expression on the event (the grouped recount)."""
    here = (OuterRef("at"), OuterRef("pk"))
    return CaseWhen(
        When(
            to_stage__in=SETTLED,
            then=CaseWhen(
                When(Exists(_earlier(OuterRef("case_id"), Q(to_stage__in=SETTLED), *here)), then=Value(None)),
                default=Value("settled"),
            ),
        ),
        When(
            Exists(_earlier(OuterRef("case_id"), Q(to_stage=OuterRef("to_stage")), *here)), then=Value(None)
        ),
        default=Concat(Value("to:"), F("to_stage")),
        output_field=CharField(),
    )


COUNTERS = (
    Track(
        DOMAIN,
        "citizens.Case",
        metric=lambda case: f"received:{case.kind}",
        day=lambda case: case.received_on,
        field=_root_code,
        related=("field__parent",),
        metric_sql=Concat(Value("received:"), F("kind"), output_field=CharField()),
        day_sql=F("received_on"),
        field_sql=Coalesce(F("field__parent__code"), F("field__code"), Value("")),
    ),
    Track(
        DOMAIN,
        "citizens.CaseEvent",
        subject="case",
        metric=_first_arrival,
        field=_root_code,
        related=("case__field__parent",),
        metric_sql=_first_arrival_sql(),
        field_sql=Coalesce(F("case__field__parent__code"), F("case__field__code"), Value("")),
    ),
    *monitor.TRACKS,  # the monitoring view's state (dvk.citizens.monitor)
)


def _url(**params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("citizens:worklist") + (f"?{query}" if query else "")


def _drill(period: Period, step: str, field: int | None, under: int | None, **more: Any) -> str:
    """The worklist of the cases counted (open or not): received in the months counted, or taken
    up or settled for the first time in them, in the unit's subtree (with the bodies merged into
    it) and the field with its sub-fields (dvk.citizens.lists `_drill`)."""
    return _url(step=step, in_field=field, under=under, open="0", **more, **drill.period_params(period))


def _overdue_now(prefixes: tuple[str, ...], today: dt.date, field_id: int | None) -> int:
    """Open cases past their deadline today, exact: from the counts kept on write less the cases in
    time (selectors.open_now); in one field (with its sub-fields), counted from the cases of the
    field (the open counts are not kept per field)."""
    if not field_id:
        return selectors.open_now(prefixes, today)["overdue"]
    return (
        Case.objects.filter(counters.path_q(prefixes), stage__in=OPEN_STAGES, due_on__lt=today)
        .filter(Q(field_id=field_id) | Q(field__parent_id=field_id))
        .order_by()
        .count()
    )


def field_choices() -> list[tuple[str, str]]:
    return list(Field.objects.filter(parent__isnull=True, active=True).values_list("code", "name"))


def section(
    user: Any, period: Period, unit: int | None = None, field: str | None = None, today: dt.date | None = None
) -> Section:
    today = today or timezone.localdate()
    prefixes = counters.scope_prefixes(user, unit)
    roots = {f.code: f for f in Field.objects.filter(parent__isnull=True).only("id", "code", "name")}
    field_id = roots[field].pk if field and field in roots else None
    totals = counters.totals(DOMAIN, prefixes, period.start, period.end, field=field or None)
    kinds = dict(Kind.choices)
    received = sum(totals.get(f"received:{k}", 0) for k in CASE_KINDS)
    accepted = totals.get(f"to:{Stage.ACCEPTED}", 0)
    settled = totals.get("settled", 0)

    overdue = _overdue_now(prefixes, today, field_id)

    figures = [
        Figure(
            "received", _("Cases received"), received, drill_url=_drill(period, "received", field_id, unit)
        ),
        Figure(
            "accepted",
            _("Cases taken up"),
            accepted,
            drill_url=_drill(period, Stage.ACCEPTED, field_id, unit),
        ),
        Figure("settled", _("Cases settled"), settled, drill_url=_drill(period, "settled", field_id, unit)),
        Figure(
            "overdue",
            _("Cases overdue now"),
            overdue,
            drill_url=_url(overdue=1, in_field=field_id, under=unit),
        ),
    ]
    by_kind = Table(
        "received_by_kind",
        _("Cases received by kind"),
        [_("Kind"), _("Cases")],
        [[kinds[k], totals.get(f"received:{k}", 0)] for k in CASE_KINDS],
        chart="doughnut",
        drill_urls=[_drill(period, "received", field_id, unit, kind=k) for k in CASE_KINDS],
    )
    metrics = [f"received:{k}" for k in CASE_KINDS]
    per_field = counters.by_field(DOMAIN, prefixes, period.start, period.end, metrics=metrics)
    rows, urls = [], []
    for code, c in sorted(per_field.items(), key=lambda kv: -sum(kv[1].values())):
        if field and code != field:
            continue
        root = roots.get(code)
        rows.append([root.name if root else _("Not classified"), sum(c.values())])
        urls.append(_drill(period, "received", root.pk, unit) if root else None)
    by_field = Table(
        "received_by_field",
        _("Cases received by field"),
        [_("Field"), _("Cases")],
        rows,
        chart="bar",
        drill_urls=urls,
    )
    per_unit = counters.merge_under_successors(
        counters.by_child(DOMAIN, prefixes, period.start, period.end, field=field or None, metrics=metrics),
        limit=counters.UNIT_ROWS,
    )
    by_unit = Table(
        "received_by_unit",
        _("Cases received by unit"),
        [_("Body"), _("Cases")],
        [[b.name, sum(c.values())] for b, c in per_unit],
        chart="bar",
        drill_urls=[_drill(period, "received", field_id, b.pk) for b, _c in per_unit],
    )
    return Section(
        DOMAIN,
        _("Citizens' letters and cases"),
        figures=figures,
        tables=[by_kind, by_field, by_unit],
        order=40,
        fields=tuple(field_choices()),
    )
