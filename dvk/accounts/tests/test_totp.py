"""TOTP second factor (DVK_REQUIRE_TOTP switched on): a leader enrols an authenticator after the
password (QR code and manual key), passes a code at each later log-in, and is held at the step until
then; a wrong code is refused in Vietnamese; officers without such a role are not asked; the API token
endpoint and the session API obey the same rule."""

from __future__ import annotations

import re
import time

import pytest
import time_machine
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dvk.accounts.factories import DEMO_PASSWORD
from dvk.accounts.tests.test_csp import inline_problems
from dvk.audit.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("totp_on")]

LOGIN = "/tai-khoan/dang-nhap/"
ENROL = "/tai-khoan/xac-thuc-hai-lop/dang-ky/"
VERIFY = "/tai-khoan/xac-thuc-hai-lop/"
WRONG = "Mã xác thực không đúng hoặc đã hết hạn"


@pytest.fixture
def totp_on():
    # no throttling delay between a wrong and a right code inside one test
    with override_settings(DVK_REQUIRE_TOTP=True, OTP_TOTP_THROTTLE_FACTOR=0):
        yield


def code_of(device: TOTPDevice, offset: int = 0) -> str:
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift) if not offset else None
    if offset:
        value = totp(device.bin_key, device.step, device.t0 - offset, device.digits, device.drift)
    return f"{value:06d}"


