"""Exemplars API (api.md "Exemplars"): thin endpoints over the same services and selectors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from dvk.accounts.reauth import require_recent_auth
from dvk.api.idempotency import idempotent
from dvk.api.pagination import Page, paginate
from dvk.api.schemas import ActionIn, EventOut, event_out
from dvk.core.types import AuthenticatedHttpRequest
from dvk.core.validation import FiniteFloat, Id, JsonValue, OptionalId, model_text, text
from dvk.core.workflow import WorkflowError
from dvk.exemplars import selectors, services
from dvk.exemplars.models import CriteriaSet, Cycle, Decision, Exemplar, FieldOfWork
from dvk.exemplars.workflow import WORKFLOW, Stage
from dvk.organisations.scoping import visible_organisations

router = Router(tags=["exemplars"])


# --- schemas ---------------------------------------------------------------------------------


class CriterionOut(Schema):
    id: int
    name: str
    description: str
    max_score: int
    weight: float


class CriteriaSetOut(Schema):
    id: int
    name: str
    version: int
    applies_to: str
    valid_from: dt.date
    valid_to: dt.date | None
    pass_mark: float
    quorum: int
    min_months: int
    criteria: list[CriterionOut]


class FieldOut(Schema):
    id: int
    code: str
    name: str
    parent_id: int | None


class CycleOut(Schema):
    id: int
    name: str
    start_year: int
    end_year: int


# Input types: the model's own limits and character rules (dvk.core.validation), the same as the forms.
Title = model_text(Exemplar, "title")
LongText = text(multiline=True)  # TextFields: no length limit, control characters removed
Short = text(200)  # the forms' limit on names, roles, resources and milestones
Latitude = Annotated[FiniteFloat, Field(ge=-90, le=90)]
Longitude = Annotated[FiniteFloat, Field(ge=-180, le=180)]


class ForceIn(Schema):
    name: text(300, min_length=1)  # type: ignore[valid-type]
    role: Literal["lead", "coordinate", "take_part"]
    task: Short = ""  # type: ignore[valid-type]


class ResourcesIn(Schema):
    funds: Short = ""  # type: ignore[valid-type]
    facilities: Short = ""  # type: ignore[valid-type]
    workdays: Short = ""  # type: ignore[valid-type]
    socialised: Short = ""  # type: ignore[valid-type]


class MilestoneIn(Schema):
    date: dt.date
    milestone: text(300, min_length=1)  # type: ignore[valid-type]


class ContentIn(Schema):
    summary: LongText = ""  # type: ignore[valid-type]
    situation: LongText = ""  # type: ignore[valid-type]
    goals: LongText = ""  # type: ignore[valid-type]
    content_method: LongText = ""  # type: ignore[valid-type]
    area_beneficiaries: LongText = ""  # type: ignore[valid-type]
    forces: list[ForceIn] = Field([], max_length=100)
    resources: ResourcesIn = ResourcesIn()
    timeline: list[MilestoneIn] = Field([], max_length=100)
    expected_outputs: LongText = ""  # type: ignore[valid-type]
    sustainability: LongText = ""  # type: ignore[valid-type]
    person_name: model_text(Exemplar, "person_name") = ""  # type: ignore[valid-type]
    person_position: model_text(Exemplar, "person_position") = ""  # type: ignore[valid-type]
    consent_public: bool = False
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class ExemplarIn(ContentIn):
    kind: Literal["collective", "individual"]
    title: Title  # type: ignore[valid-type]
    organisation_id: Id
    field_id: Id
    started_on: dt.date
    level: Literal["xa", "tinh"] = "xa"
    cycle_id: OptionalId = None


class ExemplarPatch(Schema):
    title: Title | None = None  # type: ignore[valid-type]
    summary: LongText | None = None  # type: ignore[valid-type]
    situation: LongText | None = None  # type: ignore[valid-type]
    goals: LongText | None = None  # type: ignore[valid-type]
    content_method: LongText | None = None  # type: ignore[valid-type]
    area_beneficiaries: LongText | None = None  # type: ignore[valid-type]
    forces: list[ForceIn] | None = Field(None, max_length=100)
    resources: ResourcesIn | None = None
    timeline: list[MilestoneIn] | None = Field(None, max_length=100)
    expected_outputs: LongText | None = None  # type: ignore[valid-type]
    sustainability: LongText | None = None  # type: ignore[valid-type]
    person_name: model_text(Exemplar, "person_name") | None = None  # type: ignore[valid-type]
    person_position: model_text(Exemplar, "person_position") | None = None  # type: ignore[valid-type]
    consent_public: bool | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    field_id: OptionalId = None
    level: Literal["xa", "tinh"] | None = None
    cycle_id: OptionalId = None
    started_on: dt.date | None = None


class Ref(Schema):
    id: int
    name: str


class DecisionOut(Schema):
    number: str
    signed_on: dt.date
    level: str
    cycle: str
    issuing_body: str
    verification_code: str
    verification_url: str


class NominationOut(Schema):
    id: int
    cycle: str
    level: str
    criteria_set_id: int
    council_id: int | None
    nominated_on: dt.date
    outcome: str


class ExemplarOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    stage: str
    stage_label: str
    available_actions: list[str]
    organisation: Ref
    field: Ref
    cycle: Ref
    level: str
    started_on: dt.date
    registered_on: dt.date | None
    situation: str
    goals: str
    content_method: str
    area_beneficiaries: str
    forces: list[dict]
    resources: dict
    timeline: list[dict]
    expected_outputs: str
    sustainability: str
    person_name: str
    person_position: str
    consent_public: bool
    latitude: float | None
    longitude: float | None
    outstanding: bool
    replication_count: int
    nomination: NominationOut | None
    decision: DecisionOut | None
    updated_at: dt.datetime


class ExemplarList(Schema):
    count: int
    count_exact: bool = True
    items: list[ExemplarOut]


class ExemplarFilters(Page):
    q: text(200) = ""  # type: ignore[valid-type]
    stage: text(32) = ""  # type: ignore[valid-type]
    kind: text(16) = ""  # type: ignore[valid-type]
    field: OptionalId = None
    organisation: OptionalId = None
    unit: OptionalId = None
    year: int | None = Field(None, ge=1900, le=2200)
    level: text(8) = ""  # type: ignore[valid-type]
    cycle: OptionalId = None


class PublicFilters(Page):
    q: text(200) = ""  # type: ignore[valid-type]
    kind: text(16) = ""  # type: ignore[valid-type]
    field: OptionalId = None
    level: text(8) = ""  # type: ignore[valid-type]
    year: int | None = Field(None, ge=1900, le=2200)
    unit: OptionalId = None


class PublicExemplarOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    person_name: str
    person_position: str
    organisation: Ref
    field: Ref
    cycle: Ref
    level: str
    outstanding: bool
    replication_count: int
    latitude: float | None
    longitude: float | None
    decision: DecisionOut | None


class PublicExemplarList(Schema):
    count: int
    count_exact: bool = True
    items: list[PublicExemplarOut]


class ExemplarActionIn(ActionIn):
    cycle_id: OptionalId = None


class ScoreIn(Schema):
    criterion_id: Id
    score: FiniteFloat


class ScoresIn(Schema):
    scores: list[ScoreIn] = Field(..., max_length=100)
    comment: LongText = ""  # type: ignore[valid-type]


class ScoreSheetOut(Schema):
    member: str
    percent: float
    comment: str
    scores: list[dict]
    updated_at: dt.datetime


class ScoresSubmitted(Schema):
    replaced: bool
    sheet: ScoreSheetOut


class SummaryOut(Schema):
    members: int
    submitted: int
    quorum: int
    quorum_met: bool
    average: float | None
    pass_mark: float
    passed: bool
    agreeing: int
    percent_agreeing: float | None


class ReplicationIn(Schema):
    organisation_id: Id
    started_on: dt.date
    note: LongText = ""  # type: ignore[valid-type]
    adaptations: LongText = ""  # type: ignore[valid-type]
    results: LongText = ""  # type: ignore[valid-type]
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class ReplicationOut(Schema):
    id: int
    organisation: Ref
    started_on: dt.date
    adaptations: str
    results: str
    latitude: float | None
    longitude: float | None


class ProgressIn(Schema):
    reported_on: dt.date
    summary: text(min_length=1, multiline=True)  # type: ignore[valid-type]
    figures: dict[text(200, min_length=1), JsonValue] = Field({}, max_length=50)  # type: ignore[valid-type]


class ProgressOut(Schema):
    id: int
    reported_on: dt.date
    summary: str
    figures: dict


# --- helpers ---------------------------------------------------------------------------------


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def _decision(d: Decision | None) -> dict | None:
    if d is None:
        return None
    from django.urls import reverse

    return {
        "number": d.number,
        "signed_on": d.signed_on,
        "level": d.level,
        "cycle": d.cycle.name,
        "issuing_body": d.issuing_body.name,
        "verification_code": d.verification_code,
        "verification_url": reverse("public:verify", args=[d.verification_code]),
    }


def _latest_decision(e: Exemplar) -> Decision | None:
    decisions = list(e.decisions.all())
    return decisions[0] if decisions else None


def _exemplar(e: Exemplar, user: Any) -> dict:
    n = e.current_nomination
    return {
        "id": e.pk,
        "kind": e.kind,
        "title": e.title,
        "summary": e.summary,
        "stage": e.stage,
        "stage_label": str(e.get_stage_display()),
        "available_actions": WORKFLOW.available_actions(user, e),
        "organisation": {"id": e.organisation_id, "name": e.organisation.name},
        "field": {"id": e.field_id, "name": e.field.name},
        "cycle": {"id": e.cycle_id, "name": e.cycle.name},
        "level": e.level,
        "started_on": e.started_on,
        "registered_on": e.registered_on,
        "situation": e.situation,
        "goals": e.goals,
        "content_method": e.content_method,
        "area_beneficiaries": e.area_beneficiaries,
        "forces": e.forces,
        "resources": e.resources,
        "timeline": e.timeline,
        "expected_outputs": e.expected_outputs,
        "sustainability": e.sustainability,
        "person_name": e.person_name,
        "person_position": e.person_position,
        "consent_public": e.consent_public,
        "latitude": _float(e.latitude),
        "longitude": _float(e.longitude),
        "outstanding": e.outstanding,
        "replication_count": e.replication_count,
        "nomination": None
        if n is None
        else {
            "id": n.pk,
            "cycle": e.cycle.name if n.cycle_id == e.cycle_id else str(n.cycle_id),
            "level": n.level,
            "criteria_set_id": n.criteria_set_id,
            "council_id": n.council_id,
            "nominated_on": n.nominated_on,
            "outcome": n.outcome,
        },
        "decision": _decision(_latest_decision(e)),
        "updated_at": e.updated_at,
    }


def _public(e: Exemplar) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "title": e.title,
        "summary": e.summary,
        "person_name": e.person_name,
        "person_position": e.person_position,
        "organisation": {"id": e.organisation_id, "name": e.organisation.name},
        "field": {"id": e.field_id, "name": e.field.name},
        "cycle": {"id": e.cycle_id, "name": e.cycle.name},
        "level": e.level,
        "outstanding": e.outstanding,
        "replication_count": e.replication_count,
        "latitude": _float(e.latitude),
        "longitude": _float(e.longitude),
        "decision": _decision(_latest_decision(e)),
    }


_DECISIONS = Prefetch("decisions", queryset=Decision.objects.select_related("issuing_body", "cycle"))


def _with_related(qs: QuerySet[Exemplar]) -> QuerySet[Exemplar]:
    return qs.select_related("organisation", "field", "cycle", "current_nomination").prefetch_related(
        _DECISIONS, "current_nomination__exclusions"
    )


def _get(request: AuthenticatedHttpRequest, exemplar_id: int) -> Exemplar:
    return get_object_or_404(_with_related(Exemplar.objects.visible_to(request.user)), pk=exemplar_id)


def _lookup(model: Any, pk: int | None, field: str, qs: QuerySet | None = None) -> Any:
    if pk is None:
        return None
    found = (qs if qs is not None else model.objects.all()).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [_("Unknown value.")]})
    return found


def _content(payload: Schema, exclude_unset: bool = False) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=exclude_unset)
    for key in ("organisation_id", "field_id", "cycle_id"):
        data.pop(key, None)
    if "resources" in data and data["resources"] is not None:
        data["resources"] = {k: v for k, v in data["resources"].items() if v}
    if data.get("timeline") is not None:
        data["timeline"] = [
            {"date": r["date"].isoformat(), "milestone": r["milestone"]} for r in data["timeline"]
        ]
    return {
        k: v
        for k, v in data.items()
        if not (exclude_unset and v is None and k not in ("latitude", "longitude"))
    }


# --- reference data --------------------------------------------------------------------------


def _criteria_set(cs: CriteriaSet) -> dict:
    return {
        "id": cs.pk,
        "name": cs.name,
        "version": cs.version,
        "applies_to": cs.applies_to,
        "valid_from": cs.valid_from,
        "valid_to": cs.valid_to,
        "pass_mark": float(cs.pass_mark),
        "quorum": cs.quorum,
        "min_months": cs.min_months,
        "criteria": [
            {
                "id": c.pk,
                "name": c.name,
                "description": c.description,
                "max_score": c.max_score,
                "weight": float(c.weight),
            }
            for c in cs.criteria.all()
        ],
    }


@router.get("/criteria-sets", response=list[CriteriaSetOut])
def criteria_set_list(request: AuthenticatedHttpRequest):
    """Versioned criteria sets (bộ tiêu chí) with their criteria."""
    return [_criteria_set(cs) for cs in selectors.criteria_sets()]


@router.get("/criteria-sets/{set_id}", response=CriteriaSetOut)
def criteria_set_detail(request: AuthenticatedHttpRequest, set_id: int):
    return _criteria_set(get_object_or_404(selectors.criteria_sets(), pk=set_id))


@router.get("/fields", response=list[FieldOut])
def field_list(request: AuthenticatedHttpRequest):
    """The configurable field taxonomy (lĩnh vực) with sub-fields."""
    return [
        {"id": f.pk, "code": f.code, "name": f.name, "parent_id": f.parent_id} for f in selectors.fields()
    ]


@router.get("/cycles", response=list[CycleOut])
def cycle_list(request: AuthenticatedHttpRequest):
    return list(Cycle.objects.values("id", "name", "start_year", "end_year"))


# --- exemplars -------------------------------------------------------------------------------


@router.get("/exemplars", response=ExemplarList)
def exemplar_list(request: AuthenticatedHttpRequest, filters: Query[ExemplarFilters]):
    """Scoped list; `q` is accent-insensitive."""
    f = selectors.Filters(**{k: v for k, v in filters.model_dump().items() if k not in ("limit", "offset")})
    qs = _with_related(selectors.exemplar_list(user=request.user, filters=f))
    return paginate(qs, filters, lambda e: _exemplar(e, request.user))


@router.post("/exemplars", response={201: ExemplarOut})
def exemplar_create(request: AuthenticatedHttpRequest, payload: ExemplarIn):
    organisation = _lookup(
        None, payload.organisation_id, "organisation_id", visible_organisations(request.user)
    )
    data = _content(payload) | {
        "kind": payload.kind,
        "title": payload.title,
        "started_on": payload.started_on,
        "level": payload.level,
        "field": _lookup(FieldOfWork, payload.field_id, "field_id"),
        "cycle": _lookup(Cycle, payload.cycle_id, "cycle_id"),
    }

    def create():
        exemplar = services.create_exemplar(by=request.user, organisation=organisation, data=data)
        return 201, _exemplar(_get(request, exemplar.pk), request.user)

    return idempotent(request, create)


@router.get("/exemplars/{exemplar_id}", response=ExemplarOut)
def exemplar_detail(request: AuthenticatedHttpRequest, exemplar_id: int):
    return _exemplar(_get(request, exemplar_id), request.user)


@router.patch("/exemplars/{exemplar_id}", response=ExemplarOut)
def exemplar_update(request: AuthenticatedHttpRequest, exemplar_id: int, payload: ExemplarPatch):
    """Change the registration content; only while the exemplar is a draft (409 otherwise)."""
    exemplar = _get(request, exemplar_id)
    data = _content(payload, exclude_unset=True)
    if "field_id" in payload.model_fields_set:
        data["field"] = _lookup(FieldOfWork, payload.field_id, "field_id")
    if "cycle_id" in payload.model_fields_set:
        data["cycle"] = _lookup(Cycle, payload.cycle_id, "cycle_id")
    services.update_exemplar(by=request.user, exemplar=exemplar, data=data)
    return _exemplar(_get(request, exemplar_id), request.user)


@router.post("/exemplars/{exemplar_id}/actions/{action}", response=ExemplarOut)
def exemplar_action(
    request: AuthenticatedHttpRequest, exemplar_id: int, action: str, payload: ExemplarActionIn
):
    """Apply a workflow action (register, accept_registration, return_for_changes, nominate, open_review,
    recognise, decline, withdraw, suspend, renew, return_nomination). `recognise` needs a token issued
    less than DVK_REAUTH_MINUTES ago (else 403: request a new token with the password)."""
    exemplar = _get(request, exemplar_id)
    if action == "recognise":
        require_recent_auth(request)
    cycle = _lookup(Cycle, payload.cycle_id, "cycle_id")
    services.advance_exemplar(
        exemplar=exemplar, action=action, by=request.user, note=payload.note, cycle=cycle
    )
    found = _with_related(Exemplar.objects.visible_to(request.user)).filter(pk=exemplar_id).first()
    if found is None:  # e.g. a council member's view ends when the review closes
        found = _with_related(Exemplar.objects.all()).get(pk=exemplar_id)
    return _exemplar(found, request.user)


@router.get("/exemplars/{exemplar_id}/events", response=list[EventOut])
def exemplar_events(request: AuthenticatedHttpRequest, exemplar_id: int):
    exemplar = _get(request, exemplar_id)
    return [event_out(e) for e in exemplar.events.select_related("actor")]


def _sheet(s) -> dict:
    return {
        "member": s.member.get_username(),
        "percent": float(s.percent),
        "comment": s.comment,
        "scores": [{"criterion_id": x.criterion_id, "score": float(x.score)} for x in s.scores.all()],
        "updated_at": s.updated_at,
    }


@router.post("/exemplars/{exemplar_id}/scores", response={201: ScoresSubmitted})
def score_submit(request: AuthenticatedHttpRequest, exemplar_id: int, payload: ScoresIn):
    """A council member's scores, one per criterion; a second submission replaces the first."""
    exemplar = _get(request, exemplar_id)
    sheet, created = services.submit_scores(
        exemplar=exemplar,
        by=request.user,
        scores=[(s.criterion_id, s.score) for s in payload.scores],
        comment=payload.comment,
    )
    sheet = type(sheet).objects.select_related("member").prefetch_related("scores").get(pk=sheet.pk)
    return Status(201, {"replaced": not created, "sheet": _sheet(sheet)})


