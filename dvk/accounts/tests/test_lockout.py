"""Log-in throttling and lockout (django-axes) across the three doors that take a password: the log-in
form, the API token endpoint and the re-authentication page. Failures add up per username and address
whichever door they come through; a correct password is refused while locked; the cool-off ends it."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.test import Client, override_settings

from dvk.accounts.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/tai-khoan/dang-nhap/"
TOKEN = "/api/v1/auth/token"


def token(client: Client, username: str, password: str):
    return client.post(TOKEN, {"username": username, "password": password}, content_type="application/json")


@override_settings(AXES_FAILURE_LIMIT=4)
def test_failures_on_the_form_and_the_token_endpoint_add_up():
    client = Client()
    for _ in range(2):
        assert client.post(LOGIN, {"username": "so.a", "password": "sai-mat-khau"}).status_code == 200
    assert token(client, "so.a", "sai-mat-khau").status_code == 401
    last = token(client, "so.a", "sai-mat-khau")  # the fourth failure locks
    assert last.status_code == 429 and last.json()["detail"].startswith("Đăng nhập sai quá nhiều lần")
    # locked on both doors, even with the right password
    assert token(client, "so.a", DEMO_PASSWORD).status_code == 429
    page = client.post(LOGIN, {"username": "so.a", "password": DEMO_PASSWORD})
    assert page.status_code == 429 and "Tài khoản tạm thời bị khóa" in page.content.decode()
    # another account from the same address is not locked (username + address)
    assert token(client, "xa.a", DEMO_PASSWORD).status_code == 200
    # after the cool-off (15 minutes) the right password works again
    with time_machine.travel(time.time() + 16 * 60):
        assert token(Client(), "so.a", DEMO_PASSWORD).status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_wrong_passwords_on_the_reauthentication_page_lock_too(client_for):
    client = client_for("tinh.bdv")
    for _ in range(2):
        wrong = client.post("/tai-khoan/xac-nhan-mat-khau/", {"password": "khong-dung-dau"})
        assert wrong.status_code == 200 and "Mật khẩu không đúng." in wrong.content.decode()
    assert client.post("/tai-khoan/xac-nhan-mat-khau/", {"password": "khong-dung-dau"}).status_code == 429
    assert token(Client(), "tinh.bdv", DEMO_PASSWORD).status_code == 429


def test_the_token_endpoint_is_throttled_per_address():
    client = Client()
    answers = [token(client, f"khong-ton-tai-{i}", "x").status_code for i in range(21)]
    assert answers[:20] == [401] * 20 and answers[20] == 429  # 20 a minute (AnonRateThrottle)
