"""MTTQ supervision programmes, supervisions, teams and their steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError, Step, advance
from dvk.front.models import (
    Programme,
    Recommendation,
    Supervision,
    TeamMember,
)
from dvk.front.services.common import (
    K,
    recommendation_days,
    require_front,
    required_text,
    same_province,
    users_of,
)
from dvk.front.workflow import (
    SUPERVISION_WORKFLOW,
    RecommendationStage,
    SupervisionStage,
)
from dvk.notifications.services import notify
from dvk.organisations.models import Organisation

# --- Supervision programmes and supervisions ------------------------------------------------------


@transaction.atomic
def create_programme(
    *,
    by: AuthenticatedUser,
    organisation: Organisation,
    year: int,
    title: str,
    description: str = "",
    members: Iterable[Organisation] = (),
    form_token: str = "",
) -> Programme:
    """A yearly programme; a repeated `form_token` (the form posted twice) returns the first."""
    require_front(organisation)
    require(by, "front.manage_supervision", organisation)
    if form_token and (repeated := Programme.objects.filter(form_token=form_token, created_by=by).first()):
        return repeated
    title = required_text(title, "title", _("Give the programme a title."))
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": [_("Enter a year between 2000 and 2100.")]})
    members = list(members)
    if any(not same_province(m, organisation) for m in members):
        raise ValidationError({"members": [_("Member organisations must belong to the same province.")]})
    programme = Programme.objects.create(
        organisation=organisation,
        year=year,
        title=title,
        description=description,
        created_by=by,
        form_token=form_token or None,
    )
    programme.members.set(members)
    record(
        actor=by,
        action="front.programme.create",
        target=programme,
        organisation=organisation,
        changes={"title": title, "year": year, "members": [m.pk for m in members]},
    )
    return programme


def default_escalation_body(front: Organisation) -> Organisation | None:
    """The Party committee the Front committee belongs to (its parent in the tree), if any."""
    parent = front.parent
    return parent if parent is not None and parent.kind == K.PARTY_COMMITTEE else None


@transaction.atomic
def create_supervision(
    *,
    by: AuthenticatedUser,
    organisation: Organisation,
    supervised: Organisation,
    title: str,
    kind: str = Supervision.Kind.TEAM,
    programme: Programme | None = None,
    plan: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    escalate_to: Organisation | None = None,
    form_token: str = "",
) -> Supervision:
    """A supervision (team, or a commune board's report); a repeated `form_token` returns the first."""
    require_front(organisation)
    require(by, "front.manage_supervision", organisation)
    if form_token and (repeated := Supervision.objects.filter(form_token=form_token, created_by=by).first()):
        return repeated
    title = required_text(title, "title", _("Give the subject of the supervision."))
    if kind not in Supervision.Kind.values:
        raise ValidationError({"kind": [_("Choose one of the allowed values.")]})
    if programme is not None and programme.organisation_id != organisation.pk:
        raise ValidationError({"programme": [_("The programme belongs to another Front committee.")]})
    if not same_province(supervised, organisation) or supervised.pk == organisation.pk:
        raise ValidationError({"supervised": [_("Choose a body of the same province to supervise.")]})
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end date cannot be before the start date.")]})
    escalate_to = escalate_to or default_escalation_body(organisation)
    if escalate_to is not None and escalate_to.kind not in (K.PARTY_COMMITTEE, K.PEOPLES_COUNCIL):
        raise ValidationError({"escalate_to": [_("Escalate to a Party committee or a People's Council.")]})
    supervision = Supervision.objects.create(
        organisation=organisation,
        supervised=supervised,
        title=title,
        kind=kind,
        programme=programme,
        plan=plan,
        starts_on=starts_on,
        ends_on=ends_on,
        escalate_to=escalate_to,
        created_by=by,
        form_token=form_token or None,
    )
    record(
        actor=by,
        action="front.supervision.create",
        target=supervision,
        organisation=organisation,
        changes={"title": title, "kind": kind, "supervised": supervised.pk},
    )
    return supervision


@transaction.atomic
def set_team(
    *, by: AuthenticatedUser, supervision: Supervision, members: Sequence[Mapping[str, Any]]
) -> list[TeamMember]:
    """Replace the team: rows of {name, position, organisation, is_lead}; exactly one lead."""
    supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
    require(by, "front.manage_supervision", supervision)
    if supervision.stage not in (SupervisionStage.PLANNED, SupervisionStage.TEAM_FORMED):
        raise DomainError(_("The team can no longer be changed."))
    rows = [m for m in members if nfc(str(m.get("name", "")))]
    if not rows:
        raise ValidationError({"team": [_("Name at least one member of the team.")]})
    if sum(1 for m in rows if m.get("is_lead")) != 1:
        raise ValidationError({"team": [_("Mark exactly one member as the team lead.")]})
    supervision.team.all().delete()
    created = [
        TeamMember.objects.create(
            supervision=supervision,
            name=nfc(str(m["name"]))[:200],
            position=nfc(str(m.get("position", "")))[:200],
            organisation=m.get("organisation"),
            is_lead=bool(m.get("is_lead")),
            order=i,
        )
        for i, m in enumerate(rows)
    ]
    record(
        actor=by,
        action="front.supervision.team",
        target=supervision,
        changes={"team": [f"{t.name}{' *' if t.is_lead else ''}" for t in created]},
    )
    return created


def hook_form_team(step: Step) -> None:
    obj: Supervision = step.obj
    number = nfc(step.params.get("decision_number", ""))
    if not number:
        raise ValidationError({"decision_number": [_("Enter the number of the decision forming the team.")]})
    if not obj.team.filter(is_lead=True).exists():
        raise DomainError(_("Name the team and its lead before recording the decision."))
    obj.decision_number = number[:60]
    obj.decision_date = step.params.get("decision_date") or timezone.localdate()


def hook_notify_body(step: Step) -> None:
    step.obj.notice_on = step.params.get("notice_on") or timezone.localdate()


def after_notify_body(step: Step) -> None:
    obj: Supervision = step.obj
    notify(
        users_of(obj.supervised_id),
        title=_("Supervision notice: %(title)s") % {"title": obj.title},
        body=obj.plan,
        url=reverse("front:supervision_detail", args=[obj.pk]),
        kind="front.supervision",
    )


def hook_report(step: Step) -> None:
    obj: Supervision = step.obj
    findings = nfc(step.params.get("findings", ""))
    if not findings:
        raise ValidationError({"findings": [_("Write the findings of the supervision.")]})
    texts = [nfc(t) for t in step.params.get("recommendations", ()) if nfc(t)]
    obj.findings = findings
    obj.reported_on = step.params.get("reported_on") or timezone.localdate()
    due_on = step.params.get("due_on") or obj.reported_on + dt.timedelta(days=recommendation_days())
    if due_on < obj.reported_on:
        raise ValidationError({"due_on": [_("The answer date cannot be before the report date.")]})
    addressee = step.params.get("addressee") or obj.supervised
    start = obj.recommendations.count()
    for i, text in enumerate(texts, start=start + 1):
        Recommendation.objects.create(
            supervision=obj,
            organisation_id=obj.organisation_id,
            org_path=obj.org_path,
            addressee=addressee,
            number=i,
            text=text,
            due_on=due_on,
        )
    step.audit["recommendations"] = len(texts)


def after_report(step: Step) -> None:
    obj: Supervision = step.obj
    count = step.audit.get("recommendations", 0)
    if count:
        notify(
            users_of(obj.supervised_id),
            title=_("Supervision recommendations to answer: %(title)s") % {"title": obj.title},
            body=_("%(n)s recommendations") % {"n": count},
            url=reverse("front:recommendation_list"),
            kind="front.recommendation",
        )


def hook_close_supervision(step: Step) -> None:
    if step.obj.recommendations.exclude(stage=RecommendationStage.CLOSED).exists():
        raise DomainError(_("Every recommendation must be closed before the supervision is closed."))


SUPERVISION_PARAMS = {
    "form_team": ("decision_number", "decision_date"),
    "notify": ("notice_on",),
    "start": (),
    "report": ("findings", "recommendations", "due_on", "reported_on"),
    "record": ("findings", "recommendations", "due_on", "reported_on"),
    "close": (),
}


def act_on_supervision(
    *, by: AuthenticatedUser, supervision: Supervision, action: str, note: str = "", **params: Any
) -> Supervision:
    """Run one supervision action; `params` are the action's own fields (SUPERVISION_PARAMS)."""
    allowed = SUPERVISION_PARAMS.get(action, ())
    clean = {k: v for k, v in params.items() if k in allowed}
    return advance(
        obj=supervision, workflow=SUPERVISION_WORKFLOW, action=action, by=by, note=nfc(note), params=clean
    )
