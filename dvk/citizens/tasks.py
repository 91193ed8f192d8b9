"""Background jobs, enqueued by `run_scheduler` (CitizensConfig.schedule)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from dvk.citizens import services


@task()
def deadline_alerts(on: str = "") -> int:
    """Today's deadline digests (one per person and day; a second run sends nothing new)."""
    return services.send_deadline_alerts(dt.date.fromisoformat(on) if on else None)


@task()
def prolonged_flags(on: str = "") -> int:
    """Apply the kéo dài rule to open cases; returns the cases newly flagged."""
    return services.refresh_prolonged(dt.date.fromisoformat(on) if on else None)
