"""REST API of voter meetings and petitions. Thin: selectors read, services write; errors are
formatted by dvk.api.errors (ValidationError 422, DomainError/WorkflowError 409, 403, 404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from dvk.api.idempotency import idempotent
from dvk.api.pagination import Page, paginate
from dvk.core.types import AuthenticatedHttpRequest
from dvk.core.validation import Id, text
from dvk.organisations.models import Organisation
from dvk.voters import selectors, services
from dvk.voters.entry import split_lines
from dvk.voters.models import Forward, Level, Meeting, Petition, PetitionField, Session
from dvk.voters.services import RowIn
from dvk.voters.workflow import FORWARD_WORKFLOW, PETITION_WORKFLOW, SESSION_WORKFLOW, ForwardStage, Outcome

router = Router(tags=["voters"])


class Ref(Schema):
    id: int
    name: str


class SessionOut(Schema):
    id: int
    title: str
    number: int
    kind: str
    opens_on: dt.date
    closes_on: dt.date | None
    stage: str
    stage_label: str
    council: Ref
    term_id: int
    answers_published: bool
    available_actions: list[str]


class SessionList(Schema):
    count: int
    count_exact: bool = True
    items: list[SessionOut]


class MeetingIn(Schema):
    held_on: dt.date
    place: text(300, min_length=1)  # type: ignore[valid-type]
    timing: Meeting.Timing = Meeting.Timing.BEFORE
    front_id: Id | None = None
    voters_present: int = Field(0, ge=0, le=1_000_000)
    deputy_ids: list[Id] = Field([], max_length=100)
    notes: text(4000, multiline=True) = ""  # type: ignore[valid-type]


class MeetingOut(Schema):
    id: int
    session_id: int
    held_on: dt.date
    place: str
    timing: str
    front: Ref | None
    voters_present: int
    deputy_ids: list[int]


class RowSchema(Schema):
    text: str = Field(..., max_length=4000)
    kind: Petition.Kind = Petition.Kind.PETITION
    raised_by: str = Field("", max_length=200)


class PetitionsIn(Schema):
    rows: list[RowSchema] = Field([], max_length=300)
    pasted: str = Field(
        "", max_length=200_000, description="Lines pasted from the minutes; one petition each"
    )
    token: str = Field("", max_length=64)


class ForwardOut(Schema):
    id: int
    petition_id: int
    body: Ref
    sent_on: dt.date
    due_on: dt.date
    stage: str
    stage_label: str
    overdue: bool
    outcome: str
    answer: str
    target_date: dt.date | None
    reason: str
    document_number: str
    answered_on: dt.date | None
    available_actions: list[str]


class PetitionOut(Schema):
    id: int
    kind: str
    text: str
    raised_by: str
    meeting_id: int
    session_id: int
    due_session_id: int
    field: str
    level: str
    stage: str
    stage_label: str
    outcome: str
    satisfaction: str
    repeat_of_id: int | None
    carried_over: int
    available_actions: list[str]
    forwards: list[ForwardOut] | None = None


class PetitionList(Schema):
    count: int
    count_exact: bool = True
    items: list[PetitionOut]


class ForwardList(Schema):
    count: int
    count_exact: bool = True
    items: list[ForwardOut]


class PetitionFilterIn(Page):
    session: Id | None = None
    stage: str = Field("", max_length=20)
    field: str = Field("", max_length=20)
    level: str = Field("", max_length=10)
    body: Id | None = None
    kind: str = Field("", max_length=10)
    overdue: bool = False
    carried: bool = False
    q: text(200) = ""  # type: ignore[valid-type]


class ForwardFilterIn(Page):
    stage: str = Field("", max_length=10)
    overdue: bool = False
    session: Id | None = None
    q: text(200) = ""  # type: ignore[valid-type]


class ClassifyIn(Schema):
    field: PetitionField
    level: Level
    note: str = Field("", max_length=4000)


class RepeatIn(Schema):
    of: Id
    note: str = Field("", max_length=4000)


class ForwardIn(Schema):
    body_ids: list[Id] = Field(..., min_length=1, max_length=20)
    due_on: dt.date | None = None
    note: str = Field("", max_length=4000)


class PetitionAnswerIn(Schema):
    outcome: Outcome
    answer: text(4000, min_length=1, multiline=True)  # type: ignore[valid-type]
    target_date: dt.date | None = None
    reason: str = Field("", max_length=4000)
    document_number: str = Field("", max_length=60)


class AssessIn(Schema):
    satisfied: bool
    note: str = Field("", max_length=4000)


class VotersNoteIn(Schema):
    note: str = Field("", max_length=4000)


class BodyRowOut(Schema):
    organisation_id: int
    name: str
    forwarded: int
    answered: int
    on_time: int
    late: int
    overdue: int
    on_time_rate: float | None


class ReportOut(Schema):
    session_id: int
    total: int
    petitions: int
    opinions: int
    raised_here: int
    carried_in: int
    carried_out: int
    by_status: dict[str, int]
    by_field: dict[str, int]
    by_level: dict[str, int]
    forwarded: int
    answered: int
    on_time: int
    overdue: int
    on_time_rate: float | None
    satisfied: int
    unsatisfied: int
    meetings: int
    voters_present: int
    bodies: list[BodyRowOut]


def _session_out(request: AuthenticatedHttpRequest, s: Session) -> dict[str, Any]:
    return {
        "id": s.pk,
        "title": s.title,
        "number": s.number,
        "kind": s.kind,
        "opens_on": s.opens_on,
        "closes_on": s.closes_on,
        "stage": s.stage,
        "stage_label": s.get_stage_display(),
        "council": {"id": s.organisation_id, "name": s.organisation.name},
        "term_id": s.term_id,
        "answers_published": s.answers_published_at is not None,
        "available_actions": SESSION_WORKFLOW.available_actions(request.user, s),
    }


def _meeting_out(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "session_id": m.session_id,
        "held_on": m.held_on,
        "place": m.place,
        "timing": m.timing,
        "front": {"id": m.front.pk, "name": m.front.name} if m.front is not None else None,
        "voters_present": m.voters_present,
        "deputy_ids": [d.pk for d in m.deputies.all()],
    }


def _forward_out(request: AuthenticatedHttpRequest, f: Forward, today: dt.date) -> dict[str, Any]:
    return {
        "id": f.pk,
        "petition_id": f.petition_id,
        "body": {"id": f.organisation_id, "name": f.organisation.name},
        "sent_on": f.sent_on,
        "due_on": f.due_on,
        "stage": f.stage,
        "stage_label": f.get_stage_display(),
        "overdue": f.is_overdue(today),
        "outcome": f.outcome,
        "answer": f.answer,
        "target_date": f.target_date,
        "reason": f.reason,
        "document_number": f.document_number,
        "answered_on": f.answered_on,
        "available_actions": FORWARD_WORKFLOW.available_actions(request.user, f),
    }


def _petition_out(request: AuthenticatedHttpRequest, p: Petition, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": p.pk,
        "kind": p.kind,
        "text": p.text,
        "raised_by": p.raised_by,
        "meeting_id": p.meeting_id,
        "session_id": p.session_id,
        "due_session_id": p.due_session_id,
        "field": p.field,
        "level": p.level,
        "stage": p.stage,
        "stage_label": p.get_stage_display(),
        "outcome": p.outcome,
        "satisfaction": p.satisfaction,
        "repeat_of_id": p.repeat_of_id,
        "carried_over": p.carried_over,
        "available_actions": PETITION_WORKFLOW.available_actions(request.user, p),
    }
    if detail:
        today = timezone.localdate()
        out["forwards"] = [
            _forward_out(request, f, today) for f in p.forwards.select_related("organisation").order_by("id")
        ]
    return out


def _session(request: AuthenticatedHttpRequest, session_id: int) -> Session:
    return get_object_or_404(selectors.sessions(user=request.user), pk=session_id)


def _meeting(request: AuthenticatedHttpRequest, meeting_id: int) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("front"), pk=meeting_id)


def _petition(request: AuthenticatedHttpRequest, petition_id: int) -> Petition:
    petition = selectors.petition_detail(user=request.user, pk=petition_id)
    if petition is None:
        from django.http import Http404

        raise Http404
    return petition


# --- Sessions and meetings --------------------------------------------------------------------


@router.get("/voters/sessions", response=SessionList)
def list_sessions(request: AuthenticatedHttpRequest, page: Query[Page]):
    return paginate(selectors.sessions(user=request.user), page, lambda s: _session_out(request, s))


@router.get("/voters/sessions/{session_id}", response=SessionOut)
def get_session(request: AuthenticatedHttpRequest, session_id: int):
    return _session_out(request, _session(request, session_id))


@router.post("/voters/sessions/{session_id}/actions/{action}", response=SessionOut)
def session_action(request: AuthenticatedHttpRequest, session_id: int, action: str, payload: VotersNoteIn):
    session = _session(request, session_id)
    if action == "open":
        session = services.open_session(by=request.user, session=session, note=payload.note)
    elif action == "close":
        session = services.close_session(by=request.user, session=session, note=payload.note)
    elif action == "publish":
        session = services.publish_answers(by=request.user, session=session)
    else:
        raise ValidationError({"action": [_("Choose one of the allowed values.")]})
    return _session_out(request, _session(request, session.pk))


@router.get("/voters/sessions/{session_id}/report", response=ReportOut)
def session_report(request: AuthenticatedHttpRequest, session_id: int):
    session = _session(request, session_id)
    if not request.user.has_perm("voters.view_report", session):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    rep = selectors.session_report(session)
    data = {
        k: getattr(rep, k)
        for k in ReportOut.model_fields
        if k not in {"session_id", "bodies", "on_time_rate"}
    }
    data["session_id"] = session.pk
    data["on_time_rate"] = rep.on_time_rate
    data["bodies"] = [{**b.__dict__, "on_time_rate": b.on_time_rate} for b in rep.bodies]
    return data


@router.get("/voters/sessions/{session_id}/meetings", response=list[MeetingOut])
def list_meetings(request: AuthenticatedHttpRequest, session_id: int):
    session = _session(request, session_id)
    qs = selectors.meetings(user=request.user, session=session).prefetch_related("deputies")[:500]
    return [_meeting_out(m) for m in qs]


@router.post("/voters/sessions/{session_id}/meetings", response={201: MeetingOut})
def create_meeting(request: AuthenticatedHttpRequest, session_id: int, payload: MeetingIn):
    session = _session(request, session_id)
    front = None
    if payload.front_id:
        front = Organisation.objects.filter(pk=payload.front_id, kind=Organisation.Kind.FRONT).first()
        if front is None:
            raise ValidationError({"front_id": [_("Choose a Fatherland Front committee of the province.")]})
    deputies = list(session.term.deputies.filter(pk__in=payload.deputy_ids))
    if len(deputies) != len(set(payload.deputy_ids)):
        raise ValidationError({"deputy_ids": [_("Choose deputies of this session's term.")]})

    def create():
        meeting = services.create_meeting(
            by=request.user,
            session=session,
            held_on=payload.held_on,
            place=payload.place,
            timing=payload.timing,
            front=front,
            voters_present=payload.voters_present,
            deputies=deputies,
            notes=payload.notes,
        )
        return 201, _meeting_out(meeting)

    return idempotent(request, create)


@router.get("/voters/meetings/{meeting_id}", response=MeetingOut)
def get_meeting(request: AuthenticatedHttpRequest, meeting_id: int):
    return _meeting_out(_meeting(request, meeting_id))


@router.post(
    "/voters/meetings/{meeting_id}/petitions", response={200: list[PetitionOut], 201: list[PetitionOut]}
)
def record_petitions(request: AuthenticatedHttpRequest, meeting_id: int, payload: PetitionsIn):
    """Bulk entry: `rows`, and/or `pasted` lines from the minutes (markers like "1." removed).
    A repeated `token` returns the first submission's petitions (200) and writes nothing."""
    meeting = _meeting(request, meeting_id)
    rows = [RowIn(text=r.text, kind=r.kind, raised_by=r.raised_by) for r in payload.rows]
    rows += [RowIn(text=t, kind=k) for k, t in split_lines(payload.pasted)]
    result = services.record_petitions(by=request.user, meeting=meeting, rows=rows, token=payload.token)
    return Status(200 if result.repeated else 201, [_petition_out(request, p) for p in result.petitions])


