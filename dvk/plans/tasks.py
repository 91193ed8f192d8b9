"""Background jobs, enqueued by `run_scheduler` (PlansConfig.schedule)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from dvk.plans.services import send_reminder_digests


@task()
def send_reminders(on: str = "") -> int:
    """Send today's reminder digests (idempotent per user and day); returns the users notified."""
    return send_reminder_digests(dt.date.fromisoformat(on) if on else None)
