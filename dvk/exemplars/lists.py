"""The staff lists of the exemplars domain, declared for the list kit (dvk.core.listing):
columns (Vietnamese headers through the catalogue), sorting, filters, default order; the
Excel export (dvk.exports) writes exactly what these show."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dvk.core.listing import DATE, DATETIME, Column, Filter, ListSpec, Params, register
from dvk.exemplars import selectors
from dvk.exemplars.models import CouncilExclusion, Kind, Level, ScoreSheet
from dvk.exemplars.workflow import Stage

STEP_CHOICES = (
    ("create", _("Entered in the system")),
    ("register", _("Registered")),
    ("accept_registration", _("Registration accepted")),
    ("nominate", _("Nominated for recognition")),
    ("recognise", _("Recognised")),
    ("decline", _("Not recognised")),
)


def _exemplars(user: Any, params: Params) -> Any:
    qs = selectors.exemplar_list(user=user, filters=selectors.Filters.from_query(params))
    if params.get("mine") == "1":
        qs = qs.filter(created_by=user)
    return qs


EXEMPLARS = register(
    ListSpec(
        name="exemplars.list",
        title=_("Dân vận khéo models"),
        build=_exemplars,
        columns=(
            Column("title", _("Name"), "display_title", sort="title"),
            Column("body", _("Body"), "organisation.name", sort="organisation__name"),
            Column("field", _("Field"), "field.name", sort="field__name"),
            Column("level", _("Level"), "get_level_display", sort="level"),
            Column("cycle", _("Cycle"), "cycle.name", sort="cycle__start_year"),
            Column("stage", _("Stage"), "get_stage_display", sort="stage"),
            Column("started", _("Started on"), "started_on", sort="started_on", kind=DATE),
            Column("updated", _("Updated"), "updated_at", sort="updated_at", kind=DATETIME),
        ),
        filters=(
            Filter("q", _("Search")),
            Filter("stage", _("Stage"), Stage.choices),
            Filter("kind", _("Kind"), Kind.choices),
            Filter("field", _("Field")),
            Filter("organisation", _("Body")),
            Filter("unit", _("Administrative unit")),
            Filter("year", _("Year")),
            Filter("level", _("Level"), Level.choices),
            Filter("cycle", _("Cycle")),
            Filter("outstanding", _("Outstanding")),
            Filter("mine", _("Registered by me"), keep=True),
            # the dashboard's drill-down (dvk.exemplars.figures): a body's subtree, a step, a period
            Filter("under", _("Body and the bodies under it"), keep=True),
            Filter("step", _("Workflow step taken"), STEP_CHOICES, keep=True),
            Filter("from", _("From (dd/mm/yyyy)"), keep=True),
            Filter("to", _("To (dd/mm/yyyy)"), keep=True),
        ),
        default_order=("-updated_at", "-id"),
    )
)


def _queue(user: Any, params: Params) -> Any:
    """The council member's queue, with the member's own state of each nomination as columns."""
    mine = OuterRef("current_nomination")
    return selectors.council_queue(user=user).annotate(
        mine_excluded=Exists(CouncilExclusion.objects.filter(nomination=mine, user=user)),
        mine_submitted=Exists(ScoreSheet.objects.filter(nomination=mine, member=user)),
    )


def _sheet(e: Any) -> str:
    if e.mine_excluded:
        return gettext("Excluded")
    return gettext("Submitted") if e.mine_submitted else gettext("To score")


QUEUE = register(
    ListSpec(
        name="exemplars.queue",
        title=_("Council scoring"),
        build=_queue,
        columns=(
            Column("title", _("Nomination"), "display_title", sort="title"),
            Column("body", _("Body"), "organisation.name", show=False),
            Column("field", _("Field"), "field.name", show=False),
            Column(
                "council",
                _("Council"),
                "current_nomination.council.name",
                sort="current_nomination__council__name",
            ),
            Column("sheet", _("Your sheet"), _sheet),
        ),
    )
)
