"""The staff lists of the citizens domain (cases, letters), declared for the list kit
(dvk.core.listing); the Excel export (dvk.exports) writes exactly what these show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from dvk.citizens import selectors
from dvk.citizens.models import Field
from dvk.citizens.workflow import Kind, Stage
from dvk.core.access import require
from dvk.core.listing import DATE, NUMBER, Column, Filter, ListSpec, Params, choice_label, register
from dvk.core.validation import parse_id


def _cases(user: Any, params: Params) -> Any:
    require(user, "citizens.view")
    filters = selectors.CaseFilters.from_query(params)
    if "open" not in params and not filters.stage:
        filters.open = True
    return _drill(selectors.cases(user, filters), params)


DRILL_STEPS = (
    ("received", _("Received")),
    (Stage.ACCEPTED, _("Taken up")),
    ("settled", _("Settled")),
)


def _drill(qs: Any, params: Params) -> Any:
    """The dashboard's drill-down (dvk.citizens.figures): the cases of a body's subtree (with the
    bodies merged into it, `under`), of a field and its sub-fields (`in_field`), received in the
    period (`step=received`) or taken up or settled for the first time in it, as counted."""
    from django.db.models import Exists, OuterRef, Q

    from dvk.citizens.figures import SETTLED
    from dvk.citizens.models import CaseEvent
    from dvk.stats import drill

    if under := parse_id(params.get("under")):
        qs = qs.filter(drill.under_q(under))
    if in_field := parse_id(params.get("in_field")):
        qs = qs.filter(Q(field_id=in_field) | Q(field__parent_id=in_field))
    start, end = drill.parse_day(params.get("from")), drill.parse_day(params.get("to"))
    step = params.get("step", "")
    if step == "received":
        return qs.filter(drill.day_q("received_on", start, end))
    if step not in (Stage.ACCEPTED, "settled"):
        return qs
    into = Q(to_stage__in=SETTLED) if step == "settled" else Q(to_stage=step)
    events = CaseEvent.objects.filter(into, case=OuterRef("pk"))
    qs = qs.filter(Exists(events.filter(drill.moment_q("at", start, end))))
    if start:
        qs = qs.exclude(Exists(events.filter(drill.moment_q("at", None, start - dt.timedelta(days=1)))))
    return qs


def _letters(user: Any, params: Params) -> Any:
    require(user, "citizens.view")
    return selectors.letters(user, q=params.get("q", "")[:200], kind=params.get("kind", "")[:16])


# The stage badge's colour (the same classes as citizens/_stage.html).
STAGE_LOOK = {
    Stage.CLOSED: "text-bg-success",
    Stage.ANSWERED: "text-bg-success",
    Stage.DECIDED: "text-bg-success",
    Stage.CLASSIFYING: "text-bg-info",
    Stage.SUSPENDED: "text-bg-warning",
    Stage.INFORMATION: "text-bg-warning",
    Stage.REFUSED: "text-bg-danger",
    Stage.LAWSUIT: "text-bg-danger",
    Stage.REFERRED: "text-bg-danger",
    Stage.FORWARDED: "text-bg-secondary",
    Stage.GUIDED: "text-bg-secondary",
    Stage.STORED: "text-bg-secondary",
    Stage.APPEALED: "text-bg-secondary",
}


def _prepare_cases(rows: list[Any]) -> list[Any]:
    """The labels a page or an export chunk shows, from tables translated once (not the lazy
    choice label per row and column, which cost more than the page's SQL at 50 rows)."""
    for c in rows:
        c.kind_label = choice_label(c, "kind")
        c.stage_label = choice_label(c, "stage")
        c.stage_look = STAGE_LOOK.get(c.stage, "text-bg-primary")
        c.handler_name = c.handler.get_full_name() if c.handler_id else ""
    return rows


def _fields() -> list[tuple[Any, Any]]:
    return [(f.pk, f.name) for f in Field.objects.all()]


CASES = register(
    ListSpec(
        name="citizens.cases",
        title=_("Citizens' cases"),
        build=_cases,
        columns=(
            Column(
                "number", _("Receipt number"), "letter.receipt_number", sort=("letter__year", "letter__seq")
            ),
            Column("kind", _("Kind"), "kind_label", sort="kind"),
            Column("content", _("Content"), "summary", width=60),
            Column("body", _("Handling body"), "organisation.name", sort="organisation__name"),
            Column("handler", _("Handler"), "handler_name"),
            Column("stage", _("Stage"), "stage_label", sort="stage"),
            Column("due", _("Deadline"), "due_on", sort="due_on", kind=DATE),
        ),
        filters=(
            Filter("q", _("Search")),
            Filter("kind", _("Kind"), Kind.choices),
            Filter("stage", _("Stage"), Stage.choices),
            Filter("field", _("Field"), _fields),
            Filter("organisation", _("Handling body")),
            Filter("open", _("Open cases")),
            Filter("mine", _("Mine")),
            Filter("overdue", _("Overdue")),
            Filter("crowd", _("Đông người")),
            Filter("complex", _("Complex")),
            Filter("prolonged", _("Kéo dài")),
            # the dashboard's drill-down (`_drill`): a body's subtree, a field's tree, a step, a period
            Filter("under", _("Body and the bodies under it"), keep=True),
            Filter("in_field", _("Field and its sub-fields"), _fields, keep=True),
            Filter("step", _("Workflow step taken"), DRILL_STEPS, keep=True),
            Filter("from", _("From (dd/mm/yyyy)"), keep=True),
            Filter("to", _("To (dd/mm/yyyy)"), keep=True),
        ),
        default_order=("due_on", "id"),
        prepare=_prepare_cases,
        # a province's open cases run into the tens of thousands: "> 1.000" beyond, so the
        # Ban's worklist does not count 10,000 rows on every page view
        count_cap=1_000,
    )
)

LETTERS = register(
    ListSpec(
        name="citizens.letters",
        title=_("Letters"),
        build=_letters,
        columns=(
            Column("number", _("Receipt number"), "receipt_number", sort=("year", "seq")),
            Column("received", _("Received on"), "received_on", sort="received_on", kind=DATE),
            Column("kind", _("Kind"), "get_kind_display", sort="kind"),
            Column("channel", _("Channel"), "get_channel_display", sort="channel"),
            Column("content", _("Content"), "summary", width=60),
            Column("body", _("Receiving body"), "organisation.name", sort="organisation__name"),
        ),
        filters=(Filter("q", _("Search")), Filter("kind", _("Kind"), Kind.choices)),
        default_order=("-received_on", "-id"),
    )
)


def _sessions(user: Any, params: Params) -> Any:
    require(user, "citizens.view")
    return selectors.sessions(user)


SESSIONS = register(
    ListSpec(
        name="citizens.sessions",
        title=_("Reception sessions"),
        build=_sessions,
        columns=(
            Column("date", _("Date"), "held_on", sort="held_on", kind=DATE),
            Column("kind", _("Kind"), "get_kind_display", sort="kind"),
            Column("leader", _("Receiving leader"), "leader_name", sort="leader_name"),
            Column("place", _("Place"), "place", sort="place"),
            Column("body", _("Body"), "organisation.name", sort="organisation__name"),
            Column("visits", _("Visits"), "visit_count", sort="visit_count", kind=NUMBER),
        ),
        default_order=("-held_on", "-id"),
    )
)
