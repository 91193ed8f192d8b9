"""Tasks left behind by a worker that died (killed, out of memory, machine restarted).

django-tasks' database backend claims a task by setting it RUNNING and never looks at it again: if
the worker is killed mid-task, the row stays RUNNING for ever and the work is never done. The
scheduler (`run_scheduler`, every tick) puts such rows back to READY once they have been running
longer than `DVK_TASK_ABANDONED_MINUTES` (30 by default: far longer than any task of the platform
takes), so another worker runs them again. Every task of the platform is safe to run twice:
notifications carry a delivery key (one row per user, the e-mail claimed before it is sent),
exports write a `.part` file renamed when complete, imports apply in one transaction and skip the
rows already imported.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)


def requeue_abandoned(minutes: float | None = None, now: dt.datetime | None = None) -> int:
    """Put tasks RUNNING for more than `minutes` back in the queue; return how many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    minutes = getattr(settings, "DVK_TASK_ABANDONED_MINUTES", 30) if minutes is None else minutes
    cutoff = (now or timezone.now()) - dt.timedelta(minutes=minutes)
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lte=cutoff)
    count = stale.update(status=TaskResultStatus.READY)
    if count:
        log.warning("requeued %s task(s) abandoned by a worker (running since before %s)", count, cutoff)
    return count
