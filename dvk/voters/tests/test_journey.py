"""A session walked from voter meetings to carried-over petitions, through HTTP and the API, with
the demo accounts: the standing office (hdnd.tinh), a deputy (daibieu.1), an answering body (so.a
for Sở Nội vụ) and the commune (xa.a, whose UBND xã answers commune-level petitions)."""

from __future__ import annotations

import datetime as dt

from django.core import mail  # noqa: F401  (the notification task sends through the console backend)
from django.utils import timezone

from dvk.audit.models import AuditEvent
from dvk.voters.models import CarryOver, EntryBatch, Forward, Meeting, Petition, Session
from dvk.voters.workflow import ForwardStage, Outcome, PetitionStage


def test_session_from_meetings_to_carry_over(client_for, api_for, org, term, persona):
    today = timezone.localdate()
    office, deputy = client_for("hdnd.tinh"), api_for("daibieu.1")
    office_api = api_for("hdnd.tinh")

    # The office plans two regular sessions (HTTP form on the term page).
    r = office.post(
        f"/cu-tri/khoa/{term.pk}/",
        {"s-number": 41, "s-kind": "regular", "s-opens_on": (today + dt.timedelta(days=20)).isoformat()},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    s41 = Session.objects.get(term=term, number=41)
    r = office.post(
        f"/cu-tri/khoa/{term.pk}/",
        {"s-number": 42, "s-kind": "regular", "s-opens_on": (today + dt.timedelta(days=100)).isoformat()},
    )
    s42 = Session.objects.get(term=term, number=42)

    # The deputy records a meeting through the API, the office another one through the form.
    deputy_ids = list(term.deputies.values_list("pk", flat=True)[:2])
    r = deputy.post(
        f"/api/v1/voters/sessions/{s41.pk}/meetings",
        {
            "held_on": (today - dt.timedelta(days=2)).isoformat(),
            "place": "Nhà văn hóa xóm Hợp Thành",
            "front_id": org("PT-MTTQ-04897").pk,
            "voters_present": 80,
            "deputy_ids": deputy_ids,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    m1 = Meeting.objects.get(pk=r.json()["id"])
    r = office.post(
        f"/cu-tri/ky-hop/{s41.pk}/tiep-xuc/moi/",
        {
            "timing": "before",
            "held_on": (today - dt.timedelta(days=1)).isoformat(),
            "place": "Hội trường xã Cao Phong",
            "front": org("PT-MTTQ-05089").pk,
            "voters_present": 64,
            "deputies": deputy_ids[:1],
            "form_token": "meeting-once",
        },
    )
    assert r.status_code == 302 and "/nhap/" in r["Location"]
    again = office.post(
        f"/cu-tri/ky-hop/{s41.pk}/tiep-xuc/moi/",
        {
            "timing": "before",
            "held_on": (today - dt.timedelta(days=1)).isoformat(),
            "place": "Hội trường xã Cao Phong",
            "voters_present": 64,
            "form_token": "meeting-once",
        },
    )
    assert again.status_code == 302 and again["Location"] == r["Location"]  # posted twice, recorded once
    assert Meeting.objects.filter(session=s41).count() == 2
    m2 = Meeting.objects.exclude(pk=m1.pk).get(session=s41)

    # Bulk entry (HTTP): rows typed, one blank, one pasted block split server-side first.
    r = office.post(
        f"/cu-tri/tiep-xuc/{m2.pk}/nhap/",
        {
            "text": [""],
            "pasted": "1. Đề nghị nạo vét kênh mương xóm Bãi Nai\n- Ý kiến: đồng tình với chủ trương sáp nhập",
        },
    )
    assert r.status_code == 200 and "nạo vét kênh mương" in r.content.decode()
    form = {
        "form_token": "tok-m2",
        "text": [
            "Đề nghị nạo vét kênh mương xóm Bãi Nai",
            "đồng tình với chủ trương sáp nhập",
            "",
            "Đề nghị sửa chữa cầu treo bản Mòn",
        ],
        "kind": ["petition", "opinion", "petition", "petition"],
        "raised_by": ["", "", "", "Ông Bùi Văn Sơn"],
    }
    r = office.post(f"/cu-tri/tiep-xuc/{m2.pk}/nhap/", form)
    assert r.status_code == 302
    again = office.post(f"/cu-tri/tiep-xuc/{m2.pk}/nhap/", form)  # a double click
    assert again.status_code == 302
    assert m2.petitions.count() == 3 and EntryBatch.objects.filter(meeting=m2).count() == 1
    # The deputy enters the minutes of the first meeting through the API (pasted lines).
    r = deputy.post(
        f"/api/v1/voters/meetings/{m1.pk}/petitions",
        {
            "pasted": "1. Đề nghị sửa chữa cầu treo bản Mòn bị hư hỏng\n2. Đề nghị hỗ trợ giống lúa cho bà con",
            "token": "t1",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert [p["text"] for p in r.json()] == [
        "Đề nghị sửa chữa cầu treo bản Mòn bị hư hỏng",
        "Đề nghị hỗ trợ giống lúa cho bà con",
    ]
    assert (
        deputy.post(
            f"/api/v1/voters/meetings/{m1.pk}/petitions",
            {"pasted": "1. khác", "token": "t1"},
            content_type="application/json",
        ).status_code
        == 200
    )
    bridge1, seeds = Petition.objects.filter(meeting=m1).order_by("id")
    canal, opinion, bridge2 = Petition.objects.filter(meeting=m2).order_by("id")

    # Consolidation: the suggestion pairs the two bridge petitions; the office confirms it.
    r = office.get(f"/cu-tri/ky-hop/{s41.pk}/trung-lap/")
    assert r.status_code == 200 and f"#{bridge2.pk}" in r.content.decode()
    assert Petition.objects.get(pk=bridge2.pk).stage == PetitionStage.RECORDED  # nothing merged by itself
    r = office.post(f"/cu-tri/kien-nghi/{bridge2.pk}/trung-lap/", {"of": bridge1.pk})
    assert r.status_code == 302
    assert Petition.objects.get(pk=bridge2.pk).repeat_of_id == bridge1.pk
    for p, field, level in (
        (bridge1, "infrastructure", "province"),
        (seeds, "agriculture", "province"),
        (canal, "agriculture", "commune"),
    ):
        r = office.post(f"/cu-tri/kien-nghi/{p.pk}/phan-loai/", {"field": field, "level": level})
        assert r.status_code == 302, r.content.decode()[:500]
    r = office_api.post(
        f"/api/v1/voters/petitions/{opinion.pk}/classify",
        {"field": "other", "level": "province"},
        content_type="application/json",
    )
    assert r.status_code == 200

    # Forwarding: the bridge to Sở Nội vụ and UBND tỉnh (two forwards), the seeds to Sở Nội vụ,
    # the canal to UBND xã Thịnh Minh; the due date defaults to 15 days before session 42.
    r = office.post(
        f"/cu-tri/kien-nghi/{bridge1.pk}/chuyen/", {"bodies": [org("PT-SNV").pk, org("PT-UBND").pk]}
    )
    assert r.status_code == 302
    r = office_api.post(
        f"/api/v1/voters/petitions/{seeds.pk}/forward",
        {"body_ids": [org("PT-SNV").pk]},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert (
        r.json()["forwards"][0]["due_on"]
        == (s42.opens_on - dt.timedelta(days=term.answer_lead_days)).isoformat()
    )
    office.post(f"/cu-tri/kien-nghi/{canal.pk}/chuyen/", {"bodies": [org("PT-UBND-04897").pk]})
    assert Forward.objects.filter(petition__in=[bridge1, seeds, canal]).count() == 4

    # The answering body sees its forwards and answers: roadmap for the bridge (API), resolved
    # for the seeds (HTTP form); a roadmap without a target date is refused with a message.
    so = client_for("so.a")
    so_api = api_for("so.a")
    listed = so_api.get("/api/v1/voters/forwards?stage=sent").json()
    mine = {f["petition_id"]: f for f in listed["items"]}
    assert {bridge1.pk, seeds.pk} <= set(mine) and canal.pk not in mine
    r = so_api.post(
        f"/api/v1/voters/forwards/{mine[bridge1.pk]['id']}/answer",
        {"outcome": "roadmap", "answer": "Đưa vào kế hoạch năm sau"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "target" not in r.json()["detail"].lower()
    r = so_api.post(
        f"/api/v1/voters/forwards/{mine[bridge1.pk]['id']}/answer",
        {
            "outcome": "roadmap",
            "answer": "Đưa vào kế hoạch năm sau",
            "target_date": (today + dt.timedelta(days=300)).isoformat(),
        },
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["stage"] == "answered"
    assert Petition.objects.get(pk=bridge1.pk).stage == PetitionStage.FORWARDED  # UBND tỉnh not yet
    r = so.post(
        f"/cu-tri/chuyen-den/{mine[seeds.pk]['id']}/",
        {"outcome": "resolved", "answer": "Đã cấp 2 tấn giống lúa."},
    )
    assert r.status_code == 302
    seeds.refresh_from_db()
    assert (seeds.stage, seeds.outcome) == (PetitionStage.ANSWERED, Outcome.RESOLVED)
    # UBND tỉnh answers "explained": the bridge petition is as settled as its least settled answer.
    admin_api = api_for("admin")
    f_ubnd = Forward.objects.get(petition=bridge1, organisation=org("PT-UBND"))
    assert (
        admin_api.post(
            f"/api/v1/voters/forwards/{f_ubnd.pk}/answer",
            {"outcome": "explained", "answer": "Đã giải thích."},
            content_type="application/json",
        ).status_code
        == 200
    )
    bridge1.refresh_from_db()
    assert (bridge1.stage, bridge1.outcome) == (PetitionStage.ANSWERED, Outcome.ROADMAP)
    # The system actor completed the petition: one audit row, no user.
    done = AuditEvent.objects.filter(action="voters.petition.complete", target_id=str(bridge1.pk))
    assert done.count() == 1 and done.get().actor_id is None

    # The deputy records the voters' assessment of the seeds answer.
    r = deputy.post(
        f"/api/v1/voters/petitions/{seeds.pk}/assess", {"satisfied": True}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["satisfaction"] == "satisfied"

    # Session 41 opens, then session 42: at 42's opening the canal (unanswered), the bridge
    # (roadmap) and the unforwarded opinion are carried over; the resolved seeds stay.
    assert (
        office_api.post(
            f"/api/v1/voters/sessions/{s41.pk}/actions/open", {}, content_type="application/json"
        ).status_code
        == 200
    )
    assert (
        office_api.post(
            f"/api/v1/voters/sessions/{s41.pk}/actions/close", {}, content_type="application/json"
        ).status_code
        == 200
    )
    r = office.post(f"/cu-tri/ky-hop/{s42.pk}/hanh-dong/open/")
    assert r.status_code == 302
    carried = set(CarryOver.objects.filter(from_session=s41).values_list("petition_id", flat=True))
    assert (
        {canal.pk, bridge1.pk, opinion.pk} <= carried
        and seeds.pk not in carried
        and bridge2.pk not in carried
    )
    bridge1.refresh_from_db()
    assert (bridge1.due_session_id, bridge1.carried_over, bridge1.stage) == (
        s42.pk,
        1,
        PetitionStage.FORWARDED,
    )
    # The roadmap answer is asked for again with a new due date; the explained one stays answered.
    f_snv = Forward.objects.get(petition=bridge1, organisation=org("PT-SNV"))
    assert f_snv.stage == ForwardStage.SENT and f_snv.due_on >= today
    assert Forward.objects.get(pk=f_ubnd.pk).stage == ForwardStage.ANSWERED
    # Counted as carried over in the worklist and the report.
    r = office.get(f"/cu-tri/?session={s42.pk}&carried=1")
    assert (
        r.status_code == 200 and f"#{bridge1.pk}" not in r.content.decode()
    )  # worklist shows ids in the first column
    assert str(bridge1.pk) in r.content.decode()
    rep = office_api.get(f"/api/v1/voters/sessions/{s42.pk}/report").json()
    assert rep["carried_in"] == CarryOver.objects.filter(to_session=s42).count() >= 3
    rep41 = office_api.get(f"/api/v1/voters/sessions/{s41.pk}/report").json()
    assert rep41["carried_out"] == len(carried)
    # Opening again is refused (409), never a second carry-over.
    assert office_api.post(
        f"/api/v1/voters/sessions/{s42.pk}/actions/open", {}, content_type="application/json"
    ).status_code in (200, 409)
    assert CarryOver.objects.filter(from_session=s41).count() == len(carried)


def test_scheduler_opens_due_sessions_as_system_and_carries_over(term, persona, org):
    from dvk.voters import services, tasks

    office = persona("hdnd.tinh")
    today = timezone.localdate()
    s = services.create_session(by=office, term=term, number=45, opens_on=today)
    unresolved_before = (
        Petition.objects.filter(organisation=term.organisation).exclude(due_session=s).unresolved().count()
    )
    assert unresolved_before > 0
    assert tasks.open_sessions.call() >= 1
    s.refresh_from_db()
    assert s.stage == "open"
    assert CarryOver.objects.filter(to_session=s).count() == unresolved_before
    event = s.events.get(action="open")
    assert event.actor_id is None
    assert tasks.open_sessions.call() == 0  # idempotent


def test_reminders_digest_once_a_day(persona, django_capture_on_commit_callbacks):
    """One digest per user of a late body per day, however often the job runs."""
    from dvk.notifications.models import Notification
    from dvk.voters import tasks

    assert Forward.objects.overdue().exists()
    today = timezone.localdate()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.send_reminders.enqueue()
    digests = Notification.objects.filter(kind="voters.reminder", dedupe_key=f"voters.digest:{today}")
    users = set(digests.values_list("user_id", flat=True))
    assert users and digests.count() == len(users)
    from dvk.organisations.models import Membership

    late_bodies = set(Forward.objects.overdue().values_list("organisation_id", flat=True))
    expected = set(
        Membership.objects.filter(organisation_id__in=late_bodies, role__in=Membership.Role.WORK).values_list(
            "user_id", flat=True
        )
    )
    assert users == expected
