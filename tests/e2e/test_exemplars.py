"""Browser journey in Chromium: xa.a registers a model, the coordinator accepts it, the model is
nominated with its dossier, council members score it and the Ban leader recognises it."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _logout(page):
    page.context.clear_cookies()


def test_register_score_recognise(page, login, tmp_path):
    from dvk.exemplars.models import Exemplar

    started = dt.date.today() - dt.timedelta(days=500)  # noqa: DTZ011 - a date typed into the form
    login("xa.a")
    page.goto("/mo-hinh/dang-ky/")
    page.select_option("#id_organisation", label="Đảng ủy xã Thịnh Minh")
    page.fill("#id_title", "Vận động Nhân dân làm đường xóm Mít")
    page.select_option("#id_field", label="Kinh tế")
    page.select_option("#id_level", value="tinh")
    page.fill("#id_started_on", started.isoformat())
    page.fill("#id_situation", "Đường đất lầy lội.")
    page.fill("#id_goals", "2 km đường bê tông.")
    page.fill("#id_content_method", "Chi bộ lãnh đạo, Mặt trận vận động.")
    page.fill("#id_forces_rows-name-0", "Chi bộ xóm Mít")
    page.select_option("#id_forces_rows-role-0", value="lead")
    page.fill("#id_forces_rows-task-0", "lãnh đạo")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#stage")
    exemplar = Exemplar.objects.get(title="Vận động Nhân dân làm đường xóm Mít")
    page.click("button[data-action=register]")
    page.wait_for_selector("text=Đã đăng ký")

    _logout(page)
    login("tinh.bdv")
    page.goto(f"/mo-hinh/{exemplar.pk}/")
    page.click("button[data-action=accept_registration]")
    page.wait_for_selector("text=Đang triển khai")

    _logout(page)
    login("xa.a")
    page.goto(f"/mo-hinh/{exemplar.pk}/")
    upload = tmp_path / "ho-so.pdf"
    upload.write_bytes(PDF)
    for kind in ("dossier.proposal", "dossier.report", "dossier.minutes", "evidence"):
        page.select_option("#files select[name=kind]", value=kind)
        page.set_input_files("#files input[type=file]", str(upload))
        page.click("#files button")
        page.wait_for_selector("text=Đã đính kèm tệp.")
    page.click("button[data-action=nominate]")
    page.wait_for_selector("text=Đã đề nghị công nhận")

    _logout(page)
    login("tinh.bdv")
    page.goto(f"/mo-hinh/{exemplar.pk}/")
    page.click("button[data-action=open_review]")
    page.wait_for_selector("text=Hội đồng đang xét")

    for member, share in (("hoidong.1", 0.9), ("hoidong.2", 0.8)):
        _logout(page)
        login(member)
        page.goto("/mo-hinh/cham-diem/")
        page.click("text=Vận động Nhân dân làm đường xóm Mít")
        for field in page.query_selector_all("#score-form input[type=number]"):
            field.fill(str(round(float(field.get_attribute("max")) * share, 1)))
        page.click("#score-form button[type=submit]")
        page.wait_for_selector("text=Đã nộp phiếu chấm.")

    _logout(page)
    login("hoidong.3")
    response = page.goto(f"/mo-hinh/{exemplar.pk}/cham-diem/")
    assert response.status == 403

    _logout(page)
    login("lanhdao.bdv")
    page.goto(f"/mo-hinh/{exemplar.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())  # a numbered decision is confirmed once
    page.click("button[data-action=recognise]")
    page.wait_for_selector("text=Đã công nhận")
    code = page.inner_text("code.verification-code")

    _logout(page)
    page.goto(f"/xac-minh/{code}/")
    assert page.is_visible("#verified")
    assert "Vận động Nhân dân làm đường xóm Mít" in page.content()
