"""Authorisation of plans (issue 8 items 1 and 4) and the role × action matrix of the domain.

- A plan assigns work only to the bodies its issuer directs (`scoping.reach_of`: the issuer's
  subtree; the Ban, where the province's coordinators sit, the province) — whichever way the
  targets are chosen (kinds, unit, level, explicit list), through the API or the form, and
  across a reorganisation.
- A report is reviewed by the assigning body's staff: never by its submitter, never by the
  submitting body itself.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dvk.organisations.models import Organisation
from dvk.plans import services
from dvk.plans.models import Assignment, Plan
from dvk.plans.workflow import AssignmentStage

pytestmark = pytest.mark.django_db


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


@pytest.fixture
def commune_plan(db) -> Plan:
    """Thịnh Minh's own issued plan (the demo's implementing plan of xa.a's commune)."""
    return Plan.objects.get(organisation__code="PT-DU-04897", parent_assignment__isnull=False)


@pytest.fixture
def ban_plan(db) -> Plan:
    return Plan.objects.filter(organisation__code="PT-BTGDV", stage="issued").order_by("-id").first()


def _due() -> str:
    return (timezone.localdate() + dt.timedelta(days=30)).isoformat()


def _outside(plan: Plan, prefix: str) -> list[str]:
    return list(
        Assignment.objects.filter(plan=plan)
        .exclude(org_path__startswith=prefix)
        .values_list("organisation__name", flat=True)
    )


# --- item 1: whom a plan may assign to -------------------------------------------------------


