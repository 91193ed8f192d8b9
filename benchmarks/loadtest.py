#!/usr/bin/env python
"""Load test: locust (benchmarks/locustfile.py) against gunicorn + PostgreSQL.

    make loadtest        # 50 users, 10 minutes, province scale; figures into docs/benchmarks.md
    make loadtest-smoke  # 10 users, 60 seconds, a small generated database (CI)

1. Database. The full run works on its own copy of the province data, `dvk_loadtest_province`
   (CREATE DATABASE … TEMPLATE dvk_bench_province when nobody is connected to the lead's
   benchmark database, else generated with the same scale and seed), because logging in and the
   writes add rows; the benchmark databases stay read-only. The smoke run generates the `small`
   scale into `dvk_loadtest_smoke` once. Both are migrated first.
2. Plan (in Django, `loadtest.py plan`): every route of benchmarks/routes.py resolved for its
   persona (list, detail, dashboard, public, API; exports left out: they queue background jobs),
   an API token per persona, the open assignments the commune officer may report on, a body that
   takes public letters.
3. gunicorn, 2 sync workers, DEBUG off (benchmarks.run.Server), then locust headless with CSV
   stats; worker RSS read from /proc at the end, before the server stops.
4. p50/p95/p99 per route, failures, requests/s and worker RSS into
   benchmarks/results/<date>-loadtest-<name>.json and (full run) the "Load test" section of
   docs/benchmarks.md between `<!-- loadtest -->` markers. Exit status 1 if any request failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG = "postgres://postgres@127.0.0.1:5432/"
OUT_DIR = ROOT / "var" / "loadtest"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- loadtest -->", "<!-- /loadtest -->"


def log(msg: str) -> None:
    print(msg, flush=True)


# --- the database ---------------------------------------------------------------------------------


def _pg(sql: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else []


def _exists(name: str) -> bool:
    return bool(_pg("select 1 from pg_database where datname = %s", (name,)))


def copy_or_generate(target: str, source: str, scale: str, seed: int, fresh: bool) -> str:
    from benchmarks.run import is_generated, manage

    url = PG + target
    if fresh and _exists(target):
        _pg(f'DROP DATABASE "{target}" WITH (FORCE)')
    if not _exists(target) and source and _exists(source):
        busy = _pg("select count(*) from pg_stat_activity where datname = %s", (source,))[0][0]
        if busy == 0:
            log(f"== copying {source} into {target} (template)")
            try:
                _pg(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
            except Exception as exc:  # someone connected in between: generate instead
                log(f"   copy refused ({exc}); generating instead")
        else:
            log(f"== {source} has {busy} connection(s): generating {scale} into {target} instead")
    if not _exists(target):
        _pg(f'CREATE DATABASE "{target}"')
    log(f"== migrate {target}")
    manage(url, "migrate", "--noinput", "-v", "0")
    if not is_generated(url, scale, seed):
        log(f"== generate_data --scale {scale} --seed {seed} into {target}")
        manage(url, "generate_data", "--scale", scale, "--seed", str(seed))
    return url


# --- the plan (runs inside Django) ------------------------------------------------------------------


def write_plan(out: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.test import Client
    from django.urls import reverse

    from benchmarks.probe import ProbeContext  # sets Django up
    from benchmarks.routes import Skip, all_routes
    from dvk.accounts.factories import DEMO_PASSWORD
    from dvk.accounts.models import ApiToken
    from dvk.citizens.forms import public_bodies
    from dvk.organisations.scoping import scope_for
    from dvk.plans.models import Assignment
    from dvk.plans.workflow import AssignmentStage, PlanStage

    ctx = ProbeContext()
    routes: dict[str, list[dict]] = {}
    skipped = []
    for route in all_routes():
        if route.app == "exports" or route.persona == "admin":
            continue
        try:
            path = route.url(ctx)
            if route.persona != "public":
                ctx.user(route.persona)
        except Skip as exc:
            skipped.append(f"{route.name}: {exc}")
            continue
        # Only routes that answer 200 in process are loaded (the benchmark reports the others).
        client = Client()
        if route.persona != "public":
            client.force_login(ctx.user(route.persona), backend="dvk.accounts.backends.AuthBackend")
        status = client.get(path).status_code
        if status != 200:
            skipped.append(f"{route.name}: HTTP {status} in process")
            continue
        routes.setdefault(route.persona, []).append({"name": route.name, "url": path, "api": route.api})
    routes.setdefault("public", [])
    personas = {p: u for p, u in ctx.users.items() if p in routes and p != "public"}
    tokens = {p: ApiToken.issue(u)[1] for p, u in personas.items()}
    officer = ctx.user("officer")
    scope_for(officer)
    open_assignments = list(
        Assignment.objects.visible_to(officer)
        .filter(
            organisation__memberships__user=officer,
            plan__stage=PlanStage.ISSUED,
            stage__in=[AssignmentStage.ASSIGNED, AssignmentStage.IN_PROGRESS],
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[:200]
    )
    body = public_bodies().values_list("pk", flat=True).first()
    plan = {
        "password": DEMO_PASSWORD,
        "login_url": reverse("accounts:login"),
        "bell_url": reverse("notifications:bell"),
        "usernames": {p: u.username for p, u in personas.items()},
        "tokens": tokens,
        "routes": routes,
        "assignments": open_assignments,
        "public_body": body,
        "skipped": skipped,
    }
    out.write_text(json.dumps(plan, ensure_ascii=False, indent=1))


# --- the run ----------------------------------------------------------------------------------------


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def render(result: dict) -> str:
    rows = [r for r in result["stats"] if r["name"] != "Aggregated"]
    total = next((r for r in result["stats"] if r["name"] == "Aggregated"), None)
    lines = [
        START,
        f"### {result['name']} · {result['date']} · {result['users']} users · {result['run_time']}",
        "",
        f"Command: `{result['command']}`. Database `{result['database']}` (PostgreSQL "
        f"{result['pg_version']}), gunicorn {result['workers']} sync workers, DEBUG off, locust "
        f"{result['locust']} on the same machine; think time {result['wait']} s per user. Load average "
        f"before {result['load_before']}, after {result['load_after']} (2 cores, shared with other sessions).",
        "",
        "| Route | Requests | Failures | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(rows, key=lambda r: (-r["p95_ms"], r["name"])):
        lines.append(
            f"| {r['type']} {r['name']} | {r['requests']:,} | {r['failures']} | {r['p50_ms']:.0f} | "
            f"{r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['max_ms']:.0f} |"
        )
    if total:
        lines += [
            f"| **all** | **{total['requests']:,}** | **{total['failures']}** | **{total['p50_ms']:.0f}** | "
            f"**{total['p95_ms']:.0f}** | **{total['p99_ms']:.0f}** | **{total['max_ms']:.0f}** |",
            "",
            f"Throughput {total['rps']} requests/s; errors: {result['errors']}"
            + (" (zero, as required)." if result["errors"] == 0 else " — see the JSON for each failure."),
        ]
    lines += [
        f"Worker RSS at the end: {', '.join(str(x) for x in result['worker_rss_mb'])} MB "
        f"(target < 250 MB). Writes during the run: {result['writes']}.",
        f"Raw figures: `{result['json']}`.",
        END,
    ]
    return "\n".join(lines)


def update_doc(block: str) -> None:
    text = DOC.read_text()
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n## Load test\n\n" + block + "\n"
    DOC.write_text(text)


def run(args: argparse.Namespace) -> int:
    from benchmarks.run import Server, env_for, manage

    smoke = args.smoke
    name = args.database or ("dvk_loadtest_smoke" if smoke else "dvk_loadtest_province")
    scale = args.scale or ("small" if smoke else "province")
    source = "" if smoke else args.source
    url = copy_or_generate(name, source, scale, args.seed, args.fresh)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    plan = OUT_DIR / f"plan-{name}.json"
    log("== plan (routes per persona, tokens, open assignments)")
    subprocess.run(
        [sys.executable, __file__, "plan", "--out", str(plan)], cwd=ROOT, env=env_for(url), check=True
    )
    planned = json.loads(plan.read_text())
    for line in planned["skipped"]:
        log(f"   skipped {line}")
    log("== collectstatic")
    manage(url, "collectstatic", "--noinput", "-v", "0")
    server = Server(url, args.workers)
    prefix = OUT_DIR / f"{name}"
    final = OUT_DIR / f"{name}-final.json"
    final.unlink(missing_ok=True)
    load_before = load_average()
    started = time.monotonic()
    try:
        server.wait()
        log(f"== locust: {args.users} users, {args.run_time}, http://127.0.0.1:{server.port}")
        env = env_for(
            url,
            LOADTEST_PLAN=str(plan),
            LOADTEST_WAIT_MIN=str(args.wait[0]),
            LOADTEST_WAIT_MAX=str(args.wait[1]),
            LOADTEST_RESULTS=str(final),
        )
        subprocess.run(
            [
                str(Path(sys.executable).parent / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.run_time,
                "--host",
                f"http://127.0.0.1:{server.port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "30",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        rss = server.rss_mb()
    finally:
        server.stop()
    load_after = load_average()
    if not final.exists():
        log("FAILED: locust wrote no final figures")
        return 1
    figures = json.loads(final.read_text())
    stats, failures = figures["stats"], figures["failures"]
    errors = sum(r["failures"] for r in stats if r["name"] != "Aggregated")
    writes = {r["name"]: r["requests"] for r in stats if r["type"] == "POST" and "log in" not in r["name"]}
    import locust  # the version only

    date = dt.datetime.now().astimezone().date().isoformat()
    result = {
        "name": f"postgres · {scale}" + (" (smoke)" if smoke else ""),
        "date": date,
        "command": "make loadtest-smoke" if smoke else "make loadtest",
        "database": name,
        "pg_version": _pg("show server_version")[0][0],
        "users": args.users,
        "run_time": args.run_time,
        "wall_s": round(time.monotonic() - started, 1),
        "workers": args.workers,
        "wait": f"{args.wait[0]:g}–{args.wait[1]:g}",
        "locust": locust.__version__,
        "load_before": load_before,
        "load_after": load_after,
        "worker_rss_mb": rss,
        "errors": errors,
        "failures": failures,
        "writes": ", ".join(f"{k}: {v}" for k, v in sorted(writes.items())) or "none",
        "stats": stats,
    }
    results_dir = ROOT / "benchmarks" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"{date}-loadtest-{'smoke' if smoke else scale}.json"
    result["json"] = str(out.relative_to(ROOT))
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    block = render(result)
    log(block)
    if not smoke and not args.no_doc:
        update_doc(block)
        log(f"docs: {DOC.relative_to(ROOT)} updated")
    if errors:
        log(f"FAILED: {errors} failed request(s)")
        for f in failures:
            log(f"  {f['count']}× {f['method']} {f['name']}: {f['error']}")
        return 1
    if not any(r["requests"] for r in stats):
        log("FAILED: no request was made")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command")
    plan = sub.add_parser("plan", help="(internal) write the plan, inside Django")
    plan.add_argument("--out", required=True)
    parser.add_argument("--smoke", action="store_true", help="10 users, 60 s, a small database (CI)")
    parser.add_argument("--users", type=int)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--run-time")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", help="PostgreSQL database to run on (default by --smoke)")
    parser.add_argument("--source", default="dvk_bench_province", help="database to copy (template)")
    parser.add_argument("--scale", help="scale to generate if the database lacks it")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--fresh", action="store_true", help="drop the load-test database first")
    parser.add_argument("--wait", type=float, nargs=2, default=(3.0, 10.0), metavar=("MIN", "MAX"))
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "plan":
        write_plan(Path(args.out))
        return 0
    args.users = args.users or (10 if args.smoke else 50)
    args.run_time = args.run_time or ("60s" if args.smoke else "10m")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
