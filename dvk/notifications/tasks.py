"""Background delivery: in-app rows and e-mail copies, run by the worker after commit."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from dvk.notifications.models import Notification

log = logging.getLogger(__name__)


@task()
def deliver(
    user_ids: list[int],
    title: str,
    body: str = "",
    url: str = "",
    kind: str = "",
    dedupe_key: str = "",
    email: bool = True,
) -> int:
    """Create one notification per user (skipping a repeated dedupe_key) and e-mail it. Returns the count."""
    created = 0
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    for user in users:
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    user=user, title=title, body=body, url=url, kind=kind, dedupe_key=dedupe_key
                )
        except IntegrityError:
            continue  # this digest or reminder was already delivered
        created += 1
        if email and user.email:
            try:
                send_mail(title, f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [user.email])
                Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
            except OSError:  # SMTP down: the in-app copy stands; the log tells the admin
                log.exception("e-mail to %s failed", user.pk)
    return created