def log_in(client: Client, username: str) -> None:
    response = client.post(LOGIN, {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content


def test_a_leader_enrols_then_verifies_at_each_login():
    client = Client()
    log_in(client, "lanhdao.bdv")
    held = client.get("/mo-hinh/")
    assert held.status_code == 302 and held["Location"] == f"{ENROL}?next=%2Fmo-hinh%2F"
    assert client.get("/api/v1/me").status_code == 403  # the session API is held too

    page = client.get(held["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html  # the QR code, drawn inline (no image request)
    assert inline_problems(html) == []  # segno's SVG carries no style attribute (CSP style-src 'self')
    key = re.search(r'<code class="fs-6" id="totp-key">([A-Z2-7 ]+)</code>', html).group(1)
    device = TOTPDevice.objects.get(user__username="lanhdao.bdv", confirmed=False)
    import base64

    assert base64.b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8)) == device.bin_key

    wrong = client.post(
        ENROL, {"code": "000000" if code_of(device) != "000000" else "111111", "next": "/mo-hinh/"}
    )
    assert wrong.status_code == 200 and WRONG in wrong.content.decode()
    letters = client.post(ENROL, {"code": "12ab56", "next": "/mo-hinh/"})
    assert "Nhập 6 chữ số ứng dụng xác thực đang hiển thị." in letters.content.decode()
    done = client.post(ENROL, {"code": code_of(device), "next": "/mo-hinh/"})
    assert done.status_code == 302 and done["Location"] == "/mo-hinh/"
    assert client.get("/mo-hinh/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.totp.enrol", actor__username="lanhdao.bdv").count() == 1

    # a later log-in: the code step, not the enrolment
    again = Client()
    log_in(again, "lanhdao.bdv")
    held = again.get("/")
    assert held.status_code == 302 and held["Location"].startswith(VERIFY)
    assert again.get(ENROL).status_code == 302  # a password alone cannot replace the authenticator
    with time_machine.travel(time.time() + 31, tick=False):  # the next 30-second step: a fresh code
        device.refresh_from_db()
        refused = again.post(VERIFY, {"code": code_of(device, offset=1000), "next": "/"})
        assert refused.status_code == 200 and WRONG in refused.content.decode()
        passed = again.post(VERIFY, {"code": code_of(device), "next": "/"})
        assert passed.status_code == 302 and passed["Location"] == "/"
        assert again.get("/").status_code == 200


def test_the_same_code_is_not_accepted_twice():
    client = Client()
    log_in(client, "lanhdao.bdv")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user__username="lanhdao.bdv")
    code = code_of(device)
    assert client.post(ENROL, {"code": code}).status_code == 302
    other = Client()
    log_in(other, "lanhdao.bdv")
    replay = other.post(VERIFY, {"code": code})
    assert replay.status_code == 200 and WRONG in replay.content.decode()


def test_officers_are_not_asked_and_administrators_are():
    officer = Client()
    log_in(officer, "xa.a")
    assert officer.get("/").status_code == 200
    admin = Client()
    log_in(admin, "admin")
    held = admin.get("/quan-tri/")
    assert held.status_code == 302 and held["Location"].startswith(ENROL)


def test_off_by_default_in_tests_and_debug(settings):
    settings.DVK_REQUIRE_TOTP = False
    client = Client()
    log_in(client, "lanhdao.bdv")
    assert client.get("/").status_code == 200


def test_the_token_endpoint_asks_for_the_code():
    def token(**extra):
        return Client().post(
            "/api/v1/auth/token",
            {"username": "lanhdao.bdv", "password": DEMO_PASSWORD, **extra},
            content_type="application/json",
        )

    not_enrolled = token()
    assert not_enrolled.status_code == 403
    assert "hãy thiết lập ứng dụng xác thực trên trang web trước" in not_enrolled.json()["detail"]
    from dvk.accounts.models import User

    device = TOTPDevice.objects.create(
        user=User.objects.get(username="lanhdao.bdv"), name="app", confirmed=True
    )
    without = token()
    assert without.status_code == 403 and '"otp"' in without.json()["detail"]
    assert token(otp="000000" if code_of(device) != "000000" else "111111").status_code == 403
    granted = token(otp=code_of(device))
    assert granted.status_code == 200 and granted.json()["token"]
    # an officer who does not need the second factor still gets a token with the password only
    officer = Client().post(
        "/api/v1/auth/token", {"username": "xa.a", "password": DEMO_PASSWORD}, content_type="application/json"
    )
    assert officer.status_code == 200


def test_a_token_issued_before_the_second_factor_was_owed_is_refused():
    """A token issued while TOTP was off (or before the account got a role that needs it) stops working
    once the account needs the second factor; a token issued with the code keeps working."""
    from dvk.accounts.models import User

    def token(**extra):
        response = Client().post(
            "/api/v1/auth/token",
            {"username": "lanhdao.bdv", "password": DEMO_PASSWORD, **extra},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return response.json()["token"]

    def me(raw):
        return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")

    with override_settings(DVK_REQUIRE_TOTP=False):
        old = token()
        assert me(old).status_code == 200
    refused = me(old)
    assert refused.status_code == 403
    assert "được cấp khi chưa có lớp xác thực thứ hai" in refused.json()["detail"]
    device = TOTPDevice.objects.create(
        user=User.objects.get(username="lanhdao.bdv"), name="app", confirmed=True
    )
    fresh = token(otp=code_of(device))
    assert me(fresh).status_code == 200
    assert me(old).status_code == 403  # the new token does not bless the old one
    # an officer who does not need the second factor keeps a token issued without it
    officer = (
        Client()
        .post(
            "/api/v1/auth/token",
            {"username": "xa.a", "password": DEMO_PASSWORD},
            content_type="application/json",
        )
        .json()["token"]
    )
    assert me(officer).status_code == 200


def test_reading_an_identity_asks_a_handler_for_the_code(client_for, persona):
    """An assigned handler (an officer, not held at log-in) must pass the code before reading."""
    from dvk.citizens.tests.conftest import PLANTED
    from dvk.citizens.workflow import Kind

    client = Client()
    log_in(client, "thanhtra.tinh")
    assert client.get("/").status_code == 200  # an officer: no second factor at log-in
    from dvk.citizens import services
    from dvk.citizens.models import Case, Channel
    from dvk.organisations.models import Organisation

    letter = services.register_letter(
        by=persona("thanhtra.tinh"),
        organisation=Organisation.objects.get(code="PT-TTT"),
        received_on=__import__("django.utils.timezone", fromlist=["x"]).localdate(),
        channel=Channel.IN_PERSON,
        kind=Kind.DENUNCIATION,
        summary="Tố cáo cán bộ xã.",
        name=PLANTED,
        phone="0968123457",
    )
    Case.objects.filter(letter=letter).update(handler=persona("thanhtra.tinh"))
    page = f"/tiep-cong-dan/don/{letter.pk}/"
    held = client.post(page, {"reason": "Xác minh"})
    assert held.status_code == 302 and held["Location"].startswith(VERIFY)
    assert client.get(held["Location"]).status_code == 302  # no authenticator yet: enrol first
    client.get(ENROL)
    device = TOTPDevice.objects.get(user__username="thanhtra.tinh")
    assert client.post(ENROL, {"code": code_of(device), "next": page}).status_code == 302
    read = client.post(page, {"reason": "Xác minh"})
    assert read.status_code == 200 and PLANTED in read.content.decode()


def test_reauthentication_asks_for_the_code_too_when_the_user_has_one():
    from dvk.accounts.reauth import SESSION_KEY

    client = Client()
    log_in(client, "lanhdao.bdv")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user__username="lanhdao.bdv")
    assert client.post(ENROL, {"code": code_of(device)}).status_code == 302
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 3600
    session.save()
    page = client.get("/tai-khoan/xac-nhan-mat-khau/?next=/mo-hinh/")
    assert 'name="code"' in page.content.decode()
    with time_machine.travel(time.time() + 31, tick=False):
        device.refresh_from_db()
        no_code = client.post(
            "/tai-khoan/xac-nhan-mat-khau/", {"password": DEMO_PASSWORD, "next": "/mo-hinh/"}
        )
        assert no_code.status_code == 200  # the password alone is not enough
        assert client.session[SESSION_KEY] < time.time() - 3000
        both = client.post(
            "/tai-khoan/xac-nhan-mat-khau/",
            {"password": DEMO_PASSWORD, "code": code_of(device), "next": "/mo-hinh/"},
        )
        assert both.status_code == 302 and both["Location"] == "/mo-hinh/"


def test_fragments_loaded_by_the_page_get_nothing_while_the_code_is_owed():
    """The bell (htmx, on every page, the step's pages too) must not redirect: that would reload the
    enrolment page in a loop."""
    client = Client()
    log_in(client, "lanhdao.bdv")
    bell = client.get("/thong-bao/chuong/", headers={"hx-request": "true"})
    assert bell.status_code == 204 and "HX-Redirect" not in bell.headers
    assert client.get(ENROL).status_code == 200
