"""Staff pages: the handler's, the leader's and the Ban's worklists with their filters, the case
page and its forms; query counts do not grow with the rows shown."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dvk.citizens.models import Case
from dvk.citizens.workflow import Kind


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/tiep-cong-dan/?open=0",
        "/tiep-cong-dan/don/",
        "/tiep-cong-dan/buoi-tiep/",
        "/api/v1/citizens/cases?open=false",
    ],
)
def test_list_queries_do_not_grow(url, letter, client_for):
    client = client_for("tiepdan.xa")
    letter()
    client.get(url)  # warm caches (content types, policy)
    one = _queries(client, url)
    for i in range(12):
        letter(
            summary=f"Kiến nghị số {i} về việc sửa chữa đường giao thông nông thôn liên xóm.",
            kind=Kind.PETITION,
        )
    assert _queries(client, url) == one


def test_case_detail_queries_do_not_grow_with_history(case, persona, client_for):
    from dvk.citizens import services

    subject = case()
    client = client_for("tiepdan.xa")
    url = f"/tiep-cong-dan/ho-so/{subject.pk}/"
    officer = persona("tiepdan.xa")
    subject = services.act(by=officer, case=subject, action="accept")
    client.get(url)
    few = _queries(client, url)
    for action in ("verify", "dialogue"):
        subject = services.act(by=officer, case=subject, action=action, note="Ghi chú")
    assert _queries(client, url) == few


def test_worklist_filters(letter, client_for, persona):
    from dvk.citizens import services

    crowd = letter(
        people_count=9, summary="Đoàn 9 hộ dân khiếu nại về bồi thường giải phóng mặt bằng."
    ).cases.get()
    single = letter(summary="Khiếu nại về cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình.").cases.get()
    services.set_flags(by=persona("tiepdan.xa"), case=single, complex=True)
    client = client_for("tiepdan.xa")
    ids = lambda q: {c.pk for c in client.get(f"/tiep-cong-dan/?{q}").context["page"]}  # noqa: E731
    assert crowd.pk in ids("crowd=1") and single.pk not in ids("crowd=1")
    assert single.pk in ids("complex=1") and crowd.pk not in ids("complex=1")
    assert crowd.pk in ids("kind=complaint&stage=classifying")
    Case.objects.filter(pk=single.pk).update(due_on="2020-01-01")
    assert single.pk in ids("overdue=1") and crowd.pk not in ids("overdue=1")
    services.assign(by=persona("chutich.xa"), case=crowd, handler=persona("tiepdan.xa"))
    assert ids("mine=1") >= {crowd.pk} and single.pk not in ids("mine=1")
    # The Ban sees the province's cases across bodies.
    assert crowd.pk in {c.pk for c in client_for("tinh.bdv").get("/tiep-cong-dan/?open=0").context["page"]}


def test_case_page_and_forms(case, client_for):
    subject = case()
    client = client_for("tiepdan.xa")
    page = client.get(f"/tiep-cong-dan/ho-so/{subject.pk}/")
    assert page.status_code == 200 and "KN.THU_LY_L1" in page.content.decode()
    response = client.post(f"/tiep-cong-dan/ho-so/{subject.pk}/hanh-dong/refuse/", {"note": ""})
    assert response.status_code == 302
    assert Case.objects.get(pk=subject.pk).stage == "classifying"  # the reason is required
    client.post(f"/tiep-cong-dan/ho-so/{subject.pk}/hanh-dong/accept/", {"note": ""})
    assert Case.objects.get(pk=subject.pk).stage == "accepted"
    # Not allowed: the Ban's coordinator sees the case but may not act (403 on the forms).
    ban = client_for("tinh.bdv")
    assert ban.get(f"/tiep-cong-dan/ho-so/{subject.pk}/").status_code == 200
    assert ban.post(f"/tiep-cong-dan/ho-so/{subject.pk}/phan-cong/", {"handler": ""}).status_code == 403


def test_register_a_letter_through_the_form(client_for, org):
    client = client_for("tiepdan.xa")
    page = client.get("/tiep-cong-dan/don/moi/")
    token = page.context["form"].initial["form_token"]
    data = {
        "organisation": org("PT-UBND-04897").pk,
        "received_on": "2026-11-30",
        "channel": "in_person",
        "kind": "petition",
        "summary": "Kiến nghị lắp đặt biển báo giao thông tại ngã ba xóm Thịnh Lang.",
        "people_count": 1,
        "name": "Đinh Thị Form",
        "form_token": token,
    }
    first, second = client.post("/tiep-cong-dan/don/moi/", data), client.post("/tiep-cong-dan/don/moi/", data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    bad = client.post("/tiep-cong-dan/don/moi/", {**data, "form_token": "x2", "received_on": "2099-01-01"})
    assert bad.status_code == 200 and "Ngày không được sau ngày hôm nay" in bad.content.decode()


def test_monitoring_and_documents(letter, client_for):
    letter()
    ban = client_for("tinh.bdv")
    page = ban.get("/tiep-cong-dan/theo-doi/")
    assert page.status_code == 200 and page.context["totals"]["total"] >= 1
    assert ban.get("/tiep-cong-dan/theo-doi/excel/")["Content-Type"].startswith("application/vnd.openxml")
    report = ban.get("/tiep-cong-dan/theo-doi/bao-cao.docx")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    assert client_for("tiepdan.xa").get("/tiep-cong-dan/theo-doi/").status_code == 403
    overdue = [c.pk for c in page.context["overdue"]]
    if overdue:
        letter_response = ban.post("/tiep-cong-dan/theo-doi/don-doc/", {"cases": overdue})
        assert letter_response.status_code == 200 and letter_response.content[:2] == b"PK"


def test_sessions_and_missed_warning(client_for, org):
    client = client_for("tiepdan.xa")
    response = client.post(
        "/tiep-cong-dan/buoi-tiep/moi/",
        {
            "organisation": org("PT-UBND-04897").pk,
            "kind": "regular",
            "held_on": "2026-11-30",
            "place": "Trụ sở",
            "leader_name": "Chủ tịch xã",
        },
    )
    assert response.status_code == 302
    session_url = response["Location"]
    visit = client.post(
        session_url,
        {
            "people_count": 7,
            "content": "Đoàn 7 hộ kiến nghị về nước sạch.",
            "outcome": "letter",
            "letter_kind": "petition",
            "name": "Đại diện đoàn",
        },
    )
    assert visit.status_code == 302
    from dvk.citizens.models import Visit

    assert Visit.objects.filter(people_count=7, crowd=True, letter__isnull=False).exists()
    ban = client_for("tinh.bdv")
    home = ban.get("/tiep-cong-dan/buoi-tiep/").content.decode()
    assert "Bí thư Đảng ủy xã Thịnh Minh" in home  # the demo's missed duty


def test_monitoring_period_is_typed_and_shown_as_dd_mm_yyyy(client_for):
    import datetime as dt

    ban = client_for("tinh.bdv")
    page = ban.get("/tiep-cong-dan/theo-doi/", {"since": "01/02/2026", "until": "31/03/2026"})
    assert (page.context["since"], page.context["until"]) == (dt.date(2026, 2, 1), dt.date(2026, 3, 31))
    html = page.content.decode()
    assert 'value="01/02/2026"' in html and 'type="date"' not in html and "data-datepicker" in html
    old_link = ban.get("/tiep-cong-dan/theo-doi/", {"since": "2026-02-01", "until": "nonsense"})
    assert old_link.status_code == 200 and old_link.context["since"] == dt.date(2026, 2, 1)


def test_worklist_count_is_capped(letter, client_for, monkeypatch):
    """The worklist counts at most `count_cap` rows and says "> cap" beyond (the list kit's summary)."""
    import dataclasses

    from dvk.citizens import lists

    assert lists.CASES.count_cap == 1_000
    monkeypatch.setattr(lists, "CASES", dataclasses.replace(lists.CASES, count_cap=2))
    client = client_for("tiepdan.xa")
    for i in range(3):
        letter(summary=f"Kiến nghị thứ {i} về sửa chữa cầu dân sinh qua suối của thôn.", kind=Kind.PETITION)
    page = client.get("/tiep-cong-dan/?open=0")
    assert page.context["count"] == 2 and page.context["count_exact"] is False
    assert "/ &gt; 2" in page.content.decode() and len(page.context["page"]) > 2
