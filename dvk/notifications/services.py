"""notify(): schedule in-app and e-mail notifications to run after the current transaction commits."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from dvk.notifications.tasks import deliver


def notify(
    users: Iterable[Any],
    *,
    title: str,
    body: str = "",
    url: str = "",
    kind: str = "",
    dedupe_key: str = "",
    email: bool = True,
) -> None:
    ids = sorted({u if isinstance(u, int) else u.pk for u in users})
    if not ids:
        return
    # Every delivery carries a key, so a task run again (a worker killed mid-task, then requeued:
    # dvk.core.tasks_recovery) creates no second row and sends no second e-mail.
    key = dedupe_key or f"once:{uuid.uuid4().hex}"
    transaction.on_commit(lambda: deliver.enqueue(ids, str(title), str(body), url, kind, key, email))


def mark_read(*, user: Any, notification_id: int) -> bool:
    from django.utils import timezone

    from dvk.notifications.models import Notification

    return bool(
        Notification.objects.filter(user=user, pk=notification_id, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )
