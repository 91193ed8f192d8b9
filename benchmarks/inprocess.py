"""In-process timing of key routes against an existing benchmark database (no gunicorn):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dvk_bench .venv/bin/python benchmarks/inprocess.py

Prints a markdown table: route, p50 ms, p95 ms, queries per request. The personas are those
`generate_data` creates (s01.bdv1 coordinator, s01.hoidong1 council member). It complements
`benchmarks/run.py` (the full HTTP harness) for quick re-measurement after a change.
"""

from __future__ import annotations

import os
import statistics
import time

import django

ROUTES = [
    ("public showcase", None, "/dien-hinh/"),
    ("API public exemplars", None, "/api/v1/public/exemplars"),
    ("exemplar list (coordinator)", "s01.bdv1", "/mo-hinh/"),
    ("exemplar list ?stage&q (coordinator)", "s01.bdv1", "/mo-hinh/?stage=in_progress&q=rac+thai"),
    ("API exemplars ?stage (coordinator)", "s01.bdv1", "/api/v1/exemplars?stage=in_progress"),
    ("council queue", "s01.hoidong1", "/mo-hinh/cham-diem/"),
    ("exemplar list (council member)", "s01.hoidong1", "/mo-hinh/"),
    ("assignment matrix", "s01.bdv1", "/ke-hoach/theo-doi/"),
    ("dashboard (coordinator)", "s01.bdv1", "/"),
]


def setup_django() -> None:
    """Django under production settings (DEBUG off) against DATABASE_URL, with the benchmark-only keys:
    the in-process scripts (benchmarks/*_inprocess.py, lists_scale.py, dashboards_profile.py) start here."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DVK_VAULT_KEYS", "ONziAV62gcjlj6R6psx3L0cwNPDm1wdwCEsq0WF2Hog=")  # bench only
    os.environ.setdefault("DVK_VAULT_INDEX_KEY", "benchmark-only-vault-index-key-0123456789abcdef")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key-" + "x" * 40)  # production settings need a key
    os.environ.setdefault("ALLOW_PLAIN_HTTP", "true")
    os.environ.setdefault("DVK_REQUIRE_TOTP", "false")  # the demo personas log in with the password only
    django.setup()


def main(repeat: int = 15) -> None:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dvk.accounts.models import User

    print("| Route | p50 ms | p95 ms | Queries |\n|---|---:|---:|---:|")
    for label, username, url in ROUTES:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        response = client.get(url, HTTP_HOST="127.0.0.1")
        if response.status_code != 200:
            print(f"| {label} | status {response.status_code} | | |")
            continue
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, HTTP_HOST="127.0.0.1")
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"| {label} | {statistics.median(timings):.0f} | {p95:.0f} | {len(ctx.captured_queries)} |")


if __name__ == "__main__":
    main()
