"""The voters' figures for a period (dvk.core.figures contract): petitions recorded at voter
meetings held in the period, by field and by unit, and those forwarded, answered and closed.

Counted on write in dvk.stats: each new Petition adds one to "recorded" in the month of its
meeting, the first PetitionEvent of a petition to a stage one to "to:<stage>" in the month it
happened (a carry-over to the next session forwards it again: not a second count)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.core.figures import Figure, Period, Section, Table
from dvk.stats import counters, drill
from dvk.stats.counters import Track
from dvk.voters.models import PetitionEvent, PetitionField
from dvk.voters.workflow import PetitionStage

DOMAIN = "voters"


def _earlier(petition: Any, stage: Any, at: Any, pk: Any) -> Any:
    """The petition's events to the same stage before this one (by time, then id)."""
    return PetitionEvent.objects.filter(petition_id=petition, to_stage=stage).filter(
        Q(at__lt=at) | Q(at=at, pk__lt=pk)
    )


def _first_arrival(event: Any) -> str | None:
    """ "to:<stage>" the first time a petition reaches a stage; a petition carried over to the next
    session and forwarded or answered again is not counted twice: the figures count petitions,
    as the worklist they open lists them (`step`, dvk.voters.selectors)."""
    if _earlier(event.petition_id, event.to_stage, event.at, event.pk).exists():
        return None
    return f"to:{event.to_stage}"


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
        metric=_first_arrival,
        field=lambda petition: petition.field,
        metric_sql=Case(
            When(
                Exists(
                    _earlier(OuterRef("petition_id"), OuterRef("to_stage"), OuterRef("at"), OuterRef("pk"))
                ),
                then=Value(None),
            ),
            default=Concat(Value("to:"), F("to_stage")),
            output_field=CharField(),
        ),
        field_sql=F("petition__field"),
    ),
)
FLOW = (
    ("recorded", "recorded", "recorded"),  # (counter metric, figure key, the worklist's step)
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


def _drill(period: Period, step: str, field: str | None, under: int | None) -> str:
    """The worklist of the petitions counted: recorded at a meeting held in the months counted, or
    moved to `step` in them, in the unit's subtree (with the bodies merged into it) and the field."""
    return _url(step=step, field=field, under=under, **drill.period_params(period))


def section(user: Any, period: Period, unit: int | None = None, field: str | None = None) -> Section:
    prefixes = counters.scope_prefixes(user, unit)
    fields = dict(PetitionField.choices)
    field = field if field in fields else None
    metrics = [m for m, _k, _s in FLOW]
    totals = counters.totals(DOMAIN, prefixes, period.start, period.end, field=field, metrics=metrics)
    labels = _labels()
    figures = [
        Figure(key, labels[key], totals.get(metric, 0), drill_url=_drill(period, step, field, unit))
        for metric, key, step in FLOW
    ]
    recorded, answered = totals.get("recorded", 0), totals.get(FLOW[2][0], 0)
    flow = Table(
        "petition_flow",
        _("Voters' petitions in the period"),
        [_("Step"), _("Petitions")],
        [[labels[key], totals.get(metric, 0)] for metric, key, _s in FLOW],
        chart="bar",
        drill_urls=[_drill(period, step, field, unit) for _m, _k, step in FLOW],
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
        drill_urls=[_drill(period, "recorded", code, unit) if code else None for code, _n in field_rows],
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
        drill_urls=[_drill(period, "recorded", field, b.pk) for b, _c in per_unit],
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
