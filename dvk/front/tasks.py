"""Background jobs, enqueued by `run_scheduler` (FrontConfig.schedule)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from dvk.front.services import escalate_overdue, send_recommendation_digests


@task()
def escalate_overdue_recommendations(on: str = "") -> int:
    """Escalate (system actor) every recommendation past its answer date; returns how many."""
    return escalate_overdue(dt.date.fromisoformat(on) if on else None)


@task()
def send_recommendation_reminders(on: str = "") -> int:
    """Today's digest to the bodies with recommendations due soon or overdue; returns the users notified."""
    return send_recommendation_digests(dt.date.fromisoformat(on) if on else None)
