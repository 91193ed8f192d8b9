"""Voter meetings and the bulk entry of their opinions and petitions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.text import fold, nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.validation import clean_model_text
from dvk.core.workflow import DomainError
from dvk.organisations.models import Organisation
from dvk.organisations.scoping import province_root
from dvk.voters.models import (
    Deputy,
    EntryBatch,
    Meeting,
    Petition,
    Session,
)
from dvk.voters.workflow import PetitionStage

MAX_ROWS = 300  # rows in one bulk entry
MAX_TEXT = Petition._meta.get_field("text").max_length or 4000


@transaction.atomic
def create_meeting(
    *,
    by: AuthenticatedUser,
    session: Session,
    held_on: dt.date,
    place: str,
    timing: str = Meeting.Timing.BEFORE,
    front: Organisation | None = None,
    voters_present: int = 0,
    deputies: Sequence[Deputy] = (),
    notes: str = "",
    form_token: str = "",
) -> Meeting:
    """Record a voter meeting; a repeated `form_token` (the form posted twice) returns the first."""
    require(by, "voters.record_meeting", session)
    if form_token:
        existing = Meeting.objects.filter(form_token=form_token, session=session).first()
        if existing is not None:
            return existing
    if timing not in Meeting.Timing.values:
        raise ValidationError({"timing": [_("Choose one of the allowed values.")]})
    if front is not None and (
        front.kind != Organisation.Kind.FRONT or province_root(front.path) != province_root(session.org_path)
    ):
        raise ValidationError({"front": [_("Choose a Fatherland Front committee of the province.")]})
    if voters_present < 0 or voters_present > 1_000_000:
        raise ValidationError({"voters_present": [_("Enter a number between 0 and 1,000,000.")]})
    if any(d.term_id != session.term_id for d in deputies):
        raise ValidationError({"deputies": [_("Choose deputies of this session's term.")]})
    meeting = Meeting.objects.create(
        session=session,
        organisation_id=session.organisation_id,
        timing=timing,
        held_on=held_on,
        place=clean_model_text(Meeting, "place", place),
        front=front,
        voters_present=voters_present,
        notes=clean_model_text(Meeting, "notes", notes),
        created_by=by,
        form_token=form_token or None,
    )
    if deputies:
        meeting.deputies.set(deputies)
    record(
        actor=by,
        action="voters.meeting.create",
        target=meeting,
        organisation=session.organisation,
        changes={"place": meeting.place, "held_on": held_on, "voters_present": voters_present},
    )
    return meeting


@dataclass
class RowIn:
    text: str
    kind: str = Petition.Kind.PETITION
    raised_by: str = ""


@dataclass
class EntryResult:
    petitions: list[Petition]
    repeated: bool  # the same form was submitted before: nothing new was written


def _cleaned_rows(rows: Sequence[RowIn]) -> list[RowIn]:
    """The typed rows cleaned (blank rows skipped); every row's errors raised together, keyed
    "row-<n>" (1-based)."""
    errors: dict[str, list[str]] = {}
    cleaned: list[RowIn] = []
    for n, row in enumerate(rows, start=1):
        if not nfc(row.text):
            continue
        try:
            text = clean_model_text(Petition, "text", row.text)
            raised_by = clean_model_text(Petition, "raised_by", row.raised_by)
        except ValidationError as exc:
            errors[f"row-{n}"] = [m for ms in exc.message_dict.values() for m in ms]
            continue
        if row.kind not in Petition.Kind.values:
            errors[f"row-{n}"] = [_("Choose one of the allowed values.")]
            continue
        cleaned.append(RowIn(text=text, kind=row.kind, raised_by=raised_by))
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError({"rows": [_("Enter at least one opinion or petition.")]})
    if len(cleaned) > MAX_ROWS:
        raise ValidationError({"rows": [_("At most %(n)s rows at once.") % {"n": MAX_ROWS}]})
    return cleaned


def _write_petitions(
    by: AuthenticatedUser, meeting: Meeting, cleaned: list[RowIn], token: str
) -> list[Petition]:
    with transaction.atomic():
        if token:
            EntryBatch.objects.create(meeting=meeting, token=token, created_by=by, count=len(cleaned))
        petitions = [
            Petition(
                meeting=meeting,
                session_id=meeting.session_id,
                due_session_id=meeting.session_id,
                term_id=meeting.term_id,
                organisation_id=meeting.organisation_id,
                local_path=meeting.local_path,
                kind=row.kind,
                text=row.text,
                raised_by=row.raised_by,
                created_by=by,
            )
            for row in cleaned
        ]
        for p in petitions:  # bulk_create does not call save()
            p.search_text = fold(f"{p.text} {p.raised_by}")
        petitions = Petition.objects.bulk_create(petitions)
        record(
            actor=by,
            action="voters.petition.record",
            target=meeting,
            organisation=meeting.organisation,
            changes={"count": len(petitions)},
        )
    return petitions


def record_petitions(
    *, by: AuthenticatedUser, meeting: Meeting, rows: Sequence[RowIn], token: str = ""
) -> EntryResult:
    """Store the rows typed on the bulk-entry screen as petitions of `meeting`, all or none.

    Row errors are raised together as one ValidationError keyed "row-<n>" (1-based) so the screen
    can show them next to what was typed. A repeated `token` (a double click, a resubmitted
    form) writes nothing and returns the petitions of the first submission."""
    require(by, "voters.record_meeting", meeting)
    token = (token or "")[:64]
    cleaned = _cleaned_rows(rows)
    try:
        petitions = _write_petitions(by, meeting, cleaned, token)
    except IntegrityError:
        batch = EntryBatch.objects.filter(created_by=by, token=token).first()
        if batch is None:
            raise
        latest = list(batch.meeting.petitions.filter(created_by=by).order_by("-id")[: batch.count])
        return EntryResult(petitions=latest[::-1], repeated=True)
    return EntryResult(petitions=petitions, repeated=False)


EDITABLE_STAGES = frozenset({PetitionStage.RECORDED, PetitionStage.CLASSIFIED, PetitionStage.REPEAT})


@transaction.atomic
def edit_petition(
    *, by: AuthenticatedUser, petition: Petition, text: str, raised_by: str = "", kind: str = ""
) -> Petition:
    """Correct a petition typed from the minutes (a typo, two rows that were one): text, who raised
    it and its kind, until it is forwarded (the answering bodies have the text from then on). One
    audit row with [before, after] of what changed; nothing changes, nothing is written."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    require(by, "voters.record_meeting", petition.meeting)
    if petition.stage not in EDITABLE_STAGES:
        raise DomainError(_("A petition can be corrected only until it is forwarded."))
    new = {
        "text": clean_model_text(Petition, "text", text),
        "raised_by": clean_model_text(Petition, "raised_by", raised_by),
        "kind": kind or petition.kind,
    }
    if new["kind"] not in Petition.Kind.values:
        raise ValidationError({"kind": [_("Choose one of the allowed values.")]})
    changes = {k: [getattr(petition, k), v] for k, v in new.items() if getattr(petition, k) != v}
    if not changes:
        return petition
    for name, value in new.items():
        setattr(petition, name, value)
    petition.save()  # save() refreshes the folded search text
    record(
        actor=by,
        action="voters.petition.edit",
        target=petition,
        organisation=petition.organisation,
        changes=changes,
    )
    return petition
