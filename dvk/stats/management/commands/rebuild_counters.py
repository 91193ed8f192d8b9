"""Recount the counters from the rows (after a bulk load that bypassed save(), or to repair drift)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from dvk.stats import counters


class Command(BaseCommand):
    help = "Recount dvk.stats counters from every domain's rows (or only the named domains)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("domains", nargs="*", help="domain names (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        read = counters.rebuild(options["domains"] or None)
        if options["verbosity"]:
            for domain, n in sorted(read.items()):
                self.stdout.write(f"{domain}: {n} rows")
            self.stdout.write(f"rebuilt in {time.monotonic() - started:.1f} s")
