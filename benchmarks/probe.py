"""In-process half of the benchmark: runs inside Django against the benchmark database.

- makes sure the personas exist (generated ones, plus a `bench.admin` superuser), and writes
  session keys and API tokens the HTTP client will use against gunicorn;
- resolves every route's URL (skipping, with the reason, routes whose app is not there yet);
- counts SQL queries per request with the test client and CaptureQueriesContext;
- times each route's main query directly through a cursor (the floor).

Usage: DATABASE_URL=... python benchmarks/probe.py --out file.json [--sessions]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.routes import Skip, all_routes  # noqa: E402
from dvk.accounts.models import ApiToken, User  # noqa: E402
from dvk.organisations.models import Organisation  # noqa: E402


def login_backend() -> str:
    """The backend a real log-in would record in the session (the last one; axes only guards)."""
    return [b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b][-1]


PERSONAS = {"coordinator": "s01.bdv1", "officer": "s01.x001.canbo1", "council": "s01.hoidong1"}
ADMIN = "bench.admin"


class ProbeContext:
    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        for persona, username in PERSONAS.items():
            user = User.objects.filter(username=username).first()
            if user is None:
                raise SystemExit(f"persona {username} missing: run generate_data first")
            self.users[persona] = user
        admin, _ = User.objects.get_or_create(
            username=ADMIN,
            defaults={"is_superuser": True, "is_staff": True, "full_name": "Quản trị benchmark"},
        )
        self.users["admin"] = admin
        # Personas a domain's routes name by a generated username (e.g. "s01.hdnd"): loaded here so
        # that they get sessions and tokens like the others; a missing one skips its routes.
        for route in all_routes():
            if route.persona not in self.users and route.persona != "public":
                found = User.objects.filter(username=route.persona).first()
                if found is not None:
                    self.users[route.persona] = found
        root = Organisation.objects.get(code="S01-TU")
        self.root_path = root.path
        self._cache: dict[str, object] = {}

    def user(self, persona: str) -> User:
        if persona not in self.users:  # a domain's persona whose account this scale lacks
            raise Skip(f"persona {persona} missing")
        return self.users[persona]

    def memo(self, key: str, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]


def session_for(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = login_backend()
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def client_for(ctx: ProbeContext, persona: str, api: bool, token: str | None) -> Client:
    if persona == "public":
        return Client()
    if api and token:
        return Client(headers={"Authorization": f"Bearer {token}"})
    client = Client()
    client.force_login(ctx.user(persona), backend=login_backend())
    return client


def time_sql(qs, repeat: int = 9) -> tuple[float, int, str]:
    sql, params = qs.query.sql_with_params()
    samples, rows = [], 0
    with connection.cursor() as cursor:
        for _ in range(repeat):
            start = time.perf_counter()
            cursor.execute(sql, params)
            rows = len(cursor.fetchall())
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), rows, sql


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--sessions", action="store_true", help="also create sessions and tokens for HTTP")
    args = parser.parse_args()

    ctx = ProbeContext()
    tokens = {p: ApiToken.issue(u)[1] for p, u in ctx.users.items()}
    auth = {}
    if args.sessions:
        auth = {"sessions": {p: session_for(u) for p, u in ctx.users.items()}, "tokens": tokens}

    results = []
    # run.py --only: route-name filters, comma-separated (a route matching any of them is measured)
    only = [part.strip() for part in os.environ.get("BENCH_ONLY", "").lower().split(",") if part.strip()]
    for route in all_routes():
        if only and not any(part in route.name.lower() for part in only):
            continue
        entry: dict = {
            "name": route.name,
            "app": route.app,
            "persona": route.persona,
            "kind": route.kind,
            "target_ms": route.target_ms,
            "api": route.api,
            "notes": route.notes,
        }
        try:
            entry["url"] = route.url(ctx)
            entry["admin_url"] = route.admin(ctx) if route.admin else None
            client = client_for(ctx, route.persona, route.api, tokens.get(route.persona))
            first = client.get(entry["url"])
            with CaptureQueriesContext(connection) as captured:
                response = client.get(entry["url"])
            entry["status"] = response.status_code
            entry["first_status"] = first.status_code
            entry["queries"] = len(captured.captured_queries)
            entry["bytes"] = len(response.content)
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code} in process (expected 200)")
            if route.main_query is not None:
                ms, rows, sql = time_sql(route.main_query(ctx))
                entry.update(raw_sql_ms=round(ms, 3), raw_sql_rows=rows, raw_sql=sql[:2000])
        except Skip as exc:
            entry["skipped"] = str(exc)
        except Exception as exc:  # the harness reports a broken route instead of dying
            entry["error"] = f"{type(exc).__name__}: {exc}"
            entry["traceback"] = traceback.format_exc()[-3000:]
        results.append(entry)

    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("select version()" if vendor == "postgresql" else "select sqlite_version()")
        db_version = cursor.fetchone()[0]
    Path(args.out).write_text(
        json.dumps(
            {
                "routes": results,
                "auth": auth,
                "vendor": vendor,
                "db_version": db_version,
                "django": django.get_version(),
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
