"""Carry-over of unresolved petitions to the next regular session."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dvk.core.actors import SystemActor
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError, Step, advance
from dvk.voters.models import (
    CarryOver,
    Petition,
    Session,
)
from dvk.voters.services.answers import _reopen_forwards
from dvk.voters.workflow import (
    PETITION_WORKFLOW,
    PetitionStage,
)

# --- Carry-over -------------------------------------------------------------------------------


def carry_over_into(*, session: Session, by: AuthenticatedUser | SystemActor) -> int:
    """Carry every unresolved petition of the People's Council's earlier sessions into `session`
    (a regular one). Each petition is carried once per session it leaves; returns how many."""
    if session.kind != Session.Kind.REGULAR:
        return 0
    qs = (
        Petition.objects.filter(
            organisation_id=session.organisation_id, due_session__opens_on__lt=session.opens_on
        )
        .exclude(due_session=session)
        .unresolved()
        .order_by("id")
    )
    moved = 0
    for pk in list(qs.values_list("pk", flat=True)):
        petition = Petition.objects.get(pk=pk)
        advance(obj=petition, workflow=PETITION_WORKFLOW, action="carry_over", by=by, params={"to": session})
        moved += 1
    return moved


def on_carry_over(step: Step) -> None:
    petition: Petition = step.obj
    to: Session = step.params["to"]
    if petition.due_session_id == to.pk:
        raise DomainError(_("The petition is already followed at this session."))
    CarryOver.objects.create(petition=petition, from_session_id=petition.due_session_id, to_session=to)
    step.audit["from_session"] = petition.due_session_id
    petition.due_session = to
    petition.carried_over += 1
    if step.from_stage == PetitionStage.ANSWERED:
        # An answer with a roadmap (or one the voters found unsatisfactory) is asked for again.
        only_roadmap = petition.satisfaction != Petition.Satisfaction.UNSATISFIED
        step.audit["bodies"] = _reopen_forwards(petition, step.by, only_roadmap=only_roadmap)
        petition.outcome = ""
        petition.satisfaction = ""
