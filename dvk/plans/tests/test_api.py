"""API contract of plans and monitoring (api.md): status codes, errors, filters, idempotency."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dvk.plans.models import Assignment, Plan, Report


def _post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", headers=headers)


def test_create_plan_add_tasks_and_issue(api_for, org):
    api = api_for("tinh.bdv")
    today = timezone.localdate()
    body = {
        "title": "Kế hoạch tháng dân vận",
        "number": "31-KH/BTGDVTU",
        "issued_on": today.isoformat(),
        "issuer_id": org("PT-BTGDV").pk,
        "theme": "Năm dân vận khéo 2020",
    }
    first = _post(api, "/api/v1/plans", body, **{"Idempotency-Key": "plan-31"})
    again = _post(api, "/api/v1/plans", body, **{"Idempotency-Key": "plan-31"})
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert Plan.objects.filter(number="31-KH/BTGDVTU").count() == 1
    plan = first.json()
    assert (
        plan["stage"] == "draft" and plan["stage_label"] == "Dự thảo" and "issue" in plan["available_actions"]
    )
    assert plan["theme"] == "“Năm dân vận khéo” 2020"
    task = _post(
        api,
        f"/api/v1/plans/{plan['id']}/tasks",
        {
            "title": "Tổ chức ra quân",
            "assignee_ids": [org("PT-DU-04897").pk],
            "due_on": (today + dt.timedelta(days=9)).isoformat(),
            "target_kinds": ["front"],
            "regime": "monthly",
        },
    )
    assert task.status_code == 201 and task.json()["assignments"] == []  # a draft fans out when issued
    issued = _post(api, f"/api/v1/plans/{plan['id']}/actions/issue", {"note": ""})
    assert issued.status_code == 200 and issued.json()["stage"] == "issued"
    count = Assignment.objects.filter(plan_id=plan["id"]).count()
    assert count == 1 + 46 + 1  # xa.a's body, every commune Front committee, the provincial Front
    events = api.get(f"/api/v1/plans/{plan['id']}/events").json()
    assert [e["action"] for e in events] == ["issue"]
    listed = api.get("/api/v1/plans?q=thang dan van").json()
    assert plan["id"] in [p["id"] for p in listed["items"]]


def test_assignment_filters_and_scope(api_for, issued_plan, org):
    plan = issued_plan(due_in=-1)
    tinh, xa_b = api_for("tinh.bdv"), api_for("xa.b")
    rows = tinh.get(f"/api/v1/assignments?plan={plan.pk}").json()
    assert rows["count"] == 3 and all(r["overdue"] for r in rows["items"])
    assert (
        tinh.get(f"/api/v1/assignments?plan={plan.pk}&organisation={org('PT-SNV').pk}").json()["count"] == 1
    )
    assert tinh.get(f"/api/v1/assignments?plan={plan.pk}&stage=accepted").json()["count"] == 0
    assert tinh.get(f"/api/v1/assignments?plan={plan.pk}&overdue=true").json()["count"] == 3
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    assert tinh.get(f"/api/v1/assignments?plan={plan.pk}&due_before={future}").json()["count"] == 3
    mine = xa_b.get(f"/api/v1/assignments?plan={plan.pk}").json()
    assert [r["organisation"]["id"] for r in mine["items"]] == [org("PT-DU-05089").pk]
    xa_a_row = plan.assignments.get(organisation__code="PT-DU-04897")
    assert xa_b.get(f"/api/v1/assignments/{xa_a_row.pk}").status_code == 404
    assert xa_b.get(f"/api/v1/assignments/{xa_a_row.pk}/events").status_code == 404
    assert (
        _post(
            xa_b, f"/api/v1/assignments/{xa_a_row.pk}/reports", {"progress_percent": 5, "summary": "x"}
        ).status_code
        == 404
    )
    detail = api_for("xa.a").get(f"/api/v1/assignments/{xa_a_row.pk}").json()
    assert detail["available_actions"] == ["start", "submit"] and len(detail["reports"]) == 1


def test_errors(api_for, issued_plan, org):
    plan = issued_plan()
    row = plan.assignments.get(organisation__code="PT-DU-04897")
    xa, tinh = api_for("xa.a"), api_for("tinh.bdv")
    malformed = xa.post(f"/api/v1/assignments/{row.pk}/reports", "{not json", content_type="application/json")
    assert malformed.status_code == 400 and malformed.json()["detail"]
    invalid = _post(xa, f"/api/v1/assignments/{row.pk}/reports", {"progress_percent": 140, "summary": ""})
    assert invalid.status_code == 422
    assert {e["field"] for e in invalid.json()["errors"]} == {"progress_percent", "summary"}
    unknown = _post(
        xa,
        f"/api/v1/assignments/{row.pk}/reports",
        {"progress_percent": 10, "summary": "Đã làm", "indicators": {"khong-co": 1}},
    )
    assert unknown.status_code == 422 and "khong-co" in unknown.json()["errors"][0]["message"]
    assert not Report.objects.filter(assignment=row).exclude(stage="due").exists()
    assert _post(xa, "/api/v1/plans", {"title": "X", "issuer_id": org("PT-DU-04897").pk}).status_code == 403
    assert _post(tinh, "/api/v1/plans", {"title": "X", "issuer_id": 10**9}).status_code == 422
    assert _post(tinh, f"/api/v1/assignments/{row.pk}/actions/accept", {"note": ""}).status_code == 409
    assert _post(tinh, f"/api/v1/assignments/{row.pk}/actions/start", {"note": ""}).status_code == 403
    assert _post(xa, f"/api/v1/assignments/{row.pk}/actions/submit", {"note": ""}).status_code == 409
    assert _post(xa, f"/api/v1/assignments/{row.pk}/actions/fly", {"note": ""}).status_code == 409
    assert (
        _post(tinh, f"/api/v1/plans/{plan.pk}/tasks", {"title": "Y", "assignee_ids": [10**9]}).status_code
        == 422
    )
    assert _post(xa, f"/api/v1/plans/{plan.pk}/tasks", {"title": "Y"}).status_code == 403
    assert api_for("xa.b").get(f"/api/v1/plans/{plan.pk}").status_code == 200  # it assigns xa.b's body
    assert Assignment.objects.get(pk=row.pk).stage == "assigned"


def test_report_then_return_then_resubmit(api_for, issued_plan):
    plan = issued_plan()
    row = plan.assignments.get(organisation__code="PT-DU-04897")
    xa, tinh = api_for("xa.a"), api_for("tinh.bdv")
    body = {
        "progress_percent": 40,
        "summary": "Đã triển khai tới các chi bộ.",
        "indicators": {"ngay-cong": 120},
    }
    created = _post(xa, f"/api/v1/assignments/{row.pk}/reports", body)
    repeated = _post(xa, f"/api/v1/assignments/{row.pk}/reports", body)  # no key: the same report comes back
    assert created.status_code == 201 and repeated.status_code == 200
    assert created.json()["id"] == repeated.json()["id"] and created.json()["indicators"] == {
        "ngay-cong": 120
    }
    changed = _post(xa, f"/api/v1/assignments/{row.pk}/reports", {**body, "summary": "Khác"})
    assert changed.status_code == 409
    returned = _post(tinh, f"/api/v1/assignments/{row.pk}/actions/return", {"note": "Thiếu số liệu"})
    assert returned.json()["stage"] == "returned" and returned.json()["reports"][0]["stage"] == "returned"
    no_reason = _post(tinh, f"/api/v1/assignments/{row.pk}/actions/return", {"note": ""})
    assert no_reason.status_code in (409, 422)
    resent = _post(xa, f"/api/v1/assignments/{row.pk}/actions/submit", {"note": ""})
    assert resent.status_code == 200 and resent.json()["stage"] == "submitted"
    assert Report.objects.filter(assignment=row).count() == 1
    history = [e["action"] for e in xa.get(f"/api/v1/assignments/{row.pk}/events").json()]
    assert history == ["submit", "return", "submit"]


@pytest.mark.parametrize("regime,periods", [("quarterly", 1), ("monthly", 1), ("ad_hoc", 1)])
def test_regimes_generate_due_reports(api_for, org, regime, periods):
    api = api_for("tinh.bdv")
    today = timezone.localdate()
    plan = _post(
        api, "/api/v1/plans", {"title": "KH", "issuer_id": org("PT-BTGDV").pk, "issued_on": today.isoformat()}
    ).json()
    _post(api, f"/api/v1/plans/{plan['id']}/actions/issue", {"note": ""})
    task = _post(
        api,
        f"/api/v1/plans/{plan['id']}/tasks",
        {
            "title": "Báo cáo",
            "regime": regime,
            "assignee_ids": [org("PT-SNV").pk],
            "due_on": today.isoformat(),
        },
    ).json()
    assignment = Assignment.objects.get(pk=task["assignments"][0]["id"])
    assert assignment.reports.filter(stage="due").count() == periods