def _nomination_for_scores(request: AuthenticatedHttpRequest, exemplar_id: int):
    exemplar = _get(request, exemplar_id)
    if exemplar.current_nomination is None:
        raise Http404
    if not request.user.has_perm("exemplars.view_scores", exemplar):
        raise PermissionDenied
    return exemplar.current_nomination


@router.get("/exemplars/{exemplar_id}/scores", response=list[ScoreSheetOut])
def score_list(request: AuthenticatedHttpRequest, exemplar_id: int):
    """Score sheets the caller may see (a member sees the others' after submitting)."""
    nomination = _nomination_for_scores(request, exemplar_id)
    return [_sheet(s) for s in selectors.visible_sheets(user=request.user, nomination=nomination)]


@router.get("/exemplars/{exemplar_id}/scores/summary", response=SummaryOut)
def score_summary(request: AuthenticatedHttpRequest, exemplar_id: int):
    nomination = _nomination_for_scores(request, exemplar_id)
    if nomination.council_id is None:
        raise WorkflowError(_("The council review has not been opened yet."))
    return services.summarise(nomination).as_dict()


def _replication(r) -> dict:
    return {
        "id": r.pk,
        "organisation": {"id": r.organisation_id, "name": r.organisation.name},
        "started_on": r.started_on,
        "adaptations": r.adaptations,
        "results": r.results,
        "latitude": _float(r.latitude),
        "longitude": _float(r.longitude),
    }


