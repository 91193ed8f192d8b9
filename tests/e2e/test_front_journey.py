"""Browser journey: the drafting body answers every comment of the Front's critique on the
critique page (htmx, in place), is told when an explanation is missing, completes the answers
(refused until every comment has one) and publishes the comment-by-comment table."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.browser


def _sent_critique():
    from django.utils import timezone

    from dvk.accounts.models import User
    from dvk.front import services
    from dvk.front.demo import DRAFT_V1
    from dvk.organisations.models import Organisation

    mttq, drafter = User.objects.get(username="mttq.tinh"), User.objects.get(username="duthao.so")
    org = Organisation.objects.get
    critique = services.request_critique(
        by=drafter,
        drafting_body=org(code="PT-SNNMT"),
        front=org(code="PT-MTTQ"),
        title="Dự thảo trình duyệt",
        text=DRAFT_V1,
    )
    services.decide_critique(
        by=mttq,
        critique=critique,
        form="written",
        lead=mttq,
        window_closes=timezone.localdate() + dt.timedelta(days=5),
    )
    units = {u.key: u.pk for u in critique.versions.get().units.all()}
    services.add_comment(
        by=mttq,
        critique=critique,
        text="Nâng mức hỗ trợ hộ nghèo.",
        unit_id=units["d3/k1"],
        source="expert",
        author_name="TS. A",
    )
    services.add_comment(
        by=mttq,
        critique=critique,
        text="Bỏ điều kiện quy mô 10 ha.",
        unit_id=units["d4/k2/pb"],
        source="conference",
        author_name="Đại biểu B",
    )
    services.send_critique(by=mttq, critique=critique, text="Văn bản phản biện.")
    return critique


def test_the_drafting_body_answers_every_comment_and_publishes(login, page):
    from dvk.front.models import Comment

    asked: list[str] = []  # irreversible steps ask first (static/js/confirm.js): the officer says yes
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))

    critique = _sent_critique()
    first, second = Comment.objects.filter(critique=critique).order_by("order", "id")
    login("duthao.so")
    page.goto(f"/mat-tran/phan-bien/{critique.pk}/")
    assert "2 ý kiến chưa được trả lời" in page.locator("#to-answer").inner_text()

    # Completing now is refused, with the reason.
    page.click("#critique-actions button:has-text('Hoàn thành tiếp thu, giải trình')")
    assert "chưa được trả lời" in page.locator(".messages").inner_text()

    # First comment: accepted, saved in place.
    block = page.locator(f"#comment-{first.pk}")
    block.locator("select[name=answer]").select_option("accepted")
    block.locator("input[name=explanation]").fill("Đã bổ sung tại khoản 1 Điều 3.")
    block.locator("button:has-text('Lưu trả lời')").click()
    page.locator(f"#comment-{first.pk} .answer").wait_for()
    assert "Tiếp thu" in page.locator(f"#comment-{first.pk} .answer").inner_text()

    # Second comment: "not accepted" without an explanation is refused in place, then explained.
    block = page.locator(f"#comment-{second.pk}")
    block.locator("select[name=answer]").select_option("not_accepted")
    block.locator("button:has-text('Lưu trả lời')").click()
    page.locator(f"#comment-{second.pk} .answer-error").wait_for()
    assert "Giải trình" in page.locator(f"#comment-{second.pk} .answer-error").inner_text()
    block = page.locator(f"#comment-{second.pk}")
    block.locator("select[name=answer]").select_option("not_accepted")
    block.locator("input[name=explanation]").fill("Giữ quy mô để bảo đảm hiệu quả đầu tư.")
    block.locator("button:has-text('Lưu trả lời')").click()
    page.locator(f"#comment-{second.pk} .answer").wait_for()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.answer, second.answer) == ("accepted", "not_accepted")

    # Complete, then publish; the public table shows both answers.
    page.reload()
    page.click("#critique-actions button:has-text('Hoàn thành tiếp thu, giải trình')")
    page.wait_for_load_state()
    page.click("#critique-actions button:has-text('Công khai bảng tiếp thu, giải trình')")
    page.wait_for_load_state()
    critique.refresh_from_db()
    assert critique.stage == "published"
    page.goto(f"/phan-bien-xa-hoi/{critique.pk}/bang-tiep-thu/")
    table = page.locator("#response-table").inner_text()
    assert "Giữ quy mô để bảo đảm hiệu quả đầu tư." in table and "Không tiếp thu" in table
