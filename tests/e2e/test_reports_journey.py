"""Browser journey: the Ban's coordinator drafts the 6-month report (pre-filled with the figures of
every domain), writes its narrative in the app, downloads the Word draft and the Excel annex,
issues it through the register and gets the numbered document."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_six_month_report_from_draft_to_issued_document(login, page):
    from django.utils import timezone
    from docx import Document as read_docx
    from openpyxl import load_workbook

    from dvk.organisations.models import Organisation
    from dvk.reports.models import PeriodicReport

    today = timezone.localdate()
    ban = Organisation.objects.get(code="PT-BTGDV")
    login("tinh.bdv")
    page.goto("/bao-cao-dinh-ky/")
    page.select_option("#id_organisation", str(ban.pk))
    page.select_option("#id_kind", "half")
    page.fill("#id_year", str(today.year))
    page.fill("#id_part", "1" if today.month <= 6 else "2")
    page.click("#create-report button[type=submit]")
    page.wait_for_url("**/bao-cao-dinh-ky/*/")
    report = PeriodicReport.objects.latest("id")
    assert report.kind == "half" and report.organisation_id == ban.pk
    # Pre-filled: the exemplars' funnel and the plans' progress, as stored in the draft.
    recognised = next(
        f["value"]
        for s in report.figures
        if s["key"] == "exemplars"
        for f in s["figures"]
        if f["key"] == "recognised"
    )
    cell = page.locator("[data-section=exemplars] [data-figure=recognised] td")
    assert cell.inner_text().strip() == str(recognised)
    assert page.locator("[data-section=plans]").count() == 1

    page.fill("#id_situation", "Các cấp ủy, chính quyền quan tâm lãnh đạo phong trào thi đua “Dân vận khéo”.")
    page.click("#narrative button")
    page.wait_for_selector(".alert-success")

    with page.expect_download() as draft:
        page.click("#download-docx")
    doc = read_docx(io.BytesIO(Path(draft.value.path()).read_bytes()))
    assert "Các cấp ủy, chính quyền quan tâm lãnh đạo phong trào thi đua “Dân vận khéo”." in [
        p.text for p in doc.paragraphs
    ]
    with page.expect_download() as annex:
        page.click("#download-xlsx")
    assert (
        load_workbook(io.BytesIO(Path(annex.value.path()).read_bytes()))["Tổng hợp"]["A1"].value
        == "PHỤ LỤC SỐ LIỆU"
    )

    page.on("dialog", lambda dialog: dialog.accept())  # "Issue this report?"
    page.fill("#id_signer_name", "Nguyễn Thị Lan")
    page.fill("#id_issued_on", today.strftime("%d/%m/%Y"))
    page.fill("#id_recipients", "Ban Thường vụ Tỉnh ủy (để b/c)")
    page.click("#issue-submit")
    page.wait_for_selector("#number", timeout=60_000)
    report.refresh_from_db()
    assert report.stage == "issued" and report.number.endswith("-BC/BTGDVTU")
    assert report.number in page.locator("#number").inner_text()
    with page.expect_download() as issued:
        page.click("#download-docx")
    header = read_docx(issued.value.path()).tables[0].rows[0].cells[0].paragraphs[-1].text
    assert header == f"Số {report.number}"
