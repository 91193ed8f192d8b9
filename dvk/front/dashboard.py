"""Home widgets: open and overdue supervision recommendations, critiques awaiting answers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.core.dashboard import Widget
from dvk.front import selectors
from dvk.front.models import Critique, Recommendation
from dvk.front.workflow import CritiqueStage


def widgets(user: Any) -> list[Widget]:
    if not user.has_perm("front.view"):
        return []
    counts = selectors.recommendation_counts(Recommendation.objects.visible_to(user))
    if not counts["total"] and not Critique.objects.visible_to(user).exists():
        return []
    waiting = Critique.objects.visible_to(user).filter(stage=CritiqueStage.SENT).count()
    return [
        Widget(
            _("Supervision recommendations"),
            counts["open"],
            reverse("front:recommendation_list") + "?open=1",
            "binoculars",
            detail=_("awaiting an answer"),
            rows=[
                (_("Overdue"), counts["overdue"]),
                (_("Escalated"), counts["escalated"]),
                (_("Closed"), counts["closed"]),
                (_("Critiques awaiting answers"), waiting),
            ],
            order=60,
        )
    ]
