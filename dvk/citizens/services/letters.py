"""Letters: registration with a receipt number, classification, possible duplicates."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.citizens.models import (
    Case,
    Channel,
    Competence,
    DuplicateSuggestion,
    Field,
    Letter,
    Matter,
    Policy,
    ReceiptCounter,
)
from dvk.citizens.services.deadlines import _open_case, _today, classification_rule, set_deadline
from dvk.citizens.services.identity import _seal, person_data, person_index, phone_index
from dvk.citizens.workflow import CASE_KINDS, Kind, Stage
from dvk.core.access import require
from dvk.core.actors import SystemActor, is_system
from dvk.core.text import fold, nfc
from dvk.core.types import AuthenticatedUser
from dvk.organisations.models import Organisation

# --- letters ---------------------------------------------------------------------------------------


def _next_seq(organisation: Organisation, year: int) -> int:
    counter, _created = ReceiptCounter.objects.get_or_create(organisation=organisation, year=year)
    ReceiptCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return ReceiptCounter.objects.values_list("last", flat=True).get(pk=counter.pk)


def _new_letter(
    *, organisation: Organisation, received_on: dt.date, by: AuthenticatedUser | SystemActor, **fields: Any
) -> Letter:
    letter = Letter(organisation=organisation, received_on=received_on, year=received_on.year, **fields)
    letter.seq = _next_seq(organisation, received_on.year)
    letter.created_by = None if isinstance(by, SystemActor) else by
    letter.save()
    return letter


@transaction.atomic
def register_letter(
    *,
    by: AuthenticatedUser | SystemActor,  # the system for the public form
    organisation: Organisation,
    received_on: dt.date,
    channel: str,
    kind: str,
    summary: str,
    people_count: int = 1,
    field: Field | None = None,
    name: str = "",
    address: str = "",
    phone: str = "",
    id_number: str = "",
    representatives: str = "",
    anonymous: bool = False,
    case_kinds: Iterable[str] = (),
    matter: Matter | None = None,
    handler: Any = None,
    intake_token: str | None = None,
    once_token: str = "",
    complex: bool = False,
    remote_area: bool = False,
) -> Letter:
    """Register a letter with the body's next receipt number of the year and open its case(s).

    `once_token` (the staff form's one-time token) makes a repeated post return the first letter."""
    if not is_system(by):
        require(by, "citizens.register_letter", organisation)
    if once_token:
        intake_token = hashlib.sha256(f"staff:{by.pk}:{once_token}".encode()).hexdigest()[:64]
        found = Letter.objects.filter(intake_token=intake_token).first()
        if found:
            return found
    summary = nfc(summary)
    if not summary:
        raise ValidationError({"summary": [_("This field is required.")]})
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("Choose the kind of letter.")]})
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Choose the channel.")]})
    if received_on > _today():
        raise ValidationError({"received_on": [_("The date cannot be in the future.")]})
    if people_count < 1:
        raise ValidationError({"people_count": [_("At least one person.")]})
    kinds = [k for k in case_kinds if k in CASE_KINDS] or ([kind] if kind != Kind.MIXED else [])
    if not kinds:
        raise ValidationError({"case_kinds": [_("Say which kinds of content the mixed letter holds.")]})
    denunciation = Kind.DENUNCIATION in kinds or kind == Kind.DENUNCIATION
    identity = person_data(name=name, address=address, phone=phone, id_number=id_number)
    if denunciation and not anonymous and not identity.get("name"):
        anonymous = True  # no name: information not processed under the Law (Điều 25)
    letter = _new_letter(
        organisation=organisation,
        received_on=received_on,
        by=by,
        channel=channel,
        kind=kind,
        summary=summary,
        people_count=people_count,
        field=field,
        representatives="" if denunciation else representatives,
        petitioner_name="" if denunciation else identity.get("name", ""),
        petitioner_address="" if denunciation else identity.get("address", ""),
        anonymous=anonymous,
        matter=matter,
        intake_token=intake_token,
    )
    letter.person_index = person_index(identity)
    letter.phone_index = phone_index(phone)
    if denunciation and (identity or representatives):
        sealed = dict(identity)
        if representatives:
            sealed["representatives"] = nfc(representatives)
        if isinstance(by, SystemActor):  # denunciations come from a person at the body, never a form
            raise PermissionDenied(_("You are not allowed to perform this action."))
        _seal(letter, sealed, by)
    letter.save()
    for case_kind in kinds:
        case = Case(
            organisation=organisation,
            letter=letter,
            matter=matter,
            kind=case_kind,
            field=field,
            summary=summary,
            received_on=received_on,
            people_count=people_count,
            anonymous=anonymous and case_kind == Kind.DENUNCIATION,
            complex=complex,
            remote_area=remote_area,
            handler=handler,
            stage=Stage.INFORMATION if anonymous and case_kind == Kind.DENUNCIATION else Stage.CLASSIFYING,
        )
        rule = classification_rule(case, organisation) if case.stage == Stage.CLASSIFYING else ""
        _open_case(case, rule, received_on)
    record(
        actor=by,
        action="citizens.letter.register",
        target=letter,
        organisation=organisation,
        changes={
            "receipt_number": letter.receipt_number,
            "kind": kind,
            "channel": channel,
            "cases": kinds,
            "anonymous": anonymous,
            "identity_sealed": bool(letter.identity_ref),
        },
    )
    suggest_duplicates(letter)
    return letter


