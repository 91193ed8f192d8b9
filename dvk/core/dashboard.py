"""Home dashboard widgets. Each domain app contributes `dashboard = "<app>.dashboard.widgets"`:
a callable(user) returning Widgets with real, scoped counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass
class Widget:
    title: Any
    value: Any
    url: str = ""
    icon: str = "bar-chart"
    detail: Any = ""
    rows: list[tuple[Any, Any]] = field(default_factory=list)
    order: int = 100


def widgets(user: Any) -> list[Widget]:
    from django.urls import reverse

    from dvk.notifications.models import Notification
    from dvk.organisations.scoping import visible_organisations

    bodies = visible_organisations(user).current().count()
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return [
        Widget(_("Bodies in your scope"), bodies, reverse("organisations:list"), "diagram-3", order=90),
        Widget(_("Unread notifications"), unread, reverse("notifications:list"), "bell", order=95),
    ]
