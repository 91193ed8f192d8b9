"""Deadlines stored at each step (computed by dvk.deadlines), forwarding and its linked record,
kéo dài by rule and by hand, anonymous denunciations, possible duplicates, alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dvk.citizens import services
from dvk.citizens.models import Case, DuplicateSuggestion, Letter, Policy
from dvk.citizens.workflow import Kind, Stage
from dvk.core.workflow import DomainError
from dvk.deadlines.services import compute
from dvk.notifications.models import Notification


def test_registration_numbers_per_body_and_year(letter):
    first, second = letter(), letter()
    assert (first.year, second.seq) == (timezone.localdate().year, first.seq + 1)
    other = letter(body="PT-TTT", by="thanhtra.tinh", kind=Kind.PETITION)
    assert other.seq == Letter.objects.filter(organisation=other.organisation, year=other.year).count()


def test_first_step_deadline_by_kind(case):
    today = timezone.localdate()
    complaint = case(Kind.COMPLAINT)
    assert (complaint.due_rule, complaint.due_on) == ("KN.THU_LY_L1", compute("KN.THU_LY_L1", today).due)
    petition = case(Kind.PETITION)
    assert petition.due_rule == "XLD.XU_LY_DON"
    party = case(Kind.REFLECTION, body="PT-DU-04897", by="xa.a")
    assert party.due_rule == "QD11.THONG_BAO"  # a party committee head notifies the citizen
    denunciation = case(Kind.DENUNCIATION, body="PT-TTT", by="thanhtra.tinh")
    assert denunciation.due_rule == "TC.XU_LY_BAN_DAU"
    assert denunciation.deadlines.count() == 1


def test_complex_remote_complaint_period(case, persona):
    subject = case()
    officer = persona("tiepdan.xa")
    subject = services.act(by=officer, case=subject, action="accept")
    today = timezone.localdate()
    assert subject.due_on == compute("KN.GIAI_QUYET_L1", today).due
    subject = services.set_flags(by=officer, case=subject, complex=True, remote_area=True)
    assert subject.due_on == compute("KN.GIAI_QUYET_L1", today, complex=True, remote_area=True).due
    assert subject.due_ref  # the legal reference is stored with it


def test_denunciation_extensions_and_suspension(case, persona):
    inspector = persona("thanhtra.tinh")
    subject = case(Kind.DENUNCIATION, body="PT-TTT", by="thanhtra.tinh")
    subject = services.act(by=inspector, case=subject, action="accept")
    accepted = subject.accepted_on
    assert subject.deadlines.filter(rule="TC.THONG_BAO_THU_LY").exists()
    subject = services.act(by=inspector, case=subject, action="extend", note="Phức tạp")
    subject = services.act(by=inspector, case=subject, action="verify")
    subject = services.act(by=inspector, case=subject, action="extend", note="Đặc biệt phức tạp")
    assert (subject.extensions, subject.due_on) == (2, compute("TC.GIAI_QUYET", accepted, extensions=2).due)
    with pytest.raises(DomainError):
        services.act(by=inspector, case=subject, action="extend", note="Lần ba")
    subject = services.act(by=inspector, case=subject, action="suspend", note="Chờ giám định")
    Case.objects.filter(pk=subject.pk).update(paused_since=timezone.localdate() - dt.timedelta(days=6))
    subject = services.act(by=inspector, case=Case.objects.get(pk=subject.pk), action="resume")
    assert subject.paused_days == 6
    assert subject.due_on == compute("TC.GIAI_QUYET", accepted, extensions=2, paused_days=6).due


def test_forwarding_creates_a_linked_record_without_identity(letter, persona, org, client_for):
    denunciation = letter(
        Kind.DENUNCIATION, body="PT-TTT", by="thanhtra.tinh", name="Lò Văn Bảo Mật", phone="0911999888"
    )
    source = denunciation.cases.get()
    services.act(
        by=persona("thanhtra.tinh"),
        case=source,
        action="forward",
        note="Giao xác minh",
        to=org("PT-UBND-04897"),
        purpose="verification",
    )
    linked = Case.objects.get(forwarded_from=source)
    assert linked.organisation.code == "PT-UBND-04897" and linked.stage == Stage.CLASSIFYING
    assert linked.letter.identity_ref is None and linked.letter.identity_withheld
    assert linked.letter.petitioner_name == "" and linked.letter.phone_index == ""
    # Both follow it: the receiving body's officer opens its record, the sender sees the linked one.
    assert client_for("tiepdan.xa").get(f"/tiep-cong-dan/ho-so/{linked.pk}/").status_code == 200
    sender_view = client_for("thanhtra.tinh").get(f"/tiep-cong-dan/ho-so/{linked.pk}/")
    assert sender_view.status_code == 200
    assert "Lò Văn Bảo Mật" not in sender_view.content.decode()
    # The sender follows, but does not act on the receiving body's record.
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.act(by=persona("thanhtra.tinh"), case=linked, action="accept")


def test_anonymous_denunciation_is_information_until_a_reason(letter, persona, org):
    from django.core.exceptions import PermissionDenied

    from dvk.accounts.factories import UserFactory
    from dvk.organisations.models import Membership

    subject = letter(Kind.DENUNCIATION, body="PT-TTT", by="thanhtra.tinh", name="", phone="").cases.get()
    assert subject.stage == Stage.INFORMATION and subject.anonymous and subject.due_on is None
    with pytest.raises(PermissionDenied):  # an officer may not: the body's leader decides
        services.act(by=persona("thanhtra.tinh"), case=subject, action="make_lead", note="Có căn cứ")
    chief = UserFactory(username="chanh.thanhtra.lead")
    Membership.objects.create(user=chief, organisation=org("PT-TTT"), role="leader")
    with pytest.raises(ValidationError):
        services.act(by=chief, case=subject, action="make_lead", note="")
    lead = services.act(
        by=chief, case=subject, action="make_lead", note="Nội dung rõ, có tài liệu chứng minh"
    )
    assert lead.stage == Stage.LEAD
    assert lead.events.get(action="make_lead").note.startswith("Nội dung rõ")


def test_prolonged_by_rule_and_by_hand(case, persona):
    policy = Policy.current()
    late = case(days_ago=60)
    Case.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=policy.prolonged_after_days + 1)
    )
    fresh = case()
    assert services.refresh_prolonged() >= 1
    assert Case.objects.get(pk=late.pk).prolonged and not Case.objects.get(pk=fresh.pk).prolonged
    with pytest.raises(ValidationError):
        services.mark_prolonged(by=persona("chutich.xa"), case=fresh, on=True, reason="")
    assert services.mark_prolonged(
        by=persona("chutich.xa"), case=fresh, on=True, reason="Nhiều lần"
    ).prolonged


def test_reopened_n_times_is_prolonged(case, persona):
    subject = case(Kind.PETITION)
    leader = persona("chutich.xa")
    for _round in range(Policy.current().prolonged_reopen_count):
        subject = services.act(by=leader, case=subject, action="answer", note="Đã trả lời")
        subject = services.act(by=leader, case=subject, action="reopen", note="Công dân tiếp tục kiến nghị")
    assert subject.prolonged and subject.reopen_count == Policy.current().prolonged_reopen_count


def test_duplicates_are_suggested_never_merged(letter, persona):
    first = letter(
        summary="Đề nghị sửa chữa cống thoát nước bị tắc tại xóm Hợp Thành gây ngập úng", phone="0977000111"
    )
    second = letter(
        summary="Đề nghị sửa chữa cống thoát nước bị tắc ở xóm Hợp Thành gây ngập", phone="0977000111"
    )
    suggestion = DuplicateSuggestion.objects.get(letter=second, candidate=first)
    assert suggestion.same_person and suggestion.score > 0.45
    assert first.matter_id is None and Letter.objects.get(pk=second.pk).matter_id is None
    services.decide_duplicate(by=persona("tiepdan.xa"), suggestion=suggestion, same=True)
    assert Letter.objects.get(pk=first.pk).matter_id == Letter.objects.get(pk=second.pk).matter_id is not None


def test_deadline_digest_once_a_day(case, persona, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    subject = case()
    services.assign(by=persona("chutich.xa"), case=subject, handler=persona("tiepdan.xa"))
    Case.objects.filter(pk=subject.pk).update(due_on=today + dt.timedelta(days=Policy.current().tiers()[0]))
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_deadline_alerts(today) >= 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_deadline_alerts(today) >= 2  # the dedupe key stops a second digest
    for username in ("tiepdan.xa", "chutich.xa"):
        rows = Notification.objects.filter(user=persona(username), dedupe_key=f"citizens.digest:{today}")
        assert rows.count() == 1
        assert subject.letter.receipt_number in rows.get().body
