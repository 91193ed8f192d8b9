"""The staff lists of the Front (supervisions, social critique drafts), declared for the list kit
(dvk.core.listing); the Excel export (dvk.exports) writes exactly what these show."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dvk.core.access import require
from dvk.core.listing import DATE, NUMBER, Column, Filter, ListSpec, Params, register
from dvk.front import selectors
from dvk.front.models import Supervision
from dvk.front.workflow import CritiqueStage, RecommendationStage, SupervisionStage


def _supervisions(user: Any, params: Params) -> Any:
    require(user, "front.view")
    return selectors.supervision_list(
        user=user,
        q=params.get("q", "")[:200],
        stage=params.get("stage", "")[:20],
        kind=params.get("kind", "")[:30],
    )


def _critiques(user: Any, params: Params) -> Any:
    require(user, "front.view")
    return selectors.critique_list(user=user, q=params.get("q", "")[:200], stage=params.get("stage", "")[:20])


SUPERVISIONS = register(
    ListSpec(
        name="front.supervisions",
        title=_("Front supervision"),
        build=_supervisions,
        columns=(
            Column("title", _("Subject"), "title", sort="title"),
            Column("kind", _("Kind"), "get_kind_display", sort="kind"),
            Column("front", _("Front committee"), "organisation.name", sort="organisation__name"),
            Column("supervised", _("Body supervised"), "supervised.name", sort="supervised__name"),
            Column("stage", _("Stage"), "get_stage_display", sort="stage"),
        ),
        filters=(
            Filter("q", _("Search")),
            Filter("stage", _("Stage"), SupervisionStage.choices),
            Filter("kind", _("Kind"), Supervision.Kind.choices),
        ),
    )
)

CRITIQUES = register(
    ListSpec(
        name="front.critiques",
        title=_("Social critique"),
        build=_critiques,
        columns=(
            Column("title", _("Draft"), "title", sort="title"),
            Column("received", _("Received on"), "received_on", kind=DATE, show=False),
            Column("drafting", _("Drafting body"), "drafting_body.name", sort="drafting_body__name"),
            Column("front", _("Front committee"), "organisation.name", sort="organisation__name"),
            Column("comments", _("Comments"), lambda c: c.comment_count or 0, kind=NUMBER),
            Column("unanswered", _("Not answered"), lambda c: c.unanswered or 0, kind=NUMBER),
            Column("stage", _("Stage"), "get_stage_display", sort="stage"),
        ),
        filters=(Filter("q", _("Search")), Filter("stage", _("Stage"), CritiqueStage.choices)),
    )
)


def _recommendations(user: Any, params: Params) -> Any:
    require(user, "front.view")
    return selectors.recommendation_worklist(
        user=user,
        stage=params.get("stage", "")[:20],
        open_only=params.get("open") == "1",
        overdue=params.get("overdue") == "1",
        addressed_to_me=params.get("mine") == "1",
    )


def _stage(r: Any) -> str:
    return f"{r.get_stage_display()} — {r.escalated_to.name}" if r.escalated_to else r.get_stage_display()


RECOMMENDATIONS = register(
    ListSpec(
        name="front.recommendations",
        title=_("Supervision recommendations"),
        build=_recommendations,
        columns=(
            Column("text", _("Recommendation"), "text", width=60),
            Column("supervision", _("Supervision"), "supervision.title", sort="supervision__title"),
            Column("addressee", _("Addressed to"), "addressee.name", sort="addressee__name"),
            Column("due", _("Answer by"), "due_on", sort="due_on", kind=DATE),
            Column("stage", _("Stage"), _stage, sort="stage"),
        ),
        filters=(
            Filter("stage", _("Stage"), RecommendationStage.choices),
            Filter("open", _("Not yet closed")),
            Filter("overdue", _("Overdue")),
            Filter("mine", _("Addressed to my body")),
        ),
    )
)
