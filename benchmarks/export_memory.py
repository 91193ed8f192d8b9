"""Peak memory of a large list export: the background writer (dvk.exports.services.run, what the
django-tasks worker runs) streaming a 100,000-row list into an XLSX file with openpyxl's
write-only mode. Required: peak RSS ≤ 300 MB (issue 11).

    .venv/bin/python benchmarks/export_memory.py [--rows 100000] [--keep DIR]

A scratch SQLite database is made in a temporary folder (migrated, 1 administrator, N audit events
of a realistic shape: action, target, changes described with labels), then a fresh process —
nothing else in it — runs the export of the audit trail list (`audit.list`: every row described
by dvk.audit.presentation, one batch of 2,000 at a time) and prints its numbers: rows, seconds,
file size, resident memory before the export (Django loaded) and at its peak (ru_maxrss)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DVK_VAR_DIR=str(folder),
        MEDIA_ROOT=str(folder / "media"),
        DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
        DEBUG="false",  # no query log growing with the export
        SECRET_KEY="benchmark-only-" + "k" * 40,
        DVK_VAULT_ENABLED="false",
        ALLOWED_HOSTS="localhost",
        PYTHONPATH=str(ROOT),
    )
    return env


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def setup(rows: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from dvk.accounts.models import User
    from dvk.audit.models import AuditEvent

    User.objects.create_superuser("bench.admin", "bench@example.invalid", "bench-password-123")
    batch = []
    for i in range(rows):
        batch.append(
            AuditEvent(
                actor_name="xa.a",
                action="exemplars.register" if i % 2 else "plans.issue",
                target_type="exemplars.exemplar",
                target_id=str(i),
                target_repr=f"Mô hình “Dân vận khéo” số {i}: vận động Nhân dân hiến đất làm đường giao thông nông thôn",
                changes={"stage": ["draft", "registered"], "title": ["", f"Mô hình số {i}"]},
                ip_address="127.0.0.1",
            )
        )
        if len(batch) == 5000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)


def export() -> dict:
    import django

    django.setup()
    from dvk.accounts.models import User
    from dvk.core import listing
    from dvk.exports import services
    from dvk.exports.models import ExportJob

    spec = listing.get("audit.list")
    assert spec is not None, "the audit app declares its list in dvk/audit/lists.py"
    user = User.objects.get(username="bench.admin")
    job = ExportJob.objects.create(
        user=user,
        list_name=spec.name,
        title=str(spec.title),
        params={},
        background=True,
        filename="bench.xlsx",
    )
    before = _rss_mb()
    start = time.perf_counter()
    services.run(job)
    seconds = time.perf_counter() - start
    job.refresh_from_db()
    return {
        "status": job.status,
        "rows": job.done,
        "seconds": round(seconds, 1),
        "file_mb": round(job.path.stat().st_size / 1e6, 1) if job.path.exists() else None,
        "rss_before_export_mb": round(before, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", help="folder for the scratch database (kept); a temporary one otherwise")
    parser.add_argument("--phase", choices=["setup", "export"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "setup":
        setup(args.rows)
        return
    if args.phase == "export":
        print(json.dumps(export()))
        return
    with tempfile.TemporaryDirectory(prefix="dvk-export-bench-") as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        env = _env(folder)
        me = [sys.executable, str(Path(__file__).resolve())]
        t = time.perf_counter()
        subprocess.run([*me, "--phase", "setup", "--rows", str(args.rows)], env=env, check=True, cwd=ROOT)
        print(f"scratch database with {args.rows:,} audit events: {time.perf_counter() - t:.0f} s")
        out = subprocess.run(
            [*me, "--phase", "export"], env=env, check=True, cwd=ROOT, capture_output=True, text=True
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        for key, value in result.items():
            print(f"{key}: {value}")
        verdict = "OK" if result["peak_rss_mb"] <= 300 and result["status"] == "done" else "FAIL"
        print(f"peak RSS {result['peak_rss_mb']} MB (limit 300 MB): {verdict}")
        if verdict != "OK":
            sys.exit(1)


if __name__ == "__main__":
    main()
