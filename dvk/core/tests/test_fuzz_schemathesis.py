"""schemathesis against the API's own OpenAPI schema, in process through Django's WSGI application
(issue 14): every operation, with generated valid and invalid data (schemathesis' positive and
negative modes), anonymously and with the bearer token of each persona in `WHO`. Checks: no 5xx
(`not_a_server_error`), a documented answer matches its schema (`response_schema_conformance`) and
its content type (`content_type_conformance`).

Bounded for `make test` (SCHEMATHESIS_EXAMPLES, 3 examples per operation by default, derandomised so a
failure reproduces); `make schemathesis` runs more examples with random seeds and every persona.

Each request runs in a savepoint of the test's transaction (a refused statement must not poison the
next one on PostgreSQL), and Django's per-request connection closing is off as the test client has
it, since the WSGI handler runs in the test's own thread and connection.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from dvk.accounts.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))
RANDOM = os.environ.get("SCHEMATHESIS_RANDOM", "") == "1"
# anonymous, the province coordinator and a commune officer; `make schemathesis` adds the rest
WHO = os.environ.get("SCHEMATHESIS_WHO", ",tinh.bdv,xa.a").split(",")
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# Ending the token would leave the rest of the run anonymous: logout is walked by test_no_server_errors.
EXCLUDED_PATHS = ("/api/v1/auth/logout",)


@contextmanager
def in_process() -> Iterator[None]:
    """The WSGI handler in the test's thread: keep the test's connection open across requests. (Django's
    test Client connects `close_old_connections` again after each of its requests: get tokens first.)"""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def _in_process(auth_headers: list[dict[str, str]]) -> Iterator[None]:
    with in_process():
        yield


@pytest.fixture
def auth_headers(db: None) -> list[dict[str, str]]:
    """The headers of each persona in WHO: none, or its bearer token."""
    headers: list[dict[str, str]] = []
    for who in WHO:
        if not who:
            headers.append({})
            continue
        response = Client().post(
            "/api/v1/auth/token",
            {"username": who, "password": DEMO_PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        headers.append({"Authorization": f"Bearer {response.json()['token']}"})
    return headers


# Loaded when the module is collected, from the app's own endpoint through its WSGI handler (the
# endpoint reads no table). `schemathesis.pytest.from_fixture` would load it lazily, but its pytest
# integration needs `Node._nodeid`, which pytest 9.2 no longer has.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler()).exclude(
    path=list(EXCLUDED_PATHS)
)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_meets_its_schema(case: Any, auth_headers: list[dict[str, str]], _in_process: None) -> None:
    """Each generated request is sent as each persona (anonymous first)."""
    for headers in auth_headers:
        sid = transaction.savepoint()
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        finally:
            if response.status_code >= 500:
                transaction.savepoint_rollback(sid)
            else:
                transaction.savepoint_commit(sid)


def test_no_two_api_schemas_share_a_name():
    """ninja names a component after its class: two different schemas of one name leave one of them
    documented with the other's fields (the /units answer once failed its schema for that reason)."""
    import importlib
    import json

    from ninja import Schema

    from dvk.core.plugins import domain_apps

    modules = ["dvk.api.schemas"] + [
        cfg.api_router.rsplit(".", 1)[0] for cfg in domain_apps() if cfg.api_router
    ]
    shapes: dict[str, dict[str, str]] = {}
    for name in modules:
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if isinstance(cls, type) and issubclass(cls, Schema) and cls.__module__ == name:
                shape = json.dumps(cls.model_json_schema(), sort_keys=True)
                shapes.setdefault(cls.__name__, {})[name] = shape
    clashes = {n: sorted(by) for n, by in shapes.items() if len(set(by.values())) > 1}
    assert not clashes, clashes


STATEFUL_WHO = os.environ.get("SCHEMATHESIS_STATEFUL_WHO", "tinh.bdv")
STATEFUL_STEPS = int(os.environ.get("SCHEMATHESIS_STATEFUL_EXAMPLES", "5"))


def test_stateful_sequences_follow_the_inferred_links(db: None) -> None:
    """The schema declares no OpenAPI links; schemathesis 4 infers them (an id a response returns
    feeds the path parameter of another operation: create a plan → read it → act on it) and runs
    sequences of calls as the province coordinator, with the same checks."""
    token = (
        Client()
        .post(
            "/api/v1/auth/token",
            {"username": STATEFUL_WHO, "password": DEMO_PASSWORD},
            content_type="application/json",
        )
        .json()["token"]
    )
    headers = {"Authorization": f"Bearer {token}"}
    machine = schema.as_state_machine()
    assert schema.statistic.transitions.total > 0, "no links inferred: the stateful phase would test nothing"

    class Sequences(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers}

        def validate_response(
            self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            case.validate_response(response, checks=CHECKS, headers=headers)

    with in_process():
        _run(Sequences)


def _run(machine: Any) -> None:
    machine.run(
        settings=settings(
            max_examples=STATEFUL_STEPS,
            stateful_step_count=6,
            deadline=None,
            derandomize=not RANDOM,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
