"""Screens: scope (404 out of scope, lists without foreign rows), 403, query counts, exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dvk.organisations.models import Organisation
from dvk.plans import services
from dvk.plans.factories import AssignmentFactory, PlanFactory, TaskFactory
from dvk.plans.models import Activity, Assignment, Campaign, Event, Plan, UrgeLetter


@pytest.fixture
def xa_a_objects(persona, org, issued_plan):
    """Objects that belong to xa.a's commune (Thịnh Minh) only."""
    plan = issued_plan(bodies=("PT-DU-04897",))
    assignment = plan.assignments.get()
    child = services.create_plan(
        by=persona("xa.a"),
        organisation=org("PT-DU-04897"),
        parent_assignment=assignment,
        title="Kế hoạch thực hiện của xã",
        number="1-KH/ĐU",
    )
    task, _ = services.add_task(
        by=persona("xa.a"), plan=child, title="Chi bộ đăng ký mô hình", assignees=[org("PT-CS-04897-1")]
    )
    programme = services.create_programme(
        by=persona("tinh.bdv"),
        organisation=org("PT-BTGDV"),
        title="Giám sát xã",
        starts_on=timezone.localdate(),
    )
    visit = services.add_visit(
        by=persona("tinh.bdv"),
        programme=programme,
        organisation=org("PT-DU-04897"),
        visited_on=timezone.localdate(),
        findings="Tốt",
        recommendations=["Bổ sung"],
    )
    return {
        "assignment": assignment,
        "child": child,
        "task": task,
        "programme": programme,
        "recommendation": visit.recommendations.get(),
    }


def test_object_routes_are_404_out_of_scope(client_for, xa_a_objects):
    o = xa_a_objects
    a, child = o["assignment"].pk, o["child"].pk
    gets = [
        f"/ke-hoach/giao-viec/{a}/",
        f"/ke-hoach/giao-viec/{a}/ke-hoach-thuc-hien/",
        f"/ke-hoach/{child}/",
        f"/ke-hoach/{child}/sua/",
        f"/ke-hoach/{child}/nhiem-vu/moi/",
        f"/ke-hoach/nhiem-vu/{o['task'].pk}/",
        f"/ke-hoach/giam-sat/{o['programme'].pk}/",
    ]
    posts = [
        f"/ke-hoach/giao-viec/{a}/bao-cao/",
        f"/ke-hoach/giao-viec/{a}/hanh-dong/start/",
        f"/ke-hoach/{child}/hanh-dong/issue/",
        f"/ke-hoach/nhiem-vu/{o['task'].pk}/xoa/",
        f"/ke-hoach/kien-nghi/{o['recommendation'].pk}/respond/",
        f"/ke-hoach/giam-sat/{o['programme'].pk}/lam-viec/",
    ]
    xa_a, xa_b = client_for("xa.a"), client_for("xa.b")
    for url in gets:
        assert xa_a.get(url).status_code == 200, url
        assert xa_b.get(url).status_code == 404, url
    for url in posts:
        assert xa_b.post(url, {"summary": "x", "progress_percent": 1, "response": "x"}).status_code == 404, (
            url
        )
    assert Assignment.objects.get(pk=a).stage == "assigned"


def test_lists_never_show_rows_out_of_scope(client_for, xa_a_objects):
    page = client_for("xa.b").get("/ke-hoach/cua-toi/")
    ids = {x.pk for x in page.context["page"]}
    assert xa_a_objects["assignment"].pk not in ids
    assert all(
        x.organisation.code.endswith("05089")
        or x.org_path.startswith(Organisation.objects.get(code="PT-DU-05089").path)
        for x in page.context["page"]
    )
    plans = {p.pk for p in client_for("xa.b").get("/ke-hoach/").context["page"]}
    assert xa_a_objects["child"].pk not in plans
    assert xa_a_objects["child"].pk in {p.pk for p in client_for("xa.a").get("/ke-hoach/").context["page"]}
    recs = client_for("xa.b").get("/ke-hoach/giam-sat/").context["recommendations"]
    assert xa_a_objects["recommendation"].pk not in {r.pk for r in recs}


