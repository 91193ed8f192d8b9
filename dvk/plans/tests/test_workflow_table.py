"""The workflow contract (dvk/core/tests/workflow_contract.py) for every transition of the four
plans workflows, generated from their tables, each run through the service users call:
permission, system actor, note, one event row, exactly one audit row, repeated action a no-op."""

from __future__ import annotations

import datetime as dt

import pytest

from dvk.core.tests.workflow_contract import cases, check_transition
from dvk.plans import services
from dvk.plans.factories import AssignmentFactory, TaskFactory
from dvk.plans.models import Assignment, Plan, Recommendation, Report
from dvk.plans.workflow import ASSIGNMENT_WORKFLOW, PLAN_WORKFLOW, RECOMMENDATION_WORKFLOW, REPORT_WORKFLOW

WORKFLOWS = [PLAN_WORKFLOW, ASSIGNMENT_WORKFLOW, REPORT_WORKFLOW, RECOMMENDATION_WORKFLOW]
BODY_STAFF = "xa.a"  # the body the assignments and recommendations go to (PT-DU-04897)
REVIEWER = "tinh.bdv"  # the provincial Ban that issued the plan / runs the supervision
OUTSIDER = "xa.b"


@pytest.fixture
def build(persona, org, issued_plan):
    """build(workflow, stage) → an object of that workflow at `stage`, reached through the services."""

    def plan_at(stage: str) -> Plan:
        tinh = persona(REVIEWER)
        plan = services.create_plan(
            by=tinh, organisation=org("PT-BTGDV"), title="Kế hoạch kiểm thử", issued_on=dt.date.today()
        )
        services.add_task(by=tinh, plan=plan, title="Báo cáo", assignees=[org("PT-DU-04897")])
        if stage in ("issued", "closed"):
            services.issue_plan(by=tinh, plan=plan)
        if stage == "closed":
            services.act_on_plan(by=tinh, plan=plan, action="close")
        return Plan.objects.get(pk=plan.pk)

    def assignment_at(stage: str) -> Assignment:
        plan = issued_plan()
        return AssignmentFactory(
            task=TaskFactory(plan=plan), plan=plan, organisation=org("PT-DU-04897"), stage=stage
        )

    def report_at(stage: str) -> Report:
        assignment = assignment_at("assigned")
        report, _changed = services.submit_report(
            by=persona(BODY_STAFF), assignment=assignment, summary="Đã thực hiện.", progress_percent=30
        )
        if stage == "returned":
            services.review_assignment(
                by=persona(REVIEWER), assignment=assignment, action="return", note="Bổ sung"
            )
        elif stage == "due":
            Report.objects.filter(pk=report.pk).update(stage="due")
        return Report.objects.get(pk=report.pk)

    def recommendation_at(stage: str) -> Recommendation:
        programme = services.create_programme(
            by=persona(REVIEWER),
            organisation=org("PT-BTGDV"),
            title="Giám sát",
            starts_on=dt.date(2026, 1, 5),
        )
        visit = services.add_visit(
            by=persona(REVIEWER),
            programme=programme,
            organisation=org("PT-DU-04897"),
            visited_on=dt.date(2026, 1, 6),
            recommendations=["Bổ sung hồ sơ"],
        )
        recommendation = visit.recommendations.get()
        if stage == "responded":
            services.respond_recommendation(
                by=persona(BODY_STAFF), recommendation=recommendation, response="Đã làm"
            )
        return Recommendation.objects.get(pk=recommendation.pk)

    makers = {
        PLAN_WORKFLOW.name: plan_at,
        ASSIGNMENT_WORKFLOW.name: assignment_at,
        REPORT_WORKFLOW.name: report_at,
        RECOMMENDATION_WORKFLOW.name: recommendation_at,
    }
    return lambda workflow, stage: makers[workflow.name](stage)


def _runner(workflow_name: str, action: str):
    """The service a user's click goes through, for each workflow and action."""
    if workflow_name == PLAN_WORKFLOW.name:
        return lambda plan, by, note: services.act_on_plan(by=by, plan=plan, action=action, note=note)
    if workflow_name == ASSIGNMENT_WORKFLOW.name:
        if action == "submit":
            return lambda a, by, note: services.submit_report(
                by=by, assignment=a, summary="Báo cáo kỳ này.", progress_percent=60
            )
        return lambda a, by, note: services.act_on_assignment(by=by, assignment=a, action=action, note=note)
    if workflow_name == REPORT_WORKFLOW.name:
        if action == "submit":
            return lambda r, by, note: services.submit_report(
                by=by,
                assignment=r.assignment,
                summary="Báo cáo bổ sung.",
                progress_percent=70,
                period=r.period,
            )
        return lambda r, by, note: services.review_assignment(
            by=by, assignment=r.assignment, action=action, note=note
        )
    if action == "respond":
        return lambda rec, by, note: services.respond_recommendation(by=by, recommendation=rec, response=note)
    return lambda rec, by, note: services.review_recommendation(
        by=by, recommendation=rec, action=action, note=note
    )


ACTOR = {"start": BODY_STAFF, "submit": BODY_STAFF, "respond": BODY_STAFF}


@pytest.mark.parametrize("case", cases(WORKFLOWS))
def test_every_transition_keeps_the_contract(case, build, persona):
    action = case.transition.action
    obj = build(case.workflow, case.source)
    check_transition(
        case,
        obj=obj,
        run=_runner(case.workflow.name, action),
        actor=persona(ACTOR.get(action, REVIEWER)),
        outsider=persona(OUTSIDER),
    )


def test_a_report_submission_writes_one_audit_row_per_transition(persona, issued_plan, org):
    """Was: submit_report recorded "plans.report.submit" twice (advance() and the service)."""
    from dvk.audit.models import AuditEvent

    plan = issued_plan()
    assignment = plan.assignments.get(organisation=org("PT-DU-04897"))
    mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    report, _changed = services.submit_report(
        by=persona(BODY_STAFF), assignment=assignment, summary="Xong.", progress_percent=100, indicators={}
    )
    rows = list(AuditEvent.objects.filter(pk__gt=mark).values_list("action", flat=True))
    assert sorted(rows) == ["plans.assignment.submit", "plans.report.submit"]
    row = AuditEvent.objects.get(pk__gt=mark, action="plans.report.submit")
    assert row.changes["period"] == report.period and row.changes["progress_percent"] == 100
