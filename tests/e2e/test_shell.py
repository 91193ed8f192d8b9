from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_officer_logs_in_and_reaches_the_dashboard(page, login):
    page.goto("/")
    assert "/tai-khoan/dang-nhap/" in page.url  # not logged in yet
    assert page.locator("h1").first.inner_text() == "Dân vận khéo"
    login("xa.a")
    assert page.locator("h1").first.inner_text() == "Tổng quan"
    assert page.get_by_text("Cơ quan, đơn vị trong phạm vi").is_visible()
    page.click("text=Đinh Công Thắng")
    page.click("text=Đăng xuất")
    page.wait_for_url("**/tai-khoan/dang-nhap/**")


def test_wrong_password_shows_a_vietnamese_message(page):
    page.goto("/tai-khoan/dang-nhap/")
    page.fill("#id_username", "xa.a")
    page.fill("#id_password", "sai-mat-khau")
    page.click("button[type=submit]")
    assert page.get_by_text("Sai tên đăng nhập hoặc mật khẩu").is_visible()
