"""Forwarding to answering bodies, their answers, the petition's outcome and the voters' assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.actors import SYSTEM
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.validation import clean_model_text
from dvk.core.workflow import DomainError, Step, advance
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import province_root
from dvk.organisations.selectors import members_by_body
from dvk.voters.models import (
    Forward,
    Level,
    Petition,
    Term,
)
from dvk.voters.services.due import default_due
from dvk.voters.workflow import (
    FORWARD_WORKFLOW,
    OUTCOME_PRECEDENCE,
    PETITION_WORKFLOW,
    ForwardStage,
    Outcome,
    PetitionStage,
)

Role = Membership.Role


def forward(
    *,
    by: AuthenticatedUser,
    petition: Petition,
    bodies: Sequence[Organisation],
    due_on: dt.date | None = None,
    note: str = "",
) -> Petition:
    """Send `petition` to each of `bodies` (one Forward each; bodies already sent to are skipped)."""
    return advance(
        obj=petition,
        workflow=PETITION_WORKFLOW,
        action="forward",
        by=by,
        note=note,
        params={"bodies": list(bodies), "due_on": due_on},
    )


def on_forward(step: Step) -> None:
    petition: Petition = step.obj
    bodies: list[Organisation] = step.params["bodies"]
    today = timezone.localdate()
    if not bodies:
        raise ValidationError({"bodies": [_("Choose at least one answering body.")]})
    root = province_root(petition.org_path)
    if any(province_root(b.path) != root for b in bodies):
        raise ValidationError({"bodies": [_("Choose answering bodies of the province.")]})
    if any(b.pk == petition.organisation_id for b in bodies):
        raise ValidationError(
            {"bodies": [_("The People's Council does not answer its own voters' petitions.")]}
        )
    term = Term.objects.only("delegation_id").get(pk=petition.term_id)
    if (
        petition.level == Level.CENTRAL
        and term.delegation_id
        and any(b.pk != term.delegation_id for b in bodies)
    ):
        raise ValidationError(
            {"bodies": [_("Central-level petitions are forwarded through the National Assembly delegation.")]}
        )
    due_on = step.params.get("due_on") or default_due(petition.due_session, today)
    if due_on < today:
        raise ValidationError({"due_on": [_("The due date must not be in the past.")]})
    existing = set(petition.forwards.values_list("organisation_id", flat=True))
    new = [b for b in bodies if b.pk not in existing]
    if not new:
        raise DomainError(_("The petition has already been forwarded to these bodies."))
    Forward.objects.bulk_create(
        [
            Forward(
                petition=petition,
                organisation=b,
                council_path=petition.org_path,
                sent_on=today,
                due_on=due_on,
            )
            for b in new
        ]
    )
    step.audit["bodies"] = [b.name for b in new]
    step.audit["due_on"] = due_on
    staff = members_by_body((b.pk for b in new), Role.WORK)
    url = reverse("voters:forwarded")
    users = [u for b in new for u in staff.get(b.pk, [])]
    notify(
        users,
        title=_("Voter petitions forwarded to your body"),
        body=petition.short_text,
        url=url,
        kind="voters.forwarded",
        dedupe_key=f"voters.forwarded:{timezone.localdate()}",
    )


def answer_forward(
    *,
    by: AuthenticatedUser,
    forward: Forward,
    outcome: str,
    answer: str,
    target_date: dt.date | None = None,
    reason: str = "",
    document_number: str = "",
) -> Forward:
    return advance(
        obj=forward,
        workflow=FORWARD_WORKFLOW,
        action="answer",
        by=by,
        params={
            "outcome": outcome,
            "answer": answer,
            "target_date": target_date,
            "reason": reason,
            "document_number": document_number,
        },
    )


def on_answer(step: Step) -> None:
    p = step.params
    f: Forward = step.obj
    errors: dict[str, list[str]] = {}
    if p.get("outcome") not in Outcome.values:
        errors["outcome"] = [_("Choose one of the allowed values.")]
    try:
        answer = clean_model_text(Forward, "answer", p.get("answer", ""))
        if not answer:
            raise ValidationError({"answer": [_("This field is required.")]})
    except ValidationError as exc:
        errors.update(exc.message_dict)
        answer = ""
    reason = nfc(p.get("reason", ""))
    target = p.get("target_date")
    if p.get("outcome") == Outcome.ROADMAP and not target:
        errors["target_date"] = [_("Give the roadmap's target date.")]
    if p.get("outcome") == Outcome.CANNOT and not reason:
        errors["reason"] = [_("Give the reason it cannot be resolved.")]
    if errors:
        raise ValidationError(errors)
    f.outcome = p["outcome"]
    f.answer = answer
    f.target_date = target if p["outcome"] == Outcome.ROADMAP else None
    f.reason = reason if p["outcome"] == Outcome.CANNOT else ""
    f.document_number = clean_model_text(Forward, "document_number", p.get("document_number", ""))
    f.answered_on = timezone.localdate()
    f.answered_by = None if step.by is SYSTEM else step.by
    step.audit["on_time"] = f.answered_on <= f.due_on


def after_answer(step: Step) -> None:
    """When the last forward of a petition is answered, the petition is answered (system actor)."""
    f: Forward = step.obj
    open_left = Forward.objects.filter(petition_id=f.petition_id, stage=ForwardStage.SENT).exists()
    petition = Petition.objects.get(pk=f.petition_id)
    if not open_left and petition.stage == PetitionStage.FORWARDED:
        advance(obj=petition, workflow=PETITION_WORKFLOW, action="complete", by=SYSTEM)
    staff = Membership.objects.filter(
        organisation_id=petition.organisation_id, role__in=Role.WORK, user__is_active=True
    ).values_list("user_id", flat=True)
    notify(
        list(staff),
        title=_("Answers to voter petitions received"),
        body=petition.short_text,
        url=reverse("voters:petition_detail", args=[petition.pk]),
        kind="voters.answered",
        dedupe_key=f"voters.answered:{timezone.localdate()}",
    )


def aggregate_outcome(outcomes: Iterable[str]) -> str:
    found = set(outcomes)
    for outcome in OUTCOME_PRECEDENCE:
        if outcome in found:
            return outcome
    return ""


def on_complete(step: Step) -> None:
    petition: Petition = step.obj
    petition.outcome = aggregate_outcome(petition.forwards.values_list("outcome", flat=True))


def reopen(*, by: AuthenticatedUser, petition: Petition, note: str) -> Petition:
    """Ask the bodies again (an answer the voters or deputies found unsatisfactory)."""
    return advance(obj=petition, workflow=PETITION_WORKFLOW, action="reopen", by=by, note=note)


def _reopen_forwards(
    petition: Petition, by: AuthenticatedUser, only_roadmap: bool, note: str = ""
) -> list[str]:
    due = default_due(petition.due_session)
    qs = petition.forwards.filter(stage=ForwardStage.ANSWERED)
    if only_roadmap:
        qs = qs.filter(outcome=Outcome.ROADMAP)
    names = []
    for f in qs.select_related("organisation"):
        advance(obj=f, workflow=FORWARD_WORKFLOW, action="reopen", by=by, note=note, params={"due_on": due})
        names.append(f.organisation.name)
    return names


def on_reopen(step: Step) -> None:
    petition: Petition = step.obj
    step.audit["bodies"] = _reopen_forwards(petition, step.by, only_roadmap=False, note=step.note)
    petition.outcome = ""
    petition.satisfaction = ""


def on_reopen_forward(step: Step) -> None:
    f: Forward = step.obj
    f.due_on = step.params.get("due_on") or default_due(f.petition.due_session)
    f.outcome = ""
    f.answered_on = None


def close(*, by: AuthenticatedUser, petition: Petition, note: str = "") -> Petition:
    return advance(obj=petition, workflow=PETITION_WORKFLOW, action="close", by=by, note=note)


@transaction.atomic
def assess(*, by: AuthenticatedUser, petition: Petition, satisfied: bool, note: str = "") -> Petition:
    """A deputy (or the standing office) records whether the voters are satisfied with the answer."""
    require(by, "voters.assess", petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.stage not in (PetitionStage.ANSWERED, PetitionStage.CLOSED):
        raise DomainError(_("Only answered petitions can be assessed."))
    old = petition.satisfaction
    petition.satisfaction = (
        Petition.Satisfaction.SATISFIED if satisfied else Petition.Satisfaction.UNSATISFIED
    )
    petition.satisfaction_note = clean_model_text(Petition, "satisfaction_note", note)
    petition.save(update_fields=["satisfaction", "satisfaction_note", "updated_at"])
    record(
        actor=by,
        action="voters.petition.assess",
        target=petition,
        organisation=petition.organisation,
        changes={"satisfaction": [old, petition.satisfaction], **({"note": note} if note else {})},
    )
    return petition
