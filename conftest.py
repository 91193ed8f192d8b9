"""Shared fixtures. The test database is loaded once per session with the demo province
(`seed_demo`), so every test sees the same named cast of personas (README, "Demo accounts"):

    admin        system administrator: sees and may configure everything
    tinh.bdv     province coordinator (Ban Tuyên giáo và Dân vận Phú Thọ): sees the whole province
    lanhdao.bdv  leader of that Ban: province-wide, takes decisions (recognition)
    xa.a         officer of Đảng ủy xã Thịnh Minh: sees that commune's bodies and its predecessors'
    xa.b         officer of Đảng ủy xã Cao Phong: must never see xa.a's records
    so.a         officer of Sở Nội vụ (a provincial department)
    mttq.tinh    officer of the provincial Fatherland Front committee
    hoidong.1-3  members of the provincial recognition council; hoidong.3 also leads xa.a's body
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client

from dvk.accounts.factories import DEMO_PASSWORD


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters (API token endpoint) and other cached values never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def persona(db) -> Callable[[str], object]:
    from dvk.accounts.models import User

    return lambda username: User.objects.get(username=username)


@pytest.fixture
def client_for(db) -> Callable[[str], Client]:
    """A Django test client logged in (session) as the named persona."""
    from dvk.accounts.models import User

    def make(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.fixture
def api_for(db) -> Callable[[str], Client]:
    """A client that authenticates every request with a bearer token of the named persona."""

    def make(username: str) -> Client:
        client = Client()
        response = client.post(
            "/api/v1/auth/token",
            {"username": username, "password": DEMO_PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return Client(headers={"Authorization": f"Bearer {response.json()['token']}"})

    return make
