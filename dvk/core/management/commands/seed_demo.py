"""Load the demo province: every domain app's seeder, in order, each at most once."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from dvk.core.demo import DemoContext
from dvk.core.models import SeedRecord
from dvk.core.plugins import domain_apps


class Command(BaseCommand):
    help = "Load the demo province (idempotent: a second run neither fails nor duplicates)."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="app labels to seed (default: all)")

    def handle(self, *args, only=None, **options):
        ctx = DemoContext(log=lambda msg: self.stdout.write(msg) if options["verbosity"] else None)
        for cfg in sorted(domain_apps(), key=lambda c: c.demo_order):
            if not cfg.demo_seeder or (only and cfg.label not in only):
                continue
            if SeedRecord.objects.filter(name=cfg.label).exists():
                self.stdout.write(f"- {cfg.label}: already loaded") if options["verbosity"] else None
                continue
            self.stdout.write(f"- {cfg.label}: loading …") if options["verbosity"] else None
            with transaction.atomic():
                import_string(cfg.demo_seeder)(ctx)
                SeedRecord.objects.create(name=cfg.label)
        self.stdout.write(self.style.SUCCESS("Demo data ready.")) if options["verbosity"] else None