@router.get("/exemplars/{exemplar_id}/replications", response=list[ReplicationOut])
def replication_list(request: AuthenticatedHttpRequest, exemplar_id: int):
    exemplar = _get(request, exemplar_id)
    return [_replication(r) for r in exemplar.replications.select_related("organisation")]


@router.post("/exemplars/{exemplar_id}/replications", response={201: ReplicationOut})
def replication_create(request: AuthenticatedHttpRequest, exemplar_id: int, payload: ReplicationIn):
    """Record that another body (one you work for) adopted this recognised model."""
    # Replication crosses scopes: any public recognised model, besides the user's own records.
    exemplar = get_object_or_404(
        Exemplar.objects.replicable_by(request.user).select_related("organisation"), pk=exemplar_id
    )
    organisation = _lookup(
        None, payload.organisation_id, "organisation_id", visible_organisations(request.user)
    )

    def create():
        replication = services.add_replication(
            exemplar=exemplar,
            by=request.user,
            organisation=organisation,
            started_on=payload.started_on,
            adaptations=payload.adaptations or payload.note,
            results=payload.results,
            latitude=payload.latitude,
            longitude=payload.longitude,
        )
        return 201, _replication(replication)

    return idempotent(request, create)


@router.post("/exemplars/{exemplar_id}/progress", response={201: ProgressOut})
def progress_create(request: AuthenticatedHttpRequest, exemplar_id: int, payload: ProgressIn):
    exemplar = _get(request, exemplar_id)

    def create():
        update = services.add_progress(
            exemplar=exemplar,
            by=request.user,
            reported_on=payload.reported_on,
            summary=payload.summary,
            figures=payload.figures,
        )
        return 201, {
            "id": update.pk,
            "reported_on": update.reported_on,
            "summary": update.summary,
            "figures": update.figures,
        }

    return idempotent(request, create)


# --- public ----------------------------------------------------------------------------------


@router.get("/public/exemplars", response=PublicExemplarList, auth=None)
def public_list(request: HttpRequest, filters: Query[PublicFilters]):
    """Recognised models and exemplars (individuals only with their consent); no login."""
    f = selectors.Filters(
        q=filters.q,
        kind=filters.kind,
        field=filters.field,
        level=filters.level,
        year=filters.year,
        unit=filters.unit,
    )
    qs = selectors.public_list(filters=f).prefetch_related(_DECISIONS)
    return paginate(qs, filters, _public)


@router.get("/public/exemplars/{exemplar_id}", response=PublicExemplarOut, auth=None)
def public_detail(request: HttpRequest, exemplar_id: int):
    qs = (
        Exemplar.objects.public()
        .select_related("organisation", "field", "cycle")
        .prefetch_related(_DECISIONS)
    )
    exemplar = get_object_or_404(qs, pk=exemplar_id)
    if exemplar.stage != Stage.RECOGNISED:
        raise Http404
    return _public(exemplar)