@transaction.atomic
def classify_letter(
    *,
    by: AuthenticatedUser,
    letter: Letter,
    competence: str,
    field: Field | None = None,
    matter: Matter | None = None,
) -> Letter:
    """Record the competence and field decided at classification (on the letter and its cases)."""
    require(by, "citizens.register_letter", letter)
    if competence not in Competence.values:
        raise ValidationError({"competence": [_("Choose the competence.")]})
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    before = {"competence": letter.competence, "field": letter.field_id, "matter": letter.matter_id}
    letter.competence, letter.field = competence, field
    if matter is not None:
        letter.matter = matter
    letter.save()
    Case.objects.filter(letter=letter).update(field=field, **({"matter": matter} if matter else {}))
    for case in Case.objects.filter(letter=letter, stage=Stage.CLASSIFYING).select_related(
        "letter", "organisation"
    ):
        rule = classification_rule(case)
        if rule != case.due_rule:  # the competence changes the time limit of the first step
            set_deadline(case, rule, case.received_on)
            case.save(update_fields=["due_on", "due_rule", "due_ref", "finished_late"])
    record(
        actor=by,
        action="citizens.letter.classify",
        target=letter,
        organisation=letter.organisation,
        changes={k: [v, getattr(letter, f"{k}_id" if k != "competence" else k)] for k, v in before.items()},
    )
    return letter


# --- possible duplicates ---------------------------------------------------------------------------


def _grams(text: str) -> set[str]:
    folded = re.sub(r"[^a-z0-9 ]", " ", fold(text))
    folded = re.sub(r" +", " ", folded).strip()
    return {folded[i : i + 3] for i in range(max(0, len(folded) - 2))}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character trigrams of the folded texts (0–1)."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)


def suggest_duplicates(letter: Letter, *, limit: int = 200) -> list[DuplicateSuggestion]:
    """Store "possible duplicate" suggestions for a person to confirm: the same person (blind
    index) or a similar folded text among the body's recent letters. Never merges anything."""
    threshold = Policy.current().duplicate_threshold
    since = letter.received_on - dt.timedelta(days=730)
    recent = Letter.objects.filter(org_root=letter.org_root, received_on__gte=since).exclude(pk=letter.pk)
    condition = Q(org_path=letter.org_path)
    if letter.person_index:
        condition |= Q(person_index=letter.person_index)
    candidates = (
        recent.filter(condition).only("pk", "summary", "person_index").order_by("-received_on", "-id")
    )
    found = []
    for other in candidates[:limit]:
        same_person = bool(letter.person_index) and other.person_index == letter.person_index
        score = similarity(letter.summary, other.summary)
        if same_person or score >= threshold:
            found.append(
                DuplicateSuggestion(
                    letter=letter, candidate=other, score=round(score, 3), same_person=same_person
                )
            )
    return DuplicateSuggestion.objects.bulk_create(found, ignore_conflicts=True)


@transaction.atomic
def decide_duplicate(
    *, by: AuthenticatedUser, suggestion: DuplicateSuggestion, same: bool
) -> DuplicateSuggestion:
    """A person confirms (the letters join one matter) or rejects a suggestion."""
    suggestion = (
        DuplicateSuggestion.objects.select_for_update()
        .select_related("letter", "candidate")
        .get(pk=suggestion.pk)
    )
    require(by, "citizens.confirm_duplicate", suggestion.letter)
    if suggestion.status != DuplicateSuggestion.Status.PENDING:
        return suggestion
    suggestion.status = DuplicateSuggestion.Status.CONFIRMED if same else DuplicateSuggestion.Status.REJECTED
    suggestion.decided_by, suggestion.decided_at = by, timezone.now()
    suggestion.save()
    matter = None
    if same:
        letter, other = suggestion.letter, suggestion.candidate
        matter = other.matter or letter.matter
        if matter is None:
            matter = Matter.objects.create(
                organisation=other.organisation, title=other.summary[:300], field=other.field or letter.field
            )
        for item in (letter, other):
            Letter.objects.filter(pk=item.pk).update(matter=matter)
            Case.objects.filter(letter=item).update(matter=matter)
    record(
        actor=by,
        action="citizens.duplicate.decide",
        target=suggestion.letter,
        organisation=suggestion.letter.organisation,
        changes={"candidate": suggestion.candidate_id, "same": same, "matter": matter.pk if matter else None},
    )
    return suggestion
