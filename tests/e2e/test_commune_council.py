"""Browser journey in Chromium (issue 10, item 1): the Đảng ủy xã Thịnh Minh forms its commune
council in the app, a commune-level model of the commune goes to that council, two members score
it, and the Bí thư signs the recognition with the register's proposed number."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _logout(page):
    page.context.clear_cookies()


def _score(page, login, username, pk):
    _logout(page)
    login(username)
    page.goto(f"/mo-hinh/{pk}/cham-diem/")
    for box in page.locator("#score-form input[type=number]").all():
        box.fill(str(int(float(box.get_attribute("max") or "10") * 0.9)))
    page.click("#score-form button[type=submit]")
    page.wait_for_selector(".alert-success")


def test_commune_council_formed_and_reviews_a_commune_level_model(page, login):
    from dvk.accounts.models import User
    from dvk.exemplars.demo_councils import WAITING_TITLE
    from dvk.exemplars.models import Council, Cycle, Decision, Exemplar, Level
    from dvk.exemplars.workflow import Stage

    Council.objects.filter(
        organisation__code="PT-DU-04897", level=Level.COMMUNE, cycle=Cycle.current()
    ).delete()
    exemplar = Exemplar.objects.get(title=WAITING_TITLE)
    users = {u.username: u.pk for u in User.objects.filter(username__in=["hoidong.3", "xa.a", "mttq.xa"])}

    # xa.a, officer of the Đảng ủy xã, forms the council
    login("xa.a")
    page.goto("/mo-hinh/hoi-dong/")
    page.click("#council-create")
    page.fill("#id_name", "Hội đồng xét công nhận mô hình “Dân vận khéo” xã Thịnh Minh")
    page.fill("#id_decision_number", "131-QĐ/ĐU")
    page.fill("#id_decision_date", "10/02/2026")
    page.fill("#id_place", "Thịnh Minh")
    for row, (username, role) in enumerate(
        (("hoidong.3", "chair"), ("xa.a", "secretary"), ("mttq.xa", "member"))
    ):
        page.select_option(f"#id_members-user-{row}", value=str(users[username]))
        page.select_option(f"#id_members-role-{row}", value=role)
    page.click("#council-form button[type=submit]")
    page.wait_for_selector("text=Đã lưu hội đồng.")
    council = Council.objects.get(
        organisation__code="PT-DU-04897", level=Level.COMMUNE, cycle=Cycle.current()
    )
    assert council.members.count() == 3 and council.decision_number == "131-QĐ/ĐU"

    # the commune-level model goes to its commune council
    page.goto(f"/mo-hinh/{exemplar.pk}/")
    page.click("button[data-action=open_review]")
    page.wait_for_selector(".alert-success")
    exemplar.refresh_from_db()
    assert exemplar.stage == Stage.UNDER_REVIEW and exemplar.current_nomination.council_id == council.pk

    _score(page, login, "mttq.xa", exemplar.pk)
    _score(page, login, "hoidong.3", exemplar.pk)

    # the Bí thư recognises it: the proposed number, today's date, himself as signer
    page.goto(f"/mo-hinh/{exemplar.pk}/")
    proposed = page.input_value("#id_sequence")
    assert proposed
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#recognise-form button[type=submit]")
    page.wait_for_selector("#decisions")
    decision = Decision.objects.get(exemplar=exemplar)
    assert decision.issuing_body.code == "PT-DU-04897" and decision.document.sequence == int(proposed)
    assert decision.signed_by.username == "hoidong.3"
