"""The staff lists of the citizens domain (cases, letters), declared for the list kit
(dvk.core.listing); the Excel export (dvk.exports) writes exactly what these show."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dvk.citizens import selectors
from dvk.citizens.models import Field
from dvk.citizens.workflow import Kind, Stage
from dvk.core.access import require
from dvk.core.listing import DATE, NUMBER, Column, Filter, ListSpec, Params, choice_label, register


def _cases(user: Any, params: Params) -> Any:
    require(user, "citizens.view")
    filters = selectors.CaseFilters.from_query(params)
    if "open" not in params and not filters.stage:
        filters.open = True
    return selectors.cases(user, filters)


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