# --- Petitions ------------------------------------------------------------------------------


@router.get("/voters/petitions", response=PetitionList)
def list_petitions(request: AuthenticatedHttpRequest, filters: Query[PetitionFilterIn]):
    f = selectors.PetitionFilters(
        session=filters.session,
        stage=filters.stage,
        field=filters.field,
        level=filters.level,
        body=filters.body,
        kind=filters.kind,
        overdue=filters.overdue,
        carried=filters.carried,
        q=filters.q,
    )
    return paginate(
        selectors.petition_list(user=request.user, filters=f), filters, lambda p: _petition_out(request, p)
    )


@router.get("/voters/petitions/{petition_id}", response=PetitionOut)
def get_petition(request: AuthenticatedHttpRequest, petition_id: int):
    return _petition_out(request, _petition(request, petition_id), detail=True)


@router.post("/voters/petitions/{petition_id}/classify", response=PetitionOut)
def classify(request: AuthenticatedHttpRequest, petition_id: int, payload: ClassifyIn):
    p = services.classify(
        by=request.user,
        petition=_petition(request, petition_id),
        field=payload.field,
        level=payload.level,
        note=payload.note,
    )
    return _petition_out(request, _petition(request, p.pk), detail=True)


@router.post("/voters/petitions/{petition_id}/repeat", response=PetitionOut)
def mark_repeat(request: AuthenticatedHttpRequest, petition_id: int, payload: RepeatIn):
    petition = _petition(request, petition_id)
    primary = Petition.objects.visible_to(request.user).filter(pk=payload.of).first()
    if primary is None:
        raise ValidationError({"of": [_("No such petition in your scope.")]})
    p = services.mark_repeat(by=request.user, petition=petition, of=primary, note=payload.note)
    return _petition_out(request, _petition(request, p.pk), detail=True)


