"""CI smoke test of the benchmark harness (`pytest -m bench`): tiny scale, a few requests, SQLite.
It fails only if the harness breaks; it never looks at timings."""

from __future__ import annotations

import json

import pytest

from benchmarks import run
from benchmarks.routes import all_routes

pytestmark = pytest.mark.bench


def test_harness_produces_a_result_for_every_route(tmp_path):
    out = tmp_path / "result.json"
    path = run.main(
        [
            "--database",
            "sqlite",
            "--scale",
            "tiny",
            "--compare-scale",
            "small",
            "--requests",
            "3",
            "--warmup",
            "1",
            "--bench-dir",
            str(tmp_path),
            "--output",
            str(out),
            "--no-doc",
        ]
    )
    result = json.loads(path.read_text())
    names = [r["name"] for r in result["routes"]]
    assert names == [r.name for r in all_routes()]
    for route in result["routes"]:
        assert "p50_ms" in route or "skipped" in route or "error" in route, route["name"]
    measured = {r["name"] for r in result["routes"] if "p50_ms" in r}
    assert {"dashboard (coordinator)", "bodies list ?kind&q", "API bodies ?kind"} <= measured
    assert result["worker_rss_mb"] and result["machine"]["nproc"]
