"""Browser journey: a deputy enters the petitions of a voter meeting from paper minutes with the
keyboard only (Enter to the next row) and by pasting Word lines; the rows are saved once."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_bulk_entry_keyboard_and_paste(login, page):
    from dvk.voters.models import Meeting, Petition

    meeting = Meeting.objects.filter(session__number=29, front__code="PT-MTTQ-04897").order_by("id").first()
    before = Petition.objects.filter(meeting=meeting).count()
    login("daibieu.1")
    page.goto(f"/cu-tri/tiep-xuc/{meeting.pk}/")
    page.click("#bulk-entry-link")
    first = page.locator("[data-row-text]").first
    first.click()
    page.keyboard.type("Đề nghị lắp đèn chiếu sáng đường xóm Thịnh Lang")
    page.keyboard.press("Enter")  # moves to row 2, does not submit
    page.keyboard.type("Đề nghị nâng cấp sân thể thao xóm")
    page.keyboard.press("Enter")
    # Paste three lines from Word into row 3: markers removed, the "Ý kiến:" line is an opinion.
    page.evaluate(
        """() => {
        const input = document.activeElement;
        const data = new DataTransfer();
        data.setData('text/plain', '1. Đề nghị sửa cống thoát nước\\n- Ý kiến: đồng tình với chủ trương\\na) Đề nghị hỗ trợ giống ngô');
        input.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    }"""
    )
    texts = page.locator("[data-row-text]").evaluate_all("els => els.map(e => e.value)")
    assert texts[:5] == [
        "Đề nghị lắp đèn chiếu sáng đường xóm Thịnh Lang",
        "Đề nghị nâng cấp sân thể thao xóm",
        "Đề nghị sửa cống thoát nước",
        "đồng tình với chủ trương",
        "Đề nghị hỗ trợ giống ngô",
    ]
    assert page.locator("select[name=kind]").nth(3).input_value() == "opinion"
    page.click("#save-rows")
    page.wait_for_url(f"**/cu-tri/tiep-xuc/{meeting.pk}/")
    assert Petition.objects.filter(meeting=meeting).count() == before + 5
    assert page.locator("#meeting-petitions").inner_text().count("Đề nghị hỗ trợ giống ngô") == 1
