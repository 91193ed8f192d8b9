"""Services no other test reached: update_plan, delete_task, request_report — effects,
permissions and the one audit row each writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dvk.audit.models import AuditEvent
from dvk.core.workflow import DomainError
from dvk.plans import services
from dvk.plans.models import Plan, Report, Task


def _audit(action: str, target) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, target_id=str(target.pk)))


@pytest.fixture
def draft_plan(persona, org):
    def make() -> Plan:
        plan = services.create_plan(
            by=persona("tinh.bdv"), organisation=org("PT-BTGDV"), title="Kế hoạch nháp", number="5-KH/BTGDVTU"
        )
        services.add_task(
            by=persona("tinh.bdv"), plan=plan, title="Nhiệm vụ một", assignees=[org("PT-DU-04897")]
        )
        return plan

    return make


# --- update_plan ------------------------------------------------------------------------------


def test_updating_a_plan_records_what_changed(draft_plan, persona):
    plan = draft_plan()
    services.update_plan(by=persona("tinh.bdv"), plan=plan, title="  Kế hoạch đã sửa ", number="5-KH/BTGDVTU")
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch đã sửa"
    [row] = _audit("plans.plan.update", plan)
    assert row.changes == {
        "title": ["Kế hoạch nháp", "Kế hoạch đã sửa"]
    }  # the unchanged number is not listed


def test_saving_an_unchanged_plan_writes_no_audit_row(draft_plan, persona):
    plan = draft_plan()
    services.update_plan(by=persona("tinh.bdv"), plan=plan, title=plan.title, number=plan.number)
    assert not _audit("plans.plan.update", plan)


def test_update_plan_cannot_move_the_stage_or_the_body(draft_plan, persona, org):
    """The stage only moves through the workflow (one event row, one audit row): not through the form."""
    plan = draft_plan()
    for fields in ({"stage": "issued"}, {"organisation": org("PT-DU-04897")}, {"org_path": "0000"}):
        with pytest.raises(ValueError):
            services.update_plan(by=persona("tinh.bdv"), plan=plan, **fields)
    plan.refresh_from_db()
    assert plan.stage == "draft" and plan.organisation == org("PT-BTGDV")
    assert not _audit("plans.plan.update", plan)


@pytest.mark.parametrize("username", ["xa.b", "so.a", "hoidong.1"])
def test_update_plan_needs_change_plan(username, draft_plan, persona):
    plan = draft_plan()
    with pytest.raises(PermissionDenied):
        services.update_plan(by=persona(username), plan=plan, title="Chiếm quyền")
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch nháp" and not _audit("plans.plan.update", plan)


def test_a_closed_plan_and_an_empty_title_are_refused(draft_plan, persona):
    plan = draft_plan()
    with pytest.raises(ValidationError):
        services.update_plan(by=persona("tinh.bdv"), plan=plan, title="  ")
    with pytest.raises(ValidationError):
        services.update_plan(by=persona("tinh.bdv"), plan=plan, parent=plan)
    services.issue_plan(by=persona("tinh.bdv"), plan=plan)
    services.act_on_plan(by=persona("tinh.bdv"), plan=plan, action="close")
    with pytest.raises(DomainError):
        services.update_plan(by=persona("tinh.bdv"), plan=plan, title="Sau khi đóng")
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch nháp" and not _audit("plans.plan.update", plan)


# --- delete_task ------------------------------------------------------------------------------


def test_a_task_of_a_draft_plan_is_removed_with_one_audit_row(draft_plan, persona):
    plan = draft_plan()
    task = plan.tasks.get()
    task_id = task.pk
    services.delete_task(by=persona("tinh.bdv"), task=task)
    assert not Task.objects.filter(pk=task_id).exists()
    [row] = AuditEvent.objects.filter(action="plans.task.delete", target_id=str(task_id))
    assert row.changes == {"title": "Nhiệm vụ một"} and row.organisation == plan.organisation


def test_a_task_of_an_issued_plan_stays(draft_plan, persona):
    plan = draft_plan()
    services.issue_plan(by=persona("tinh.bdv"), plan=plan)
    task = plan.tasks.get()
    assert task.assignments.exists()
    with pytest.raises(DomainError):
        services.delete_task(by=persona("tinh.bdv"), task=task)
    assert Task.objects.filter(pk=task.pk).exists() and not _audit("plans.task.delete", task)


@pytest.mark.parametrize("username", ["xa.b", "so.a"])
def test_delete_task_needs_change_plan(username, draft_plan, persona):
    task = draft_plan().tasks.get()
    with pytest.raises(PermissionDenied):
        services.delete_task(by=persona(username), task=task)
    assert Task.objects.filter(pk=task.pk).exists() and not _audit("plans.task.delete", task)


# --- request_report ---------------------------------------------------------------------------


def test_the_reviewer_asks_for_an_ad_hoc_report_once(issued_plan, persona, org):
    assignment = issued_plan().assignments.get(organisation=org("PT-DU-04897"))
    due = timezone.localdate() + dt.timedelta(days=7)
    report = services.request_report(by=persona("tinh.bdv"), assignment=assignment, due_on=due)
    again = services.request_report(by=persona("tinh.bdv"), assignment=assignment, due_on=due)
    assert again.pk == report.pk
    assert (report.period, report.due_on, report.stage) == (f"adhoc-{due:%Y%m%d}", due, "due")
    assert (report.organisation_id, report.org_path) == (assignment.organisation_id, assignment.org_path)
    [row] = _audit("plans.report.request", report)  # asking twice for the same day writes one row
    assert row.changes == {"due_on": due.isoformat()} and row.actor == persona("tinh.bdv")


@pytest.mark.parametrize("username", ["xa.a", "xa.b", "so.a"])
def test_only_the_issuers_reviewers_ask_for_reports(username, issued_plan, persona, org):
    assignment = issued_plan().assignments.get(organisation=org("PT-DU-04897"))
    count = Report.objects.filter(assignment=assignment).count()
    with pytest.raises(PermissionDenied):
        services.request_report(
            by=persona(username), assignment=assignment, due_on=timezone.localdate() + dt.timedelta(days=3)
        )
    assert Report.objects.filter(assignment=assignment).count() == count


def test_a_report_cannot_be_asked_for_the_past(issued_plan, persona, org):
    assignment = issued_plan().assignments.get(organisation=org("PT-DU-04897"))
    count = Report.objects.filter(assignment=assignment).count()
    with pytest.raises(ValidationError):
        services.request_report(
            by=persona("tinh.bdv"), assignment=assignment, due_on=timezone.localdate() - dt.timedelta(days=1)
        )
    assert Report.objects.filter(assignment=assignment).count() == count
