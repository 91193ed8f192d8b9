"""The staff lists of the citizens domain (cases, letters), declared for the list kit
(dvk.core.listing); the Excel export (dvk.exports) writes exactly what these show."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dvk.citizens import selectors
from dvk.citizens.models import Field
from dvk.citizens.workflow import Kind, Stage
from dvk.core.access import require
from dvk.core.listing import DATE, NUMBER, Column, Filter, ListSpec, Params, register


def _cases(user: Any, params: Params) -> Any:
    require(user, "citizens.view")
    filters = selectors.CaseFilters.from_query(params)
    if "open" not in params and not filters.stage:
        filters.open = True
    return selectors.cases(user, filters)


def _letters(user: Any, params: Params) -> Any:
    require(user, "citizens.view")
    return selectors.letters(user, q=params.get("q", "")[:200], kind=params.get("kind", "")[:16])


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
            Column("kind", _("Kind"), "get_kind_display", sort="kind"),
            Column("content", _("Content"), "summary", width=60),
            Column("body", _("Handling body"), "organisation.name", sort="organisation__name"),
            Column("handler", _("Handler"), lambda c: c.handler.get_full_name() if c.handler else ""),
            Column("stage", _("Stage"), "get_stage_display", sort="stage"),
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
