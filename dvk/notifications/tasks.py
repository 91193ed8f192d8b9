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
    """Create one notification per user (skipping a repeated dedupe_key) and e-mail it. Returns the count.

    Safe to run again with the same arguments (a retried task): the row of a user already served
    is not created twice, and the e-mail is claimed (`emailed_at` set) before it is sent, so it is
    sent at most once — a worker killed between the claim and the SMTP answer loses that one copy
    rather than sending it twice; the in-app row stands either way.
    """
    created = 0
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
    for user in users:
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    user=user, title=title, body=body, url=url, kind=kind, dedupe_key=dedupe_key
                )
            created += 1
        except IntegrityError:  # this digest or reminder was already delivered (or this run retried)
            found = Notification.objects.filter(user=user, dedupe_key=dedupe_key).first()
            if found is None:
                continue
            note = found
        if email and user.email and _claim_email(note):
            try:
                send_mail(
                    note.title,
                    f"{note.body}\n\n{note.url}".strip(),
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            except OSError:  # SMTP down: the in-app copy stands; the log tells the admin
                Notification.objects.filter(pk=note.pk).update(emailed_at=None)
                log.exception("e-mail to %s failed", user.pk)
    return created


def _claim_email(note: Notification) -> bool:
    """Mark the e-mail of `note` as sent, once: False if another run already did."""
    return bool(
        Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    )