@pytest.mark.parametrize(
    "username,url,status",
    [
        ("xa.a", "/ke-hoach/nhap/", 403),
        ("xa.a", "/ke-hoach/moi/", 403),
        ("xa.a", "/ke-hoach/theo-doi/", 403),
        ("so.a", "/ke-hoach/nhac-viec/", 403),
        ("xa.a", "/ke-hoach/giam-sat/moi/", 403),
        ("xa.a", "/ke-hoach/chien-dich/moi/", 403),
        ("tinh.bdv", "/ke-hoach/cua-toi/", 403),
        ("hoidong.3", "/ke-hoach/theo-doi/", 200),
        ("lanhdao.bdv", "/ke-hoach/theo-doi/", 200),
    ],
)
def test_screens_are_forbidden_to_the_wrong_roles(client_for, username, url, status):
    assert client_for(username).get(url).status_code == status


def test_the_coordinator_cannot_submit_for_a_body(client_for, xa_a_objects):
    a = xa_a_objects["assignment"]
    assert (
        client_for("tinh.bdv")
        .post(f"/ke-hoach/giao-viec/{a.pk}/bao-cao/", {"summary": "x", "progress_percent": 5})
        .status_code
        == 403
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def _bodies(n: int) -> list[Organisation]:
    return list(Organisation.objects.filter(code__regex=r"^PT-(DU|UBND)-\d{5}$").order_by("code")[:n])


def test_matrix_queries_do_not_grow_with_rows(client_for, org):
    plan = PlanFactory(organisation=org("PT-BTGDV"), stage="issued")
    tasks = [TaskFactory(plan=plan) for _ in range(3)]
    bodies = _bodies(50)
    for t in tasks:
        AssignmentFactory(task=t, plan=plan, organisation=bodies[0])
    client = client_for("tinh.bdv")
    url = f"/ke-hoach/theo-doi/?plan={plan.pk}"
    one = _count(client, url)
    for t in tasks:
        for body in bodies[1:]:
            AssignmentFactory(task=t, plan=plan, organisation=body)
    assert _count(client, url) == one
    assert len(client.get(url).context["m"].rows) == 50


def test_my_assignments_queries_do_not_grow_with_rows(client_for, org):
    plan = PlanFactory(organisation=org("PT-BTGDV"), stage="issued")
    AssignmentFactory(task=TaskFactory(plan=plan), plan=plan, organisation=org("PT-DU-04897"))
    client = client_for("xa.a")
    one = _count(client, "/ke-hoach/cua-toi/")
    for _ in range(49):
        AssignmentFactory(task=TaskFactory(plan=plan), plan=plan, organisation=org("PT-DU-04897"))
    assert _count(client, "/ke-hoach/cua-toi/") == one


def test_plan_list_queries_do_not_grow_with_rows(client_for, org):
    client = client_for("xa.a")
    PlanFactory(organisation=org("PT-DU-04897"))
    one = _count(client, "/ke-hoach/")
    PlanFactory.create_batch(49, organisation=org("PT-DU-04897"))
    assert _count(client, "/ke-hoach/") == one


def test_api_list_queries_do_not_grow_with_rows(api_for, org):
    plan = PlanFactory(organisation=org("PT-BTGDV"), stage="issued")
    bodies = _bodies(50)
    task = TaskFactory(plan=plan)
    AssignmentFactory(task=task, plan=plan, organisation=bodies[0])
    client = api_for("tinh.bdv")
    url = f"/api/v1/assignments?plan={plan.pk}&limit=100"
    _count(client, url)  # the first request of a token records its use
    one = _count(client, url)
    for body in bodies[1:]:
        AssignmentFactory(task=task, plan=plan, organisation=body)
    assert _count(client, url) == one
    assert client.get(url).json()["count"] == 50


def test_excel_export_opens_and_has_the_right_rows(client_for, issued_plan):
    from openpyxl import load_workbook

    plan = issued_plan()
    response = client_for("tinh.bdv").get(f"/ke-hoach/theo-doi/excel/?plan={plan.pk}")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value.startswith("BẢNG THEO DÕI TIẾN ĐỘ")
    assert "77-KH/BTGDVTU" in ws["A2"].value
    assert ws["A3"].value == f"Xuất ngày {timezone.localdate():%d/%m/%Y}"
    assert [c.value for c in ws[5]][:3] == ["STT", "Cơ quan, đơn vị", "Loại cơ quan"]
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    assert len(rows) == 3
    assert {r[1] for r in rows} == {
        o.name for o in Organisation.objects.filter(code__in=["PT-DU-04897", "PT-DU-05089", "PT-SNV"])
    }
    assert isinstance(rows[0][5], dt.datetime) and ws["F6"].number_format == "dd/mm/yyyy"
    assert ws["B6"].font.name == "Times New Roman"
    # a commune leader exports only the rows of the commune
    leader = load_workbook(
        io.BytesIO(client_for("hoidong.3").get(f"/ke-hoach/theo-doi/excel/?plan={plan.pk}").content)
    ).active
    assert len(list(leader.iter_rows(min_row=6, values_only=True))) == 1


def test_urge_letter_from_the_matrix(client_for, issued_plan, persona, django_capture_on_commit_callbacks):
    import docx

    from dvk.notifications.models import Notification

    plan = issued_plan(due_in=-2)
    late = list(plan.assignments.filter(organisation__code__in=["PT-DU-04897", "PT-SNV"]))
    client = client_for("tinh.bdv")
    data = {
        "plan": plan.pk,
        "assignment": [a.pk for a in late],
        "message": "Đề nghị báo cáo trước ngày 30.",
        "form_token": "once-1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/ke-hoach/theo-doi/don-doc/", data).status_code == 302
        assert client.post("/ke-hoach/theo-doi/don-doc/", data).status_code == 302
    letters = UrgeLetter.objects.filter(plan=plan)
    assert letters.count() == 1
    letter = letters.get()
    assert letter.number.endswith("-CV/BTGDVTU")
    assert Notification.objects.filter(user=persona("xa.a"), kind="plans.urge").count() == 1
    assert not Notification.objects.filter(user=persona("xa.b"), kind="plans.urge").exists()
    response = client.get(f"/ke-hoach/nhac-viec/{letter.pk}/van-ban.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    cells = "\n".join(
        c.text for t in docx.Document(io.BytesIO(response.content)).tables for r in t.rows for c in r.cells
    )
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells and f"Số {letter.number}" in cells
    assert "V/v đôn đốc thực hiện Kế hoạch số 77-KH/BTGDVTU" in cells
    assert "Nơi nhận:" in cells and "Kính gửi:" in text
    assert client_for("xa.b").get(f"/ke-hoach/nhac-viec/{letter.pk}/van-ban.docx").status_code == 404
    assert client.post("/ke-hoach/theo-doi/don-doc/", {"plan": plan.pk}).status_code == 302
    assert UrgeLetter.objects.filter(plan=plan).count() == 1  # nothing selected: refused


def test_child_plan_answers_an_assignment_and_starts_it(client_for, xa_a_objects):
    child = xa_a_objects["child"]
    client = client_for("xa.a")
    assert client.post(f"/ke-hoach/{child.pk}/hanh-dong/issue/").status_code == 302
    child.refresh_from_db()
    assert child.stage == "issued" and child.parent_id == xa_a_objects["assignment"].plan_id
    assert Assignment.objects.get(pk=xa_a_objects["assignment"].pk).stage == "in_progress"
    assert child.assignments.get().organisation.code == "PT-CS-04897-1"
    detail = client_for("tinh.bdv").get(f"/ke-hoach/{xa_a_objects['assignment'].plan_id}/")
    assert child in list(detail.context["children"])


def test_supervision_recommendation_is_tracked_to_closure(client_for, xa_a_objects):
    rec = xa_a_objects["recommendation"]
    xa = client_for("xa.a")
    assert xa.post(f"/ke-hoach/kien-nghi/{rec.pk}/respond/", {"response": ""}).status_code == 302
    rec.refresh_from_db()
    assert rec.stage == "open"  # an empty response changes nothing
    xa.post(f"/ke-hoach/kien-nghi/{rec.pk}/respond/", {"response": "Đã bổ sung hồ sơ."})
    assert client_for("xa.a").post(f"/ke-hoach/kien-nghi/{rec.pk}/close/").status_code == 403
    rec.refresh_from_db()
    assert rec.stage == "responded"  # the body cannot close its own recommendation
    client_for("tinh.bdv").post(f"/ke-hoach/kien-nghi/{rec.pk}/close/")
    rec.refresh_from_db()
    assert rec.stage == "closed" and rec.response == "Đã bổ sung hồ sơ."


def test_campaign_activity_once_per_form_and_dates_checked(client_for, org):
    campaign = Campaign.objects.order_by("-starts_on").first()
    xa = client_for("xa.a")
    data = {
        "organisation": org("PT-DU-04897").pk,
        "title": "Ra quân dọn vệ sinh",
        "place": "Xóm Quang Tiến",
        "held_on": campaign.starts_on.isoformat(),
        "participants": 80,
        "results": "Sạch đẹp",
        "ind_ngay-cong": "80",
        "form_token": "tok-1",
    }
    before = Activity.objects.filter(campaign=campaign).count()
    for _ in range(2):
        assert xa.post(f"/ke-hoach/chien-dich/{campaign.pk}/", data).status_code == 302
    assert Activity.objects.filter(campaign=campaign).count() == before + 1
    bad = {**data, "form_token": "tok-2", "held_on": (campaign.ends_on + dt.timedelta(days=5)).isoformat()}
    assert xa.post(f"/ke-hoach/chien-dich/{campaign.pk}/", bad).status_code == 200
    assert Activity.objects.filter(campaign=campaign).count() == before + 1
    other = {**data, "form_token": "tok-3", "organisation": org("PT-DU-05089").pk}
    assert xa.post(f"/ke-hoach/chien-dich/{campaign.pk}/", other).status_code == 200  # not xa.a's body


def test_events_have_invited_bodies_and_exemplars(client_for):
    event = Event.objects.get(held_on=dt.date(2020, 10, 13))
    page = client_for("tinh.bdv").get(f"/ke-hoach/su-kien/{event.pk}/")
    assert page.status_code == 200
    assert len(event.exemplar_names) == 2 and event.invited.count() == 6
    assert "15/10/2020" in page.content.decode()


def test_dashboard_widgets_have_scoped_counts(client_for):
    leader = client_for("lanhdao.bdv").get("/")
    titles = [str(w.title) for w in leader.context["widgets"]]
    assert "Báo cáo kế hoạch đến hạn trong năm" in titles and "Đơn vị chậm tiến độ" in titles
    officer = client_for("xa.b").get("/")
    mine = next(w for w in officer.context["widgets"] if str(w.title) == "Nhiệm vụ đang thực hiện của tôi")
    expected = Assignment.objects.filter(
        organisation__code="PT-DU-05089",
        plan__stage="issued",
        stage__in=["assigned", "in_progress", "returned"],
    ).count()
    assert mine.value == expected


def test_the_demo_holds_the_seed_plan_issued_by_kind(org):
    plan = Plan.objects.get(number="125-KH/TU")
    assert plan.tasks.count() == 27
    kinds = set(plan.assignments.values_list("organisation__kind", flat=True))
    assert {
        "party_committee",
        "peoples_council",
        "peoples_committee",
        "department",
        "judiciary",
        "armed_forces",
        "front",
        "mass_organisation",
    } <= kinds
    assert not plan.assignments.filter(organisation__code__startswith="PT-").exists()
    current = Plan.objects.filter(
        organisation=org("PT-BTGDV"), parent__isnull=True, issued_on__year__gte=2025
    ).first()
    stages = set(
        current.assignments.filter(organisation__code__in=["PT-DU-04897", "PT-SNV"]).values_list(
            "stage", flat=True
        )
    )
    assert {"accepted", "returned"} <= stages
    assert current.assignments.overdue().exists()
