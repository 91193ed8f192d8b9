"""Citizen letters and voter petitions registers imported from Excel through their domains'
services (register_letter, record_petitions): dry run, apply, idempotency, scope."""

from __future__ import annotations

import pytest

from dvk.citizens.models import Letter
from dvk.imports import engine
from dvk.imports.tests.builders import Sheet, xls, xlsx
from dvk.voters.models import Meeting, Petition

pytestmark = pytest.mark.django_db

LETTERS = [
    ["SỔ TIẾP NHẬN ĐƠN THƯ NĂM 2026"],
    [
        "STT",
        "Ngày nhận",
        "Người gửi",
        "Địa chỉ",
        "Nội dung",
        "Loại đơn",
        "Hình thức nhận",
        "Đơn vị tiếp nhận",
    ],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
    [
        1,
        "02/03/2026",
        "Bùi Văn An",
        "xóm Thịnh Lang",
        "Đề nghị sửa đường liên xóm",
        "Kiến nghị",
        "Trực tiếp",
        "Ủy ban nhân dân xã Thịnh Minh",
    ],
    [
        2,
        "03-03-2026",
        "Nguyễn Thị Bình",
        "xóm Quang Tiến",
        "Khiếu nại việc thu hồi đất",
        "Khiếu nại",
        "Bưu điện",
        "Ủy ban nhân dân xã Thịnh Minh",
    ],
    [3, "3/3/2026", "", "", "Tố cáo cán bộ thôn", "Tố cáo", "", "Ủy ban nhân dân xã Thịnh Minh"],
    [4, "30/13/2026", "X", "", "Đơn có ngày sai", "Phản ánh", "", "Ủy ban nhân dân xã Thịnh Minh"],
    ["Cộng: 4 đơn"],
]


def run(kind: str, content: bytes, user, apply: bool = False) -> engine.Report:
    return engine.run(engine.get_spec(kind), content, user=user, apply=apply)


@pytest.mark.parametrize("fmt", [xlsx, xls])
def test_letters_register(fmt, persona):
    user = persona("tiepdan.xa")
    report = run("cases", fmt(Sheet("Sổ", LETTERS)), user)
    assert [(e["row"], e["reason"]) for e in report.errors] == [(7, "unparseable_date")]
    assert [r["kind"] for r in report.records] == ["petition", "complaint", "denunciation"]
    assert report.records[1]["channel"] == "post" and report.records[0]["received_on"] == "2026-03-02"
    good = fmt(Sheet("Sổ", LETTERS[:6] + LETTERS[7:]))
    applied = run("cases", good, user, apply=True)
    letters = Letter.objects.filter(pk__in=applied.created)
    assert letters.count() == 3
    denunciation = letters.get(kind="denunciation")
    assert denunciation.petitioner_name == ""  # identities of denouncers are never stored in plain text
    assert run("cases", good, user, apply=True).created == []


def test_letters_out_of_scope(persona):
    report = run("cases", xlsx(Sheet("Sổ", LETTERS[:4])), persona("xa.b"))
    assert {e["reason"] for e in report.errors} <= {"unknown_organisation", "out_of_scope"} and report.errors


def test_petitions_register(persona):
    user = persona("hdnd.tinh")
    meeting = Meeting.objects.visible_to(user).order_by("held_on").first()
    if meeting is None:
        pytest.skip("the demo has no voter meeting")
    same_day = Meeting.objects.visible_to(user).filter(held_on=meeting.held_on).count()
    day = meeting.held_on.strftime("%d/%m/%Y")
    rows = [
        ["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỬ TRI"],
        ["STT", "Nội dung kiến nghị", "Cử tri kiến nghị", "Ngày tiếp xúc", "Địa điểm", "Loại"],
        [1, "Đề nghị nâng cấp trạm y tế xã", "Ông Hà Văn Cường", day, meeting.place, "Kiến nghị"],
        [2, "Cử tri đồng tình với chủ trương sáp nhập", "", day, meeting.place, "Ý kiến"],
        [3, "Đề nghị nâng cấp trạm y tế xã", "", day, meeting.place, ""],
        [4, "Kiến nghị không có cuộc tiếp xúc", "", "01/01/1999", "", ""],
    ]
    report = run("petitions", xlsx(Sheet("KN", rows)), user)
    reasons = {(e["row"], e["reason"]) for e in report.errors}
    assert (5, "duplicate") in reasons and (6, "unknown_meeting") in reasons
    if same_day == 1:
        assert [r["meeting_id"] for r in report.records] == [meeting.pk, meeting.pk]
        assert [r["kind"] for r in report.records] == ["petition", "opinion"]
    applied = run("petitions", xls(Sheet("KN", rows[:4])), user, apply=True)
    assert Petition.objects.filter(pk__in=applied.created, meeting=meeting).count() == 2
    assert run("petitions", xls(Sheet("KN", rows[:4])), user, apply=True).created == []
