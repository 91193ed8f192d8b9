"""Home dashboard widget: the user's scoped exemplar counts by step."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.core.dashboard import Widget
from dvk.exemplars import selectors
from dvk.exemplars.models import council_ids_for
from dvk.organisations.scoping import scope_for


def widgets(user: Any) -> list[Widget]:
    scope = scope_for(user)
    if not (scope.everything or scope.grants):
        return []
    counts = selectors.stage_counts(user=user)
    out = [
        Widget(
            _("Dân vận khéo models"),
            counts["total"],
            reverse("exemplars:list"),
            "award",
            rows=[
                (_("Being built"), counts["building"]),
                (_("Waiting for review"), counts["waiting"]),
                (_("Under council review"), counts["review"]),
                (_("Recognised"), counts["recognised"]),
                (_("Outstanding"), counts["outstanding"]),
            ],
            order=20,
        )
    ]
    if council_ids_for(user):
        out.append(
            Widget(
                _("Nominations to score"),
                selectors.to_score(user=user).count(),
                reverse("exemplars:queue"),
                "check2-square",
                order=21,
            )
        )
    return out
