"""Every allowed and forbidden transition, and the role × action permission matrix."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dvk.core.workflow import DomainError, WorkflowError
from dvk.plans import services
from dvk.plans.factories import AssignmentFactory, TaskFactory
from dvk.plans.models import Assignment, AssignmentEvent, Recommendation, Report
from dvk.plans.workflow import ASSIGNMENT_WORKFLOW, PLAN_WORKFLOW, RECOMMENDATION_WORKFLOW, AssignmentStage

STAGES = [s.value for s in AssignmentStage]


@pytest.fixture
def assignment_in(persona, org, issued_plan):
    plan = issued_plan()

    def make(stage: str) -> Assignment:
        task = TaskFactory(plan=plan)
        return AssignmentFactory(task=task, plan=plan, organisation=org("PT-DU-04897"), stage=stage)

    return make


def _do(action: str, assignment: Assignment, persona) -> Assignment:
    if action == "submit":
        services.submit_report(
            by=persona("xa.a"), assignment=assignment, summary="Đã thực hiện.", progress_percent=50
        )
        return Assignment.objects.get(pk=assignment.pk)
    actor = persona("xa.a") if action == "start" else persona("tinh.bdv")
    return services.act_on_assignment(by=actor, assignment=assignment, action=action, note="Lý do")


ALLOWED = {
    ("start", "assigned"): "in_progress",
    ("submit", "assigned"): "submitted",
    ("submit", "in_progress"): "submitted",
    ("submit", "returned"): "submitted",
    ("submit", "accepted"): "submitted",  # the next period's report
    ("submit", "submitted"): "submitted",  # another period while one awaits review: still submitted
    ("accept", "submitted"): "accepted",
    ("return", "submitted"): "returned",
}


@pytest.mark.parametrize("action", ["start", "submit", "accept", "return"])
@pytest.mark.parametrize("stage", STAGES)
def test_assignment_transitions(action, stage, assignment_in, persona):
    assignment = assignment_in(stage)
    expected = ALLOWED.get((action, stage))
    if expected is None:
        with pytest.raises(WorkflowError):
            _do(action, assignment, persona)
        assert Assignment.objects.get(pk=assignment.pk).stage == stage
    else:
        assert _do(action, assignment, persona).stage == expected


def test_the_transitions_table_matches_the_workflow():
    declared = {(t.action, s): t.target for t in ASSIGNMENT_WORKFLOW.transitions for s in t.sources}
    assert declared == {k: v for k, v in ALLOWED.items() if k != ("submit", "submitted")}


def test_repeating_an_action_is_harmless(assignment_in, persona):
    assignment = assignment_in("assigned")
    services.start_assignment(by=persona("xa.a"), assignment=assignment)
    services.start_assignment(by=persona("xa.a"), assignment=assignment)
    assert AssignmentEvent.objects.filter(assignment=assignment, action="start").count() == 1


def test_returning_needs_a_reason_and_changes_nothing_without_it(assignment_in, persona):
    assignment = assignment_in("assigned")
    services.submit_report(by=persona("xa.a"), assignment=assignment, summary="Xong.", progress_percent=100)
    with pytest.raises(ValidationError):
        services.review_assignment(by=persona("tinh.bdv"), assignment=assignment, action="return", note=" ")
    assert Assignment.objects.get(pk=assignment.pk).stage == "submitted"


def test_a_changed_report_cannot_replace_one_awaiting_review(assignment_in, persona):
    assignment = assignment_in("assigned")
    report, _ = services.submit_report(
        by=persona("xa.a"), assignment=assignment, summary="A", progress_percent=10
    )
    with pytest.raises(DomainError):
        services.submit_report(
            by=persona("xa.a"), assignment=assignment, summary="B", progress_percent=10, period=report.period
        )
    assert Report.objects.get(pk=report.pk).summary == "A"


@pytest.mark.parametrize(
    "bad",
    [
        {"progress_percent": 101},
        {"progress_percent": -1},
        {"summary": ""},
        {"indicators": {"khong-co": 1}},
        {"indicators": {"ngay-cong": "abc"}},
        {"indicators": {"ngay-cong": -5}},
    ],
)
def test_bad_report_input_changes_nothing(bad, assignment_in, persona):
    assignment = assignment_in("assigned")
    data = {"summary": "Đã làm.", "progress_percent": 50, **bad}
    with pytest.raises(ValidationError):
        services.submit_report(by=persona("xa.a"), assignment=assignment, **data)
    assert not assignment.reports.exclude(stage="due").exists()
    assert Assignment.objects.get(pk=assignment.pk).stage == "assigned"


@pytest.mark.parametrize(
    "action,stage,expected",
    [
        ("issue", "draft", "issued"),
        ("issue", "issued", None),
        ("issue", "closed", None),
        ("close", "draft", None),
        ("close", "issued", "closed"),
        ("close", "closed", None),
        ("reopen", "draft", None),
        ("reopen", "issued", None),
        ("reopen", "closed", "issued"),
    ],
)
def test_plan_transitions(action, stage, expected, persona, org):
    from dvk.plans.factories import PlanFactory

    plan = PlanFactory(organisation=org("PT-BTGDV"), stage=stage)
    if expected is None:
        with pytest.raises(WorkflowError):
            services.act_on_plan(by=persona("tinh.bdv"), plan=plan, action=action)
    else:
        assert services.act_on_plan(by=persona("tinh.bdv"), plan=plan, action=action).stage == expected
    assert {t.action for t in PLAN_WORKFLOW.transitions} == {"issue", "close", "reopen"}


@pytest.fixture
def recommendation(persona, org):
    import datetime as dt

    programme = services.create_programme(
        by=persona("tinh.bdv"), organisation=org("PT-BTGDV"), title="Giám sát", starts_on=dt.date(2026, 1, 5)
    )
    visit = services.add_visit(
        by=persona("tinh.bdv"),
        programme=programme,
        organisation=org("PT-DU-04897"),
        visited_on=dt.date(2026, 1, 6),
        findings="Ổn",
        recommendations=["Bổ sung hồ sơ"],
    )
    return visit.recommendations.get()


@pytest.mark.parametrize(
    "action,stage,expected",
    [
        ("respond", "open", "responded"),
        ("respond", "responded", None),
        ("respond", "closed", None),
        ("close", "open", None),
        ("close", "responded", "closed"),
        ("close", "closed", None),
        ("reopen", "open", None),
        ("reopen", "responded", "open"),
        ("reopen", "closed", None),
    ],
)
def test_recommendation_transitions(action, stage, expected, recommendation, persona):
    Recommendation.objects.filter(pk=recommendation.pk).update(stage=stage)
    recommendation.refresh_from_db()

    def run():
        if action == "respond":
            return services.respond_recommendation(
                by=persona("xa.a"), recommendation=recommendation, response="Đã khắc phục."
            )
        return services.review_recommendation(
            by=persona("tinh.bdv"), recommendation=recommendation, action=action
        )

    if expected is None:
        with pytest.raises(WorkflowError):
            run()
    else:
        assert run().stage == expected
    assert len(RECOMMENDATION_WORKFLOW.transitions) == 3


ROLES = ["tinh.bdv", "lanhdao.bdv", "xa.a", "hoidong.3", "xa.b", "so.a", "mttq.tinh", "hoidong.1"]
PERMISSIONS = {
    # permission: users allowed on an assignment of xa.a's body from a plan of the provincial Ban
    "plans.work_on_assignment": {"xa.a", "hoidong.3"},
    "plans.review_assignment": {"tinh.bdv", "lanhdao.bdv"},
    "plans.answer_with_plan": {"xa.a", "hoidong.3"},
    "plans.attach_report": {"xa.a", "hoidong.3"},
}


@pytest.mark.parametrize("perm", sorted(PERMISSIONS))
@pytest.mark.parametrize("username", ROLES)
def test_permission_matrix_on_an_assignment(perm, username, assignment_in, persona):
    assignment = assignment_in("submitted")
    assert persona(username).has_perm(perm, assignment) is (username in PERMISSIONS[perm])


GLOBAL = {
    "plans.add_plan": {"tinh.bdv", "lanhdao.bdv"},
    "plans.send_reminders": {"tinh.bdv", "lanhdao.bdv"},
    "plans.manage_supervision": {"tinh.bdv", "lanhdao.bdv"},
    "plans.manage_campaigns": {"tinh.bdv", "lanhdao.bdv"},
    "plans.view_matrix": {"tinh.bdv", "lanhdao.bdv", "hoidong.3"},
    "plans.work_on_assignment": {"xa.a", "hoidong.3", "xa.b", "so.a", "mttq.tinh"},
}


@pytest.mark.parametrize("perm", sorted(GLOBAL))
@pytest.mark.parametrize("username", ROLES)
def test_permission_matrix_without_an_object(perm, username, persona):
    assert persona(username).has_perm(perm) is (username in GLOBAL[perm])


@pytest.mark.parametrize("username", ["tinh.bdv", "so.a", "xa.b"])
def test_only_the_body_may_submit(username, assignment_in, persona):
    with pytest.raises(PermissionDenied):
        services.submit_report(
            by=persona(username), assignment=assignment_in("assigned"), summary="X", progress_percent=1
        )


@pytest.mark.parametrize("username", ["xa.a", "so.a", "hoidong.1"])
def test_only_the_issuer_may_review(username, assignment_in, persona):
    assignment = assignment_in("submitted")
    with pytest.raises(PermissionDenied):
        services.review_assignment(by=persona(username), assignment=assignment, action="accept")
    assert Assignment.objects.get(pk=assignment.pk).stage == "submitted"
