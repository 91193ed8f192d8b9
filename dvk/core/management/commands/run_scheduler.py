"""A small idempotent scheduler: every domain app lists ScheduledJobs (DomainAppConfig.schedule);
each is enqueued once per time slot. A unique (name, slot) row makes the slot claim atomic, so
several scheduler processes never enqueue the same run twice."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from dvk.core.models import ScheduledRun
from dvk.core.plugins import domain_apps
from dvk.core.tasks_recovery import requeue_abandoned


def due_jobs():
    return [job for cfg in domain_apps() for job in cfg.schedule]


def tick(now=None) -> list[str]:
    """Enqueue every job whose current slot has not run yet; return the names enqueued. Tasks a
    dead worker left RUNNING are put back in the queue first (dvk.core.tasks_recovery)."""
    now = now or timezone.now()
    requeue_abandoned(now=now)
    started = []
    for job in due_jobs():
        slot = int(now.timestamp() // (job.every_minutes * 60))
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=job.name, slot=slot)
        except IntegrityError:
            continue
        import_string(job.task).enqueue(**job.kwargs)
        started.append(job.name)
    return started


class Command(BaseCommand):
    help = "Enqueue periodic jobs (reminders, deadline alerts) on their schedule."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run one tick and exit")
        parser.add_argument("--interval", type=int, default=30, help="seconds between ticks")

    def handle(self, *args, once=False, interval=30, **options):
        while True:
            for name in tick():
                self.stdout.write(f"{timezone.localtime():%H:%M:%S} enqueued {name}")
            if once:
                return
            time.sleep(interval)
