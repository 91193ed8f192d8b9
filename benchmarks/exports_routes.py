"""Bench routes of the list exports (dvk.exports): the Excel file of what a list shows, asked for
by an officer on the lists of its own body (small enough to be answered at once: up to
DVK_EXPORT_SYNC_MAX_ROWS rows; larger ones are queued, see benchmarks/export_memory.py for the
background writer's memory)."""

from __future__ import annotations

from typing import Any

from benchmarks.routes import Route, url


def _export(name: str, query: str = "") -> Any:
    return lambda ctx: url("exports:start", name, query=query)


EXPORTS = [
    Route(
        "export: exemplars list (officer)", "exports", "officer", "export", 1500, _export("exemplars.list")
    ),
    Route("export: plans list (officer)", "exports", "officer", "export", 1500, _export("plans.list")),
    Route(
        "export: my assignments (officer)",
        "exports",
        "officer",
        "export",
        1500,
        _export("plans.my_assignments"),
    ),
    Route(
        "export: citizens' cases (officer)",
        "exports",
        "officer",
        "export",
        1500,
        _export("citizens.cases", "open=1"),
    ),
    Route(
        "export: citizens' letters (officer)",
        "exports",
        "officer",
        "export",
        1500,
        _export("citizens.letters"),
    ),
]
