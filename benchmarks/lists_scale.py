"""List kit at scale, in process, against an existing benchmark database (no gunicorn, nothing
written): list pages with and without a sort (p50/p95 of 7 requests, queries per request, the
"1–50 / N" the page shows) and the coordinator's exemplars export written in memory through the
background writer's code path (rows, seconds, peak RSS).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dvk_bench_province .venv/bin/python benchmarks/lists_scale.py

Personas are those `generate_data` creates (s01.bdv1 coordinator, s01.x001.canbo1 officer)."""

from __future__ import annotations

import io
import re
import resource
import statistics
import time

ROUTES = [
    ("exemplar list, default order (coordinator)", "s01.bdv1", "/mo-hinh/"),
    ("exemplar list ?sort=body (coordinator)", "s01.bdv1", "/mo-hinh/?sort=body"),
    ("exemplar list ?sort=-title&page=20 (coordinator)", "s01.bdv1", "/mo-hinh/?sort=-title&page=20"),
    ("exemplar list (officer)", "s01.x001.canbo1", "/mo-hinh/"),
    ("plans list ?sort=-issued (coordinator)", "s01.bdv1", "/ke-hoach/?sort=-issued"),
    ("audit trail (coordinator)", "s01.bdv1", "/nhat-ky/"),
    ("audit trail ?sort=actor (coordinator)", "s01.bdv1", "/nhat-ky/?sort=actor"),
]


def _summary(html: str) -> str:
    m = re.search(r'visually-hidden">[^<]*</span>([^<]*)</span>', html)
    return m.group(1).replace("&gt;", ">") if m else "?"


def main() -> None:
    from benchmarks.inprocess import setup_django

    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dvk.accounts.models import User
    from dvk.core import listing
    from dvk.exports import xlsx

    print("| Route (what it shows) | p50 ms | p95 ms | Queries |\n|---|---:|---:|---:|")
    for label, username, url in ROUTES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get(url, HTTP_HOST="127.0.0.1")
        if response.status_code != 200:
            print(f"| {label} | status {response.status_code} | | |")
            continue
        timings = []
        for _ in range(7):
            start = time.perf_counter()
            client.get(url, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, HTTP_HOST="127.0.0.1")
        timings.sort()
        summary = _summary(response.content.decode())
        print(
            f"| {label} ({summary}) | {statistics.median(timings):.0f} | {timings[-1]:.0f} "
            f"| {len(ctx.captured_queries)} |"
        )
    spec = listing.get("exemplars.list")
    assert spec is not None
    user = User.objects.get(username="s01.bdv1")
    qs = spec.export_queryset(user, {})
    total = qs.count()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    buffer = io.BytesIO()
    written = xlsx.write(buffer, spec=spec, params={}, rows=spec.iter_rows(qs), total=total)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"coordinator's exemplars export: {written} rows in {time.perf_counter() - start:.1f} s, "
        f"{len(buffer.getvalue()) / 1e6:.1f} MB, peak RSS {peak:.0f} MB (before {before:.0f} MB; file in memory)"
    )


if __name__ == "__main__":
    main()
