"""The database going away mid-load (PostgreSQL restarting): every request answers a clean 503 —
the Vietnamese page without a traceback, JSON on the API, `Retry-After` — and the server recovers
by itself once the database is back (CONN_HEALTH_CHECKS), without a restart.

gunicorn serves the test database through a TCP proxy (tests/reliability/faults.py) that the
test cuts and restores: the shared PostgreSQL cluster other sessions use is never restarted.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter

import pytest
from django.db import connection

from tests.reliability.faults import FaultProxy, Gunicorn

PAGE, API = "/dien-hinh/", "/api/v1/public/exemplars?limit=5"


@pytest.fixture(scope="module")
def behind_proxy(django_db_setup):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL over TCP (DATABASE_URL=postgres://…): make test-faults")
    s = connection.settings_dict
    proxy = FaultProxy((s["HOST"] or "127.0.0.1", int(s["PORT"] or 5432)))
    proxy.restore()
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    server = Gunicorn(f"postgres://{auth}@127.0.0.1:{proxy.port}/{s['NAME']}", workers=2)
    try:
        server.wait()
        yield server, proxy
    finally:
        server.stop()
        proxy.cut()


def test_the_pages_served_are_in_the_test_database(db):
    """The showcase has rows to read (and pytest-django sets the test database up for this module)."""
    from dvk.exemplars.models import Exemplar

    assert Exemplar.objects.public().exists()


def test_a_database_outage_answers_503_and_recovers_by_itself(behind_proxy):
    server, proxy = behind_proxy
    for path in (PAGE, API, PAGE, API):  # both workers hold a persistent connection
        assert server.get(path)[0] == 200

    seen: list[tuple[str, int]] = []
    stop = threading.Event()

    def load() -> None:  # requests keep coming while the database goes away and comes back
        while not stop.is_set():
            for path in (PAGE, API):
                seen.append((path, server.get(path)[0]))

    clients = [threading.Thread(target=load, daemon=True) for _ in range(2)]
    for c in clients:
        c.start()
    time.sleep(1)
    proxy.cut()
    try:
        status, headers, body = server.get(PAGE)
        assert status == 503, body[:500]
        assert "Hệ thống tạm thời gián đoạn" in body and "không kết nối được cơ sở dữ liệu" in body
        assert "Traceback" not in body and "OperationalError" not in body
        assert headers["Retry-After"] == "30" and headers["Content-Type"].startswith("text/html")
        status, headers, body = server.get(API)
        assert status == 503 and headers["Content-Type"].startswith("application/json")
        assert json.loads(body) == {
            "detail": "Hiện không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút."
        }
        assert server.get("/healthz")[0] == 503
        time.sleep(2)
    finally:
        proxy.restore()

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.get(PAGE)[0] != 200:
        time.sleep(0.5)
    stop.set()
    for c in clients:
        c.join(60)
    for path in (PAGE, API, PAGE, API):  # each worker reconnected by itself
        assert server.get(path)[0] == 200
    statuses = Counter(status for _path, status in seen)
    assert set(statuses) <= {200, 503}, statuses  # never a 500, never a dropped connection
    assert statuses[503] >= 1 and statuses[200] >= 1, statuses
