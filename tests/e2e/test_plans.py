"""Browser journey: a commune officer submits a report on an assignment in Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_officer_submits_a_report(page, login):
    from dvk.plans.models import Report

    login("xa.a")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # the menu is collapsed behind its button when the modules do not fit
        toggler.click()
    page.locator('#mainnav [title="Kế hoạch và theo dõi"]').click()  # the module's menu (short name shown)
    page.click("text=Nhiệm vụ của tôi")
    page.wait_for_url("**/ke-hoach/cua-toi/")
    page.click("#my-assignments >> text=Rà soát, đăng ký xây dựng mô hình")
    page.wait_for_selector("#report-form")
    page.fill("#id_summary", "Đảng ủy xã đã rà soát, 4/4 chi bộ đăng ký mô hình “Dân vận khéo”.")
    page.fill("#id_progress_percent", "75")
    page.fill("#id_ind_mo-hinh-dang-ky", "4")
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("text=Đã gửi báo cáo.")
    assert "Đã gửi báo cáo" in page.inner_text("#assignment-stage")
    assert "Đảng ủy xã đã rà soát" in page.inner_text("#reports")
    report = Report.objects.get(summary__startswith="Đảng ủy xã đã rà soát")
    assert report.stage == "submitted" and report.indicators == {"mo-hinh-dang-ky": 4}
