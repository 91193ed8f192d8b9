"""Browser journeys of citizen reception: a citizen sends a reflection from the public page (a
double click makes one letter) and looks it up with the code and phone; a reception officer
registers a complaint and takes it from receipt to closure, the deadline and history following
each step, and publishes the answer the citizen then reads."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = "0935777888"


def test_citizen_sends_a_reflection_and_looks_it_up(page):
    from dvk.citizens.models import Letter

    before = Letter.objects.count()
    page.goto("/gui-kien-nghi-phan-anh/")
    page.select_option("#id_organisation", label="Ủy ban nhân dân xã Thịnh Minh")
    page.select_option("#id_kind", "reflection")
    page.fill("#id_name", "Quách Thị Trình Duyệt")
    page.fill("#id_phone", PHONE)
    page.fill("#id_summary", "Cống thoát nước đầu xóm Thịnh Lang bị vỡ, nước tràn ra đường khi mưa.")
    page.dblclick("#public-letter button[type=submit]")
    page.locator("#lookup-code").wait_for()
    code = page.locator("#lookup-code").inner_text().strip()
    assert "đã được gửi" in page.locator("#sent").inner_text()
    assert Letter.objects.count() == before + 1  # the double click made one letter

    page.goto("/tra-cuu-don/")
    page.fill("#id_code", code)
    page.fill("#id_phone", PHONE)
    page.click("#lookup-form button")
    result = page.locator("#lookup-result").inner_text()
    assert "Đang xử lý đơn" in result and "Ủy ban nhân dân xã Thịnh Minh" in result


def _act(page, action: str, note: str = "") -> None:
    form = page.locator(f"#case-actions form[action$='/hanh-dong/{action}/']")
    if note:
        form.locator("input[name=note]").fill(note)
    form.locator("button").click()
    page.wait_for_load_state()
    assert "Đã thực hiện" in page.locator("body").inner_text() or page.locator(".alert-success").count()


def test_officer_takes_a_complaint_from_receipt_to_closure(login, page):
    from dvk.citizens.models import Case

    asked: list[str] = []  # irreversible steps ask first (static/js/confirm.js): the officer says yes
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))

    login("tiepdan.xa")
    page.goto("/tiep-cong-dan/don/moi/")
    page.select_option("#id_organisation", label="Ủy ban nhân dân xã Thịnh Minh")
    page.select_option("#id_channel", "in_person")
    page.select_option("#id_kind", "complaint")
    page.fill("#id_summary", "Ông Lò Văn Hành khiếu nại quyết định xử phạt về trật tự xây dựng của UBND xã.")
    page.fill("#id_name", "Lò Văn Hành")
    page.fill("#id_phone", "0916222333")
    page.click("#citizens-form button[type=submit]")
    page.wait_for_load_state()
    assert "Đã vào sổ đơn số" in page.locator("body").inner_text()
    page.click("#letter-cases a")
    page.locator("#case-stage").wait_for()
    assert "Đang xử lý đơn" in page.locator("#case-stage").inner_text()
    assert "KN.THU_LY_L1" in page.locator("#deadlines").inner_text()
    case_url = page.url

    _act(page, "accept")
    assert "Đã thụ lý" in page.locator("#case-stage").inner_text()
    assert "KN.GIAI_QUYET_L1" in page.locator("#deadlines").inner_text()
    _act(page, "verify")
    _act(page, "dialogue", "Đối thoại với ông Hành tại trụ sở UBND xã.")
    # The decision needs its content: an empty note is refused by the browser (required field).
    _act(page, "decide", "Quyết định giải quyết khiếu nại lần đầu: giữ nguyên quyết định xử phạt.")
    assert "Đã ban hành quyết định" in page.locator("#case-stage").inner_text()
    _act(page, "close")
    from django.utils import translation

    from dvk.citizens.workflow import COMPLAINT_WORKFLOW, Stage

    with translation.override("vi"):
        closed = str(Stage.CLOSED.label)
        labels = {t.action: str(t.label) for t in COMPLAINT_WORKFLOW.transitions}
    assert closed in page.locator("#case-stage").inner_text()
    history = page.locator("#history").inner_text()
    for action in ("accept", "verify", "dialogue", "decide", "close"):
        assert labels[action] in history, action

    page.fill(
        "#publish-form textarea[name=text]", "UBND xã đã giải quyết khiếu nại, giữ nguyên quyết định xử phạt."
    )
    page.click("#publish-form button")
    page.wait_for_load_state()
    case = Case.objects.get(pk=int(case_url.rstrip("/").rsplit("/", 1)[-1]))
    assert case.stage == "closed" and case.published_answer

    page.goto("/tra-cuu-don/")
    page.fill("#id_code", case.letter.lookup_code)
    page.fill("#id_phone", "0916222333")
    page.click("#lookup-form button")
    assert "giữ nguyên quyết định xử phạt" in page.locator("#lookup-answer").inner_text()
