"""The exemplars' figures for a period (dvk.core.figures contract): the funnel (registered →
accepted → nominated → recognised), recognitions by field and by unit.

Counted on write: every ExemplarEvent adds one to (action, body and the bodies above it, month,
top-level field) in dvk.stats, so the figures read a few counter rows, never the exemplars."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import CharField, DateField, F, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.core.figures import Figure, Period, Section, Table
from dvk.exemplars.models import FieldOfWork
from dvk.exemplars.workflow import Stage
from dvk.stats import counters
from dvk.stats.counters import Track

DOMAIN = "exemplars"
STOCK = "stage:"  # metric prefix of the stock of models by current stage
STOCK_MONTH = dt.date(1900, 1, 1)  # the one bucket of the stock (no period reaches it)


def _field_code(exemplar: Any) -> str:
    return exemplar.field.root.code if exemplar.field_id else ""


COUNTERS = (
    Track(
        DOMAIN,
        "exemplars.ExemplarEvent",
        subject="exemplar",
        field=_field_code,
        related=("exemplar__field__parent",),
        field_sql=Coalesce(F("exemplar__field__parent__code"), F("exemplar__field__code"), Value("")),
    ),
    # The models in each stage now (a stock kept as counts, what the home widget and the
    # coordination page show): each new model adds one to "stage:<stage>", each stage change moves
    # one, a deleted model takes its one off; all in one sentinel month (STOCK_MONTH), so the
    # scope's counts are a few counter rows. Recounted from the models' current stage.
    Track(
        DOMAIN,
        "exemplars.Exemplar",
        metric=lambda exemplar: f"{STOCK}{exemplar.stage}",
        day=lambda exemplar: STOCK_MONTH,
        metric_sql=Concat(Value(STOCK), F("stage"), output_field=CharField()),
        day_sql=Value(STOCK_MONTH, output_field=DateField()),
        deletes=True,
    ),
    Track(
        DOMAIN,
        "exemplars.ExemplarEvent",
        subject="exemplar",
        day=lambda event: STOCK_MONTH,
        delta=lambda event: (
            [(f"{STOCK}{event.from_stage}", -1), (f"{STOCK}{event.to_stage}", 1)]
            if event.from_stage and event.from_stage != event.to_stage
            else []  # the creation event: the model's own row counted it
        ),
        recount=False,
    ),
)

# (metric = workflow action, figure key, label, stage the list is filtered on)
FUNNEL = (
    ("register", "registered", "Registered", Stage.REGISTERED),
    ("accept_registration", "accepted", "Registration accepted", Stage.IN_PROGRESS),
    ("nominate", "nominated", "Nominated for recognition", Stage.NOMINATED),
    ("recognise", "recognised", "Recognised", Stage.RECOGNISED),
    ("decline", "not_recognised", "Not recognised", Stage.NOT_RECOGNISED),
)
_LABELS = {
    "registered": lambda: _("Registered"),
    "accepted": lambda: _("Registration accepted"),
    "nominated": lambda: _("Nominated for recognition"),
    "recognised": lambda: _("Recognised"),
    "not_recognised": lambda: _("Not recognised"),
}


def _list_url(**params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("exemplars:list") + (f"?{query}" if query else "")


def _drill(period: Period, step: str, field: int | None, under: int | None) -> str:
    """The list of the models counted: those that took `step` in the months counted (whole months,
    as the counters count them), in the unit's subtree (`under`, with the bodies merged into it)
    and the field."""
    start = period.start.replace(day=1)
    end = (period.end.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return _list_url(
        step=step,
        **{"from": start.strftime("%d/%m/%Y"), "to": end.strftime("%d/%m/%Y")},
        field=field,
        under=under,
    )


def field_choices() -> list[tuple[str, str]]:
    return list(FieldOfWork.objects.filter(parent__isnull=True, is_active=True).values_list("code", "name"))


def section(user: Any, period: Period, unit: int | None = None, field: str | None = None) -> Section:
    prefixes = counters.scope_prefixes(user, unit)
    metrics = [m for m, *_rest in FUNNEL]
    fields = {f.code: f for f in FieldOfWork.objects.filter(parent__isnull=True).only("id", "code", "name")}
    field_id = fields[field].pk if field and field in fields else None
    totals = counters.totals(DOMAIN, prefixes, period.start, period.end, field=field or None, metrics=metrics)

    figures = [
        Figure(
            key,
            _LABELS[key](),
            totals.get(metric, 0),
            drill_url=_drill(period, metric, field_id, unit),
        )
        for metric, key, _label, _stage in FUNNEL
    ]
    recognised = totals.get("recognise", 0)
    decided = recognised + totals.get("decline", 0)
    figures.append(
        Figure(
            "recognition_rate",
            _("Recognised of those decided"),
            round(100 * recognised / decided) if decided else None,
            "%",
        )
    )
    funnel = Table(
        "funnel",
        _("Funnel of Dân vận khéo models"),
        [_("Step"), _("Models")],
        [[_LABELS[key](), totals.get(metric, 0)] for metric, key, _label, _stage in FUNNEL[:4]],
        chart="bar",
        drill_urls=[_drill(period, metric, field_id, unit) for metric, _k, _l, _s in FUNNEL[:4]],
    )

    per_field = counters.by_field(
        DOMAIN, prefixes, period.start, period.end, metrics=["register", "recognise"]
    )
    field_rows, field_urls = [], []
    for code, counts in sorted(per_field.items(), key=lambda kv: (-kv[1].get("recognise", 0), kv[0])):
        if field and code != field:
            continue
        body = fields.get(code)
        field_rows.append(
            [body.name if body else (code or "—"), counts.get("register", 0), counts.get("recognise", 0)]
        )
        field_urls.append(_drill(period, "recognise", body.pk, unit) if body else None)
    by_field = Table(
        "recognised_by_field",
        _("Recognitions by field"),
        [_("Field"), _("Registered"), _("Recognised")],
        field_rows,
        chart="bar",
        drill_urls=field_urls,
    )

    per_unit = counters.merge_under_successors(
        counters.by_child(
            DOMAIN, prefixes, period.start, period.end, field=field or None, metrics=["register", "recognise"]
        ),
        limit=counters.UNIT_ROWS,
    )
    # each row counted over the unit's subtree and history, as the unit's own dashboard and the
    # list the row opens count it (a body merged into one below it is under it, wherever it stood)
    exact = counters.by_bodies(
        DOMAIN,
        [body for body, _c in per_unit],
        period.start,
        period.end,
        field=field or None,
        metrics=["register", "recognise"],
    )
    per_unit = [(body, exact.get(body.pk, {})) for body, _c in per_unit]
    by_unit = Table(
        "recognised_by_unit",
        _("Recognitions by unit"),
        [_("Body"), _("Registered"), _("Recognised")],
        [[body.name, c.get("register", 0), c.get("recognise", 0)] for body, c in per_unit],
        chart="bar",
        drill_urls=[_drill(period, "recognise", field_id, body.pk) for body, _c in per_unit],
    )
    return Section(
        DOMAIN,
        _("Dân vận khéo models"),
        figures=figures,
        tables=[funnel, by_field, by_unit],
        order=20,
        fields=tuple(field_choices()),
    )
