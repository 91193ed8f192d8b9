"""Home dashboard widget of the notifications app: the user's unread notifications."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dvk.core.dashboard import Widget
from dvk.notifications.models import Notification


def widgets(user: Any) -> list[Widget]:
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return [Widget(_("Unread notifications"), unread, reverse("notifications:list"), "bell", order=95)]
