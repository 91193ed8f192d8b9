"""Supervision programmes, their visits and the recommendations the supervised body answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import Step, advance
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import require_current, scope_for
from dvk.organisations.selectors import members_by_body
from dvk.plans.models import (
    Plan,
    Recommendation,
    SupervisionProgramme,
    SupervisionVisit,
)
from dvk.plans.workflow import (
    RECOMMENDATION_WORKFLOW,
)


@transaction.atomic
def create_programme(
    *,
    by: AuthenticatedUser,
    organisation: Organisation,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    kind: str = "supervision",
    team: str = "",
    plan: Plan | None = None,
) -> SupervisionProgramme:
    require(by, "plans.manage_supervision", organisation)
    require_current(organisation, on=starts_on)
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end date cannot be before the start date.")]})
    programme = SupervisionProgramme.objects.create(
        organisation=organisation,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        kind=kind,
        team=nfc(team),
        plan=plan,
        created_by=by,
    )
    record(
        actor=by,
        action="plans.supervision.create",
        target=programme,
        organisation=organisation,
        changes={"title": programme.title},
    )
    return programme


@transaction.atomic
def add_visit(
    *,
    by: AuthenticatedUser,
    programme: SupervisionProgramme,
    organisation: Organisation,
    visited_on: dt.date,
    findings: str = "",
    recommendations: Iterable[str] = (),
    due_on: dt.date | None = None,
) -> SupervisionVisit:
    require(by, "plans.manage_supervision", programme.organisation)
    if not scope_for(by).covers(organisation.path):
        raise ValidationError({"organisation": [_("The body is not in your scope.")]})
    require_current(organisation, on=visited_on)
    visit = SupervisionVisit.objects.create(
        programme=programme, organisation=organisation, visited_on=visited_on, findings=findings
    )
    texts = [nfc(t) for t in recommendations if nfc(t)]
    for text in texts:
        Recommendation.objects.create(
            visit=visit, organisation=organisation, text=text, due_on=due_on, issuer_path=programme.org_path
        )
    record(
        actor=by,
        action="plans.supervision.visit",
        target=visit,
        organisation=organisation,
        changes={"programme": programme.pk, "recommendations": len(texts)},
    )
    staff = members_by_body([organisation.pk], Membership.Role.WORK).get(organisation.pk, [])
    if texts:
        notify(
            staff,
            title=_("Supervision recommendations to answer: %(title)s") % {"title": programme.title},
            body="\n".join(f"- {t}" for t in texts),
            url=reverse("plans:supervision_list"),
            kind="plans.recommendation",
        )
    return visit


def respond_recommendation(
    *, by: AuthenticatedUser, recommendation: Recommendation, response: str
) -> Recommendation:
    response = nfc(response)
    if not response:
        raise ValidationError({"response": [_("Write the body's response.")]})

    return advance(
        obj=recommendation, workflow=RECOMMENDATION_WORKFLOW, action="respond", by=by, note=response
    )


def on_respond_recommendation(step: Step) -> None:
    step.obj.response = step.note


def review_recommendation(
    *, by: AuthenticatedUser, recommendation: Recommendation, action: str, note: str = ""
) -> Recommendation:
    return advance(obj=recommendation, workflow=RECOMMENDATION_WORKFLOW, action=action, by=by, note=note)
