"""In-process timing of the home page (`core:home`, the domains' widgets) against an existing
benchmark database, for the Ban's coordinator and a commune officer:

    DATABASE_URL=sqlite:////tmp/copy-of-province.sqlite3 PYTHONPATH=. \
        .venv/bin/python benchmarks/home_inprocess.py [repeat]

The same table as benchmarks/inprocess.py (p50, p95, queries per request). Work on a copy of the
benchmark database: logging in writes a session row."""

from __future__ import annotations

import sys

from benchmarks import inprocess

inprocess.ROUTES = [
    ("home (Ban coordinator)", "s01.bdv1", "/"),
    ("home (commune officer)", "s01.x001.canbo1", "/"),
]

if __name__ == "__main__":
    inprocess.main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
