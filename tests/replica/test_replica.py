"""Reads from a real PostgreSQL streaming replica (started by tests/replica/cluster.py, `make
test-replica`): safe requests read from the replica, a browser that has just written reads its own
writes from the primary, a request that writes switches to the primary, and an unreachable replica
is skipped. Replay on the replica is paused where a test needs it to be behind, so nothing depends
on timing.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dvk.accounts.factories import UserFactory
from dvk.core import replica as routing
from dvk.notifications.models import Notification

pytestmark = [
    pytest.mark.replica,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.skipif("replica" not in settings.DATABASES, reason="needs DATABASE_REPLICA_URL"),
]
BADGE = re.compile(r'data-testid="unread-count">(\d+)<')


@pytest.fixture(scope="session")
def django_db_setup() -> None:
    """Use the database cluster.py migrated on the primary (a replica cannot create a test database)."""


def replica_sql(sql: str) -> list[tuple]:
    with connections["replica"].cursor() as cur:
        cur.execute(sql)
        return cur.fetchall() if cur.description else []


def wait_replicated(check, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up in time")


def unread_on_replica(user_id: int) -> int:
    return replica_sql(
        f"SELECT count(*) FROM notifications_notification WHERE user_id = {int(user_id)} AND read_at IS NULL"  # noqa: S608 (an int)
    )[0][0]


def unread_badge(client: Client) -> int:
    response = client.get(reverse("notifications:bell"))
    assert response.status_code == 200, (response.status_code, response.headers)
    html = response.content.decode()
    found = BADGE.search(html)
    return int(found.group(1)) if found else 0


@contextmanager
def paused_replay() -> Iterator[None]:
    replica_sql("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        replica_sql("SELECT pg_wal_replay_resume()")


@pytest.fixture
def reader() -> Notification:
    user = UserFactory(username="replica.reader")
    for n in range(2):
        Notification.objects.create(user=user, title=f"Thông báo {n}")
    wait_replicated(lambda: unread_on_replica(user.pk) == 2)
    return Notification.objects.filter(user=user).first()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    wait_replicated(
        lambda: bool(replica_sql(f"SELECT 1 FROM django_session WHERE session_key = '{session_key}'"))  # noqa: S608 (a session key Django made)
    )
    return client


def test_the_replica_is_a_streaming_standby() -> None:
    assert replica_sql("SELECT pg_is_in_recovery()") == [(True,)]
    assert settings.DATABASES["replica"]["PORT"] != settings.DATABASES["default"]["PORT"]


def test_safe_requests_read_from_the_replica(reader: Notification) -> None:
    client = logged_in(reader.user)
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert unread_badge(client) == 2
    assert any("notifications_notification" in q["sql"] for q in on_replica.captured_queries)
    # The primary answers only who the user is (session, account, memberships), never the page's data.
    on_primary_sql = " ".join(q["sql"] for q in on_primary.captured_queries)
    assert "notifications_notification" not in on_primary_sql
    assert all(
        re.search(r'FROM "(django_session|accounts_user|organisations_membership)"', q["sql"])
        for q in on_primary.captured_queries
    ), on_primary_sql
    assert routing.PIN_COOKIE not in client.cookies  # a read pins nothing


def test_a_writer_reads_its_own_writes_while_the_replica_is_behind(reader: Notification) -> None:
    writer, other = logged_in(reader.user), logged_in(reader.user)
    with paused_replay():
        writes_while_paused(reader, writer, other)


def writes_while_paused(reader: Notification, writer: Client, other: Client) -> None:
    response = writer.post(reverse("notifications:read", args=[reader.pk]))
    assert response.status_code == 302
    assert writer.cookies[routing.PIN_COOKIE]["max-age"] == settings.DVK_REPLICA_PIN_SECONDS
    assert unread_badge(writer) == 1  # pinned to the primary: sees what it just did
    assert unread_badge(other) == 2  # another browser reads the paused replica: still behind
    replica_sql("SELECT pg_wal_replay_resume()")
    wait_replicated(lambda: unread_badge(other) == 1)  # caught up
    del writer.cookies[routing.PIN_COOKIE]  # the pin has expired
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert unread_badge(writer) == 1
    assert on_replica.captured_queries


def test_identity_is_read_from_the_primary_however_far_the_replica_is_behind(reader: Notification) -> None:
    """A log-in while the replica is paused holds after the pin has expired; a log-out ends the session at
    once even though the paused replica still has its row."""
    with paused_replay():
        fresh = Client()
        fresh.force_login(reader.user)  # the session exists only on the primary
        assert routing.PIN_COOKIE not in fresh.cookies  # force_login sets no pin: as if the window had passed
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            assert unread_badge(fresh) == 2  # logged in (status 200), the count read from the replica
        tables = " ".join(q["sql"] for q in on_replica.captured_queries)
        assert "notifications_notification" in tables
        assert "django_session" not in tables and "accounts_user" not in tables
        assert "organisations_membership" not in tables

    old = logged_in(reader.user)  # replicated
    key = old.cookies[settings.SESSION_COOKIE_NAME].value
    with paused_replay():
        from django.contrib.sessions.models import Session

        Session.objects.filter(session_key=key).delete()  # logged out elsewhere (the primary)
        assert replica_sql(f"SELECT 1 FROM django_session WHERE session_key = '{key}'")  # noqa: S608
        response = old.get(reverse("notifications:bell"))
        assert response.status_code == 302  # sent to the log-in page, not served from the replica's copy


def test_the_first_write_moves_the_rest_of_the_request_to_the_primary(reader: Notification) -> None:
    from django.test import RequestFactory

    seen: list[str] = []

    def view(request):
        seen.append(routing.PrimaryReplicaRouter().db_for_read(Notification))
        Notification.objects.filter(pk=reader.pk).update(title="Đã sửa")
        seen.append(routing.PrimaryReplicaRouter().db_for_read(Notification))
        from django.http import HttpResponse

        return HttpResponse("ok")

    response = routing.ReplicaRoutingMiddleware(view)(RequestFactory().get("/"))
    assert seen == ["replica", "default"]
    assert routing.PIN_COOKIE in response.cookies  # a GET that wrote pins the browser too
    assert routing.PrimaryReplicaRouter().db_for_read(Notification) == "default"  # outside a request


def test_writes_and_migrations_only_on_the_primary() -> None:
    router = routing.PrimaryReplicaRouter()
    assert router.db_for_write(Notification) == "default"
    assert router.allow_migrate("default", "notifications")
    assert not router.allow_migrate("replica", "notifications")


def test_an_unreachable_replica_is_skipped(reader: Notification) -> None:
    """Last in the module: it stops the replica server."""
    client = logged_in(reader.user)
    bins, data = os.environ["DVK_PG_BIN"], os.environ["DVK_REPLICA_DATA"]
    cmd = [f"{bins}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    connections["replica"].close()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 (our own server)
    assert unread_badge(client) == 2  # served from the primary, not a 500
