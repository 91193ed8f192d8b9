"""Background jobs, enqueued by `run_scheduler` (VotersConfig.schedule). Both are idempotent."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from dvk.voters import services


@task()
def open_sessions(on: str = "") -> int:
    """Open the sessions whose day has come (system actor); each regular one takes over what is
    still unresolved from earlier sessions. Returns the sessions opened."""
    return services.open_due_sessions(dt.date.fromisoformat(on) if on else None)


@task()
def send_reminders(on: str = "") -> int:
    """Today's digest to the bodies late with an answer (one per user and day)."""
    return services.send_reminder_digests(dt.date.fromisoformat(on) if on else None)
