"""manage.py generate_data --scale {tiny,small,province,national} --seed N [--database alias]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from dvk.core.models import SeedRecord
from dvk.scale.context import Progress
from dvk.scale.generate import marker, run
from dvk.scale.spec import SCALES


class Command(BaseCommand):
    help = "Fill the database with realistic, reproducible data at a given scale (bulk inserts, COPY on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="tiny")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument(
            "--force", action="store_true", help="generate even if this scale and seed are loaded"
        )

    def handle(self, *args, scale, seed, database, force, **options):
        if not force and SeedRecord.objects.using(database).filter(name=marker(scale, seed)).exists():
            raise CommandError(f"Scale '{scale}' with seed {seed} is already in this database (use --force).")
        run(scale, seed, using=database, progress=Progress(self.stdout, enabled=options["verbosity"] > 0))
