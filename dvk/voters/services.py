"""The only writers of voter meetings and petitions. Each function checks its named permission,
writes in one transaction, records one audit event and notifies after commit. Stages change only
through dvk.core.workflow.advance() with the workflows of workflow.py; the hooks named there
(`on_*`, `after_*`) live here with the rules they apply."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.actors import SYSTEM
from dvk.core.text import fold, nfc
from dvk.core.workflow import DomainError, Step, advance
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import province_root
from dvk.organisations.selectors import members_by_body
from dvk.voters.models import (
    CarryOver,
    Deputy,
    EntryBatch,
    Forward,
    Level,
    Meeting,
    Petition,
    PetitionField,
    Session,
    Term,
)
from dvk.voters.workflow import (
    FORWARD_WORKFLOW,
    OUTCOME_PRECEDENCE,
    PETITION_WORKFLOW,
    SESSION_WORKFLOW,
    ForwardStage,
    Outcome,
    PetitionStage,
    SessionStage,
)

Role = Membership.Role
MAX_TEXT = 4000
MAX_ROWS = 300
FALLBACK_SESSION_GAP = 180  # days to the next regular session when none is planned yet
MIN_ANSWER_DAYS = 7  # a forward is never due sooner than this


def _clean_text(value: str, field: str, required: bool = True, limit: int = MAX_TEXT) -> str:
    """Text as stored (dvk.core.text.clean_text: NFC, no control characters), required and bounded."""
    text = nfc(value)
    if required and not text:
        raise ValidationError({field: [_("This field is required.")]})
    if len(text) > limit:
        raise ValidationError({field: [_("At most %(n)s characters.") % {"n": limit}]})
    return text


# --- Terms, sessions, deputies ---------------------------------------------------------------


@transaction.atomic
def create_term(
    *,
    by: Any,
    organisation: Organisation,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    answer_lead_days: int | None = None,
    delegation: Organisation | None = None,
) -> Term:
    if organisation.kind != Organisation.Kind.PEOPLES_COUNCIL:
        raise DomainError(_("A term belongs to a People's Council."))
    probe = Term(organisation=organisation)
    probe.fill_owner()
    require(by, "voters.manage_session", probe)
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end must not be before the start.")]})
    term = Term(
        organisation=organisation,
        name=_clean_text(name, "name", limit=200),
        starts_on=starts_on,
        ends_on=ends_on,
        delegation=delegation,
    )
    if answer_lead_days is not None:
        term.answer_lead_days = answer_lead_days
    term.save()
    record(
        actor=by,
        action="voters.term.create",
        target=term,
        organisation=organisation,
        changes={"name": term.name},
    )
    return term


@transaction.atomic
def create_session(
    *,
    by: Any,
    term: Term,
    number: int,
    opens_on: dt.date,
    kind: str = Session.Kind.REGULAR,
    closes_on: dt.date | None = None,
) -> Session:
    require(by, "voters.manage_session", term)
    if kind not in Session.Kind.values:
        raise ValidationError({"kind": [_("Choose one of the allowed values.")]})
    if closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": [_("The end must not be before the start.")]})
    if Session.objects.filter(term=term, number=number).exists():
        raise ValidationError({"number": [_("This term already has a session with this number.")]})
    session = Session.objects.create(
        term=term,
        organisation_id=term.organisation_id,
        number=number,
        kind=kind,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    record(
        actor=by,
        action="voters.session.create",
        target=session,
        organisation=term.organisation,
        changes={"number": number, "kind": kind, "opens_on": opens_on},
    )
    return session


@transaction.atomic
def add_deputy(
    *, by: Any, term: Term, full_name: str, constituency: str, position: str = "", user: Any = None
) -> Deputy:
    require(by, "voters.manage_session", term)
    full_name = _clean_text(full_name, "full_name", limit=200)
    constituency = _clean_text(constituency, "constituency", limit=200)
    if Deputy.objects.filter(term=term, full_name=full_name, constituency=constituency).exists():
        raise ValidationError({"full_name": [_("This deputy is already in the register.")]})
    deputy = Deputy.objects.create(
        term=term,
        organisation_id=term.organisation_id,
        full_name=full_name,
        constituency=constituency,
        position=_clean_text(position, "position", required=False, limit=200),
        user=user,
    )
    record(
        actor=by,
        action="voters.deputy.add",
        target=deputy,
        organisation=term.organisation,
        changes={"full_name": full_name, "constituency": constituency},
    )
    return deputy


def open_session(*, by: Any, session: Session, note: str = "") -> Session:
    """Open a session; a regular session takes over what is still unresolved (after_open_session)."""
    return advance(obj=session, workflow=SESSION_WORKFLOW, action="open", by=by, note=note)


def close_session(*, by: Any, session: Session, note: str = "") -> Session:
    return advance(obj=session, workflow=SESSION_WORKFLOW, action="close", by=by, note=note)


def after_open_session(step: Step) -> None:
    carry_over_into(session=step.obj, by=step.by)


def open_due_sessions(today: dt.date | None = None) -> int:
    """The scheduler's job: open every planned session whose opening day has come (system actor)."""
    today = today or timezone.localdate()
    opened = 0
    for session in Session.objects.filter(stage=SessionStage.PLANNED, opens_on__lte=today).order_by(
        "opens_on", "id"
    ):
        open_session(by=SYSTEM, session=session, note=_("Opened on its scheduled day."))
        opened += 1
    return opened


