"""CPU and wall time of the citizens monitoring view in process (Django test client; on SQLite the
database work runs in this process, so `time.process_time()` is the request's whole cost):

    DATABASE_URL=sqlite:////tmp/copy.sqlite3 .venv/bin/python benchmarks/citizens_monitoring_inprocess.py
    DATABASE_URL=... .venv/bin/python benchmarks/citizens_monitoring_inprocess.py --profile [period …]

Prints one markdown row per period: CPU median ms, wall median and p95 ms, SQL median ms, template
median ms, queries. `--profile`: for one warm request per period, every query with its time and
its plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL), slowest first. Persona:
the generated Ban coordinator s01.bdv1 (`--user NAME` for another). Use a copy of the benchmark
database (logging in writes a session row; the first request of a tree that keeps counters needs
`rebuild_counters` on it)."""

from __future__ import annotations

import statistics
import sys
import time
from contextlib import contextmanager
from typing import Any

URL = "/tiep-cong-dan/theo-doi/"


def _setup() -> None:
    from benchmarks.inprocess import setup_django

    setup_django()


@contextmanager
def _template_clock(spent: list[float]) -> Any:
    """Adds the time of each outermost template render to `spent[0]`."""
    from django.template.backends.django import Template

    original = Template.render
    depth = [0]

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                spent[0] += time.perf_counter() - started

    Template.render = timed  # type: ignore[method-assign]
    try:
        yield
    finally:
        Template.render = original  # type: ignore[method-assign]


def _plan(sql: str) -> list[str]:
    from django.db import connection

    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql)
        rows = cursor.fetchall()
    return [" ".join(str(c) for c in (r[1:] if connection.vendor == "sqlite" else r)) for r in rows]


def profile(client: Any, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, HTTP_HOST="127.0.0.1")
    spent = [0.0]
    with CaptureQueriesContext(connection) as ctx, _template_clock(spent):
        started = time.perf_counter()
        client.get(url, HTTP_HOST="127.0.0.1")
        wall = (time.perf_counter() - started) * 1000
    sql = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    print(f"\n## {url}: {wall:.0f} ms wall, SQL {sql:.1f} ms, template {spent[0] * 1000:.1f} ms")
    print(f"   {len(ctx.captured_queries)} queries, slowest first")
    for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"])):
        print(f"\n{float(q['time']) * 1000:7.1f} ms  {q['sql'][:600]}")
        if q["sql"].lstrip().upper().startswith("SELECT"):
            try:
                for line in _plan(q["sql"]):
                    print(f"           {line}")
            except Exception as exc:  # a statement whose inlined parameters do not parse back
                print(f"           (no plan: {exc})")


def main(argv: list[str], repeat: int = 15) -> None:
    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dvk.accounts.models import User

    user = "s01.bdv1"
    if "--user" in argv:
        user = argv[argv.index("--user") + 1]
        argv = [a for a in argv if a not in ("--user", user)]
    client = Client()
    client.force_login(User.objects.get(username=user))
    periods = [a for a in argv if not a.startswith("--")] or ["", "?since=01/01/2026&until=30/11/2026"]
    if "--profile" in argv:
        for query in periods:
            profile(client, URL + query)
        return
    print(
        "| Period | CPU p50 ms | wall p50 ms | wall p95 ms | SQL p50 ms | template p50 ms | Queries |\n"
        "|---|---:|---:|---:|---:|---:|---:|"
    )
    for query in periods:
        url = URL + query
        assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200
        cpu, wall, sql, tpl = [], [], [], []
        for _ in range(repeat):
            spent = [0.0]
            with CaptureQueriesContext(connection) as ctx, _template_clock(spent):
                c0, w0 = time.process_time(), time.perf_counter()
                client.get(url, HTTP_HOST="127.0.0.1")
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
            sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
            tpl.append(spent[0] * 1000)
        wall.sort()
        p95 = wall[max(0, int(len(wall) * 0.95) - 1)]
        print(
            f"| {query or 'default'} | {statistics.median(cpu):.0f} | {statistics.median(wall):.0f} "
            f"| {p95:.0f} | {statistics.median(sql):.0f} | {statistics.median(tpl):.0f} "
            f"| {len(ctx.captured_queries)} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
