"""The only writers of citizen reception, letters and cases.

Every function checks a named permission, writes in one transaction, records one audit event
and notifies after commit. Stages change only through dvk.core.workflow.advance() with the
workflows of workflow.py; the transition hooks below (`on_*`) compute each step's deadline with
dvk.deadlines and create the linked records of forwarding and appeals.

The denouncer's identity goes straight into dvk.vault (`seal`) and is read back only through
`read_identity` (`unseal`, which checks `citizens.read_identity` and writes the access log); no
audit row, notification or search column of this module ever holds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.citizens.models import (
    Case,
    CaseDeadline,
    Channel,
    Competence,
    DuplicateSuggestion,
    Field,
    Letter,
    Matter,
    Policy,
    ReceiptCounter,
    ReceptionDuty,
    ReceptionSession,
    Visit,
)
from dvk.citizens.workflow import CASE_KINDS, OPEN_STAGES, Kind, Stage, workflow_for
from dvk.core.access import require
from dvk.core.actors import SYSTEM, is_system
from dvk.core.text import fold, nfc
from dvk.core.workflow import DomainError, Step, advance
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.selectors import members_by_body

# Luật 136/2025/QH15 (in force 1/7/2026) adds the suspension of complaint resolution.
COMPLAINT_SUSPENSION_FROM = dt.date(2026, 7, 1)


def _today() -> dt.date:
    return timezone.localdate()


# --- identity (dvk.vault) -------------------------------------------------------------------------


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("84") and len(digits) > 9:
        digits = "0" + digits[2:]
    return digits


def person_data(
    *, name: str = "", address: str = "", phone: str = "", id_number: str = "", email: str = ""
) -> dict:
    data = {
        "name": nfc(name),
        "address": nfc(address),
        "phone": _digits(phone),
        "id_number": re.sub(r"\s", "", id_number or ""),
        "email": nfc(email).lower(),
    }
    return {k: v for k, v in data.items() if v}


def person_index(data: dict) -> str:
    """The keyed blind index (dvk.vault) that matches the same person across letters: the ID
    number, else the phone, else name and address. Never the plaintext."""
    from dvk.vault.services import blind_index

    for key in ("id_number", "phone"):
        if data.get(key):
            return blind_index(key, data[key])
    if data.get("name"):
        return blind_index("name", f"{data['name']} | {data.get('address', '')}")
    return ""


def phone_index(phone: str) -> str:
    from dvk.vault.services import blind_index

    digits = _digits(phone)
    return blind_index("phone", digits) if digits else ""


def _seal(letter: Letter, data: dict, by: Any) -> None:
    from dvk.vault import services as vault

    sealed = vault.seal(letter, data, by)
    letter.identity_ref = sealed.pk


def _sealed(letter: Letter):
    from dvk.vault.models import SealedIdentity

    return SealedIdentity.objects.get(pk=letter.identity_ref or 0)


def read_identity(*, by: Any, letter: Letter, reason: str) -> dict:
    """The denouncer's identity, for the case's handler and the body's leader only; the vault
    checks `citizens.read_identity` and writes the access-log row with `reason`."""
    from dvk.vault import services as vault

    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for reading the identity.")]})
    if not letter.identity_ref:
        raise DomainError(_("This letter holds no sealed identity."))
    if not may_read_identity(by, letter):
        # Checked here too: Django lets a superuser pass every has_perm(), the law does not.
        raise PermissionDenied(_("You are not allowed to read this identity."))
    return vault.unseal(_sealed(letter), by, reason)


def may_read_identity(user: Any, letter: Letter) -> bool:
    from dvk.citizens.rules import reads_identity

    return bool(letter.identity_ref) and bool(reads_identity(user, letter))


def petitioner_of(letter: Letter) -> dict:
    """What a page may show about who sent the letter (never a denouncer's identity)."""
    if letter.kind == Kind.DENUNCIATION or letter.identity_ref:
        return {}
    return {"name": letter.petitioner_name, "address": letter.petitioner_address}


# --- deadlines (dvk.deadlines) --------------------------------------------------------------------


def _compute(case: Case, rule: str, start: dt.date, *, extensions: int | None = None) -> Any:
    from dvk.deadlines.services import DeadlineError, compute

    # Extensions and suspended days lengthen the resolution period only.
    resolving = rule == resolution_rule(case)
    try:
        return compute(
            rule,
            start,
            complex=case.complex,
            remote_area=case.remote_area,
            multi_location=case.multi_location,
            extensions=(case.extensions if extensions is None else extensions) if resolving else 0,
            paused_days=case.paused_days if resolving else 0,
        )
    except DeadlineError as exc:
        raise DomainError(str(exc)) from exc


def set_deadline(case: Case, rule: str, start: dt.date, *, current: bool = True) -> Any:
    """Compute `rule` from `start` for the case, keep it in the case's deadline history and,
    when `current`, make it the case's deadline (the caller saves the case)."""
    deadline = _compute(case, rule, start)
    if case.pk:
        CaseDeadline.objects.create(
            case=case,
            rule=deadline.rule,
            start=deadline.start,
            due=deadline.due,
            legal_ref=deadline.legal_ref,
            moved_from=deadline.moved_from,
        )
    if current:
        if case.due_on and _today() > case.due_on:
            case.finished_late = True  # the step it replaces was done late
        case.due_on, case.due_rule, case.due_ref = deadline.due, deadline.rule, deadline.legal_ref
    return deadline


def _open_case(case: Case, rule: str, start: dt.date) -> Case:
    """Save a new case, then give it the deadline of its first step (kept in its history)."""
    case.save()
    if rule:
        set_deadline(case, rule, start)
        case.save(update_fields=["due_on", "due_rule", "due_ref"])
    return case


def _clear_deadline(case: Case) -> None:
    """The step with a time limit is done: remember whether it was late, then stop the clock."""
    if case.due_on and _today() > case.due_on:
        case.finished_late = True
    case.due_on, case.due_rule, case.due_ref = None, "", ""


def classification_rule(case: Case, organisation: Organisation | None = None) -> str:
    """The time limit of the first step (xử lý đơn) for the case's kind and body."""
    if case.kind == Kind.COMPLAINT:
        return "KN.THU_LY_L2" if case.round == 2 else "KN.THU_LY_L1"
    if case.kind == Kind.DENUNCIATION:
        # Not ours: forwarded within 5 working days (Điều 24 k2); ours: 7 (10) working days (k1).
        return "TC.CHUYEN_DON" if case.letter.competence == Competence.FORWARD else "TC.XU_LY_BAN_DAU"
    organisation = organisation or case.organisation
    if organisation.kind == Organisation.Kind.PARTY_COMMITTEE:
        return "QD11.THONG_BAO"  # the committee head notifies the citizen (QĐ 11-QĐi/TW)
    return "XLD.XU_LY_DON"


def resolution_rule(case: Case) -> str | None:
    if case.kind == Kind.COMPLAINT:
        return "KN.GIAI_QUYET_L2" if case.round == 2 else "KN.GIAI_QUYET_L1"
    if case.kind == Kind.DENUNCIATION:
        return "TC.GIAI_QUYET"
    return None  # petitions and reflections keep the answer deadline of the first step


def _restart(case: Case) -> None:
    """Recompute the deadline of the step the case is in (after a flag, a pause or an extension)."""
    if case.stage == Stage.CLASSIFYING:
        set_deadline(case, classification_rule(case), case.received_on)
    elif case.accepted_on and (rule := resolution_rule(case)):
        set_deadline(case, rule, case.accepted_on)


# --- workflow hooks (named in workflow.py) ---------------------------------------------------------


def on_accept(step: Step) -> None:
    case: Case = step.obj
    case.accepted_on = step.params.get("on") or _today()
    rule = resolution_rule(case)
    if rule:
        set_deadline(case, rule, case.accepted_on)
    if case.kind == Kind.DENUNCIATION:
        # The denouncer is told of the acceptance (Luật Tố cáo 2018, Điều 29): a second clock.
        notice = set_deadline(case, "TC.THONG_BAO_THU_LY", case.accepted_on, current=False)
        step.audit["notice_due_on"] = notice.due


def on_finish(step: Step) -> None:
    case: Case = step.obj
    case.closed_on = _today()
    if step.action in ("refuse", "guide", "store", "archive", "refer", "lawsuit"):
        case.outcome = step.note
    _clear_deadline(case)


def on_decide(step: Step) -> None:
    case: Case = step.obj
    if case.kind == Kind.COMPLAINT and case.round == 2 and step.from_stage != Stage.DIALOGUE:
        # Dialogue is mandatory in the second round (Luật Khiếu nại 2011, Điều 39).
        raise DomainError(_("A second-round complaint needs a dialogue before the decision."))
    case.decided_on = _today()
    case.outcome = step.note
    _clear_deadline(case)
    if case.kind == Kind.COMPLAINT and case.round == 1:
        window = set_deadline(case, "KN.HAN_KHIEU_NAI_L2", case.decided_on, current=False)
        step.audit["second_complaint_until"] = window.due


def on_answer(step: Step) -> None:
    case: Case = step.obj
    case.outcome = step.note
    case.decided_on = _today()
    _clear_deadline(case)


def on_extend(step: Step) -> None:
    case: Case = step.obj
    if not case.accepted_on:
        raise DomainError(_("Only an accepted denunciation can be extended."))
    deadline = _compute(case, "TC.GIAI_QUYET", case.accepted_on, extensions=case.extensions + 1)
    case.extensions += 1
    set_deadline(case, deadline.rule, case.accepted_on)


def on_suspend(step: Step) -> None:
    case: Case = step.obj
    today = _today()
    if case.kind == Kind.COMPLAINT and today < COMPLAINT_SUSPENSION_FROM:
        raise DomainError(_("Suspending a complaint is possible from 01/07/2026 (Luật 136/2025/QH15)."))
    rule = resolution_rule(case)
    if rule and case.accepted_on:
        # Only where the rule in force stops the clock (Luật Tố cáo Điều 31; Luật 136/2025 for
        # complaints accepted from 01/7/2026): otherwise the case could never resume on time.
        from dvk.deadlines.services import DeadlineError, compute

        try:
            compute(rule, case.accepted_on, paused_days=case.paused_days + 1)
        except DeadlineError as exc:
            raise DomainError(str(exc)) from exc
    case.paused_since = today


def on_resume(step: Step) -> None:
    case: Case = step.obj
    if case.paused_since:
        case.paused_days += max(0, (_today() - case.paused_since).days)
    case.paused_since = None
    case.stage = Stage.VERIFYING  # the deadline of the step being resumed
    _restart(case)


def on_reopen(step: Step) -> None:
    case: Case = step.obj
    policy = Policy.current()
    case.reopen_count += 1
    case.closed_on = case.decided_on = None
    case.received_on = _today()
    case.accepted_on = None
    case.extensions = case.paused_days = 0
    case.stage = Stage.CLASSIFYING
    set_deadline(case, classification_rule(case), case.received_on)
    if case.reopen_count >= policy.prolonged_reopen_count and not case.prolonged:
        case.prolonged = True
        case.prolonged_reason = _("Reopened %(n)s times.") % {"n": case.reopen_count}


def on_forward(step: Step) -> None:
    """Forwarding creates the receiving body's own letter and case, linked to the sender's."""
    case: Case = step.obj
    target: Organisation | None = step.params.get("to")
    purpose = step.params.get("purpose", "resolution")
    if target is None:
        raise ValidationError({"to": [_("Choose the receiving body.")]})
    if target.pk == case.organisation_id:
        raise ValidationError({"to": [_("Choose another body.")]})
    if not target.is_current():
        raise ValidationError({"to": [_("This body no longer exists.")]})
    linked = _linked_case(case, target, step.by, round_=case.round, strip=purpose == "verification")
    case.outcome = step.note
    case.closed_on = _today()
    _clear_deadline(case)
    step.audit.update({"forwarded_to": target.pk, "linked_case": linked.pk, "purpose": purpose})


def on_appeal(step: Step) -> None:
    """Lần 2: the complainant takes the first decision to the next level, which opens its own case."""
    case: Case = step.obj
    if case.kind != Kind.COMPLAINT or case.round != 1:
        raise DomainError(_("Only a first-round complaint can go to a second round."))
    target: Organisation | None = step.params.get("to") or case.organisation.parent
    if target is None:
        raise ValidationError({"to": [_("Choose the receiving body.")]})
    if case.decided_on:
        window = _compute(case, "KN.HAN_KHIEU_NAI_L2", case.decided_on)
        step.audit["late_second_complaint"] = _today() > window.due
    linked = _linked_case(case, target, step.by, round_=2, strip=False)
    case.closed_on = _today()
    step.audit.update({"forwarded_to": target.pk, "linked_case": linked.pk})


def _linked_case(case: Case, target: Organisation, by: Any, *, round_: int, strip: bool) -> Case:
    letter = case.letter
    today = _today()
    carries_name = not strip and letter.kind != Kind.DENUNCIATION
    received = _new_letter(
        organisation=target,
        received_on=today,
        channel=Channel.TRANSFERRED,
        kind=case.kind,
        summary=case.summary,
        people_count=case.people_count,
        field=case.field,
        petitioner_name=letter.petitioner_name if carries_name else "",
        petitioner_address=letter.petitioner_address if carries_name else "",
        representatives=letter.representatives if carries_name else "",
        by=by,
    )
    received.forwarded_from = letter
    received.person_index = letter.person_index  # a keyed hash: matching, not identity
    # The identity never travels: the denouncer's stays sealed with the sender (Luật Tố cáo
    # 2018, Điều 56 k2: removed before the case is handed over for verification).
    received.identity_withheld = bool(letter.identity_ref) or letter.identity_withheld or strip
    received.phone_index = "" if strip else letter.phone_index
    received.save()
    linked = Case(
        organisation=target,
        letter=received,
        kind=case.kind,
        round=round_,
        field=case.field,
        summary=case.summary,
        received_on=today,
        people_count=case.people_count,
        complex=case.complex,
        remote_area=case.remote_area,
        multi_location=case.multi_location,
        forwarded_from=case,
        sender_path=case.org_path,
        stage=Stage.CLASSIFYING,
    )
    _open_case(linked, classification_rule(linked, target), today)
    record(
        actor=by,
        action="citizens.case.receive",
        target=linked,
        organisation=target,
        changes={"from_case": case.pk, "round": round_, "kind": case.kind},
    )
    staff = members_by_body([target.pk], Membership.Role.WORK)[target.pk]
    if staff:
        notify(
            staff,
            title=_("A case was forwarded to your body: %(number)s") % {"number": received.receipt_number},
            url=reverse("citizens:case_detail", args=[linked.pk]),
            kind="citizens.forwarded",
        )
    return linked


# --- letters ---------------------------------------------------------------------------------------


def _next_seq(organisation: Organisation, year: int) -> int:
    counter, _created = ReceiptCounter.objects.get_or_create(organisation=organisation, year=year)
    ReceiptCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return ReceiptCounter.objects.values_list("last", flat=True).get(pk=counter.pk)


def _new_letter(*, organisation: Organisation, received_on: dt.date, by: Any, **fields: Any) -> Letter:
    letter = Letter(organisation=organisation, received_on=received_on, year=received_on.year, **fields)
    letter.seq = _next_seq(organisation, received_on.year)
    letter.created_by = by if getattr(by, "is_authenticated", False) else None
    letter.save()
    return letter


@transaction.atomic
def register_letter(
    *,
    by: Any,
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
        _seal(letter, sealed, SYSTEM if is_system(by) else by)
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
    *, by: Any, letter: Letter, competence: str, field: Field | None = None, matter: Matter | None = None
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
def decide_duplicate(*, by: Any, suggestion: DuplicateSuggestion, same: bool) -> DuplicateSuggestion:
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


# --- cases -----------------------------------------------------------------------------------------


def act(*, by: Any, case: Case, action: str, note: str = "", **params: Any) -> Case:
    """Run one workflow action on a case (the transition checks its named permission)."""
    return advance(obj=case, workflow=workflow_for(case.kind), action=action, by=by, note=note, params=params)


@transaction.atomic
def assign(*, by: Any, case: Case, handler: Any) -> Case:
    require(by, "citizens.assign_case", case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if (
        handler is not None
        and not Membership.objects.filter(
            user=handler, organisation_id=case.organisation_id, role__in=Membership.Role.WORK
        ).exists()
    ):
        raise ValidationError({"handler": [_("The handler must work for the handling body.")]})
    before = case.handler_id
    case.handler = handler
    case.save(update_fields=["handler", "updated_at"])
    record(
        actor=by,
        action="citizens.case.assign",
        target=case,
        organisation=case.organisation,
        changes={"handler": [before, handler.pk if handler else None]},
    )
    if handler is not None and handler.pk != getattr(by, "pk", None):
        notify(
            [handler],
            title=_("A case was assigned to you: %(number)s") % {"number": case.letter.receipt_number},
            url=reverse("citizens:case_detail", args=[case.pk]),
            kind="citizens.assigned",
        )
    return case


@transaction.atomic
def set_flags(
    *,
    by: Any,
    case: Case,
    complex: bool | None = None,
    remote_area: bool | None = None,
    multi_location: bool | None = None,
) -> Case:
    """Change the modifiers of the time limit (complex, remote area, several places) and recompute."""
    require(by, "citizens.handle_case", case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    before = {
        "complex": case.complex,
        "remote_area": case.remote_area,
        "multi_location": case.multi_location,
        "due_on": case.due_on,
    }
    for name, value in (
        ("complex", complex),
        ("remote_area", remote_area),
        ("multi_location", multi_location),
    ):
        if value is not None:
            setattr(case, name, value)
    if case.is_open:
        _restart(case)
    case.save()
    after = {
        "complex": case.complex,
        "remote_area": case.remote_area,
        "multi_location": case.multi_location,
        "due_on": case.due_on,
    }
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changes:
        record(
            actor=by,
            action="citizens.case.flags",
            target=case,
            organisation=case.organisation,
            changes=changes,
        )
    return case


@transaction.atomic
def mark_prolonged(*, by: Any, case: Case, on: bool, reason: str = "") -> Case:
    """Set or clear the kéo dài flag by hand, with a reason."""
    require(by, "citizens.flag_case", case)
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": [_("Give the reason.")]})
    case = Case.objects.select_for_update().get(pk=case.pk)
    before = case.prolonged
    case.prolonged, case.prolonged_reason = on, reason
    case.save(update_fields=["prolonged", "prolonged_reason", "updated_at"])
    record(
        actor=by,
        action="citizens.case.prolonged",
        target=case,
        organisation=case.organisation,
        changes={"prolonged": [before, on], "reason": reason},
    )
    return case


def refresh_prolonged(today: dt.date | None = None) -> int:
    """The kéo dài rule, run daily by the system: open cases past their deadline by the
    configured span, or reopened the configured number of times. Returns the cases flagged."""
    today = today or _today()
    policy = Policy.current()
    limit = today - dt.timedelta(days=policy.prolonged_after_days)
    qs = Case.objects.filter(prolonged=False).filter(
        Q(stage__in=OPEN_STAGES, due_on__lt=limit) | Q(reopen_count__gte=policy.prolonged_reopen_count)
    )
    flagged = 0
    for case in qs.select_related("organisation").iterator(chunk_size=500):
        with transaction.atomic():
            reason = (
                _("Reopened %(n)s times.") % {"n": case.reopen_count}
                if case.reopen_count >= policy.prolonged_reopen_count
                else _("More than %(n)s days past the deadline.") % {"n": policy.prolonged_after_days}
            )
            updated = Case.objects.filter(pk=case.pk, prolonged=False).update(
                prolonged=True, prolonged_reason=reason
            )
            if updated:
                record(
                    actor=SYSTEM,
                    action="citizens.case.prolonged",
                    target=case,
                    organisation=case.organisation,
                    changes={"prolonged": [False, True], "reason": reason, "by_rule": True},
                )
                flagged += 1
    return flagged


@transaction.atomic
def publish_answer(*, by: Any, case: Case, text: str) -> Case:
    """Publish the answer or conclusion for the public lookup; a denouncer's identity is
    redacted (lược bỏ) from it automatically."""
    require(by, "citizens.publish_answer", case)
    text = nfc(text)
    if not text:
        raise ValidationError({"text": [_("This field is required.")]})
    case = Case.objects.select_for_update().select_related("letter").get(pk=case.pk)
    if case.stage not in (
        Stage.DECIDED,
        Stage.ENFORCING,
        Stage.ANSWERED,
        Stage.CLOSED,
        Stage.REFUSED,
        Stage.GUIDED,
    ):
        raise DomainError(_("Only a decided or answered case can be published."))
    if case.letter.identity_ref:
        from dvk.vault import services as vault

        identity = read_identity(by=by, letter=case.letter, reason=_("Redact the published answer"))
        text = vault.redact(text, identity)
    case.published_answer, case.published_at = text, timezone.now()
    case.save(update_fields=["published_answer", "published_at", "updated_at"])
    record(
        actor=by,
        action="citizens.case.publish",
        target=case,
        organisation=case.organisation,
        changes={"published": True},
    )
    return case


# --- reception -------------------------------------------------------------------------------------


@transaction.atomic
def record_session(
    *,
    by: Any,
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
    by: Any,
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


# --- public intake ---------------------------------------------------------------------------------


PUBLIC_KINDS = (Kind.PETITION, Kind.REFLECTION)


def submit_public(
    *,
    organisation: Organisation,
    kind: str,
    summary: str,
    name: str,
    phone: str,
    address: str = "",
    email: str = "",
    token: str,
) -> tuple[Letter, bool]:
    """A kiến nghị or phản ánh sent from the public page. Returns (letter, created): the same
    `token` (Idempotency-Key or form token) gives back the first letter, so a double click
    creates one letter."""
    if kind not in PUBLIC_KINDS:
        raise ValidationError(
            {"kind": [_("Complaints and denunciations must be filed through the legal channels.")]}
        )
    if not _digits(phone) or len(_digits(phone)) < 9:
        raise ValidationError({"phone": [_("Enter a valid phone number.")]})
    if not nfc(name):
        raise ValidationError({"name": [_("This field is required.")]})
    if not token or len(token) > 64:
        raise ValidationError({"token": [_("The form has expired; reload the page.")]})
    # The key is bound to the sender's phone: another sender's key never returns their letter.
    token = hashlib.sha256(f"{token}:{_digits(phone)}".encode()).hexdigest()[:64]
    found = Letter.objects.filter(intake_token=token).first()
    if found:
        return found, False
    try:
        with transaction.atomic():
            letter = register_letter(
                by=SYSTEM,
                organisation=organisation,
                received_on=_today(),
                channel=Channel.PUBLIC_FORM,
                kind=kind,
                summary=summary,
                name=name,
                phone=phone,
                address=address,
                intake_token=token,
            )
    except IntegrityError:
        return Letter.objects.get(intake_token=token), False
    staff = members_by_body([organisation.pk], Membership.Role.WORK)[organisation.pk]
    if staff:
        notify(
            staff,
            title=_("New letter from the public form: %(number)s") % {"number": letter.receipt_number},
            url=reverse("citizens:letter_detail", args=[letter.pk]),
            kind="citizens.public",
        )
    return letter, True


# --- deadline alerts -------------------------------------------------------------------------------


def alert_items(today: dt.date) -> list[tuple[Case, int]]:
    """(case, days left) for the open cases that a tier selects today: N days before the
    deadline (the policy's tiers), on the day, and every day while overdue."""
    tiers = Policy.current().tiers()
    wanted = [today + dt.timedelta(days=n) for n in tiers] + [today]
    qs = Case.objects.filter(stage__in=OPEN_STAGES, due_on__isnull=False).filter(
        Q(due_on__in=wanted) | Q(due_on__lt=today)
    )
    return [
        (c, (c.due_on - today).days)
        for c in qs.select_related("letter", "organisation").order_by("due_on", "id")
    ]


def send_deadline_alerts(today: dt.date | None = None) -> int:
    """One digest per person per day (handler and the body's leaders); idempotent per day."""
    today = today or _today()
    items = alert_items(today)
    leaders = members_by_body((c.organisation_id for c, _d in items), Membership.Role.LEAD)
    per_user: dict[int, list[str]] = defaultdict(list)
    for case, days in items:
        if days < 0:
            when = _("overdue by %(n)s days") % {"n": -days}
        elif days == 0:
            when = _("due today")
        else:
            when = _("due in %(n)s days") % {"n": days}
        deadline = _("deadline %(date)s") % {"date": f"{case.due_on:%d/%m/%Y}"}
        line = f"- {case.letter.receipt_number} {case.get_kind_display()} ({case.organisation.name}): {when}, {deadline}"
        people = set(leaders.get(case.organisation_id, []))
        if case.handler_id:
            people.add(case.handler_id)
        for user_id in people:
            per_user[user_id].append(line)
    url = reverse("citizens:worklist")
    with transaction.atomic():
        for user_id, lines in per_user.items():
            notify(
                [user_id],
                title=_("Citizens' cases: %(n)s need your attention") % {"n": len(lines)},
                body="\n".join(lines),
                url=url,
                kind="citizens.deadline",
                dedupe_key=f"citizens.digest:{today}",
            )
    return len(per_user)


# --- reports and reminder letters (dvk.documents) ---------------------------------------------------


def _issuing_body(by: Any) -> Organisation:
    """The body a coordinator or leader issues documents for: its first coordinating or leading membership."""
    membership = (
        Membership.objects.filter(user=by, role__in=Membership.Role.COORDINATE | Membership.Role.LEAD)
        .select_related("organisation")
        .order_by("organisation__path")
        .first()
    )
    if membership is None:
        raise PermissionDenied(_("You are not allowed to perform this action."))
    return membership.organisation


@transaction.atomic
def issue_report(*, by: Any, since: dt.date, until: dt.date, data: dict) -> tuple[Any, bytes]:
    """The periodic report (BC) of the monitoring figures, numbered in the issuer's register."""
    from dvk.citizens.documents import report_docx
    from dvk.documents.services import issue

    require(by, "citizens.monitor")
    body = _issuing_body(by)
    document = issue(
        organisation=body,
        doc_type="BC",
        title=_("Citizen reception and the resolution of letters from %(since)s to %(until)s")
        % {"since": since.strftime("%d/%m/%Y"), "until": until.strftime("%d/%m/%Y")},
        by=by,
        signer=by,
    )
    return document, report_docx(document, data, since, until)


@transaction.atomic
def urge_overdue(*, by: Any, cases: Iterable[Case]) -> tuple[Any, bytes]:
    """The reminder letter (công văn đôn đốc) to the bodies of the selected overdue cases."""
    from dvk.citizens.documents import urge_docx
    from dvk.documents.services import issue

    require(by, "citizens.urge")
    today = _today()
    chosen = [c for c in cases if c.is_overdue(today)]
    if not chosen:
        raise ValidationError({"cases": [_("Select at least one overdue case.")]})
    body = _issuing_body(by)
    document = issue(
        organisation=body,
        doc_type="CV",
        title=_("V/v urging the resolution of overdue citizens' cases"),
        by=by,
        signer=by,
        recipients=sorted({c.organisation.name for c in chosen}),
    )
    record(
        actor=by,
        action="citizens.urge",
        target=document,
        organisation=body,
        changes={"cases_urged": [c.pk for c in chosen], "number": document.number},
    )
    staff: set[int] = set()
    leaders = members_by_body((c.organisation_id for c in chosen), Membership.Role.LEAD)
    for c in chosen:
        staff.update(leaders.get(c.organisation_id, []))
        if c.handler_id:
            staff.add(c.handler_id)
    if staff:
        notify(
            staff,
            title=_("Reminder letter %(number)s: overdue citizens' cases") % {"number": document.number},
            url=reverse("citizens:worklist") + "?overdue=1",
            kind="citizens.urge",
        )
    return document, urge_docx(document, chosen)