@transaction.atomic
def publish_answers(*, by: Any, session: Session) -> Session:
    require(by, "voters.publish", session)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.answers_published_at is None:
        session.answers_published_at = timezone.now()
        session.save(update_fields=["answers_published_at", "updated_at"])
        record(actor=by, action="voters.session.publish", target=session, organisation=session.organisation)
    return session


# --- Due dates ---------------------------------------------------------------------------------


def next_regular_session(session: Session) -> Session | None:
    return (
        Session.objects.filter(
            organisation_id=session.organisation_id, kind=Session.Kind.REGULAR, opens_on__gt=session.opens_on
        )
        .order_by("opens_on", "id")
        .first()
    )


def default_due(session: Session, today: dt.date | None = None) -> dt.date:
    """The answer is due the term's lead days before the next regular session after `session`
    (or before the expected one, FALLBACK_SESSION_GAP days on, when none is planned), never
    sooner than MIN_ANSWER_DAYS from today."""
    today = today or timezone.localdate()
    nxt = next_regular_session(session)
    opens = nxt.opens_on if nxt else session.opens_on + dt.timedelta(days=FALLBACK_SESSION_GAP)
    lead = Term.objects.values_list("answer_lead_days", flat=True).get(pk=session.term_id)
    return max(opens - dt.timedelta(days=lead), today + dt.timedelta(days=MIN_ANSWER_DAYS))


# --- Meetings ---------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(
    *,
    by: Any,
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
        place=_clean_text(place, "place", limit=300),
        front=front,
        voters_present=voters_present,
        notes=_clean_text(notes, "notes", required=False),
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


def record_petitions(*, by: Any, meeting: Meeting, rows: Sequence[RowIn], token: str = "") -> EntryResult:
    """Store the rows typed on the bulk-entry screen as petitions of `meeting`, all or none.

    Row errors are raised together as one ValidationError keyed "row-<n>" (1-based) so the screen
    can show them next to what was typed. A repeated `token` (a double click, a resubmitted
    form) writes nothing and returns the petitions of the first submission."""
    require(by, "voters.record_meeting", meeting)
    token = (token or "")[:64]
    errors: dict[str, list[str]] = {}
    cleaned: list[RowIn] = []
    for n, row in enumerate(rows, start=1):
        if not nfc(row.text):
            continue
        try:
            text = _clean_text(row.text, "text")
            raised_by = _clean_text(row.raised_by, "raised_by", required=False, limit=200)
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
    try:
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
    except IntegrityError:
        batch = EntryBatch.objects.filter(created_by=by, token=token).first()
        if batch is None:
            raise
        latest = list(batch.meeting.petitions.filter(created_by=by).order_by("-id")[: batch.count])
        return EntryResult(petitions=latest[::-1], repeated=True)
    return EntryResult(petitions=petitions, repeated=False)