def test_a_commune_plan_assigns_by_kind_only_below_the_commune(commune_plan, api_for):
    """The attack of issue 8: kinds department + party_committee fanned out to the whole province."""
    response = api_for("xa.a").post(
        f"/api/v1/plans/{commune_plan.pk}/tasks",
        {"title": "Báo cáo kết quả", "target_kinds": ["department", "party_committee"], "due_on": _due()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert _outside(commune_plan, commune_plan.org_path) == []
    names = set(Assignment.objects.filter(plan=commune_plan).values_list("organisation__code", flat=True))
    assert not names & {"PT-TU", "PT-SNV", "PT-DU-05089"}


def test_the_task_form_assigns_by_kind_and_unit_only_below_the_commune(commune_plan, client_for):
    cao_phong = org("PT-DU-05089")
    for extra in (
        {"target_kinds": ["judiciary"]},
        {"target_kinds": ["party_committee"], "target_unit": cao_phong.unit_id},
    ):
        response = client_for("xa.a").post(
            f"/ke-hoach/{commune_plan.pk}/nhiem-vu/moi/",
            {"title": "Nhiệm vụ thử", "regime": "ad_hoc", "due_on": _due(), **extra},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert _outside(commune_plan, commune_plan.org_path) == []


def test_an_explicit_assignee_outside_the_issuer_is_refused(commune_plan, api_for, client_for, persona):
    """A body in xa.a's scope (a commune merged into Thịnh Minh, closed) but not under the issuer."""
    predecessor = org("HB-DU-04903")
    before = Assignment.objects.filter(plan=commune_plan).count()
    response = api_for("xa.a").post(
        f"/api/v1/plans/{commune_plan.pk}/tasks",
        {"title": "Giao thẳng", "assignee_ids": [predecessor.pk], "due_on": _due()},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert Assignment.objects.filter(plan=commune_plan).count() == before
    # The form does not even offer it (and the page renders).
    from dvk.plans.forms import TaskForm

    form = TaskForm(user=persona("xa.a"), plan=commune_plan)
    assert not form.fields["assignees"].queryset.filter(pk=predecessor.pk).exists()
    assert client_for("xa.a").get(f"/ke-hoach/{commune_plan.pk}/nhiem-vu/moi/").status_code == 200


def test_a_commune_plan_reaches_its_current_cells_across_the_reorganisation(commune_plan, persona):
    """Fanned out after the merger: today's cells of Thịnh Minh, none of the merged communes'."""
    task, created = services.add_task(
        by=persona("xa.a"), plan=commune_plan, title="Mỗi chi bộ báo cáo", target_kinds=["party_cell"]
    )
    cells = set(
        Organisation.objects.current(commune_plan.issued_on)
        .filter(kind="party_cell", path__startswith=commune_plan.org_path)
        .values_list("pk", flat=True)
    )
    assert cells and {a.organisation_id for a in task.assignments.all()} == cells
    assert all(a.organisation.is_current() for a in task.assignments.select_related("organisation"))


def test_the_bans_plan_reaches_the_whole_province(ban_plan, api_for):
    response = api_for("tinh.bdv").post(
        f"/api/v1/plans/{ban_plan.pk}/tasks",
        {"title": "Các sở báo cáo", "target_kinds": ["department"], "due_on": _due()},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Assignment.objects.filter(task_id=response.json()["id"], organisation__code="PT-SNV").exists()


# --- item 4: who reviews ---------------------------------------------------------------------


def _submitted(plan: Plan, body: Organisation, by) -> Assignment:
    task, _created = services.add_task(by=by, plan=plan, title=f"Báo cáo của {body.name}", assignees=[body])
    assignment = task.assignments.get(organisation=body)
    services.submit_report(by=by, assignment=assignment, summary="Đã thực hiện.", progress_percent=50)
    assignment.refresh_from_db()
    assert assignment.stage == AssignmentStage.SUBMITTED
    return assignment


def test_the_submitter_cannot_accept_its_own_report(commune_plan, persona, api_for):
    """xa.a files the report of a Thịnh Minh cell (as staff above it) and cannot accept it."""
    assignment = _submitted(commune_plan, org("PT-CS-04897-1"), persona("xa.a"))
    url = f"/api/v1/assignments/{assignment.pk}/actions/accept"
    assert api_for("xa.a").post(url, {"note": ""}, content_type="application/json").status_code == 403
    assignment.refresh_from_db()
    assert assignment.stage == AssignmentStage.SUBMITTED
    # the commune's leader (not the submitter, above the cell) accepts
    assert api_for("hoidong.3").post(url, {"note": ""}, content_type="application/json").status_code == 200


def test_the_submitting_body_cannot_accept_its_own_report(commune_plan, persona, api_for):
    """A body that assigned work to itself: its own leader cannot review it; the Ban can."""
    assignment = _submitted(commune_plan, commune_plan.organisation, persona("xa.a"))
    url = f"/api/v1/assignments/{assignment.pk}/actions/accept"
    assert api_for("hoidong.3").post(url, {"note": ""}, content_type="application/json").status_code == 403
    assert api_for("tinh.bdv").post(url, {"note": ""}, content_type="application/json").status_code == 200


def test_the_form_refuses_the_submitter_too(commune_plan, persona, client_for):
    assignment = _submitted(commune_plan, org("PT-CS-04897-2"), persona("xa.a"))
    assert not persona("xa.a").has_perm("plans.review_assignment", assignment)
    report = assignment.reports.get(stage="submitted")
    assert not persona("xa.a").has_perm("plans.review_assignment", report)
    assert persona("hoidong.3").has_perm("plans.review_assignment", report)


# --- the role × action matrix ----------------------------------------------------------------

PERSONAS = ["admin", "tinh.bdv", "lanhdao.bdv", "xa.a", "xa.b", "so.a", "mttq.tinh", "hoidong.1", "hoidong.3"]
COORD = {"admin", "tinh.bdv", "lanhdao.bdv"}


@pytest.fixture
def objects(commune_plan, ban_plan, persona):
    cell = _submitted(commune_plan, org("PT-CS-04897-1"), persona("xa.a"))
    return {
        "ban_plan": ban_plan,
        "commune_plan": commune_plan,
        "ban_assignment": ban_plan.assignments.filter(organisation__code="PT-DU-04897").first(),
        "cell_assignment": cell,
        "commune": org("PT-DU-04897"),
        None: None,
    }


MATRIX = [
    ("plans.view_plans", None, set(PERSONAS)),
    ("plans.add_plan", None, COORD),
    ("plans.change_plan", "ban_plan", COORD),
    ("plans.change_plan", "commune_plan", COORD | {"xa.a", "hoidong.3"}),
    ("plans.issue_plan", "commune_plan", COORD | {"xa.a", "hoidong.3"}),
    ("plans.work_on_assignment", "ban_assignment", {"admin", "xa.a", "hoidong.3"}),
    ("plans.answer_with_plan", "ban_assignment", {"admin", "xa.a", "hoidong.3"}),
    ("plans.review_assignment", "ban_assignment", COORD),
    ("plans.review_assignment", "cell_assignment", COORD | {"hoidong.3"}),
    ("plans.view_matrix", "ban_plan", COORD),
    ("plans.view_matrix", "commune_plan", COORD | {"hoidong.3"}),
    ("plans.send_reminders", "ban_plan", COORD),
    ("plans.manage_supervision", "commune", COORD),
    ("plans.manage_campaigns", "commune", COORD),
    ("plans.record_activity", "commune", COORD | {"xa.a", "hoidong.3"}),
    ("plans.attach_report", "cell_assignment", {"admin", "xa.a", "hoidong.3"}),
    ("plans.view_dashboard", None, COORD | {"hoidong.3"}),
]


@pytest.mark.parametrize(("permission", "target", "holders"), MATRIX)
def test_role_action_matrix(permission, target, holders, objects, persona):
    obj = objects[target]
    held = {u for u in PERSONAS if persona(u).has_perm(permission, obj)}
    assert held == holders


def test_review_actions_on_a_list_cost_no_query_per_row(commune_plan, persona, api_for):
    """The "never the submitter" rule reads a per-request set, not one query per listed row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leader = api_for("hoidong.3")
    url = f"/api/v1/assignments?plan={commune_plan.pk}&stage=submitted&limit=100"

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = leader.get(url)
        assert response.status_code == 200
        return response.json()["count"], len(ctx.captured_queries)

    _submitted(commune_plan, org("PT-CS-04897-1"), persona("xa.a"))
    count()  # warm-up: the token's first use is recorded once
    rows_before, queries_before = count()
    for code in ("PT-CS-04897-2", "PT-CS-04897-3"):
        _submitted(commune_plan, org(code), persona("xa.a"))
    rows_after, queries_after = count()
    assert rows_after == rows_before + 2, (rows_before, rows_after, queries_before, queries_after)
    assert queries_after == queries_before
