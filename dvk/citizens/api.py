"""REST API of citizen reception and cases (/api/v1/citizens/…), mirroring the staff screens.
Thin: selectors read, services write; errors are formatted by dvk.api.errors. No response holds
a denouncer's identity; the public endpoints show only what the public lookup page shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.throttling import AnonRateThrottle

from dvk.api.idempotency import idempotent
from dvk.api.pagination import Page, paginate
from dvk.api.schemas import ActionIn, EventOut, event_out
from dvk.citizens import selectors, services
from dvk.citizens.models import Case, Channel, Letter
from dvk.citizens.models import Field as CaseField
from dvk.citizens.workflow import Kind, workflow_for
from dvk.core.types import AuthenticatedHttpRequest
from dvk.organisations.models import Organisation

router = Router(tags=["citizens"])


class Ref(Schema):
    id: int
    name: str


class CaseOut(Schema):
    id: int
    receipt_number: str
    letter_id: int
    kind: str
    kind_label: str
    round: int
    stage: str
    stage_label: str
    organisation: Ref
    handler: Ref | None
    field: str | None
    summary: str
    received_on: dt.date
    due_on: dt.date | None
    due_rule: str
    due_ref: str
    overdue: bool
    crowd: bool
    people_count: int
    complex: bool
    prolonged: bool
    anonymous: bool
    forwarded_from_id: int | None
    available_actions: list[str]


class DeadlineOut(Schema):
    rule: str
    start: dt.date
    due: dt.date
    legal_ref: str
    moved_from: dt.date | None


class CaseDetail(CaseOut):
    outcome: str
    published_answer: str
    events: list[EventOut]
    deadlines: list[DeadlineOut]


class CaseList(Schema):
    count: int
    count_exact: bool = True
    items: list[CaseOut]


class CaseFiltersIn(Page):
    kind: str = Field("", max_length=16)
    stage: str = Field("", max_length=16)
    field: int | None = Field(None, ge=1, le=2**53)
    organisation: int | None = Field(None, ge=1, le=2**53)
    crowd: bool = False
    complex: bool = False
    prolonged: bool = False
    overdue: bool = False
    open: bool = False
    mine: bool = False
    q: str = Field("", max_length=200)


class CaseActionIn(ActionIn):
    to_id: int | None = Field(None, ge=1, le=2**53)
    purpose: str = Field("resolution", pattern="^(resolution|verification)$")


class AssignIn(Schema):
    handler_id: int | None = Field(None, ge=1, le=2**53)


class LetterIn(Schema):
    organisation_id: int = Field(..., ge=1, le=2**53)
    received_on: dt.date
    channel: Channel
    kind: Kind
    case_kinds: list[Kind] = []
    summary: str = Field(..., min_length=1, max_length=10000)
    field_id: int | None = Field(None, ge=1, le=2**53)
    people_count: int = Field(1, ge=1, le=10000)
    representatives: str = Field("", max_length=1000)
    name: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=20)
    id_number: str = Field("", max_length=20)
    anonymous: bool = False
    complex: bool = False
    remote_area: bool = False


class LetterOut(Schema):
    id: int
    receipt_number: str
    organisation: Ref
    received_on: dt.date
    channel: str
    kind: str
    competence: str
    summary: str
    people_count: int
    crowd: bool
    anonymous: bool
    identity_sealed: bool
    lookup_code: str
    case_ids: list[int]


class LetterList(Schema):
    count: int
    count_exact: bool = True
    items: list[LetterOut]


class LetterFiltersIn(Page):
    q: str = Field("", max_length=200)
    kind: str = Field("", max_length=16)


class PublicLetterIn(Schema):
    organisation_id: int = Field(..., ge=1, le=2**53)
    kind: str = Field(..., pattern="^(petition|reflection)$")
    name: str = Field(..., min_length=1, max_length=200)
    phone: str = Field(..., min_length=9, max_length=20)
    address: str = Field("", max_length=300)
    summary: str = Field(..., min_length=20, max_length=5000)


class PublicLetterOut(Schema):
    receipt_number: str
    lookup_code: str
    body: str


class LookupIn(Schema):
    code: str = Field(..., min_length=1, max_length=16)
    phone: str = Field(..., min_length=9, max_length=20)


class LookupOut(Schema):
    receipt_number: str
    received_on: dt.date
    kind: str
    stage: str
    body: str
    answer: str
    answered_at: dt.datetime | None


def _case_out(request: Any, c: Case, today: dt.date) -> dict:
    return {
        "id": c.pk,
        "receipt_number": c.letter.receipt_number,
        "letter_id": c.letter_id,
        "kind": c.kind,
        "kind_label": str(c.get_kind_display()),
        "round": c.round,
        "stage": c.stage,
        "stage_label": str(c.get_stage_display()),
        "organisation": {"id": c.organisation_id, "name": c.organisation.name},
        "handler": {"id": c.handler.pk, "name": c.handler.get_full_name()} if c.handler else None,
        "field": c.field.name if c.field else None,
        "summary": c.summary,
        "received_on": c.received_on,
        "due_on": c.due_on,
        "due_rule": c.due_rule,
        "due_ref": c.due_ref,
        "overdue": c.is_overdue(today),
        "crowd": c.crowd,
        "people_count": c.people_count,
        "complex": c.complex,
        "prolonged": c.prolonged,
        "anonymous": c.anonymous,
        "forwarded_from_id": c.forwarded_from_id,
        "available_actions": workflow_for(c.kind).available_actions(request.user, c),
    }


def _case_detail(request: Any, c: Case) -> dict:
    out = _case_out(request, c, timezone.localdate())
    out.update(
        outcome=c.outcome,
        published_answer=c.published_answer,
        events=[event_out(e) for e in selectors.history(c)],
        deadlines=[
            {
                "rule": d.rule,
                "start": d.start,
                "due": d.due,
                "legal_ref": d.legal_ref,
                "moved_from": d.moved_from,
            }
            for d in c.deadlines.all()
        ],
    )
    return out


def _letter_out(letter: Letter) -> dict:
    return {
        "id": letter.pk,
        "receipt_number": letter.receipt_number,
        "organisation": {"id": letter.organisation_id, "name": letter.organisation.name},
        "received_on": letter.received_on,
        "channel": letter.channel,
        "kind": letter.kind,
        "competence": letter.competence,
        "summary": letter.summary,
        "people_count": letter.people_count,
        "crowd": letter.crowd,
        "anonymous": letter.anonymous,
        "identity_sealed": bool(letter.identity_ref),
        "lookup_code": letter.lookup_code,
        "case_ids": [c.pk for c in letter.cases.all()],
    }


@router.get("/cases", response=CaseList)
def list_cases(request: AuthenticatedHttpRequest, filters: Query[CaseFiltersIn]):
    f = selectors.CaseFilters(**filters.model_dump(exclude={"limit", "offset"}))
    today = timezone.localdate()
    return paginate(selectors.cases(request.user, f, today), filters, lambda c: _case_out(request, c, today))


@router.get("/cases/{case_id}", response=CaseDetail)
def get_case(request: AuthenticatedHttpRequest, case_id: int):
    return _case_detail(request, selectors.case_detail(request.user, case_id))


@router.get("/cases/{case_id}/events", response=list[EventOut])
def case_events(request: AuthenticatedHttpRequest, case_id: int):
    return [event_out(e) for e in selectors.history(selectors.case_detail(request.user, case_id))]


@router.post("/cases/{case_id}/actions/{action}", response=CaseDetail)
def case_action(request: AuthenticatedHttpRequest, case_id: int, action: str, payload: CaseActionIn):
    case = selectors.case_detail(request.user, case_id)
    params: dict[str, Any] = {}
    if payload.to_id:
        params["to"] = get_object_or_404(Organisation.objects.current(), pk=payload.to_id)
        params["purpose"] = payload.purpose
    services.act(by=request.user, case=case, action=action[:40], note=payload.note, **params)
    return _case_detail(request, selectors.case_detail(request.user, case_id))


@router.post("/cases/{case_id}/assign", response=CaseDetail)
def assign_case(request: AuthenticatedHttpRequest, case_id: int, payload: AssignIn):
    case = selectors.case_detail(request.user, case_id)
    handler = None
    if payload.handler_id:
        handler = get_object_or_404(selectors.handlers_for(case), pk=payload.handler_id)
    services.assign(by=request.user, case=case, handler=handler)
    return _case_detail(request, selectors.case_detail(request.user, case_id))


@router.get("/letters", response=LetterList)
def list_letters(request: AuthenticatedHttpRequest, filters: Query[LetterFiltersIn]):
    qs = selectors.letters(request.user, q=filters.q, kind=filters.kind).prefetch_related("cases")
    return paginate(qs, filters, _letter_out)


@router.get("/letters/{letter_id}", response=LetterOut)
def get_letter(request: AuthenticatedHttpRequest, letter_id: int):
    return _letter_out(get_object_or_404(selectors.letters(request.user), pk=letter_id))


@router.post("/letters", response={201: LetterOut})
def register_letter(request: AuthenticatedHttpRequest, payload: LetterIn):
    organisation = get_object_or_404(Organisation.objects.current(), pk=payload.organisation_id)
    field = get_object_or_404(CaseField, pk=payload.field_id) if payload.field_id else None

    def create():
        letter = services.register_letter(
            by=request.user,
            organisation=organisation,
            received_on=payload.received_on,
            channel=payload.channel,
            kind=payload.kind,
            case_kinds=[k.value for k in payload.case_kinds],
            summary=payload.summary,
            field=field,
            people_count=payload.people_count,
            representatives=payload.representatives,
            name=payload.name,
            address=payload.address,
            phone=payload.phone,
            id_number=payload.id_number,
            anonymous=payload.anonymous,
            complex=payload.complex,
            remote_area=payload.remote_area,
        )
        return 201, _letter_out(Letter.objects.select_related("organisation").get(pk=letter.pk))

    return idempotent(request, create)


@router.get("/monitoring", response=dict)
def monitoring(request: AuthenticatedHttpRequest, since: dt.date | None = None, until: dt.date | None = None):
    from django.core.exceptions import PermissionDenied

    if not request.user.has_perm("citizens.monitor"):
        raise PermissionDenied
    today = timezone.localdate()
    since = since or today.replace(month=1, day=1)
    until = until or today
    data = selectors.monitoring(request.user, since=min(since, until), until=max(since, until))
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "totals": data["totals"],
        "by_kind": data["by_kind"],
        "by_field": data["by_field"],
        "by_body": data["by_body"],
        "prolonged": [c.pk for c in data["prolonged"]],
    }


# --- public (no account) ---------------------------------------------------------------------------


@router.post(
    "/public/letters",
    auth=None,
    response={201: PublicLetterOut, 200: PublicLetterOut},
    throttle=[AnonRateThrottle("5/h")],
)
def public_letter(request: HttpRequest, payload: PublicLetterIn):
    """Send a kiến nghị or phản ánh; the `Idempotency-Key` header is required (one letter per key)."""
    from django.core.exceptions import ValidationError

    from dvk.citizens.forms import public_bodies

    key = request.headers.get("Idempotency-Key", "").strip()[:64]
    if not key:
        raise ValidationError({"Idempotency-Key": [_("Send the request with an Idempotency-Key header.")]})
    organisation = get_object_or_404(public_bodies(), pk=payload.organisation_id)
    letter, created = services.submit_public(
        organisation=organisation,
        kind=payload.kind,
        summary=payload.summary,
        name=payload.name,
        phone=payload.phone,
        address=payload.address,
        token=key,
    )
    body = {
        "receipt_number": letter.receipt_number,
        "lookup_code": letter.lookup_code,
        "body": letter.organisation.name,
    }
    return Status(201 if created else 200, body)


@router.post("/public/lookup", auth=None, response=LookupOut, throttle=[AnonRateThrottle("30/h")])
def public_lookup(request: HttpRequest, payload: LookupIn):
    from django.http import Http404

    result = selectors.public_status(payload.code, payload.phone)
    if result is None:
        raise Http404
    return {
        "receipt_number": result.receipt_number,
        "received_on": result.received_on,
        "kind": result.kind_label,
        "stage": result.stage_label,
        "body": result.body,
        "answer": result.answer,
        "answered_at": result.answered_at,
    }
