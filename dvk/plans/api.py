"""REST API of plans and monitoring (api.md, "Plans and monitoring"). Thin: selectors read,
services write; errors are formatted by dvk.api.errors."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from dvk.api.idempotency import idempotent
from dvk.api.pagination import Page, paginate
from dvk.api.schemas import ActionIn, EventOut, event_out
from dvk.core.types import AuthenticatedHttpRequest
from dvk.core.validation import FiniteFloat, Id, OptionalId, model_text, text
from dvk.organisations.models import Organisation
from dvk.organisations.scoping import visible_organisations
from dvk.plans import selectors, services
from dvk.plans.models import Assignment, Indicator, Plan, Regime, Report
from dvk.plans.workflow import ASSIGNMENT_WORKFLOW, PLAN_WORKFLOW, PlanStage

router = Router(tags=["plans"])


class Ref(Schema):
    id: int
    name: str


class PlanRef(Schema):
    id: int
    number: str
    title: str


class SectionOut(Schema):
    id: int
    number: str
    title: str
    parent_id: int | None


class PlanOut(Schema):
    id: int
    number: str
    title: str
    issued_on: dt.date | None
    issuer: Ref
    theme: str | None
    parent_id: int | None
    reference_number: str
    reference_date: dt.date | None
    stage: str
    stage_label: str
    available_actions: list[str]
    sections: list[SectionOut] | None = None


class PlanList(Schema):
    count: int
    count_exact: bool = True
    items: list[PlanOut]


class PlanIn(Schema):
    title: model_text(Plan, "title")  # type: ignore[valid-type]
    number: model_text(Plan, "number") = ""  # type: ignore[valid-type]
    issued_on: dt.date | None = None
    issuer_id: Id
    theme: text(200) = ""  # type: ignore[valid-type]
    parent_id: OptionalId = None


class PlanFilters(Page):
    q: text(200) = ""  # type: ignore[valid-type]
    stage: text(32) = ""  # type: ignore[valid-type]


class AssignmentOut(Schema):
    id: int
    plan: PlanRef
    task: Ref
    organisation: Ref
    due_on: dt.date | None
    stage: str
    stage_label: str
    available_actions: list[str]
    overdue: bool
    progress_percent: int
    last_report_at: dt.datetime | None


class PlanReportOut(Schema):
    id: int
    assignment_id: int
    period: str
    period_label: str
    due_on: dt.date | None
    stage: str
    stage_label: str
    summary: str
    progress_percent: int
    indicators: dict[str, Any]
    submitted_at: dt.datetime | None


class AssignmentDetail(AssignmentOut):
    reports: list[PlanReportOut]


class AssignmentList(Schema):
    count: int
    count_exact: bool = True
    items: list[AssignmentOut]


class AssignmentFilters(Page):
    plan: OptionalId = None
    organisation: OptionalId = None
    stage: text(32) = ""  # type: ignore[valid-type]
    overdue: bool = False
    due_before: dt.date | None = None


class TaskIn(Schema):
    title: text(min_length=1, multiline=True)  # type: ignore[valid-type]
    section: text(500) | Id | None = None  # type: ignore[valid-type]
    description: text(multiline=True) = ""  # type: ignore[valid-type]
    assignee_ids: list[Id] = Field([], max_length=5000)
    due_on: dt.date | None = None
    regime: Regime = Regime.AD_HOC
    target_kinds: list[Organisation.Kind] = []
    indicators: list[text(40)] = Field([], max_length=100)  # type: ignore[valid-type]


class TaskOut(Schema):
    id: int
    plan_id: int
    title: str
    section_id: int | None
    due_on: dt.date | None
    regime: str
    assignments: list[AssignmentOut]


class ReportIn(Schema):
    period: model_text(Report, "period", required=False) = ""  # type: ignore[valid-type]
    progress_percent: int = Field(..., ge=0, le=100)
    summary: text(min_length=1, multiline=True)  # type: ignore[valid-type]
    indicators: dict[text(40), Annotated[FiniteFloat, Field(ge=0)]] = Field({}, max_length=100)  # type: ignore[valid-type]


def _plan_out(request: AuthenticatedHttpRequest, p: Plan, detail: bool = False) -> dict:
    out = {
        "id": p.pk,
        "number": p.number,
        "title": p.title,
        "issued_on": p.issued_on,
        "issuer": {"id": p.organisation_id, "name": p.organisation.name},
        "theme": str(p.theme) if p.theme else None,
        "parent_id": p.parent_id,
        "reference_number": p.reference_number,
        "reference_date": p.reference_date,
        "stage": p.stage,
        "stage_label": p.get_stage_display(),
        "available_actions": PLAN_WORKFLOW.available_actions(request.user, p),
    }
    if detail:
        out["sections"] = [
            {"id": s.pk, "number": s.number, "title": s.title, "parent_id": s.parent_id}
            for s in p.sections.all()
        ]
    return out


def _assignment_out(request: AuthenticatedHttpRequest, a: Assignment, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    return {
        "id": a.pk,
        "plan": {"id": a.plan_id, "number": a.plan.number, "title": a.plan.title},
        "task": {"id": a.task_id, "name": a.task.title},
        "organisation": {"id": a.organisation_id, "name": a.organisation.name},
        "due_on": a.due_on,
        "stage": a.stage,
        "stage_label": a.get_stage_display(),
        "available_actions": ASSIGNMENT_WORKFLOW.available_actions(request.user, a),
        "overdue": a.is_overdue(today) and a.plan.stage == PlanStage.ISSUED,
        "progress_percent": a.progress_percent,
        "last_report_at": a.last_report_at,
    }


def _report_out(r: Report) -> dict:
    return {
        "id": r.pk,
        "assignment_id": r.assignment_id,
        "period": r.period,
        "period_label": r.period_display,
        "due_on": r.due_on,
        "stage": r.stage,
        "stage_label": r.get_stage_display(),
        "summary": r.summary,
        "progress_percent": r.progress_percent,
        "indicators": r.indicators,
        "submitted_at": r.submitted_at,
    }


def _get_plan(request: AuthenticatedHttpRequest, plan_id: int) -> Plan:
    return get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("organisation", "theme"), pk=plan_id
    )


def _get_assignment(request: AuthenticatedHttpRequest, assignment_id: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("plan", "task", "organisation"),
        pk=assignment_id,
    )


_THEME = re.compile(r"^(?P<name>.*?)\s*(?P<year>(?:19|20)\d{2})$")


# --- Plans --------------------------------------------------------------------------------------


@router.post("/plans", response={201: PlanOut})
def create_plan(request: AuthenticatedHttpRequest, payload: PlanIn):
    """Create a plan (a draft). `theme` is a name with its year, e.g. "Năm dân vận khéo 2020"."""
    issuer = visible_organisations(request.user).filter(pk=payload.issuer_id).first()
    if issuer is None:
        raise ValidationError({"issuer_id": [_("No such issuing body in your scope.")]})
    parent = None
    if payload.parent_id:
        parent = Plan.objects.visible_to(request.user).filter(pk=payload.parent_id).first()
        if parent is None:
            raise ValidationError({"parent_id": [_("No such parent plan.")]})

    def create():
        theme = None
        if payload.theme.strip():  # found or created by the service, in the same transaction (audited)
            m = _THEME.match(payload.theme.strip().strip('“”"'))
            year = int(m.group("year")) if m else (payload.issued_on or timezone.localdate()).year
            name = (m.group("name") if m else payload.theme).strip().strip('“”" ')
            theme = services.theme_for(name, year, by=request.user)
        plan = services.create_plan(
            by=request.user,
            organisation=issuer,
            title=payload.title,
            number=payload.number,
            issued_on=payload.issued_on,
            theme=theme,
            parent=parent,
        )
        return 201, _plan_out(request, plan, detail=True)

    return idempotent(request, create)


@router.get("/plans", response=PlanList)
def list_plans(request: AuthenticatedHttpRequest, filters: Query[PlanFilters]):
    qs = selectors.plan_list(user=request.user, q=filters.q, stage=filters.stage)
    return paginate(qs, filters, lambda p: _plan_out(request, p))


@router.get("/plans/{plan_id}", response=PlanOut)
def get_plan(request: AuthenticatedHttpRequest, plan_id: int):
    return _plan_out(request, _get_plan(request, plan_id), detail=True)


@router.post("/plans/{plan_id}/actions/{action}", response=PlanOut)
def plan_action(request: AuthenticatedHttpRequest, plan_id: int, action: str, payload: ActionIn):
    """`issue` (fans every task out to its bodies), `close`, `reopen`."""
    plan = services.act_on_plan(
        by=request.user, plan=_get_plan(request, plan_id), action=action, note=payload.note
    )
    return _plan_out(
        request, Plan.objects.select_related("organisation", "theme").get(pk=plan.pk), detail=True
    )


@router.get("/plans/{plan_id}/events", response=list[EventOut])
def plan_events(request: AuthenticatedHttpRequest, plan_id: int):
    return [event_out(e) for e in _get_plan(request, plan_id).events.select_related("actor")]


@router.post("/plans/{plan_id}/tasks", response={201: TaskOut})
def add_task(request: AuthenticatedHttpRequest, plan_id: int, payload: TaskIn):
    """Add a task; on an issued plan it fans out at once into one assignment per body
    (on a draft, when the plan is issued)."""
    plan = _get_plan(request, plan_id)
    if not request.user.has_perm("plans.change_plan", plan):
        raise PermissionDenied
    section = None
    if payload.section not in (None, ""):
        sections = plan.sections.all()
        section = (
            sections.filter(pk=payload.section).first()
            if isinstance(payload.section, int)
            else sections.filter(number=str(payload.section).strip()).first()
        )
        if section is None:
            raise ValidationError({"section": [_("No such section in this plan.")]})
    bodies = list(visible_organisations(request.user).filter(pk__in=payload.assignee_ids))
    if len(bodies) != len(set(payload.assignee_ids)):
        raise ValidationError({"assignee_ids": [_("A body does not exist or is outside your scope.")]})
    indicators = list(Indicator.objects.filter(code__in=payload.indicators))
    if len(indicators) != len(set(payload.indicators)):
        raise ValidationError({"indicators": [_("Unknown indicator.")]})

    def create():
        task, created = services.add_task(
            by=request.user,
            plan=plan,
            title=payload.title,
            section=section,
            description=payload.description,
            assignees=bodies,
            due_on=payload.due_on,
            regime=payload.regime,
            target_kinds=payload.target_kinds,
            indicators=indicators,
        )
        rows = Assignment.objects.filter(task=task).select_related("plan", "task", "organisation")
        return 201, {
            "id": task.pk,
            "plan_id": plan.pk,
            "title": task.title,
            "section_id": task.section_id,
            "due_on": task.due_on,
            "regime": task.regime,
            "assignments": [_assignment_out(request, a) for a in rows],
        }

    return idempotent(request, create)


# --- Assignments --------------------------------------------------------------------------------


@router.get("/assignments", response=AssignmentList)
def list_assignments(request: AuthenticatedHttpRequest, filters: Query[AssignmentFilters]):
    qs = selectors.assignment_list(
        user=request.user,
        plan=filters.plan,
        organisation=filters.organisation,
        stage=filters.stage,
        overdue=filters.overdue,
        due_before=filters.due_before,
    )
    today = timezone.localdate()
    return paginate(qs, filters, lambda a: _assignment_out(request, a, today))


@router.get("/assignments/{assignment_id}", response=AssignmentDetail)
def get_assignment(request: AuthenticatedHttpRequest, assignment_id: int):
    a = _get_assignment(request, assignment_id)
    return {**_assignment_out(request, a), "reports": [_report_out(r) for r in a.reports.all()]}


@router.post("/assignments/{assignment_id}/actions/{action}", response=AssignmentDetail)
def assignment_action(request: AuthenticatedHttpRequest, assignment_id: int, action: str, payload: ActionIn):
    """`start`, `submit` (re-send a returned report), `accept`, `return` (a note with the reason)."""
    a = services.act_on_assignment(
        by=request.user, assignment=_get_assignment(request, assignment_id), action=action, note=payload.note
    )
    a = _get_assignment(request, a.pk)
    return {**_assignment_out(request, a), "reports": [_report_out(r) for r in a.reports.all()]}


@router.get("/assignments/{assignment_id}/events", response=list[EventOut])
def assignment_events(request: AuthenticatedHttpRequest, assignment_id: int):
    return [event_out(e) for e in _get_assignment(request, assignment_id).events.select_related("actor")]


@router.get("/assignments/{assignment_id}/reports", response=list[PlanReportOut])
def list_reports(request: AuthenticatedHttpRequest, assignment_id: int):
    return [_report_out(r) for r in _get_assignment(request, assignment_id).reports.all()]


@router.post("/assignments/{assignment_id}/reports", response={200: PlanReportOut, 201: PlanReportOut})
def submit_report(request: AuthenticatedHttpRequest, assignment_id: int, payload: ReportIn):
    """File the body's report for a period (the earliest one owed when `period` is empty) and submit
    the assignment. Sending the same report again returns it (200) instead of creating another."""
    assignment = _get_assignment(request, assignment_id)

    def create():
        report, changed = services.submit_report(
            by=request.user,
            assignment=assignment,
            summary=payload.summary,
            progress_percent=payload.progress_percent,
            indicators=payload.indicators,
            period=payload.period,
        )
        return (201 if changed else 200), _report_out(report)

    return idempotent(request, create)
