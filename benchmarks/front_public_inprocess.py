"""The public critique pages in process (Django test client, anonymous; on SQLite the database work
runs in this process, so `time.process_time()` is the request's whole cost):

    DATABASE_URL=sqlite:////work/main/var/bench/province.sqlite3 .venv/bin/python benchmarks/front_public_inprocess.py
    DATABASE_URL=... .venv/bin/python benchmarks/front_public_inprocess.py --profile

Routes: the published critique with the most comments (its page, its table: first page, a middle
page, one article), and the page of the draft open to public comment with the most comments. A
generated province may have no draft open today: the page is then measured on a day inside that
draft's window (`timezone.localdate` patched; the requests only read).

Prints one markdown row per route: CPU median ms, wall median and p95 ms, SQL median ms, queries.
`--profile`: every query of one warm request with its time, slowest first. Anonymous GETs write
nothing (no session, no counter)."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from typing import Any
from unittest import mock


def _setup() -> None:
    from benchmarks.inprocess import setup_django

    setup_django()


def _routes() -> list[tuple[str, str, dt.date | None]]:
    from django.db.models import Count

    from dvk.front.comment_pages import tallies
    from dvk.front.models import Critique
    from dvk.front.selectors import table_comments

    published = Critique.objects.published().annotate(n=Count("comments")).order_by("-n", "-id").first()
    out: list[tuple[str, str, dt.date | None]] = []
    if published:
        base = f"/phan-bien-xa-hoi/{published.pk}/"
        n = published.n  # type: ignore[attr-defined]
        articles = list(tallies(table_comments(published)))
        middle = max(1, (n // 50) // 2)
        out += [
            (f"public critique page (published, {n} comments)", base, None),
            ("public response table, page 1", base + "bang-tiep-thu/", None),
            (f"public response table, page {middle}", base + f"bang-tiep-thu/?page={middle}", None),
        ]
        if articles:
            out.append(
                ("public response table, one article", base + f"bang-tiep-thu/?unit={articles[-1]}", None)
            )
    draft = (
        Critique.objects.filter(public_comments=True, stage__in=("collecting", "conference"))
        .annotate(n=Count("comments"))
        .order_by("-n", "-id")
        .first()
    )
    if draft:
        day = draft.window_opens or draft.window_closes  # None: open every day, no patch
        label = f"public critique page (open draft, {draft.n} comments)"  # type: ignore[attr-defined]
        out.append((label, f"/phan-bien-xa-hoi/{draft.pk}/", day))
        out.append((label + ", page 2", f"/phan-bien-xa-hoi/{draft.pk}/?page=2", day))
    return out


class _SqlClock:
    """An execute wrapper: the count, the total time and each statement's time of the queries."""

    def __init__(self) -> None:
        self.statements: list[tuple[float, str]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append(((time.perf_counter() - started) * 1000, sql))

    @property
    def ms(self) -> float:
        return sum(t for t, _sql in self.statements)


def _get(client: Any, url: str) -> tuple[Any, _SqlClock]:
    from django.db import connection

    clock = _SqlClock()
    with connection.execute_wrapper(clock):
        response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (url, response.status_code)
    return response, clock


def _measure(client: Any, url: str, repeat: int) -> dict[str, Any]:
    cpu, wall, sql = [], [], []
    queries = 0
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        response, clock = _get(client, url)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        sql.append(clock.ms)
        queries = len(clock.statements)
    wall.sort()
    return {
        "cpu": statistics.median(cpu),
        "p50": statistics.median(wall),
        "p95": wall[max(0, int(len(wall) * 0.95) - 1)],
        "sql": statistics.median(sql),
        "queries": queries,
        "bytes": len(response.content),
    }


def _profile(client: Any, url: str) -> None:
    _get(client, url)
    _response, clock = _get(client, url)
    for ms, sql in sorted(clock.statements, key=lambda s: -s[0]):
        print(f"    {ms:7.2f} ms  {sql[:160]}")


def main(argv: list[str]) -> None:
    _setup()
    from django.test import Client

    repeat = 30
    print(
        "| Route | CPU ms | wall p50 | wall p95 | SQL ms | queries | KB |\n|---|---:|---:|---:|---:|---:|---:|"
    )
    for label, url, day in _routes():
        client = Client()
        patch = mock.patch("django.utils.timezone.localdate", return_value=day) if day else None
        if patch:
            patch.start()
        try:
            for _ in range(3):
                client.get(url, HTTP_HOST="127.0.0.1")
            m = _measure(client, url, repeat)
            print(
                f"| {label} `{url}` | {m['cpu']:.1f} | {m['p50']:.1f} | {m['p95']:.1f} | {m['sql']:.1f}"
                f" | {m['queries']} | {m['bytes'] / 1024:.0f} |"
            )
            if "--profile" in argv:
                _profile(client, url)
        finally:
            if patch:
                patch.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