@router.post("/voters/petitions/{petition_id}/forward", response=PetitionOut)
def forward(request: AuthenticatedHttpRequest, petition_id: int, payload: ForwardIn):
    petition = _petition(request, petition_id)
    bodies = list(Organisation.objects.filter(pk__in=payload.body_ids))
    if len(bodies) != len(set(payload.body_ids)):
        raise ValidationError({"body_ids": [_("Choose answering bodies of the province.")]})
    p = services.forward(
        by=request.user, petition=petition, bodies=bodies, due_on=payload.due_on, note=payload.note
    )
    return _petition_out(request, _petition(request, p.pk), detail=True)


@router.post("/voters/petitions/{petition_id}/assess", response=PetitionOut)
def assess(request: AuthenticatedHttpRequest, petition_id: int, payload: AssessIn):
    p = services.assess(
        by=request.user,
        petition=_petition(request, petition_id),
        satisfied=payload.satisfied,
        note=payload.note,
    )
    return _petition_out(request, _petition(request, p.pk), detail=True)


@router.post("/voters/petitions/{petition_id}/actions/{action}", response=PetitionOut)
def petition_action(request: AuthenticatedHttpRequest, petition_id: int, action: str, payload: VotersNoteIn):
    writers: dict[str, Callable[..., Petition]] = {
        "unmark_repeat": services.unmark_repeat,
        "reopen": services.reopen,
        "close": services.close,
    }
    if action not in writers:
        raise ValidationError({"action": [_("Choose one of the allowed values.")]})
    p = writers[action](by=request.user, petition=_petition(request, petition_id), note=payload.note)
    return _petition_out(request, _petition(request, p.pk), detail=True)


