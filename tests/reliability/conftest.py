"""Fixtures of the reliability tests: real commits seen by several threads (PostgreSQL), a race
runner, API clients per persona, and marks in the audit trail and notifications to count what one
action wrote."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client


@pytest.fixture(scope="module")
def live_db(django_db_setup, django_db_blocker):
    """The test database without a wrapping transaction, for a whole module: what a test writes
    is committed, so other threads (their own connections) see it. Each test builds its own
    objects; at the end of the module the tables are flushed and the demo province loaded again,
    so the tests that run next see the usual database. Skipped on SQLite."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite serialises writers with one database lock (IMMEDIATE transactions), so there is "
            "no race to test; run with DATABASE_URL=postgres://… (make test-concurrency)"
        )
    from django.core.management import call_command

    with django_db_blocker.unblock():
        try:
            yield
        finally:
            connections.close_all()
            call_command("flush", interactive=False, verbosity=0)
            call_command("seed_demo", verbosity=0)


@dataclass
class Answer:
    status: int
    body: Any


def race(calls: list[Callable[[], Any]], timeout: float = 60) -> list[Any]:
    """Run the calls at the same moment, one thread each (a barrier releases them together), each
    with its own database connection. Returns their results in order; re-raises the first error."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout)
            results[i] = calls[i]()
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a racing request did not finish (deadlock?)"
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def api() -> Callable[[str], Callable[..., Answer]]:
    """api("xa.a") → post(path, json, **headers) through the Django test client with a bearer
    token of that persona (issued directly: the token endpoint is throttled per address)."""
    from dvk.accounts.models import ApiToken, User

    def for_user(username: str) -> Callable[..., Answer]:
        token = ApiToken.issue(User.objects.get(username=username))[1]

        def post(path: str, payload: dict | None = None, **headers: str) -> Answer:
            client = Client(headers={"Authorization": f"Bearer {token}", **headers})
            r = client.post(path, payload or {}, content_type="application/json")
            try:
                body = r.json()
            except ValueError:
                body = r.content.decode(errors="replace")[:500]
            return Answer(r.status_code, body)

        return post

    return for_user


@pytest.fixture
def persona_client() -> Callable[[str], Client]:
    """A test client logged in (session) as the named persona, without the `db` fixture."""
    from dvk.accounts.models import User

    def make(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return make


class Marks:
    """What the database holds after a mark: audit rows, notifications."""

    def __init__(self) -> None:
        from dvk.audit.models import AuditEvent
        from dvk.notifications.models import Notification

        self.audit = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        self.note = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def audit_rows(self, action: str, target: Any = None) -> int:
        from dvk.audit.models import AuditEvent

        qs = AuditEvent.objects.filter(pk__gt=self.audit, action=action)
        if target is not None:
            qs = qs.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        return qs.count()

    def notifications(self) -> list[tuple[int, str]]:
        """(user, title) of every notification written since the mark, one entry per row."""
        from dvk.notifications.models import Notification

        return sorted(Notification.objects.filter(pk__gt=self.note).values_list("user_id", "title"))


@pytest.fixture
def marks() -> Callable[[], Marks]:
    return Marks
