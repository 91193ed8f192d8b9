#!/usr/bin/env python
"""Benchmark harness: `make bench BENCH_ARGS="--database sqlite --scale province --requests 200"`.

1. prepares a dedicated database (var/bench/<scale>.sqlite3, or PostgreSQL dvk_bench for the
   national scale and dvk_bench_<scale> otherwise), migrates it and runs generate_data unless
   the same scale and seed are already loaded; the same for the 1,000-row "small" scale;
2. probes in-process (benchmarks/probe.py): query counts per request at both scales, each
   route's main query timed through a cursor, sessions and API tokens for the personas;
3. collects static files and starts gunicorn (2 workers, DEBUG off) on 127.0.0.1:<free port>;
4. per route: warm-up, then N sequential requests; p50/p95; the same for the Django admin
   changelist with the same filter (superuser); optionally a soak of M requests; worker RSS;
5. writes benchmarks/results/<date>-<db>-<scale>.json and the table in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BENCH_DIR = ROOT / "var" / "bench"
RESULTS = ROOT / "benchmarks" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
SECRET = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 (local benchmark server)
BENCH_VAULT_KEY = "ONziAV62gcjlj6R6psx3L0cwNPDm1wdwCEsq0WF2Hog="  # benchmark data only, never a real key
BENCH_VAULT_INDEX_KEY = "benchmark-only-vault-index-key-0123456789abcdef"  # noqa: S105
PG = "postgres://postgres@127.0.0.1:5432/"


def log(msg: str) -> None:
    print(msg, flush=True)


# --- databases ---------------------------------------------------------------------------------


def db_url(database: str, scale: str, name: str | None = None) -> str:
    """SQLite file under var/bench/ (BENCH_DIR) or a PostgreSQL database of its own."""
    if database == "sqlite":
        return f"sqlite:///{BENCH_DIR / f'{name or scale}.sqlite3'}"
    return PG + (name or ("dvk_bench" if scale == "national" else f"dvk_bench_{scale}"))


def env_for(url: str, **extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("PYTEST") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        DATABASE_URL=url,
        DEBUG="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SETTINGS_MODULE=os.environ.get("BENCH_SETTINGS", "benchmarks.settings"),
        AXES_ENABLED="false",
        # Production settings refuse to start without the identity vault's own keys (docs/security.md).
        DVK_VAULT_KEYS=BENCH_VAULT_KEY,
        DVK_VAULT_INDEX_KEY=BENCH_VAULT_INDEX_KEY,
        ALLOW_PLAIN_HTTP="true",  # gunicorn on 127.0.0.1 without TLS: cookies must not be Secure
        DVK_REQUIRE_TOTP="false",  # the demo personas log in with the password only
        LOG_LEVEL="ERROR",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("BENCH_PYTHONPATH")])),
        CONN_MAX_AGE="600",
    )
    env.update(extra)
    return env


def manage(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env_for(url), check=check, text=True, capture_output=False
    )


def ensure_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def is_generated(url: str, scale: str, seed: int) -> bool:
    code = (
        f"from dvk.core.models import SeedRecord; import sys; "
        f"sys.exit(0 if SeedRecord.objects.filter(name='generate_data:{scale}:{seed}').exists() else 3)"
    )
    return (
        subprocess.run(
            [PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env_for(url), capture_output=True, text=True
        ).returncode
        == 0
    )


def prepare(database: str, scale: str, seed: int, skip_generate: bool) -> tuple[str, float | None]:
    url = db_url(database, scale)
    if database == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
    else:
        ensure_pg_database(url.rsplit("/", 1)[1])
    log(f"== database {url}")
    manage(url, "migrate", "--noinput", "-v", "0")
    if skip_generate or is_generated(url, scale, seed):
        log(f"   scale {scale} seed {seed}: using the data already there")
        return url, None
    started = time.monotonic()
    manage(url, "generate_data", "--scale", scale, "--seed", str(seed))
    return url, time.monotonic() - started


def probe(url: str, sessions: bool) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    args = [PY, "benchmarks/probe.py", "--out", out] + (["--sessions"] if sessions else [])
    subprocess.run(args, cwd=ROOT, env=env_for(url), check=True)
    data = json.loads(Path(out).read_text())
    os.unlink(out)
    return data


# --- HTTP ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, workers: int):
        self.port = free_port()
        self.url = url
        self.proc = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "config.wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
                "--error-logfile",
                "-",
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env_for(url),
        )

    def wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                status, _ = request(self.port, "/healthz", {})
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not become healthy")

    def workers(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def rss_mb(self) -> list[float]:
        out = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out.append(round(int(line.split()[1]) / 1024, 1))
        return out

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def request(port: int, path: str, headers: dict[str, str]) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        conn.close()


def headers_for(persona: str, api: bool, auth: dict) -> dict[str, str]:
    if persona == "public":
        return {}
    if api:
        return {"Authorization": f"Bearer {auth['tokens'][persona]}"}
    return {"Cookie": f"sessionid={auth['sessions'][persona]}"}


def measure(port: int, path: str, headers: dict[str, str], warmup: int, n: int) -> dict:
    for _ in range(warmup):
        request(port, path, headers)
    samples, statuses = [], {}
    for _ in range(n):
        start = time.perf_counter()
        status, _size = request(port, path, headers)
        samples.append((time.perf_counter() - start) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))], 2),
        "max_ms": round(samples[-1], 2),
        "n": n,
        "statuses": {str(k): v for k, v in statuses.items()},
    }


def soak(port: int, plan: list[tuple[str, dict]], total: int, threads: int = 2) -> float:
    """Send `total` requests round-robin over the routes from `threads` clients; return seconds."""
    counter = iter(range(total))
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            path, headers = plan[i % len(plan)]
            request(port, path, headers)

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return time.monotonic() - started


# --- machine and report -------------------------------------------------------------------------


def machine(full: dict) -> dict:
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "django": full.get("django"),
        "db": full.get("vendor"),
        "db_version": full.get("db_version"),
        "kernel": platform.release(),
    }


def verdicts(route: dict) -> dict:
    out = {}
    if "p95_ms" in route:
        out["p95"] = route["p95_ms"] <= route["target_ms"]
    if route.get("queries") is not None:
        out["queries"] = route["queries"] <= 15 and route.get("queries_small") == route["queries"]
    if route.get("ratio_raw_sql") is not None:
        out["raw_sql"] = route["ratio_raw_sql"] <= 3
    if route.get("ratio_admin") is not None:
        out["admin"] = route["ratio_admin"] <= 0.5
    return out


def print_table(routes: list[dict]) -> None:
    log("")
    log(f"{'route':<34} {'p50':>8} {'p95':>8} {'target':>6} {'q':>3} {'q1k':>4} {'xSQL':>7} {'xAdmin':>7}")
    for r in routes:
        if "skipped" in r or ("error" in r and "p50_ms" not in r):
            log(f"{r['name']:<34} {'SKIPPED: ' + r['skipped'] if 'skipped' in r else 'ERROR: ' + r['error']}")
            continue
        log(
            f"{r['name']:<34} {r.get('p50_ms', '-'):>8} {r.get('p95_ms', '-'):>8} {r['target_ms']:>6} "
            f"{r.get('queries', '-'):>3} {r.get('queries_small', '-')!s:>4} {r.get('ratio_raw_sql') or '-'!s:>7} "
            f"{r.get('ratio_admin') or '-'!s:>7}"
        )


def fmt_ok(ok: bool | None) -> str:
    return "" if ok is None else (" ✅" if ok else " ❌")


def update_doc(result: dict, json_path: Path) -> None:
    key = f"{result['database']}-{result['scale']}"
    m = result["machine"]
    lines = [
        f"<!-- bench:{key} -->",
        f"### {result['database']} · {result['scale']} · {result['date']}",
        "",
        f"Command: `{result['command']}`  ",
        f"Machine: {m['nproc']} cores, {m['ram_gb']} GB RAM, Python {m['python']}, Django {m['django']}, "
        f"{m['db']} {str(m['db_version']).split(' on ')[0]}  ",
        f"Data: {result.get('rows_note', '')}  ",
        f"Generation: {result['generation_s'] if result['generation_s'] is not None else 'already loaded'}"
        f"{' s' if result['generation_s'] is not None else ''}; requests per route: {result['requests']} "
        f"after {result['warmup']} warm-up; raw file: `{json_path.relative_to(ROOT)}`",
        "",
        "| Route | Persona | p50 ms | p95 ms | Target p95 | Queries (full / 1k) | p50 ÷ raw SQL | p50 ÷ admin |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["routes"]:
        if "skipped" in r or "error" in r:
            lines.append(
                f"| {r['name']} | {r['persona']} | — | — | {r['target_ms']} | "
                f"{'skipped: ' + r['skipped'] if 'skipped' in r else 'error: ' + r['error'][:80]} | | |"
            )
            continue
        v = r.get("verdicts", {})
        raw = (
            f"{r['ratio_raw_sql']}× ({r['raw_sql_ms']} ms){fmt_ok(v.get('raw_sql'))}"
            if r.get("ratio_raw_sql")
            else "—"
        )
        adm = (
            f"{r['ratio_admin']} (admin {r['admin_p50_ms']} ms){fmt_ok(v.get('admin'))}"
            if r.get("ratio_admin")
            else "—"
        )
        lines.append(
            f"| {r['name']} | {r['persona']} | {r['p50_ms']} | {r['p95_ms']}{fmt_ok(v.get('p95'))} | "
            f"{r['target_ms']} | {r['queries']} / {r.get('queries_small', '—')}{fmt_ok(v.get('queries'))} | "
            f"{raw} | {adm} |"
        )
    rss = result.get("worker_rss_mb")
    lines += [
        "",
        f"Worker RSS after {result['total_requests']:,} requests: {rss} MB"
        f"{fmt_ok(max(rss) < 250 if rss else None)} (target < 250 MB after 10,000).",
        f"<!-- /bench:{key} -->",
    ]
    block = "\n".join(lines)
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n\n## Results\n"
    start, end = f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text)


# --- main -----------------------------------------------------------------------------------------


def measure_route(r: dict, port: int, auth: dict, args: argparse.Namespace, queries_small: int | None) -> int:
    """Measure one route (and its admin changelist unless --no-admin) into `r`; return the requests sent."""
    r["queries_small"] = queries_small
    if "skipped" in r or "error" in r:
        log(
            f"-- {r['name']}: {'skipped (' + r['skipped'] + ')' if 'skipped' in r else 'ERROR ' + r['error']}"
        )
        return 0
    log(f"-- {r['name']}: {r['url']}")
    r.update(measure(port, r["url"], headers_for(r["persona"], r["api"], auth), args.warmup, args.requests))
    sent = args.warmup + args.requests
    if set(r["statuses"]) != {"200"}:
        r["error"] = f"HTTP statuses {r['statuses']} (expected only 200)"
        log(f"   {r['error']}")
    if r.get("raw_sql_ms"):
        r["ratio_raw_sql"] = round(r["p50_ms"] / max(r["raw_sql_ms"], 0.001), 1)
    if r.get("admin_url") and not args.no_admin:
        adm = measure(port, r["admin_url"], headers_for("admin", False, auth), args.warmup, args.requests)
        r["admin_p50_ms"], r["admin_p95_ms"], r["admin_statuses"] = (
            adm["p50_ms"],
            adm["p95_ms"],
            adm["statuses"],
        )
        r["ratio_admin"] = round(r["p50_ms"] / max(adm["p50_ms"], 0.001), 2)
        sent += args.warmup + args.requests
    r["verdicts"] = verdicts(r)
    return sent


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", default="province", choices=["tiny", "small", "province", "national"])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--requests", type=int, default=200, help="measured requests per route")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per route")
    parser.add_argument("--soak", type=int, default=0, help="extra requests before reading worker RSS")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-generate", action="store_true", help="use the database as it is")
    parser.add_argument("--compare-scale", default="small", help="scale for the constant-query check")
    parser.add_argument("--no-admin", action="store_true", help="skip the admin changelist comparison")
    parser.add_argument("--no-doc", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--output", help="JSON path (default benchmarks/results/<date>-<db>-<scale>.json)")
    parser.add_argument("--bench-dir", help="directory of the SQLite benchmark databases (default var/bench)")
    parser.add_argument(
        "--only",
        help="measure only the routes whose name contains one of these comma-separated texts (case-insensitive)",
    )
    args = parser.parse_args(argv)
    if args.only:
        os.environ["BENCH_ONLY"] = args.only  # read by benchmarks/probe.py (env_for passes it on)
    if args.bench_dir:
        global BENCH_DIR
        BENCH_DIR = Path(args.bench_dir)
    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])

    url, gen_s = prepare(args.database, args.scale, args.seed, args.skip_generate)
    log("== collectstatic")
    manage(url, "collectstatic", "--noinput", "-v", "0")
    small = None
    if args.compare_scale and args.compare_scale != args.scale:
        small_url, _ = prepare(args.database, args.compare_scale, args.seed, False)
        log(f"== probe at {args.compare_scale} scale")
        small = probe(small_url, sessions=False)
    log(f"== probe at {args.scale} scale")
    full = probe(url, sessions=True)
    small_q = {r["name"]: r.get("queries") for r in (small or full)["routes"]}

    server = Server(url, args.workers)
    routes = full["routes"]
    total = 0
    try:
        server.wait()
        auth = full["auth"]
        for r in routes:
            total += measure_route(r, server.port, auth, args, small_q.get(r["name"]))
        if args.soak:
            plan = [
                (r["url"], headers_for(r["persona"], r["api"], auth))
                for r in routes
                if "skipped" not in r and "error" not in r
            ]
            log(f"== soak: {args.soak} requests over {len(plan)} routes")
            secs = soak(server.port, plan, args.soak)
            total += args.soak
            log(f"   {args.soak / secs:.0f} requests/s")
        rss = server.rss_mb()
    finally:
        server.stop()

    print_table(routes)
    log(f"\nworker RSS after {total} requests: {rss} MB")
    date = dt.datetime.now().astimezone().date().isoformat()
    result = {
        "date": date,
        "database": args.database,
        "scale": args.scale,
        "seed": args.seed,
        "command": command,
        "requests": args.requests,
        "warmup": args.warmup,
        "soak": args.soak,
        "total_requests": total,
        "generation_s": round(gen_s, 1) if gen_s is not None else None,
        "machine": machine(full),
        "worker_rss_mb": rss,
        "routes": [{k: v for k, v in r.items() if k != "traceback"} for r in routes],
        "errors": {r["name"]: r.get("traceback") for r in routes if "error" in r},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = Path(args.output) if args.output else RESULTS / f"{date}-{args.database}-{args.scale}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    log(f"results: {path}")
    if not args.no_doc:
        update_doc(result, path)
    return path


if __name__ == "__main__":
    main()
