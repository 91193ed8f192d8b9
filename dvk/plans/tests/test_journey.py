"""The issue's journey, over HTTP and the API with the demo accounts: tinh.bdv imports the seed
plan and assigns tasks to xa.a's and so.a's bodies → they report → one is returned, the other
accepted → an overdue assignment gives exactly one reminder per user per day → the matrix and
the roll-up show the right figures."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from dvk.audit.models import AuditEvent
from dvk.notifications.models import Notification
from dvk.plans import selectors
from dvk.plans.models import Assignment, Plan, Report
from dvk.plans.tasks import send_reminders
from dvk.plans.tests.test_importer import seed_text


def test_plan_journey(client_for, api_for, persona, org, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    tinh = client_for("tinh.bdv")

    # 1. tinh.bdv imports the seed plan (HTML form).
    response = tinh.post(
        "/ke-hoach/nhap/",
        {
            "organisation": org("PT-BTGDV").pk,
            "number": "99-KH/BTGDVTU",
            "issued_on": (today - dt.timedelta(days=30)).isoformat(),
            "text": seed_text(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get(number="99-KH/BTGDVTU")
    assert plan.stage == "draft" and plan.tasks.count() == 27 and plan.sections.count() == 13
    assert plan.reference_number == "06-KH/BDVTW" and str(plan.theme) == "“Năm dân vận khéo” 2020"

    # 2. Reviews the first task of II.1 and gives it to xa.a's and so.a's bodies, then issues.
    task = plan.tasks.filter(section__number="1", section__parent__number="II").order_by("order").first()
    response = tinh.post(
        f"/ke-hoach/nhiem-vu/{task.pk}/",
        {
            "title": task.title,
            "section": task.section_id,
            "due_on": (today + dt.timedelta(days=10)).isoformat(),
            "regime": "ad_hoc",
            "assignees": [org("PT-DU-04897").pk, org("PT-SNV").pk],
        },
    )
    assert response.status_code == 302
    # 26 tasks still have no receivers: the plan page asks first (issue 10), the coordinator confirms.
    assert tinh.post(f"/ke-hoach/{plan.pk}/hanh-dong/issue/").url == f"/ke-hoach/{plan.pk}/ban-hanh/"
    assert tinh.post(f"/ke-hoach/{plan.pk}/hanh-dong/issue/", {"confirm_unassigned": "1"}).status_code == 302
    plan.refresh_from_db()
    assert plan.stage == "issued"
    assert sorted(a.organisation.code for a in task.assignments.all()) == ["PT-DU-04897", "PT-SNV"]

    # ... and adds a late task through the API: it fans out at once.
    api_tinh = api_for("tinh.bdv")
    response = api_tinh.post(
        f"/api/v1/plans/{plan.pk}/tasks",
        {
            "title": "Báo cáo nhanh kết quả tiếp dân",
            "section": "2.2",
            "assignee_ids": [org("PT-DU-04897").pk, org("PT-SNV").pk],
            "due_on": (today - dt.timedelta(days=3)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    late_ids = [a["id"] for a in response.json()["assignments"]]
    assert len(late_ids) == 2

    # 3. xa.a reports over HTTP (twice: a double click), so.a over the API with an Idempotency-Key (twice).
    xa_assignment = task.assignments.get(organisation__code="PT-DU-04897")
    so_assignment = task.assignments.get(organisation__code="PT-SNV")
    xa = client_for("xa.a")
    page = xa.get(f"/ke-hoach/giao-viec/{xa_assignment.pk}/")
    assert page.status_code == 200 and "Gửi báo cáo" in page.content.decode()
    form = {
        "summary": "Đã quán triệt Chỉ thị 56-CT/TU tới 100% chi bộ.",
        "progress_percent": "80",
        "ind_nguoi-duoc-tuyen-truyen": "950",
        "period": xa_assignment.reports.get().period,
    }
    for _ in range(2):
        assert xa.post(f"/ke-hoach/giao-viec/{xa_assignment.pk}/bao-cao/", form).status_code == 302
    assert Report.objects.filter(assignment=xa_assignment).count() == 1
    report = Report.objects.get(assignment=xa_assignment)
    assert report.stage == "submitted" and report.indicators == {"nguoi-duoc-tuyen-truyen": 950}

    api_so = api_for("so.a")
    body = {
        "progress_percent": 100,
        "summary": "Sở đã ban hành kế hoạch và tổ chức tiếp công dân định kỳ.",
        "indicators": {"hoi-nghi-doi-thoai": 3},
    }
    first = api_so.post(
        f"/api/v1/assignments/{so_assignment.pk}/reports",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "so-a-report-1"},
    )
    again = api_so.post(
        f"/api/v1/assignments/{so_assignment.pk}/reports",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "so-a-report-1"},
    )
    assert first.status_code == 201 and again.status_code == 201 and first.json()["id"] == again.json()["id"]
    assert Report.objects.filter(assignment=so_assignment).count() == 1

    # 4. tinh.bdv returns xa.a's report (HTML, with a reason) and accepts so.a's (API).
    assert (
        tinh.post(
            f"/ke-hoach/giao-viec/{xa_assignment.pk}/hanh-dong/return/", {"note": "Bổ sung số liệu mô hình."}
        ).status_code
        == 302
    )
    accepted = api_tinh.post(
        f"/api/v1/assignments/{so_assignment.pk}/actions/accept",
        {"note": ""},
        content_type="application/json",
    )
    assert accepted.status_code == 200 and accepted.json()["stage"] == "accepted"
    xa_assignment.refresh_from_db()
    assert xa_assignment.stage == "returned"
    assert Report.objects.get(assignment=xa_assignment).review_note == "Bổ sung số liệu mô hình."
    assert AuditEvent.objects.filter(
        action="plans.assignment.return", target_id=str(xa_assignment.pk)
    ).exists()
    assert AuditEvent.objects.filter(action="plans.report.submit", target_id=str(report.pk)).exists()

    # 5. Overdue assignments: exactly one reminder digest per user per day, however often the job runs.
    xa_user = persona("xa.a")
    due = Assignment.objects.get(pk=late_ids[0]).due_on
    first_day = due + dt.timedelta(days=1)  # first day overdue; the demo tiers repeat every 7 days
    with time_machine.travel(
        dt.datetime.combine(first_day, dt.time(8, 0), tzinfo=timezone.get_current_timezone())
    ):
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                send_reminders.enqueue()
    digests = Notification.objects.filter(
        user=xa_user, kind="plans.reminder", dedupe_key=f"plans.digest:{first_day}"
    )
    assert digests.count() == 1
    assert "Báo cáo nhanh kết quả tiếp dân" in digests.get().body
    a_week_later = first_day + dt.timedelta(days=7)
    with time_machine.travel(
        dt.datetime.combine(a_week_later, dt.time(8, 0), tzinfo=timezone.get_current_timezone())
    ):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                send_reminders.enqueue()
    assert (
        Notification.objects.filter(
            user=xa_user,
            kind="plans.reminder",
            dedupe_key__in=[f"plans.digest:{first_day}", f"plans.digest:{a_week_later}"],
        ).count()
        == 2
    )
    so_user = persona("so.a")
    assert Notification.objects.filter(user=so_user, dedupe_key=f"plans.digest:{first_day}").count() == 1

    # 6. The matrix and the roll-up show the figures.
    response = tinh.get(f"/ke-hoach/theo-doi/?plan={plan.pk}")
    assert response.status_code == 200
    m = response.context["m"]
    assert m.summary["total"] == 4
    assert m.summary["accepted"] == 1
    assert m.summary["returned"] == 1
    assert m.summary["overdue"] == 2
    assert [o.code for o, _cells in m.rows] == sorted([o.code for o, _c in m.rows], key=lambda c: org(c).path)
    assert len(m.tasks) == 2
    html = response.content.decode()
    assert "table-danger" in html and org("PT-SNV").name in html

    rollup = selectors.rollup(user=persona("tinh.bdv"), plan=plan)
    assert rollup["total"].total == 4 and rollup["total"].accepted == 1
    by_body = {r.organisation.code: (r.total, r.accepted, r.overdue) for r in rollup["bodies"]}
    assert by_body == {"PT-DU-04897": (2, 0, 1), "PT-SNV": (2, 1, 1)}
    assert len(rollup["units"]) == 2  # xã Thịnh Minh and the province
    detail = tinh.get(f"/ke-hoach/{plan.pk}/")
    assert detail.context["progress"]["total"] == 4


def test_the_2020_plan_rolls_up_to_the_bodies_that_succeeded_after_the_merger(persona):
    plan = Plan.objects.get(number="125-KH/TU")
    rollup = selectors.rollup(user=persona("tinh.bdv"), plan=plan)
    codes = {r.organisation.code for r in rollup["bodies"]}
    assert "HB-DU-04903" not in codes  # Hợp Thành merged into Thịnh Minh on 1/7/2025
    thinh_minh = next(r for r in rollup["bodies"] if r.organisation.code == "PT-DU-04897")
    hop_thanh = Assignment.objects.filter(plan=plan, organisation__code="HB-DU-04903").count()
    assert hop_thanh >= 6 and thinh_minh.total >= hop_thanh
    assert rollup["total"].total == plan.assignments.count()


def test_the_scheduler_runs_the_reminder_job_once_per_slot(db):
    from dvk.core.management.commands.run_scheduler import tick

    now = timezone.now()
    assert "plans.reminders" in tick(now)
    assert "plans.reminders" not in tick(now)
