"""The second factor in the browser (DVK_REQUIRE_TOTP on): a leader logs in, is held at the enrolment
page (QR code and key), types a wrong code (Vietnamese message), then the authenticator's code, and
lands where she was going — with no CSP violation on the way (the `page` fixture)."""

from __future__ import annotations

import base64

import pytest

pytestmark = pytest.mark.browser


def test_a_leader_enrols_an_authenticator_after_the_password(page, settings):
    from django_otp.oath import totp

    from dvk.accounts.factories import DEMO_PASSWORD

    settings.DVK_REQUIRE_TOTP = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    page.goto("/mo-hinh/")
    page.fill("#id_username", "lanhdao.bdv")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/tai-khoan/xac-thuc-hai-lop/dang-ky/**")
    assert page.locator("#totp-qr svg").is_visible()
    key = page.locator("#totp-key").inner_text().replace(" ", "")
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    page.fill("#id_code", "000000" if f"{totp(secret):06d}" != "000000" else "111111")
    page.click("#totp-enrol-form button[type=submit]")
    assert page.get_by_text("Mã xác thực không đúng hoặc đã hết hạn").is_visible()
    page.fill("#id_code", f"{totp(secret):06d}")
    page.click("#totp-enrol-form button[type=submit]")
    page.wait_for_url("**/mo-hinh/")
    assert page.get_by_text("Đã thiết lập ứng dụng xác thực").is_visible()
