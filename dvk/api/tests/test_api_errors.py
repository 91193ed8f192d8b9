"""The API's answers to bad input: JSON always, Vietnamese messages, never a 5xx (issue 8 items 5–12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from dvk.accounts.factories import DEMO_PASSWORD
from dvk.accounts.models import ApiToken
from dvk.audit.models import AuditEvent
from dvk.core.models import IdempotencyRecord

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_offsets_past_the_end_give_the_real_count(api_for):
    client = api_for("tinh.bdv")
    total = client.get("/api/v1/plans?limit=1").json()["count"]
    body = client.get("/api/v1/plans?offset=5000000").json()
    assert body["items"] == [] and body["count"] == total  # not the offset
    too_far = client.get("/api/v1/plans?offset=9223372036854775807")
    assert too_far.status_code == 422 and too_far.json()["errors"][0]["field"] == "offset"


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_json_numbers_are_400_in_vietnamese(api_for, number):
    body = '{"scores": [{"criterion_id": 1, "score": NUMBER}], "comment": ""}'.replace("NUMBER", number)
    response = api_for("hoidong.1").post("/api/v1/exemplars/1/scores", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Số phải hữu hạn: không chấp nhận NaN, Infinity hay 1e400."


@override_settings(API_MAX_BODY_BYTES=1024)
def test_an_oversize_body_is_413_json(api_for):
    body = json.dumps({"title": "x" * 5000})
    response = api_for("xa.a").post("/api/v1/plans", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "Nội dung yêu cầu quá lớn."}


def test_a_body_over_djangos_limit_is_413_json_too(api_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    settings.API_MAX_BODY_BYTES = 10_000
    response = api_for("xa.a").post(
        "/api/v1/plans", json.dumps({"t": "x" * 500}), content_type="application/json"
    )
    assert response.status_code == 413 and "detail" in response.json()


def test_an_unexpected_error_is_json_500_under_debug_off(api_for, monkeypatch):
    from dvk.plans import selectors

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "plan_list", broken)
    client = api_for("tinh.bdv")
    client.raise_request_exception = False
    response = client.get("/api/v1/plans")
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    assert "boom" not in response.json()["detail"]  # no internals leak


def test_text_limits_and_control_characters_match_the_model(api_for, persona):
    """The API applies the model's max_length and strips control characters like the forms."""
    from dvk.exemplars.models import Exemplar

    client = api_for("xa.a")
    exemplar = Exemplar.objects.visible_to(persona("xa.a")).filter(stage="draft").first()
    assert exemplar is not None
    too_long = client.patch(
        f"/api/v1/exemplars/{exemplar.pk}", {"title": "x" * 301}, content_type="application/json"
    )
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "title"
    response = client.patch(
        f"/api/v1/exemplars/{exemplar.pk}", {"title": "Mô hình\x00 mới\x0b"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    exemplar.refresh_from_db()
    assert exemplar.title == "Mô hình mới"


# --- idempotency -------------------------------------------------------------------------------------


def _plan_body(title: str) -> dict:
    from dvk.organisations.models import Organisation

    issuer = Organisation.objects.get(code="PT-DU-04897")
    return {"issuer_id": issuer.pk, "title": title, "number": "", "issued_on": "2026-03-01"}


def test_an_idempotency_key_replays_the_same_body_and_refuses_another(api_for):
    client = api_for("tinh.bdv")
    headers = {"HTTP_IDEMPOTENCY_KEY": "key-42"}
    first = client.post("/api/v1/plans", _plan_body("Kế hoạch A"), content_type="application/json", **headers)
    assert first.status_code == 201, first.content
    again = client.post("/api/v1/plans", _plan_body("Kế hoạch A"), content_type="application/json", **headers)
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    other = client.post("/api/v1/plans", _plan_body("Kế hoạch B"), content_type="application/json", **headers)
    assert other.status_code == 422
    assert other.json()["detail"] == (
        "Khóa Idempotency-Key này đã được dùng với một nội dung yêu cầu khác. Hãy dùng khóa mới cho yêu cầu mới."
    )
    assert IdempotencyRecord.objects.filter(key="key-42").count() == 1


# --- authentication ----------------------------------------------------------------------------------


@override_settings(AXES_FAILURE_LIMIT=2)
def test_a_locked_out_token_request_is_json_429():
    client = Client()
    for _ in range(3):
        response = client.post(
            "/api/v1/auth/token", {"username": "xa.b", "password": "wrong"}, content_type="application/json"
        )
    assert response.status_code == 429 and response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "Đăng nhập sai quá nhiều lần. Hãy chờ 15 phút rồi thử lại."
    right = client.post(
        "/api/v1/auth/token", {"username": "xa.b", "password": DEMO_PASSWORD}, content_type="application/json"
    )
    assert right.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=1)
def test_the_html_login_lockout_is_still_the_page():
    client = Client()
    for _ in range(2):
        response = client.post("/tai-khoan/dang-nhap/", {"username": "xa.b", "password": "wrong"})
    assert response.status_code == 429 and "text/html" in response["Content-Type"]


def test_the_csrf_error_of_the_api_is_vietnamese(persona):
    client = Client(enforce_csrf_checks=True)
    client.force_login(persona("xa.a"))
    response = client.post("/api/v1/auth/logout")
    assert response.status_code == 403
    assert response.json()["detail"] == "Kiểm tra bảo mật (CSRF) không đạt: hãy tải lại trang rồi thử lại."


def test_logout_revokes_through_the_audited_service(api_for):
    client = api_for("xa.a")
    assert client.post("/api/v1/auth/logout").status_code == 204
    token = ApiToken.objects.filter(user__username="xa.a").latest("created_at")
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="accounts.token.revoke", target_id=str(token.pk)).count() == 1


# --- production settings -----------------------------------------------------------------------------


def _settings_in_subprocess(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "DJANGO", "DVK_", "SECRET", "DEBUG"))
    }
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    return subprocess.run(  # noqa: S603 (our own interpreter and a fixed snippet)
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    result = _settings_in_subprocess(DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr
    public = _settings_in_subprocess(
        DEBUG="false", SECRET_KEY="dev-only-insecure-key-change-me-in-production-0123456789"
    )
    assert public.returncode != 0 and "SECRET_KEY" in public.stderr


def test_production_cookies_are_secure_with_hsts_unless_plain_http_is_chosen():
    key = "k" * 50
    assert _settings_in_subprocess(DEBUG="false", SECRET_KEY=key).stdout.split() == [
        "True",
        "True",
        "31536000",
    ]
    plain = _settings_in_subprocess(DEBUG="false", SECRET_KEY=key, ALLOW_PLAIN_HTTP="true")
    assert plain.stdout.split() == ["False", "False", "0"]
    assert _settings_in_subprocess(DEBUG="true").stdout.split() == ["False", "False", "0"]
