"""The staff lists of the voters domain (the petition worklist, what was forwarded to a body),
declared for the list kit (dvk.core.listing); the Excel export writes exactly what these show."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dvk.core.access import require
from dvk.core.listing import DATE, Column, Filter, ListSpec, Params, register
from dvk.core.validation import parse_id
from dvk.stats import drill
from dvk.voters import selectors
from dvk.voters.models import Level, Petition, PetitionField
from dvk.voters.workflow import ForwardStage, Outcome, PetitionStage


def petition_filters(g: Params) -> selectors.PetitionFilters:
    return selectors.PetitionFilters(
        session=parse_id(g.get("session")),
        stage=g.get("stage", "") if g.get("stage", "") in {*PetitionStage.values, *Outcome.values} else "",
        field=g.get("field", "") if g.get("field", "") in PetitionField.values else "",
        level=g.get("level", "") if g.get("level", "") in Level.values else "",
        body=parse_id(g.get("body")),
        kind=g.get("kind", "") if g.get("kind", "") in Petition.Kind.values else "",
        overdue=g.get("overdue") == "1",
        carried=g.get("carried") == "1",
        q=g.get("q", "")[:200],
        under=parse_id(g.get("under")),
        step=g.get("step", "") if g.get("step", "") in selectors.STEPS else "",
        start=drill.parse_day(g.get("from", "")),
        end=drill.parse_day(g.get("to", "")),
    )


def forward_filters(g: Params) -> selectors.ForwardFilters:
    return selectors.ForwardFilters(
        stage=g.get("stage", "") if g.get("stage", "") in ForwardStage.values else "",
        overdue=g.get("overdue") == "1",
        session=parse_id(g.get("session")),
        q=g.get("q", "")[:200],
    )


def _petitions(user: Any, params: Params) -> Any:
    require(user, "voters.view")
    return selectors.petition_list(user=user, filters=petition_filters(params))


def _forwarded(user: Any, params: Params) -> Any:
    require(user, "voters.view_forwarded")
    return selectors.forwarded_to(user=user, filters=forward_filters(params))


def _prepare(petitions: list[Petition]) -> list[Petition]:
    return selectors.with_labels(selectors.with_forwards(petitions))


def _bodies(p: Any) -> str:
    return "; ".join(f"{f.organisation.name} · {f.stage_label}" for f in p.forward_list)


def _status(p: Any) -> str:
    return f"{p.labels['stage']} — {p.labels['outcome']}" if p.outcome else p.labels["stage"]


_STAGES = [*PetitionStage.choices, *Outcome.choices]
STEP_CHOICES = (
    ("recorded", _("Recorded at a meeting")),
    *((s, PetitionStage(s).label) for s in selectors.STEPS[1:]),
)

PETITIONS = register(
    ListSpec(
        name="voters.petitions",
        title=_("Voter petitions"),
        build=_petitions,
        columns=(
            Column("id", "#", "pk", sort="id", kind="number"),
            Column("content", _("Content"), "text", width=60),
            Column("kind", _("Kind"), lambda p: p.labels["kind"], sort="kind"),
            Column("field", _("Field"), lambda p: p.labels["field"], sort="field"),
            Column("level", _("Level"), lambda p: p.labels["level"], sort="level"),
            Column("bodies", _("Answering bodies"), _bodies, width=40),
            Column("session", _("Followed at"), "due_session.title", sort="due_session__opens_on"),
            Column("stage", _("Status"), _status, sort="stage"),
        ),
        filters=(
            Filter("q", _("Search")),
            Filter("session", _("Session")),
            Filter("stage", _("Status"), _STAGES),
            Filter("field", _("Field"), PetitionField.choices),
            Filter("level", _("Level"), Level.choices),
            Filter("body", _("Answering body")),
            Filter("kind", _("Kind"), Petition.Kind.choices),
            Filter("overdue", _("Overdue answers")),
            Filter("carried", _("Carried over")),
            # the dashboard's drill-down (dvk.voters.figures): a body's subtree, a step, a period
            Filter("under", _("Body and the bodies under it"), keep=True),
            Filter("step", _("Workflow step taken"), STEP_CHOICES, keep=True),
            Filter("from", _("From (dd/mm/yyyy)"), keep=True),
            Filter("to", _("To (dd/mm/yyyy)"), keep=True),
        ),
        prepare=_prepare,
    )
)

FORWARDED = register(
    ListSpec(
        name="voters.forwarded",
        title=_("Petitions forwarded to us"),
        build=_forwarded,
        columns=(
            Column("content", _("Content"), "petition.text", width=60),
            Column("body", _("answering body"), "organisation.name", sort="organisation__name"),
            Column(
                "session",
                _("Followed at"),
                "petition.due_session.title",
                sort="petition__due_session__opens_on",
            ),
            Column("due", _("answer due"), "due_on", sort="due_on", kind=DATE),
            Column("stage", _("Stage"), "get_stage_display", sort="stage"),
        ),
        filters=(
            Filter("q", _("Search")),
            Filter("stage", _("Stage"), ForwardStage.choices),
            Filter("overdue", _("Overdue answers")),
            Filter("session", _("Session")),
        ),
        default_order=("stage", "due_on", "id"),
    )
)


def _sessions(user: Any, params: Params) -> Any:
    require(user, "voters.view")
    return selectors.sessions(user=user)


SESSIONS = register(
    ListSpec(
        name="voters.sessions",
        title=_("HĐND sessions"),
        build=_sessions,
        columns=(
            Column("session", _("Session"), "title", sort=("kind", "number")),
            Column("council", _("People's Council"), "organisation.name", sort="organisation__name"),
            Column("opens", _("Opens on"), "opens_on", sort="opens_on", kind=DATE),
            Column("stage", _("Stage"), "get_stage_display", sort="stage"),
        ),
        default_order=("-opens_on", "-id"),
    )
)
