from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_ok():
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_the_database_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "error"


def test_404_page_is_vietnamese(client_for):
    response = client_for("xa.a").get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


def test_403_page_is_vietnamese(client_for):
    response = client_for("xa.a").get("/nhat-ky/")
    assert response.status_code == 403 and "Bạn không có quyền" in response.content.decode()


def test_dashboard_shows_real_counts(client_for):
    from dvk.accounts.models import User
    from dvk.organisations.scoping import visible_organisations

    html = client_for("xa.a").get("/").content.decode()
    count = visible_organisations(User.objects.get(username="xa.a")).current().count()
    assert "Cơ quan, đơn vị trong phạm vi" in html and f">{count}</a>" in html


def test_lockout_after_repeated_failures():
    client = Client()
    for _ in range(5):
        client.post("/tai-khoan/dang-nhap/", {"username": "so.a", "password": "sai-mat-khau"})
    response = client.post("/tai-khoan/dang-nhap/", {"username": "so.a", "password": "demo-dvk-2020"})
    assert response.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in response.content.decode()


def test_session_cookie_is_http_only(client):
    response = client.post("/tai-khoan/dang-nhap/", {"username": "xa.a", "password": "demo-dvk-2020"})
    assert response.cookies["sessionid"]["httponly"]


def test_scheduler_enqueues_each_slot_once(monkeypatch):
    from dvk.core.management.commands import run_scheduler
    from dvk.core.plugins import ScheduledJob

    calls = []

    class FakeTask:
        def enqueue(self, **kwargs):
            calls.append(kwargs)

    monkeypatch.setattr(run_scheduler, "due_jobs", lambda: [ScheduledJob("test.job", "x.y", 60, {"a": 1})])
    monkeypatch.setattr(run_scheduler, "import_string", lambda path: FakeTask())
    import datetime as dt

    now = dt.datetime(2026, 11, 27, 8, 15, tzinfo=dt.UTC)
    assert run_scheduler.tick(now) == ["test.job"]
    assert run_scheduler.tick(now + dt.timedelta(minutes=10)) == []
    assert run_scheduler.tick(now + dt.timedelta(minutes=61)) == ["test.job"]
    assert calls == [{"a": 1}, {"a": 1}]