# --- Consolidation ------------------------------------------------------------------------------


def classify(*, by: Any, petition: Petition, field: str, level: str, note: str = "") -> Petition:
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


def mark_repeat(*, by: Any, petition: Petition, of: Petition, note: str = "") -> Petition:
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


def unmark_repeat(*, by: Any, petition: Petition, note: str = "") -> Petition:
    return advance(obj=petition, workflow=PETITION_WORKFLOW, action="unmark_repeat", by=by, note=note)


def on_unmark_repeat(step: Step) -> None:
    step.obj.repeat_of = None


def forward(
    *,
    by: Any,
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
    by: Any,
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
        answer = _clean_text(p.get("answer", ""), "answer")
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
    f.document_number = _clean_text(p.get("document_number", ""), "document_number", required=False, limit=60)
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


def reopen(*, by: Any, petition: Petition, note: str) -> Petition:
    """Ask the bodies again (an answer the voters or deputies found unsatisfactory)."""
    return advance(obj=petition, workflow=PETITION_WORKFLOW, action="reopen", by=by, note=note)


def _reopen_forwards(petition: Petition, by: Any, only_roadmap: bool, note: str = "") -> list[str]:
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


def close(*, by: Any, petition: Petition, note: str = "") -> Petition:
    return advance(obj=petition, workflow=PETITION_WORKFLOW, action="close", by=by, note=note)


@transaction.atomic
def assess(*, by: Any, petition: Petition, satisfied: bool, note: str = "") -> Petition:
    """A deputy (or the standing office) records whether the voters are satisfied with the answer."""
    require(by, "voters.assess", petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.stage not in (PetitionStage.ANSWERED, PetitionStage.CLOSED):
        raise DomainError(_("Only answered petitions can be assessed."))
    old = petition.satisfaction
    petition.satisfaction = (
        Petition.Satisfaction.SATISFIED if satisfied else Petition.Satisfaction.UNSATISFIED
    )
    petition.satisfaction_note = _clean_text(note, "note", required=False)
    petition.save(update_fields=["satisfaction", "satisfaction_note", "updated_at"])
    record(
        actor=by,
        action="voters.petition.assess",
        target=petition,
        organisation=petition.organisation,
        changes={"satisfaction": [old, petition.satisfaction], **({"note": note} if note else {})},
    )
    return petition


# --- Carry-over -------------------------------------------------------------------------------


def carry_over_into(*, session: Session, by: Any) -> int:
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


# --- Reminders --------------------------------------------------------------------------------


def send_reminder_digests(today: dt.date | None = None) -> int:
    """One digest a day to the staff of each answering body with overdue forwards (dedupe per day)."""
    today = today or timezone.localdate()
    per_body: dict[int, list[str]] = defaultdict(list)
    for f in (
        Forward.objects.overdue(today)
        .select_related("petition")
        .order_by("organisation_id", "due_on", "id")
        .iterator(chunk_size=2000)
    ):
        per_body[f.organisation_id].append(
            f"- {f.petition.short_text} — "
            + _("overdue by %(n)s days") % {"n": (today - f.due_on).days}
            + ", "
            + _("due %(date)s") % {"date": f.due_on.strftime("%d/%m/%Y")}
        )
    staff = members_by_body(per_body, Role.WORK)
    url = reverse("voters:forwarded") + "?overdue=1"
    users = 0
    with transaction.atomic():
        for org_id, lines in per_body.items():
            ids = staff.get(org_id, [])
            if not ids:
                continue
            users += len(ids)
            notify(
                ids,
                title=_("Reminder: %(n)s voter petitions are awaiting your answer past the due date")
                % {"n": len(lines)},
                body="\n".join(lines[:50]),
                url=url,
                kind="voters.reminder",
                dedupe_key=f"voters.digest:{today}",
            )
    return users


def visible_bodies_for_forwarding(petition: Petition) -> Q:
    """Bodies a petition may be forwarded to: current bodies of its province, not the HĐND itself."""
    return Q(path__startswith=province_root(petition.org_path)) & ~Q(pk=petition.organisation_id)
