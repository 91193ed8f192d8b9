"""`manage.py check --deploy` under production settings, and what those settings do over TLS.

The settings are computed once at import from the environment, so the production values are read in a
subprocess started with a production environment (DEBUG=false, a real SECRET_KEY, ALLOWED_HOSTS, vault
keys) — never the test process's own settings. The accepted warnings are listed in docs/security.md
("Deployment checks") with their reason; switching the matching options on leaves no warning at all.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import Client, override_settings

BASE = Path(settings.BASE_DIR)

# Accepted by default, each for a reason written in docs/security.md:
#   W005 HSTS includeSubDomains: other services of the same government domain may still be plain HTTP;
#   W008 SSL redirect: nginx redirects port 80 to HTTPS (docs/deployment.md), Django need not;
#   W021 HSTS preload: needs includeSubDomains and a submission to the browsers' list, a choice of the domain owner.
ACCEPTED = {"security.W005", "security.W008", "security.W021"}


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "dvk.example.gov.vn",
        "CSRF_TRUSTED_ORIGINS": "https://dvk.example.gov.vn",
        "BEHIND_PROXY": "true",
        "DVK_VAULT_KEYS": Fernet.generate_key().decode(),
        "DVK_VAULT_INDEX_KEY": secrets.token_urlsafe(48),
        "DVK_VAR_DIR": str(tmp_path / "var"),
    }
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, str(BASE / "manage.py"), *args],
        env=env,
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def warnings_of(output: str) -> set[str]:
    return {line.split("(", 1)[1].split(")", 1)[0] for line in output.splitlines() if line.startswith("?: (")}


def test_check_deploy_leaves_only_the_documented_warnings(tmp_path):
    result = run(["check", "--deploy", "--fail-level", "ERROR"], production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert warnings_of(output) == ACCEPTED, output
    documented = (BASE / "docs" / "security.md").read_text(encoding="utf-8")
    assert all(code in documented for code in ACCEPTED)


def test_check_deploy_is_clean_with_the_optional_switches_on(tmp_path):
    env = production_env(tmp_path, HSTS_INCLUDE_SUBDOMAINS="true", HSTS_PRELOAD="true", SSL_REDIRECT="true")
    result = run(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


PRINT_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ("
    "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'LANGUAGE_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
    "'SECURE_HSTS_SECONDS', 'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'SECURE_PROXY_SSL_HEADER', "
    "'SESSION_COOKIE_AGE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE', 'DVK_REQUIRE_TOTP')}))"
)


def production_settings(tmp_path: Path, **extra: str) -> dict:
    result = run(["shell", "-c", PRINT_SETTINGS], production_env(tmp_path, **extra))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_are_strict(tmp_path):
    prod = production_settings(tmp_path)
    assert prod["DEBUG"] is False
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"] and prod["LANGUAGE_COOKIE_SECURE"]
    assert prod["SESSION_COOKIE_HTTPONLY"]
    assert prod["SECURE_HSTS_SECONDS"] == 31_536_000
    assert prod["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert prod["SESSION_COOKIE_AGE"] == 8 * 3600 and prod["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert prod["DVK_REQUIRE_TOTP"] is True  # second factor on by default in production


def test_plain_http_intranet_opts_out_explicitly(tmp_path):
    prod = production_settings(tmp_path, ALLOW_PLAIN_HTTP="true")
    assert prod["SESSION_COOKIE_SECURE"] is False and prod["SECURE_HSTS_SECONDS"] == 0


def test_a_missing_secret_key_stops_the_start(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "ImproperlyConfigured" in result.stderr


@pytest.mark.django_db
@override_settings(
    SECURE_HSTS_SECONDS=31_536_000,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_behind_the_tls_proxy_hsts_is_sent_and_cookies_are_secure():
    from dvk.accounts.factories import DEMO_PASSWORD

    client = Client(enforce_csrf_checks=False)
    page = client.get("/tai-khoan/dang-nhap/", headers={"x-forwarded-proto": "https"})
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.cookies["csrftoken"]["secure"]
    login = client.post(
        "/tai-khoan/dang-nhap/",
        {"username": "xa.a", "password": DEMO_PASSWORD},
        headers={"x-forwarded-proto": "https"},
    )
    assert login.status_code == 302
    assert login.cookies["sessionid"]["secure"] and login.cookies["sessionid"]["httponly"]
    # plain HTTP (no TLS at the proxy): no HSTS, which browsers would ignore anyway
    assert "Strict-Transport-Security" not in Client().get("/tai-khoan/dang-nhap/").headers
