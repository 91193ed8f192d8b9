"""CPU and wall time of the citizens monitoring view in process (Django test client; on SQLite the
database work runs in this process, so `time.process_time()` is the request's whole cost):

    DATABASE_URL=sqlite:////tmp/copy.sqlite3 .venv/bin/python benchmarks/citizens_monitoring_inprocess.py

Prints one markdown row per period: CPU median ms, wall median and p95 ms, queries. Persona: the
generated Ban coordinator s01.bdv1. Use a copy of the benchmark database (the first request of a
tree that keeps counters needs `rebuild_counters` on it)."""

from __future__ import annotations

import os
import statistics
import sys
import time

import django


def main(repeat: int = 15) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DVK_VAULT_KEYS", "ONziAV62gcjlj6R6psx3L0cwNPDm1wdwCEsq0WF2Hog=")  # bench only
    os.environ.setdefault("DVK_VAULT_INDEX_KEY", "benchmark-only-vault-index-key-0123456789abcdef")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key-" + "x" * 40)
    os.environ.setdefault("ALLOW_PLAIN_HTTP", "true")
    os.environ.setdefault("DVK_REQUIRE_TOTP", "false")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dvk.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="s01.bdv1"))
    periods = sys.argv[1:] or ["", "?since=01/01/2026&until=30/11/2026"]
    print("| Period | CPU p50 ms | wall p50 ms | wall p95 ms | Queries |\n|---|---:|---:|---:|---:|")
    for query in periods:
        url = "/tiep-cong-dan/theo-doi/" + query
        assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200
        cpu, wall = [], []
        for _ in range(repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            client.get(url, HTTP_HOST="127.0.0.1")
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, HTTP_HOST="127.0.0.1")
        wall.sort()
        p95 = wall[max(0, int(len(wall) * 0.95) - 1)]
        print(
            f"| {query or 'default'} | {statistics.median(cpu):.0f} | {statistics.median(wall):.0f} "
            f"| {p95:.0f} | {len(ctx.captured_queries)} |"
        )


if __name__ == "__main__":
    main()
