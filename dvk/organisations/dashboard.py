"""Home dashboard widget of the organisations app: the bodies in the user's scope."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dvk.core.dashboard import Widget
from dvk.organisations.scoping import visible_organisations


def widgets(user: Any) -> list[Widget]:
    bodies = visible_organisations(user).current().count()
    return [Widget(_("Bodies in your scope"), bodies, reverse("organisations:list"), "diagram-3", order=90)]
