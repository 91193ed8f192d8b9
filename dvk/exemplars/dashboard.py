"""Home dashboard widget: the user's scoped exemplar counts by step."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.core.dashboard import Widget
from dvk.exemplars.models import Exemplar, council_ids_for
from dvk.exemplars.workflow import Stage
from dvk.organisations.scoping import scope_for


def widgets(user: Any) -> list[Widget]:
    scope = scope_for(user)
    if not (scope.everything or scope.grants):
        return []
    counts = Exemplar.objects.filter(scope.q("org_path")).aggregate(
        total=Count("id", filter=~Q(stage=Stage.DRAFT)),
        building=Count("id", filter=Q(stage=Stage.IN_PROGRESS)),
        waiting=Count("id", filter=Q(stage__in=[Stage.REGISTERED, Stage.NOMINATED])),
        review=Count("id", filter=Q(stage=Stage.UNDER_REVIEW)),
        recognised=Count("id", filter=Q(stage=Stage.RECOGNISED)),
        outstanding=Count("id", filter=Q(stage=Stage.RECOGNISED, outstanding=True)),
    )
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
    councils = council_ids_for(user)
    if councils:
        queue = Exemplar.objects.filter(stage=Stage.UNDER_REVIEW, current_nomination__council_id__in=councils)
        out.append(
            Widget(
                _("Nominations to score"),
                queue.count(),
                reverse("exemplars:queue"),
                "check2-square",
                order=21,
            )
        )
    return out
