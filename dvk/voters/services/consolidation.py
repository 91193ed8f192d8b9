"""Consolidation by the standing office: classification and repeats across meetings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError, Step, advance
from dvk.voters.models import (
    Level,
    Petition,
    PetitionField,
)
from dvk.voters.workflow import (
    PETITION_WORKFLOW,
    PetitionStage,
)

# --- Consolidation ------------------------------------------------------------------------------


def classify(
    *, by: AuthenticatedUser, petition: Petition, field: str, level: str, note: str = ""
) -> Petition:
    return advance(
        obj=petition,
        workflow=PETITION_WORKFLOW,
        action="classify",
        by=by,
        note=note,
        params={"field": field, "level": level},
    )


def on_classify(step: Step) -> None:
    field, level = step.params.get("field", ""), step.params.get("level", "")
    errors = {}
    if field not in PetitionField.values:
        errors["field"] = [_("Choose one of the allowed values.")]
    if level not in Level.values:
        errors["level"] = [_("Choose one of the allowed values.")]
    if errors:
        raise ValidationError(errors)
    step.obj.field, step.obj.level = field, level


def mark_repeat(*, by: AuthenticatedUser, petition: Petition, of: Petition, note: str = "") -> Petition:
    """Confirm that `petition` repeats `of` (a person decides; suggestions never merge anything)."""
    return advance(
        obj=petition, workflow=PETITION_WORKFLOW, action="mark_repeat", by=by, note=note, params={"of": of}
    )


def on_mark_repeat(step: Step) -> None:
    primary: Petition = step.params["of"]
    petition: Petition = step.obj
    if primary.pk == petition.pk:
        raise DomainError(_("A petition cannot repeat itself."))
    if primary.organisation_id != petition.organisation_id:
        raise DomainError(_("Only petitions of the same People's Council can be grouped."))
    if primary.stage == PetitionStage.REPEAT:
        primary = primary.repeat_of or primary
    if primary.stage == PetitionStage.REPEAT or primary.pk == petition.pk:
        raise DomainError(_("Group it with the first petition of the group."))
    if petition.repeats.exists():
        raise DomainError(_("Other petitions repeat this one: group them with another first."))
    petition.repeat_of = primary
    step.audit["repeat_of"] = primary.pk


def unmark_repeat(*, by: AuthenticatedUser, petition: Petition, note: str = "") -> Petition:
    return advance(obj=petition, workflow=PETITION_WORKFLOW, action="unmark_repeat", by=by, note=note)


def on_unmark_repeat(step: Step) -> None:
    step.obj.repeat_of = None
