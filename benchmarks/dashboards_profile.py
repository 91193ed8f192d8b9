"""Where a dashboard request spends its time, against an existing benchmark database:

    DATABASE_URL=sqlite:////tmp/copy-of-province.sqlite3 PYTHONPATH=. \
        .venv/bin/python benchmarks/dashboards_profile.py [route label …] [--top 25] [--sql FILE]

For each dashboard route (benchmarks/dashboards_inprocess.py, plus the home page): the wall time of
one warm request, its SQL time, its slowest queries with their share, the queries repeated with the
same shape (an N+1), and the Python functions with the most cumulative time (cProfile). Work on a
copy of the benchmark database: logging in writes a session row."""

from __future__ import annotations

import cProfile
import io
import pstats
import re
import sys
import time
from collections import Counter


def _shape(sql: str) -> str:
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)[:160]


def main(argv: list[str]) -> None:
    from benchmarks.inprocess import setup_django

    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks import (
        dashboards_inprocess,  # noqa: F401  (sets inprocess.ROUTES)
        inprocess,
    )
    from dvk.accounts.models import User

    top = 25
    if "--top" in argv:
        top = int(argv[argv.index("--top") + 1])
    values = {argv[i + 1] for i, a in enumerate(argv[:-1]) if a in ("--top", "--sql")}
    wanted = [a for a in argv if not a.startswith("--") and a not in values]
    routes = [*inprocess.ROUTES, ("home (Ban)", "s01.bdv1", "/")]
    for label, username, url in routes:
        if wanted and not any(w in label for w in wanted):
            continue
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        client.get(url, HTTP_HOST="127.0.0.1")  # warm
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            profile = cProfile.Profile()
            profile.enable()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            profile.disable()
            wall = (time.perf_counter() - started) * 1000
        sql = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
        if "--sql" in argv:  # every statement, slowest first, for EXPLAIN
            with open(argv[argv.index("--sql") + 1], "a", encoding="utf-8") as dump:
                for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"])):
                    dump.write(f"-- {label}: {float(q['time']) * 1000:.1f} ms\n{q['sql']};\n")
        print(f"\n## {label} {url}: status {response.status_code}, {wall:.0f} ms, SQL {sql:.0f} ms")
        print(f"   {len(ctx.captured_queries)} queries")
        for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:8]:
            print(f"   {float(q['time']) * 1000:7.1f} ms  {q['sql'][:260]}")
        repeated = [
            (s, n) for s, n in Counter(_shape(q["sql"]) for q in ctx.captured_queries).items() if n > 2
        ]
        for shape, n in repeated:
            print(f"   repeated ×{n}: {shape}")
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(top)
        lines = [ln for ln in out.getvalue().splitlines() if "/dvk/" in ln or "cumtime" in ln]
        print("\n".join(lines[: top + 1]))
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(15)
        print("   by own time:")
        print("\n".join(ln for ln in out.getvalue().splitlines() if ln.strip()[:1].isdigit()))


if __name__ == "__main__":
    main(sys.argv[1:])
