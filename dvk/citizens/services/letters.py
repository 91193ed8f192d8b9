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
from dvk.citizens import monitor
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


def _staff_token(by: AuthenticatedUser | SystemActor, once_token: str) -> str:
    """The intake token of a staff form's one-time token (a repeated post finds the first letter)."""
    return hashlib.sha256(f"staff:{by.pk}:{once_token}".encode()).hexdigest()[:64]


def _check_letter(*, summary: str, kind: str, channel: str, received_on: dt.date, people_count: int) -> None:
    """The letter's own fields, each refused with a message on its field."""
    problems = (
        ("summary", not summary, _("This field is required.")),
        ("kind", kind not in Kind.values, _("Choose the kind of letter.")),
        ("channel", channel not in Channel.values, _("Choose the channel.")),
        ("received_on", received_on > _today(), _("The date cannot be in the future.")),
        ("people_count", people_count < 1, _("At least one person.")),
    )
    for field_name, wrong, message in problems:
        if wrong:
            raise ValidationError({field_name: [message]})


def _kinds_of(kind: str, case_kinds: Iterable[str]) -> list[str]:
    """The kinds of case the letter opens: those chosen, else its own kind (a mixed letter must say)."""
    kinds = [k for k in case_kinds if k in CASE_KINDS] or ([kind] if kind != Kind.MIXED else [])
    if not kinds:
        raise ValidationError({"case_kinds": [_("Say which kinds of content the mixed letter holds.")]})
    return kinds


def _seal_denouncer(
    letter: Letter, identity: dict[str, str], representatives: str, by: AuthenticatedUser | SystemActor
) -> None:
    """A denouncer's identity (and representatives) goes to the vault, never to the letter's columns."""
    if not (identity or representatives):
        return
    sealed = dict(identity)
    if representatives:
        sealed["representatives"] = nfc(representatives)
    if isinstance(by, SystemActor):  # denunciations come from a person at the body, never a form
        raise PermissionDenied(_("You are not allowed to perform this action."))
    _seal(letter, sealed, by)


def _open_cases(letter: Letter, kinds: list[str], *, anonymous: bool, handler: Any, **flags: bool) -> None:
    """One case per kind, at classification with its first deadline (an anonymous denunciation is
    information not processed under the Law, Điều 25, and has none)."""
    for case_kind in kinds:
        information = anonymous and case_kind == Kind.DENUNCIATION
        case = Case(
            organisation=letter.organisation,
            letter=letter,
            matter=letter.matter,
            kind=case_kind,
            field=letter.field,
            summary=letter.summary,
            received_on=letter.received_on,
            people_count=letter.people_count,
            anonymous=information,
            handler=handler,
            stage=Stage.INFORMATION if information else Stage.CLASSIFYING,
            **flags,
        )
        rule = classification_rule(case, letter.organisation) if case.stage == Stage.CLASSIFYING else ""
        _open_case(case, rule, letter.received_on)


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
        intake_token = _staff_token(by, once_token)
        found = Letter.objects.filter(intake_token=intake_token).first()
        if found:
            return found
    summary = nfc(summary)
    _check_letter(
        summary=summary, kind=kind, channel=channel, received_on=received_on, people_count=people_count
    )
    kinds = _kinds_of(kind, case_kinds)
    denunciation = Kind.DENUNCIATION in kinds or kind == Kind.DENUNCIATION
    identity = person_data(name=name, address=address, phone=phone, id_number=id_number)
    # no name: information not processed under the Law (Điều 25)
    anonymous = anonymous or (denunciation and not identity.get("name"))
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
    if denunciation:
        _seal_denouncer(letter, identity, representatives, by)
    letter.save()
    _open_cases(letter, kinds, anonymous=anonymous, handler=handler, complex=complex, remote_area=remote_area)
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
    monitor.update_cases(
        Case.objects.filter(letter=letter), field=field, **({"matter": matter} if matter else {})
    )
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
