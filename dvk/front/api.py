"""REST API of MTTQ supervision and social critique, under /api/v1/front/. Thin: selectors read,
services write; errors are formatted by dvk.api.errors (404 out of scope, 403 not allowed, 409 a
refused step, 422 invalid input)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.responses import Response

from dvk.accounts.models import User
from dvk.api.idempotency import idempotent
from dvk.api.pagination import Page, paginate
from dvk.api.schemas import EventOut, Ref, event_out
from dvk.core.types import AuthenticatedHttpRequest
from dvk.core.validation import Id, OptionalId, text
from dvk.core.workflow import DomainError
from dvk.front import selectors, services
from dvk.front.forms import province_bodies
from dvk.front.models import Comment, Critique, DraftVersion, Programme, Recommendation, Supervision
from dvk.front.workflow import CRITIQUE_WORKFLOW, RECOMMENDATION_WORKFLOW, SUPERVISION_WORKFLOW
from dvk.organisations.models import Organisation

router = Router(tags=["front"])


def _required(
    request: AuthenticatedHttpRequest, pk: int, field: str, kinds: tuple[str, ...] = ()
) -> Organisation:
    found = _body(request, pk, field, kinds)
    assert found is not None  # _body raises for an unknown id
    return found


def _body(
    request: AuthenticatedHttpRequest, pk: int | None, field: str, kinds: tuple[str, ...] = ()
) -> Organisation | None:
    if pk is None:
        return None
    found = province_bodies(request.user, kinds).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [_("No such body.")]})
    return found


# --- Schemas ---------------------------------------------------------------------------------------


class ProgrammeIn(Schema):
    organisation_id: Id
    year: int = Field(..., ge=2000, le=2100)
    title: text(300, min_length=1)  # type: ignore[valid-type]
    description: text(20_000, multiline=True) = ""  # type: ignore[valid-type]
    member_ids: list[Id] = Field([], max_length=200)


class ProgrammeOut(Schema):
    id: int
    organisation: Ref
    year: int
    title: str
    members: list[Ref]


class TeamMemberIn(Schema):
    name: text(200, min_length=1)  # type: ignore[valid-type]
    position: text(200) = ""  # type: ignore[valid-type]
    organisation_id: OptionalId = None
    is_lead: bool = False


class SupervisionIn(Schema):
    organisation_id: Id
    supervised_id: Id
    title: text(300, min_length=1)  # type: ignore[valid-type]
    kind: Supervision.Kind = Supervision.Kind.TEAM
    programme_id: OptionalId = None
    plan: text(20_000, multiline=True) = ""  # type: ignore[valid-type]
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    escalate_to_id: OptionalId = None


class SupervisionActionIn(Schema):
    note: text(4000, multiline=True) = ""  # type: ignore[valid-type]
    decision_number: text(60) = ""  # type: ignore[valid-type]
    decision_date: dt.date | None = None
    notice_on: dt.date | None = None
    findings: text(50_000, multiline=True) = ""  # type: ignore[valid-type]
    recommendations: list[text(4000)] = Field([], max_length=200)  # type: ignore[valid-type]
    due_on: dt.date | None = None
    reported_on: dt.date | None = None


class RecommendationOut(Schema):
    id: int
    supervision_id: Id
    supervision: str
    number: int
    text: str
    addressee: Ref
    due_on: dt.date
    stage: str
    stage_label: str
    response: str
    answered_on: dt.date | None
    escalated_to: Ref | None
    escalated_on: dt.date | None
    overdue: bool
    available_actions: list[str]


class SupervisionOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    organisation: Ref
    supervised: Ref
    programme_id: int | None
    decision_number: str
    decision_date: dt.date | None
    notice_on: dt.date | None
    findings: str
    reported_on: dt.date | None
    escalate_to: Ref | None
    stage: str
    stage_label: str
    available_actions: list[str]
    team: list[dict[str, Any]] | None = None
    recommendations: list[RecommendationOut] | None = None
    history: list[EventOut] | None = None


class SupervisionFilters(Page):
    q: text(200) = ""  # type: ignore[valid-type]
    stage: text(20) = ""  # type: ignore[valid-type]
    kind: text(30) = ""  # type: ignore[valid-type]


class RecommendationFilters(Page):
    stage: text(20) = ""  # type: ignore[valid-type]
    open: bool = False
    overdue: bool = False
    mine: bool = False
    supervision: OptionalId = None


class AnswerIn(Schema):
    response: text(20_000, min_length=1, multiline=True)  # type: ignore[valid-type]


class ReviewIn(Schema):
    note: text(4000, multiline=True) = ""  # type: ignore[valid-type]
    due_on: dt.date | None = None


class CritiqueIn(Schema):
    drafting_body_id: Id
    front_id: Id
    title: text(400, min_length=1)  # type: ignore[valid-type]
    explanatory_note: text(50_000, multiline=True) = ""  # type: ignore[valid-type]
    text: text(200_000, min_length=1, multiline=True)  # type: ignore[valid-type]
    publish_required: bool = True


class UnitOut(Schema):
    id: int
    kind: str
    key: str
    label: str
    heading: str
    text: str
    depth: int


class CritiqueOut(Schema):
    id: int
    title: str
    organisation: Ref
    drafting_body: Ref
    received_on: dt.date
    stage: str
    stage_label: str
    form: str
    lead: str | None
    public_comments: bool
    window_opens: dt.date | None
    window_closes: dt.date | None
    document_number: str
    document_date: dt.date | None
    answer_due_on: dt.date | None
    published_on: dt.date | None
    versions: list[int]
    available_actions: list[str]
    units: list[UnitOut] | None = None
    history: list[EventOut] | None = None


class CritiqueFilters(Page):
    q: text(200) = ""  # type: ignore[valid-type]
    stage: text(20) = ""  # type: ignore[valid-type]


class DecideIn(Schema):
    form: Critique.Form
    lead_id: Id
    window_opens: dt.date | None = None
    window_closes: dt.date
    public_comments: bool = False
    invite_ids: list[Id] = Field([], max_length=200)
    experts: list[text(200)] = Field([], max_length=50)  # type: ignore[valid-type]
    note: text(4000, multiline=True) = ""  # type: ignore[valid-type]


class StepIn(Schema):
    done: bool = False
    note: text(2000, multiline=True) = ""  # type: ignore[valid-type]


class ConferenceIn(Schema):
    held_on: dt.date
    place: text(300) = ""  # type: ignore[valid-type]
    chair: text(200, min_length=1)  # type: ignore[valid-type]
    minutes: text(20_000, min_length=1, multiline=True)  # type: ignore[valid-type]
    steps: list[StepIn] = Field(..., min_length=7, max_length=7)


class DocumentIn(Schema):
    text: text(20_000, min_length=1, multiline=True)  # type: ignore[valid-type]
    document_date: dt.date | None = None


class NoteIn(Schema):
    note: text(4000, multiline=True) = ""  # type: ignore[valid-type]


class CommentIn(Schema):
    text: text(4000, min_length=1, multiline=True)  # type: ignore[valid-type]
    unit_id: OptionalId = None
    source: text(12) = ""  # type: ignore[valid-type]
    organisation_id: OptionalId = None
    author_name: text(200) = ""  # type: ignore[valid-type]


class CommentOut(Schema):
    id: int
    version: int
    unit_id: int | None
    unit: str
    source: str
    author: str
    text: str
    moderation: str
    answer: str
    answer_label: str
    explanation: str
    answered_at: dt.datetime | None
    changed_units: list[str]


class CommentAnswerIn(Schema):
    answer: Comment.Answer
    explanation: text(4000, multiline=True) = ""  # type: ignore[valid-type]


class ModerateIn(Schema):
    approve: bool


class VersionIn(Schema):
    text: text(200_000, min_length=1, multiline=True)  # type: ignore[valid-type]
    note: text(4000, multiline=True) = ""  # type: ignore[valid-type]


class VersionOut(Schema):
    number: int
    units: int


class LinksIn(Schema):
    links: dict[Id, list[Id]]


class DiffRowOut(Schema):
    tag: str
    old: str
    new: str


class ArticleDiffOut(Schema):
    key: str
    label: str
    status: str
    unit_id: int | None
    rows: list[DiffRowOut]


# --- Output helpers ---------------------------------------------------------------------------------


def _ref(org: Organisation | None) -> dict | None:
    return {"id": org.pk, "name": org.name} if org is not None else None


def _rec_out(request: AuthenticatedHttpRequest, r: Recommendation, today: dt.date) -> dict:
    return {
        "id": r.pk,
        "supervision_id": r.supervision_id,
        "supervision": r.supervision.title,
        "number": r.number,
        "text": r.text,
        "addressee": _ref(r.addressee),
        "due_on": r.due_on,
        "stage": r.stage,
        "stage_label": r.get_stage_display(),
        "response": r.response,
        "answered_on": r.answered_on,
        "escalated_to": _ref(r.escalated_to),
        "escalated_on": r.escalated_on,
        "overdue": r.is_overdue(today),
        "available_actions": RECOMMENDATION_WORKFLOW.available_actions(request.user, r),
    }


def _supervision_out(request: AuthenticatedHttpRequest, s: Supervision, detail: bool = False) -> dict:
    out: dict[str, Any] = {
        "id": s.pk,
        "title": s.title,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "organisation": _ref(s.organisation),
        "supervised": _ref(s.supervised),
        "programme_id": s.programme_id,
        "decision_number": s.decision_number,
        "decision_date": s.decision_date,
        "notice_on": s.notice_on,
        "findings": s.findings,
        "reported_on": s.reported_on,
        "escalate_to": _ref(s.escalate_to),
        "stage": s.stage,
        "stage_label": s.get_stage_display(),
        "available_actions": SUPERVISION_WORKFLOW.available_actions(request.user, s),
    }
    if detail:
        today = timezone.localdate()
        out["team"] = [
            {
                "name": t.name,
                "position": t.position,
                "is_lead": t.is_lead,
                "organisation_id": t.organisation_id,
            }
            for t in s.team.all()
        ]
        out["recommendations"] = []
        for r in s.recommendations.all():
            r.supervision = s
            out["recommendations"].append(_rec_out(request, r, today))
        out["history"] = [event_out(e) for e in s.events.select_related("actor")]
    return out


def _critique_out(request: AuthenticatedHttpRequest, c: Critique, detail: bool = False) -> dict:
    out: dict[str, Any] = {
        "id": c.pk,
        "title": c.title,
        "organisation": _ref(c.organisation),
        "drafting_body": _ref(c.drafting_body),
        "received_on": c.received_on,
        "stage": c.stage,
        "stage_label": c.get_stage_display(),
        "form": c.form,
        "lead": c.lead.get_full_name() if c.lead is not None else None,
        "public_comments": c.public_comments,
        "window_opens": c.window_opens,
        "window_closes": c.window_closes,
        "document_number": c.document_number,
        "document_date": c.document_date,
        "answer_due_on": c.answer_due_on,
        "published_on": c.published_on,
        "versions": [v.number for v in c.versions.all()],
        "available_actions": CRITIQUE_WORKFLOW.available_actions(request.user, c),
    }
    if detail:
        version = selectors.latest_version(c)
        out["units"] = [
            {
                "id": u.pk,
                "kind": u.kind,
                "key": u.key,
                "label": u.label,
                "heading": u.heading,
                "text": u.text,
                "depth": u.depth,
            }
            for u in (selectors.units_of(version) if version else [])
        ]
        out["history"] = [event_out(e) for e in c.events.select_related("actor")]
    return out


def _comment_out(c: Comment) -> dict:
    return {
        "id": c.pk,
        "version": c.version.number,
        "unit_id": c.unit_id,
        "unit": c.unit.label if c.unit is not None else "",
        "source": c.source,
        "author": c.author_display,
        "text": c.text,
        "moderation": c.moderation,
        "answer": c.answer,
        "answer_label": c.get_answer_display() if c.answer else "",
        "explanation": c.explanation,
        "answered_at": c.answered_at,
        "changed_units": [f"{u.label} (v{u.version.number})" for u in c.changed_units.all()],
    }


def _get_supervision(request: AuthenticatedHttpRequest, pk: int) -> Supervision:
    return get_object_or_404(selectors.supervision_detail_qs(request.user), pk=pk)


def _get_rec(request: AuthenticatedHttpRequest, pk: int) -> Recommendation:
    qs = Recommendation.objects.visible_to(request.user).select_related(
        "supervision", "supervision__escalate_to", "addressee", "escalated_to", "organisation"
    )
    return get_object_or_404(qs, pk=pk)


def _get_critique(request: AuthenticatedHttpRequest, pk: int) -> Critique:
    qs = Critique.objects.visible_to(request.user).select_related("organisation", "drafting_body", "lead")
    return get_object_or_404(qs, pk=pk)


def _get_comment(request: AuthenticatedHttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("version", "unit", "organisation"), pk=pk)
    critique = _get_critique(request, comment.critique_id)
    if comment.moderation != Comment.Moderation.APPROVED and not request.user.has_perm(
        "front.moderate", critique
    ):
        from django.http import Http404

        raise Http404
    comment.critique = critique
    return comment


# --- Supervision -------------------------------------------------------------------------------------


@router.get("/programmes", response=list[ProgrammeOut])
def list_programmes(request: AuthenticatedHttpRequest, year: int | None = None):
    qs = selectors.programme_list(user=request.user, year=year).prefetch_related("members")[:200]
    return [
        {
            "id": p.pk,
            "organisation": _ref(p.organisation),
            "year": p.year,
            "title": p.title,
            "members": [_ref(m) for m in p.members.all()],
        }
        for p in qs
    ]


@router.post("/programmes", response={201: ProgrammeOut})
def create_programme(request: AuthenticatedHttpRequest, payload: ProgrammeIn):
    front = _required(request, payload.organisation_id, "organisation_id", (Organisation.Kind.FRONT,))
    members = list(province_bodies(request.user).filter(pk__in=payload.member_ids))
    if len(members) != len(set(payload.member_ids)):
        raise ValidationError({"member_ids": [_("No such body.")]})
    p = services.create_programme(
        by=request.user,
        organisation=front,
        year=payload.year,
        title=payload.title,
        description=payload.description,
        members=members,
    )
    return Status(
        201,
        {
            "id": p.pk,
            "organisation": _ref(front),
            "year": p.year,
            "title": p.title,
            "members": [_ref(m) for m in members],
        },
    )


@router.get("/supervisions", response=dict)
def list_supervisions(request: AuthenticatedHttpRequest, filters: Query[SupervisionFilters]):
    qs = selectors.supervision_list(user=request.user, q=filters.q, stage=filters.stage, kind=filters.kind)
    return paginate(qs, filters, lambda s: _supervision_out(request, s))


@router.post("/supervisions", response={201: SupervisionOut})
def create_supervision(request: AuthenticatedHttpRequest, payload: SupervisionIn):
    front = _required(request, payload.organisation_id, "organisation_id", (Organisation.Kind.FRONT,))
    supervised = _required(request, payload.supervised_id, "supervised_id")
    escalate_to = _body(request, payload.escalate_to_id, "escalate_to_id")
    programme = None
    if payload.programme_id:
        programme = Programme.objects.visible_to(request.user).filter(pk=payload.programme_id).first()
        if programme is None:
            raise ValidationError({"programme_id": [_("No such programme.")]})
    s = services.create_supervision(
        by=request.user,
        organisation=front,
        supervised=supervised,
        title=payload.title,
        kind=payload.kind,
        programme=programme,
        plan=payload.plan,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        escalate_to=escalate_to,
    )
    return Status(201, _supervision_out(request, _get_supervision(request, s.pk), detail=True))


@router.get("/supervisions/{supervision_id}", response=SupervisionOut)
def get_supervision(request: AuthenticatedHttpRequest, supervision_id: int):
    return _supervision_out(request, _get_supervision(request, supervision_id), detail=True)


@router.put("/supervisions/{supervision_id}/team", response=SupervisionOut)
def put_team(request: AuthenticatedHttpRequest, supervision_id: int, payload: list[TeamMemberIn]):
    s = _get_supervision(request, supervision_id)
    rows = []
    for m in payload[:100]:
        rows.append(
            {
                "name": m.name,
                "position": m.position,
                "is_lead": m.is_lead,
                "organisation": _body(request, m.organisation_id, "organisation_id"),
            }
        )
    services.set_team(by=request.user, supervision=s, members=rows)
    return _supervision_out(request, _get_supervision(request, supervision_id), detail=True)


@router.post("/supervisions/{supervision_id}/actions/{action}", response=SupervisionOut)
def supervision_action(
    request: AuthenticatedHttpRequest, supervision_id: int, action: str, payload: SupervisionActionIn
):
    s = _get_supervision(request, supervision_id)
    if action not in SUPERVISION_WORKFLOW.actions:
        from django.http import Http404

        raise Http404
    params = payload.dict(exclude={"note"})
    params = {k: v for k, v in params.items() if v not in (None, "", [])}
    services.act_on_supervision(by=request.user, supervision=s, action=action, note=payload.note, **params)
    return _supervision_out(request, _get_supervision(request, supervision_id), detail=True)


@router.get("/recommendations", response=dict)
def list_recommendations(request: AuthenticatedHttpRequest, filters: Query[RecommendationFilters]):
    """The worklist: recommendations in scope, oldest answer date first (`mine`: those to answer)."""
    today = timezone.localdate()
    qs = selectors.recommendation_worklist(
        user=request.user,
        stage=filters.stage,
        open_only=filters.open,
        overdue=filters.overdue,
        addressed_to_me=filters.mine,
        supervision=filters.supervision,
        today=today,
    )
    return paginate(qs, filters, lambda r: _rec_out(request, r, today))


@router.get("/recommendations/{rec_id}", response=RecommendationOut)
def get_recommendation(request: AuthenticatedHttpRequest, rec_id: int):
    return _rec_out(request, _get_rec(request, rec_id), timezone.localdate())


@router.post("/recommendations/{rec_id}/answer", response=RecommendationOut)
def answer_recommendation(request: AuthenticatedHttpRequest, rec_id: int, payload: AnswerIn):
    rec = services.answer_recommendation(
        by=request.user, recommendation=_get_rec(request, rec_id), response=payload.response
    )
    return _rec_out(request, _get_rec(request, rec.pk), timezone.localdate())


@router.post("/recommendations/{rec_id}/actions/{action}", response=RecommendationOut)
def review_recommendation(request: AuthenticatedHttpRequest, rec_id: int, action: str, payload: ReviewIn):
    rec = _get_rec(request, rec_id)
    if action == "answer":
        raise DomainError(_("Send the answer to /answer."))
    services.review_recommendation(
        by=request.user, recommendation=rec, action=action, note=payload.note, due_on=payload.due_on
    )
    return _rec_out(request, _get_rec(request, rec_id), timezone.localdate())


# --- Social critique ----------------------------------------------------------------------------------


@router.get("/critiques", response=dict)
def list_critiques(request: AuthenticatedHttpRequest, filters: Query[CritiqueFilters]):
    qs = selectors.critique_list(user=request.user, q=filters.q, stage=filters.stage)
    return paginate(qs, filters, lambda c: _critique_out(request, c))


@router.post("/critiques", response={201: CritiqueOut})
def create_critique(request: AuthenticatedHttpRequest, payload: CritiqueIn):
    drafting = _required(request, payload.drafting_body_id, "drafting_body_id")
    front = _required(request, payload.front_id, "front_id", (Organisation.Kind.FRONT,))
    c = services.request_critique(
        by=request.user,
        drafting_body=drafting,
        front=front,
        title=payload.title,
        explanatory_note=payload.explanatory_note,
        text=payload.text,
        publish_required=payload.publish_required,
    )
    return Status(201, _critique_out(request, _get_critique(request, c.pk), detail=True))


@router.get("/critiques/{critique_id}", response=CritiqueOut)
def get_critique(request: AuthenticatedHttpRequest, critique_id: int):
    return _critique_out(request, _get_critique(request, critique_id), detail=True)


@router.post("/critiques/{critique_id}/decide", response=CritiqueOut)
def decide(request: AuthenticatedHttpRequest, critique_id: int, payload: DecideIn):
    c = _get_critique(request, critique_id)
    lead = User.objects.filter(pk=payload.lead_id, is_active=True).first()
    invited = list(province_bodies(request.user).filter(pk__in=payload.invite_ids))
    if len(invited) != len(set(payload.invite_ids)):
        raise ValidationError({"invite_ids": [_("No such body.")]})
    services.decide_critique(
        by=request.user,
        critique=c,
        form=payload.form,
        lead=lead,
        window_opens=payload.window_opens,
        window_closes=payload.window_closes,
        public_comments=payload.public_comments,
        invite=invited,
        experts=payload.experts,
        note=payload.note,
    )
    return _critique_out(request, _get_critique(request, critique_id), detail=True)


@router.post("/critiques/{critique_id}/conference", response=CritiqueOut)
def conference(request: AuthenticatedHttpRequest, critique_id: int, payload: ConferenceIn):
    c = _get_critique(request, critique_id)
    services.record_conference(
        by=request.user,
        critique=c,
        held_on=payload.held_on,
        chair=payload.chair,
        minutes=payload.minutes,
        steps=[s.dict() for s in payload.steps],
        place=payload.place,
    )
    return _critique_out(request, _get_critique(request, critique_id), detail=True)


@router.post("/critiques/{critique_id}/document", response=CritiqueOut)
def critique_document(request: AuthenticatedHttpRequest, critique_id: int, payload: DocumentIn):
    c = _get_critique(request, critique_id)
    services.send_critique(
        by=request.user, critique=c, text=payload.text, document_date=payload.document_date
    )
    return _critique_out(request, _get_critique(request, critique_id), detail=True)


@router.post("/critiques/{critique_id}/actions/{action}", response=CritiqueOut)
def critique_action(request: AuthenticatedHttpRequest, critique_id: int, action: str, payload: NoteIn):
    c = _get_critique(request, critique_id)
    if action == "decline":
        services.decline_critique(by=request.user, critique=c, note=payload.note)
    elif action == "complete":
        services.complete_answers(by=request.user, critique=c, note=payload.note)
    elif action == "publish":
        services.publish(by=request.user, critique=c)
    else:
        raise DomainError(_("Unknown action “%(action)s”.") % {"action": action})
    return _critique_out(request, _get_critique(request, critique_id), detail=True)


@router.get("/critiques/{critique_id}/comments", response=dict)
def list_comments(request: AuthenticatedHttpRequest, critique_id: int, page: Query[Page]):
    c = _get_critique(request, critique_id)
    return paginate(selectors.comments_of(c, user=request.user), page, _comment_out)


@router.post("/critiques/{critique_id}/comments", response={201: CommentOut})
def add_comment(request: AuthenticatedHttpRequest, critique_id: int, payload: CommentIn):
    """Record a comment; with an `Idempotency-Key` header a repeated request (double click, retry)
    returns the first comment instead of recording a second one."""
    c = _get_critique(request, critique_id)
    organisation = _body(request, payload.organisation_id, "organisation_id")

    def create() -> tuple[int, dict]:
        comment = services.add_comment(
            by=request.user,
            critique=c,
            text=payload.text,
            unit_id=payload.unit_id,
            source=payload.source,
            organisation=organisation,
            author_name=payload.author_name,
        )
        return 201, _comment_out(
            Comment.objects.select_related("version", "unit", "organisation").get(pk=comment.pk)
        )

    return idempotent(request, create)


@router.post("/comments/{comment_id}/answer", response=CommentOut)
def answer_comment(request: AuthenticatedHttpRequest, comment_id: int, payload: CommentAnswerIn):
    comment = _get_comment(request, comment_id)
    services.answer_comment(
        by=request.user, comment=comment, answer=payload.answer, explanation=payload.explanation
    )
    return _comment_out(Comment.objects.select_related("version", "unit", "organisation").get(pk=comment_id))


@router.post("/comments/{comment_id}/moderate", response=CommentOut)
def moderate_comment(request: AuthenticatedHttpRequest, comment_id: int, payload: ModerateIn):
    comment = _get_comment(request, comment_id)
    services.moderate(by=request.user, comment=comment, approve=payload.approve)
    return _comment_out(Comment.objects.select_related("version", "unit", "organisation").get(pk=comment_id))


@router.post("/critiques/{critique_id}/versions", response={201: VersionOut})
def add_version(request: AuthenticatedHttpRequest, critique_id: int, payload: VersionIn):
    c = _get_critique(request, critique_id)
    v = services.add_version(by=request.user, critique=c, text=payload.text, note=payload.note)
    return Status(201, {"number": v.number, "units": v.units.count()})


def _version(c: Critique, number: int) -> DraftVersion:
    return get_object_or_404(DraftVersion.objects.filter(critique=c), number=number)


@router.get("/critiques/{critique_id}/versions/{number}/diff", response=list[ArticleDiffOut])
def version_diff(request: AuthenticatedHttpRequest, critique_id: int, number: int):
    """The version against the previous one, article by article (rows: old | new, marked with <del>/<ins>)."""
    c = _get_critique(request, critique_id)
    new = _version(c, number)
    old = c.versions.filter(number__lt=number).order_by("-number").first()
    if old is None:
        return []
    return [
        {
            "key": d.key,
            "label": d.label,
            "status": d.status,
            "unit_id": d.new_unit_id,
            "rows": [{"tag": r.tag, "old": str(r.old), "new": str(r.new)} for r in d.rows],
        }
        for d in selectors.version_diff(old, new)
    ]


@router.put("/critiques/{critique_id}/versions/{number}/links", response=dict)
def put_links(request: AuthenticatedHttpRequest, critique_id: int, number: int, payload: LinksIn):
    c = _get_critique(request, critique_id)
    version = _version(c, number)
    version.critique = c
    total = services.link_changes(by=request.user, version=version, links=payload.links)
    return {"links": total}


@router.get("/critiques/{critique_id}/table", response=list[CommentOut])
def response_table(request: AuthenticatedHttpRequest, critique_id: int):
    """The comment-by-comment table of acceptance and explanation (shown comments)."""
    c = _get_critique(request, critique_id)
    # The rows are built as plain values with exactly CommentOut's fields (tested against the
    # schema) and rendered the way ninja renders: validating a thousand rows one by one through the
    # schema cost more than building them.
    return Response(selectors.response_table_rows(c))
