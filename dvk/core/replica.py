"""Reads from a PostgreSQL streaming replica, writes to the primary, and a request that has just
written reads its own writes.

Configured by one variable, `DATABASE_REPLICA_URL` (docs/deployment.md): without it there is no
`replica` alias and everything here is a no-op. With it:

- the worker, the scheduler, management commands and anything outside a web request use the
  primary only (nothing marks them replica-eligible);
- a web request with a safe method (GET, HEAD, OPTIONS) reads from the replica, unless the browser
  holds the pin cookie: a request that wrote (any unsafe method, or a GET that happened to write)
  answers with `dvk_primary`, valid `DVK_REPLICA_PIN_SECONDS` (default 15 s), and every request that
  carries it reads from the primary, so an officer who saves a form sees what they saved on the next
  page even while the replica is behind;
- inside a transaction on the primary (`atomic`, `select_for_update`) reads stay on the primary;
- who the user is and what they may do is always read from the primary (sessions, accounts and
  API tokens, groups and permissions, log-in lockouts, second-factor devices, memberships): a log-out,
  a disabled account or a withdrawn role takes effect at once, and a log-in is seen on the next
  request however far the replica is behind (a session missing from a lagging replica would log
  the user out);
- the first statement that writes in a replica-eligible request switches the rest of that request
  to the primary;
- a replica that cannot be reached is skipped for that request (logged), never a 500.

The routing state is a context variable, so threads and async tasks never share it.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("dvk.replica")

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "dvk_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Identity and access: never from the replica (see the module docstring).
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "accounts", "axes", "django_otp", "otp_totp"})
PRIMARY_ONLY_MODELS = frozenset({"organisations.membership"})
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "ALTER", "DROP", "TRUNCATE", "COPY")

# True while the current request may read from the replica; False (the default) everywhere else.
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("dvk_use_replica", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("dvk_wrote", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def pin_seconds() -> int:
    return int(getattr(settings, "DVK_REPLICA_PIN_SECONDS", 15))


class PrimaryReplicaRouter:
    """Django database router: see the module docstring."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not _use_replica.get() or not configured():
            return PRIMARY
        if _primary_only(model):
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == PRIMARY


def _primary_only(model: Any) -> bool:
    meta = getattr(model, "_meta", None)
    return meta is None or meta.app_label in PRIMARY_ONLY_APPS or meta.label_lower in PRIMARY_ONLY_MODELS


def _watch_writes(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
    """Execute wrapper on the primary: the first write ends replica reads for this request."""
    if sql.lstrip()[:8].upper().startswith(WRITE_VERBS):
        _use_replica.set(False)
        _wrote.set(True)
    return execute(sql, params, many, context)


def _replica_reachable() -> bool:
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        logger.warning("replica unreachable: this request reads from the primary")
        return False
    return True


class ReplicaRoutingMiddleware:
    """Marks safe, unpinned requests as replica-eligible and pins a browser after a write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            return self.get_response(request)
        eligible = (
            request.method in SAFE_METHODS and PIN_COOKIE not in request.COOKIES and _replica_reachable()
        )
        use_token = _use_replica.set(eligible)
        wrote_token = _wrote.set(False)
        try:
            with connections[PRIMARY].execute_wrapper(_watch_writes):
                response = self.get_response(request)
            if request.method not in SAFE_METHODS or _wrote.get():
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=pin_seconds(),
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
            return response
        finally:
            _use_replica.reset(use_token)
            _wrote.reset(wrote_token)
