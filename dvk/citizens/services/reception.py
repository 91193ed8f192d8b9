"""Reception sessions and visits."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.citizens.models import (
    Channel,
    Field,
    ReceptionDuty,
    ReceptionSession,
    Visit,
)
from dvk.citizens.services.deadlines import _today
from dvk.citizens.services.letters import register_letter
from dvk.citizens.workflow import Kind
from dvk.core.access import require
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.organisations.models import Organisation

# --- reception -------------------------------------------------------------------------------------


@transaction.atomic
def record_session(
    *,
    by: AuthenticatedUser,
    organisation: Organisation,
    held_on: dt.date,
    place: str,
    leader_name: str,
    kind: str = ReceptionSession.Kind.REGULAR,
    duty: ReceptionDuty | None = None,
    note: str = "",
) -> ReceptionSession:
    require(by, "citizens.manage_reception", organisation)
    if duty is not None and duty.organisation_id != organisation.pk:
        raise ValidationError({"duty": [_("This duty belongs to another body.")]})
    if not nfc(place) or not nfc(leader_name):
        raise ValidationError({"place": [_("This field is required.")]})
    if held_on > _today():
        raise ValidationError({"held_on": [_("The date cannot be in the future.")]})
    session = ReceptionSession.objects.create(
        organisation=organisation,
        duty=duty,
        kind=kind,
        held_on=held_on,
        place=place,
        leader_name=leader_name,
        note=note,
        created_by=by,
    )
    record(
        actor=by,
        action="citizens.session.create",
        target=session,
        organisation=organisation,
        changes={"held_on": held_on, "kind": kind, "duty": duty.pk if duty else None},
    )
    return session


@transaction.atomic
def record_visit(
    *,
    by: AuthenticatedUser,
    session: ReceptionSession,
    people_count: int,
    content: str,
    outcome: str,
    representatives: str = "",
    field: Field | None = None,
    letter_kind: str = "",
    name: str = "",
    phone: str = "",
    address: str = "",
) -> Visit:
    """One visit in a session; "letter received" or "case opened" registers its letter too."""
    require(by, "citizens.manage_reception", session)
    if outcome not in Visit.Outcome.values:
        raise ValidationError({"outcome": [_("Choose what was done.")]})
    if people_count < 1:
        raise ValidationError({"people_count": [_("At least one person.")]})
    if not nfc(content):
        raise ValidationError({"content": [_("This field is required.")]})
    letter = None
    if outcome in (Visit.Outcome.LETTER, Visit.Outcome.CASE):
        letter = register_letter(
            by=by,
            organisation=session.organisation,
            received_on=session.held_on,
            channel=Channel.IN_PERSON,
            kind=letter_kind or Kind.PETITION,
            summary=content,
            people_count=people_count,
            field=field,
            name=name,
            phone=phone,
            address=address,
            representatives=representatives,
        )
    denunciation = letter_kind == Kind.DENUNCIATION
    visit = Visit.objects.create(
        organisation=session.organisation,
        session=session,
        people_count=people_count,
        representatives="" if denunciation else representatives,
        content=content,
        field=field,
        outcome=outcome,
        letter=letter,
        matter=letter.matter if letter else None,
        created_by=by,
    )
    record(
        actor=by,
        action="citizens.visit.create",
        target=visit,
        organisation=session.organisation,
        changes={
            "people_count": people_count,
            "crowd": visit.crowd,
            "outcome": outcome,
            "letter": letter.pk if letter else None,
        },
    )
    return visit