# --- Forwards (the answering body) --------------------------------------------------------------


@router.get("/voters/forwards", response=ForwardList)
def list_forwards(request: AuthenticatedHttpRequest, filters: Query[ForwardFilterIn]):
    """What was forwarded to the caller's bodies."""
    f = selectors.ForwardFilters(
        stage=filters.stage if filters.stage in ForwardStage.values else "",
        overdue=filters.overdue,
        session=filters.session,
        q=filters.q,
    )
    today = timezone.localdate()
    return paginate(
        selectors.forwarded_to(user=request.user, filters=f),
        filters,
        lambda x: _forward_out(request, x, today),
    )


@router.post("/voters/forwards/{forward_id}/answer", response=ForwardOut)
def answer(request: AuthenticatedHttpRequest, forward_id: int, payload: PetitionAnswerIn):
    f = get_object_or_404(
        Forward.objects.visible_to(request.user).select_related("organisation"), pk=forward_id
    )
    f = services.answer_forward(
        by=request.user,
        forward=f,
        outcome=payload.outcome,
        answer=payload.answer,
        target_date=payload.target_date,
        reason=payload.reason,
        document_number=payload.document_number,
    )
    f = Forward.objects.select_related("organisation").get(pk=f.pk)
    return _forward_out(request, f, timezone.localdate())
