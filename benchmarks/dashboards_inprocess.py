"""In-process timing of the dashboards against an existing benchmark database (no gunicorn):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dvk_bench_province \
        .venv/bin/python benchmarks/dashboards_inprocess.py [repeat]

The same table as benchmarks/inprocess.py (p50, p95, queries per request) for the dashboard
routes; personas from generate_data (s01.bdv1 the Ban's coordinator, s01.x001.canbo1 a commune
officer). Also times `rebuild_counters` when given --rebuild."""

from __future__ import annotations

import sys

from benchmarks import inprocess

YEAR = "2026"

inprocess.ROUTES = [
    ("overview, year (Ban)", "s01.bdv1", f"/thong-ke/?period={YEAR}"),
    ("overview, quarter + field (Ban)", "s01.bdv1", f"/thong-ke/?period={YEAR}-Q1&field=kinh-te"),
    ("overview, last 6 months (Ban)", "s01.bdv1", f"/thong-ke/?period={YEAR}-H2"),
    ("due from me (commune officer)", "s01.x001.canbo1", "/thong-ke/cua-toi/"),
    ("released statistics (public)", None, "/so-lieu/"),
]

if __name__ == "__main__":
    if "--rebuild" in sys.argv:
        import os
        import time

        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        django.setup()
        from dvk.stats import counters

        started = time.perf_counter()
        read = counters.rebuild()
        print(f"rebuild_counters: {sum(read.values()):,} rows in {time.perf_counter() - started:.1f} s")
    else:
        inprocess.main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
