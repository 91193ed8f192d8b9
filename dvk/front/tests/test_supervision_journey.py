"""A supervision recommendation walked to closure over HTTP and the API with the demo accounts:
mttq.tinh forms the programme, the supervision of Sở Nội vụ, its team and decision, notifies the
body, reports two recommendations → so.a answers one over HTTP and one over the API → mttq.tinh
sends one back (a note is required) and accepts the other → so.a answers again → accepted →
the supervision closes only once every recommendation is closed. A third recommendation left
unanswered is escalated once by the scheduled job (system actor) to the Tỉnh ủy, whose staff and
the body are notified; the reminder digest goes once per user per day."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from dvk.audit.models import AuditEvent
from dvk.front import services
from dvk.front.models import Programme, Recommendation, Supervision
from dvk.front.tasks import escalate_overdue_recommendations, send_recommendation_reminders
from dvk.notifications.models import Notification
from dvk.organisations.models import Membership, Organisation


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def test_a_supervision_recommendation_walked_to_closure(
    client_for, api_for, persona, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    mttq = client_for("mttq.tinh")
    api_mttq = api_for("mttq.tinh")

    # 1. Programme (HTML) and supervision (API).
    response = mttq.post(
        "/mat-tran/giam-sat/chuong-trinh/moi/",
        {
            "organisation": org("PT-MTTQ").pk,
            "year": today.year,
            "title": "Chương trình giám sát kiểm thử",
            "members": [org("PT-HLHPN").pk, org("PT-HND").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    programme = Programme.objects.get(title="Chương trình giám sát kiểm thử")
    assert sorted(m.code for m in programme.members.all()) == ["PT-HLHPN", "PT-HND"]
    created = api_mttq.post(
        "/api/v1/front/supervisions",
        {
            "organisation_id": org("PT-MTTQ").pk,
            "supervised_id": org("PT-SNV").pk,
            "title": "Giám sát việc giải quyết chế độ chính sách kiểm thử",
            "programme_id": programme.pk,
            "plan": "Làm việc trực tiếp với Sở.",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    assert created.json()["escalate_to"]["name"] == org("PT-TU").name  # default: the Front's Party committee
    assert created.json()["available_actions"] == ["form_team"]

    # 2. Team, decision (a lead is required first), notice, field work.
    refused = mttq.post(
        f"/mat-tran/giam-sat/{sid}/hanh-dong/form_team/",
        {"decision_number": "21/QĐ-MTTQ-BTT", "decision_date": today.isoformat()},
    )
    assert refused.status_code == 422 and "trưởng đoàn" in refused.content.decode()
    response = mttq.post(
        f"/mat-tran/giam-sat/{sid}/doan/",
        {
            "lead_name": "Trần Văn Bình",
            "lead_position": "Phó Chủ tịch",
            "members": "Hà Thị Thu Trang — Chuyên viên",
        },
    )
    assert response.status_code == 302
    assert (
        mttq.post(
            f"/mat-tran/giam-sat/{sid}/hanh-dong/form_team/",
            {"decision_number": "21/QĐ-MTTQ-BTT", "decision_date": today.isoformat()},
        ).status_code
        == 302
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            mttq.post(
                f"/mat-tran/giam-sat/{sid}/hanh-dong/notify/", {"notice_on": today.isoformat()}
            ).status_code
            == 302
        )
    so_user = persona("so.a")
    assert Notification.objects.filter(user=so_user, kind="front.supervision").exists()
    started = api_mttq.post(
        f"/api/v1/front/supervisions/{sid}/actions/start", {}, content_type="application/json"
    )
    assert started.status_code == 200 and started.json()["stage"] == "in_progress"

    # 3. Report with three recommendations (API).
    with django_capture_on_commit_callbacks(execute=True):
        reported = api_mttq.post(
            f"/api/v1/front/supervisions/{sid}/actions/report",
            {
                "findings": "Còn 5 hồ sơ chậm giải quyết.",
                "recommendations": ["Giải quyết dứt điểm 5 hồ sơ.", "Công khai tiến độ.", "Báo cáo kết quả."],
                "due_on": (today + dt.timedelta(days=10)).isoformat(),
            },
            content_type="application/json",
        )
    assert reported.status_code == 200, reported.content
    supervision = Supervision.objects.get(pk=sid)
    assert supervision.stage == "reported" and supervision.team.get(is_lead=True).name == "Trần Văn Bình"
    recs = list(supervision.recommendations.order_by("number"))
    assert [r.number for r in recs] == [1, 2, 3] and {r.addressee.code for r in recs} == {"PT-SNV"}
    assert Notification.objects.filter(user=so_user, kind="front.recommendation").exists()

    # 4. so.a sees them in its worklist and answers one over HTTP, one over the API.
    so = client_for("so.a")
    page = so.get("/mat-tran/kien-nghi/?mine=1&open=1")
    assert page.status_code == 200 and all(r.text in page.content.decode() for r in recs)
    assert (
        so.post(
            f"/mat-tran/kien-nghi/{recs[0].pk}/hanh-dong/answer/", {"response": "Đã giải quyết 5 hồ sơ."}
        ).status_code
        == 302
    )
    api_so = api_for("so.a")
    answered = api_so.post(
        f"/api/v1/front/recommendations/{recs[1].pk}/answer",
        {"response": "Đã công khai trên cổng."},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["stage"] == "answered"
    # so.a may not close its own answers; mttq.tinh may not answer for the body.
    assert (
        api_so.post(
            f"/api/v1/front/recommendations/{recs[1].pk}/actions/accept", {}, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        api_mttq.post(
            f"/api/v1/front/recommendations/{recs[2].pk}/answer",
            {"response": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )

    # 5. mttq.tinh sends one back (a note is required), accepts the other; so.a answers again; accepted.
    no_note = mttq.post(f"/mat-tran/kien-nghi/{recs[0].pk}/hanh-dong/reopen/", {"note": ""})
    assert no_note.status_code == 302
    assert Recommendation.objects.get(pk=recs[0].pk).stage == "answered"
    assert (
        mttq.post(
            f"/mat-tran/kien-nghi/{recs[0].pk}/hanh-dong/reopen/",
            {
                "note": "Chưa có văn bản trả lời kèm theo.",
                "due_on": (today + dt.timedelta(days=5)).isoformat(),
            },
        ).status_code
        == 302
    )
    assert Recommendation.objects.get(pk=recs[0].pk).stage == "open"
    assert mttq.post(f"/mat-tran/kien-nghi/{recs[1].pk}/hanh-dong/accept/", {"note": ""}).status_code == 302
    so.post(f"/mat-tran/kien-nghi/{recs[0].pk}/hanh-dong/answer/", {"response": "Gửi kèm Công văn 12/SNV."})
    closed = api_mttq.post(
        f"/api/v1/front/recommendations/{recs[0].pk}/actions/accept", {}, content_type="application/json"
    )
    assert closed.status_code == 200 and closed.json()["stage"] == "closed"

    # 6. Closing the supervision is refused while a recommendation is open.
    refused = api_mttq.post(
        f"/api/v1/front/supervisions/{sid}/actions/close", {}, content_type="application/json"
    )
    assert refused.status_code == 409 and "kiến nghị" in refused.json()["detail"]

    # 7. The third one is overdue: the daily job escalates it once, as the system actor.
    tinh_user = persona("tinh.bdv")
    party_staff = set(
        Membership.objects.filter(organisation__code="PT-TU", role__in=Membership.Role.WORK).values_list(
            "user_id", flat=True
        )
    )
    late_day = today + dt.timedelta(days=11)
    with time_machine.travel(
        dt.datetime.combine(late_day, dt.time(7, 0), tzinfo=timezone.get_current_timezone())
    ):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                escalate_overdue_recommendations.enqueue()
        with django_capture_on_commit_callbacks(execute=True):
            send_recommendation_reminders.enqueue()
            send_recommendation_reminders.enqueue()
    third = Recommendation.objects.get(pk=recs[2].pk)
    assert (
        third.stage == "escalated" and third.escalated_to.code == "PT-TU" and third.escalated_on == late_day
    )
    assert list(third.events.values_list("action", "actor")) == [("escalate", None)]
    audit = AuditEvent.objects.get(action="front.recommendation.escalate", target_id=str(third.pk))
    assert audit.actor is None and audit.actor_name == "system"
    assert Notification.objects.filter(user=so_user, kind="front.escalation").count() == 1
    assert all(Notification.objects.filter(user_id=u, kind="front.escalation").exists() for u in party_staff)
    digests = Notification.objects.filter(user=so_user, dedupe_key=f"front.digest:{late_day}")
    assert digests.count() == 1 and "Báo cáo kết quả." in digests.get().body
    # The province coordinator sees it (province-wide) but cannot act on it.
    assert (
        api_for("tinh.bdv").get(f"/api/v1/front/recommendations/{third.pk}").json()["available_actions"] == []
    )
    assert tinh_user.has_perm("front.review_recommendation", third) is False

    # 8. An escalated recommendation can still be answered, then accepted; the supervision closes.
    so.post(f"/mat-tran/kien-nghi/{third.pk}/hanh-dong/answer/", {"response": "Đã báo cáo Tỉnh ủy."})
    mttq.post(f"/mat-tran/kien-nghi/{third.pk}/hanh-dong/accept/", {"note": ""})
    assert mttq.post(f"/mat-tran/giam-sat/{sid}/hanh-dong/close/").status_code == 302
    supervision.refresh_from_db()
    assert supervision.stage == "closed"
    detail = mttq.get(f"/mat-tran/giam-sat/{sid}/")
    assert detail.status_code == 200 and "Trần Văn Bình" in detail.content.decode()
    assert AuditEvent.objects.filter(action="front.supervision.close", target_id=str(sid)).count() == 1


def test_a_commune_people_inspection_report_is_a_supervision_record(client_for, persona):
    xa = client_for("xa.a")
    response = xa.post(
        "/mat-tran/giam-sat/moi/",
        {
            "organisation": org("PT-MTTQ-04897").pk,
            "kind": "community_investment",
            "title": "Báo cáo giám sát công trình nhà văn hóa xóm",
            "supervised": org("PT-UBND-04897").pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    s = Supervision.objects.get(title="Báo cáo giám sát công trình nhà văn hóa xóm")
    assert s.escalate_to.code == "PT-DU-04897"
    response = xa.post(
        f"/mat-tran/giam-sat/{s.pk}/hanh-dong/record/",
        {
            "findings": "Công trình đúng thiết kế.",
            "recommendations": "Bổ sung hồ sơ nghiệm thu.\n- Công khai quyết toán.",
        },
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.stage == "reported" and s.recommendations.count() == 2
    # The province Front sees its own tree only; xa.b (another commune) gets 404.
    assert client_for("mttq.tinh").get(f"/mat-tran/giam-sat/{s.pk}/").status_code == 404
    assert client_for("xa.b").get(f"/mat-tran/giam-sat/{s.pk}/").status_code == 404


def test_a_team_supervision_cannot_report_before_its_field_work(persona):
    import pytest
    from django.core.exceptions import PermissionDenied

    from dvk.core.workflow import WorkflowError

    mttq = persona("mttq.tinh")
    s = services.create_supervision(
        by=mttq, organisation=org("PT-MTTQ"), supervised=org("PT-SNV"), title="Giám sát A"
    )
    with pytest.raises(WorkflowError):
        services.act_on_supervision(
            by=mttq, supervision=s, action="report", findings="x", recommendations=["y"]
        )
    with pytest.raises(PermissionDenied):
        services.act_on_supervision(
            by=mttq, supervision=s, action="record", findings="x", recommendations=["y"]
        )
