"""The voters' figures for a period (dvk.core.figures contract): petitions recorded at voter
meetings held in the period, by field and by unit, and those forwarded, answered and closed.

Counted on write in dvk.stats: each new Petition adds one to "recorded" in the month of its
meeting, each PetitionEvent one to "to:<stage>" in the month it happened."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import CharField, F, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.core.figures import Figure, Period, Section, Table
from dvk.stats import counters
from dvk.stats.counters import Track
from dvk.voters.models import PetitionField
from dvk.voters.workflow import PetitionStage

DOMAIN = "voters"

COUNTERS = (
    Track(
        DOMAIN,
        "voters.Petition",
        metric=lambda petition: "recorded",
        day=lambda petition: petition.meeting.held_on,
        field=lambda petition: petition.field,
        related=("meeting",),
        metric_sql=Value("recorded", output_field=CharField()),
        day_sql=F("meeting__held_on"),
        field_sql=F("field"),
    ),
    Track(
        DOMAIN,
        "voters.PetitionEvent",
        subject="petition",
        metric=lambda event: f"to:{event.to_stage}",
        field=lambda petition: petition.field,
        metric_sql=Concat(Value("to:"), F("to_stage"), output_field=CharField()),
        field_sql=F("petition__field"),
    ),
)
FLOW = (
    ("recorded", "recorded", PetitionStage.RECORDED),
    (f"to:{PetitionStage.FORWARDED}", "forwarded", PetitionStage.FORWARDED),
    (f"to:{PetitionStage.ANSWERED}", "answered", PetitionStage.ANSWERED),
    (f"to:{PetitionStage.CLOSED}", "closed", PetitionStage.CLOSED),
)


def _labels() -> dict[str, str]:
    return {
        "recorded": _("Petitions recorded"),
        "forwarded": _("Petitions forwarded"),
        "answered": _("Petitions answered"),
        "closed": _("Petitions closed"),
    }


def _url(**params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("voters:worklist") + (f"?{query}" if query else "")


def section(user: Any, period: Period, unit: int | None = None, field: str | None = None) -> Section:
    prefixes = counters.scope_prefixes(user, unit)
    fields = dict(PetitionField.choices)
    field = field if field in fields else None
    metrics = [m for m, _k, _s in FLOW]
    totals = counters.totals(DOMAIN, prefixes, period.start, period.end, field=field, metrics=metrics)
    labels = _labels()
    figures = [
        Figure(key, labels[key], totals.get(metric, 0), drill_url=_url(stage=stage, field=field, body=unit))
        for metric, key, stage in FLOW
    ]
    recorded, answered = totals.get("recorded", 0), totals.get(FLOW[2][0], 0)
    flow = Table(
        "petition_flow",
        _("Voters' petitions in the period"),
        [_("Step"), _("Petitions")],
        [[labels[key], totals.get(metric, 0)] for metric, key, _s in FLOW],
        chart="bar",
        drill_urls=[_url(stage=stage, field=field, body=unit) for _m, _k, stage in FLOW],
    )
    per_field = counters.by_field(DOMAIN, prefixes, period.start, period.end, metrics=["recorded"])
    field_rows = sorted(
        ((code, c.get("recorded", 0)) for code, c in per_field.items() if not field or code == field),
        key=lambda kv: -kv[1],
    )
    by_field = Table(
        "recorded_by_field",
        _("Petitions by field"),
        [_("Field"), _("Petitions")],
        [[fields.get(code, _("Not classified")), n] for code, n in field_rows],
        chart="bar",
        drill_urls=[_url(field=code, body=unit) if code else None for code, _n in field_rows],
    )
    per_unit = counters.merge_under_successors(
        counters.by_child(DOMAIN, prefixes, period.start, period.end, field=field, metrics=["recorded"]),
        limit=counters.UNIT_ROWS,
    )
    by_unit = Table(
        "recorded_by_unit",
        _("Petitions by unit"),
        [_("Body"), _("Petitions")],
        [[b.name, c.get("recorded", 0)] for b, c in per_unit],
        chart="bar",
        drill_urls=[_url(body=b.pk, field=field) for b, _c in per_unit],
    )
    figures.append(
        Figure(
            "answer_rate",
            _("Answered of those recorded"),
            round(100 * answered / recorded) if recorded else None,
            "%",
        )
    )
    return Section(
        DOMAIN,
        _("Voters' petitions"),
        figures=figures,
        tables=[flow, by_field, by_unit],
        order=50,
        fields=tuple((code, str(label)) for code, label in PetitionField.choices),
    )
