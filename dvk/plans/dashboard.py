"""Home widgets: progress and late bodies for coordinators and leaders, open work for body staff."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.core.dashboard import Widget
from dvk.plans import selectors
from dvk.plans.models import Assignment
from dvk.plans.workflow import PlanStage


def widgets(user: Any) -> list[Widget]:
    out: list[Widget] = []
    if user.has_perm("plans.view_dashboard"):
        live = Assignment.objects.visible_to(user).filter(plan__stage=PlanStage.ISSUED)
        stats = selectors.progress(live)
        late = selectors.late_bodies(user)
        out.append(
            Widget(
                _("Progress of plans in force"),
                f"{stats['mean']}%",
                reverse("plans:matrix"),
                "graph-up",
                detail=_("%(n)s assignments") % {"n": stats["total"]},
                rows=[
                    (_("Accepted"), stats["accepted"]),
                    (_("Awaiting review"), stats["submitted"]),
                    (_("Overdue"), stats["overdue"]),
                ],
                order=20,
            )
        )
        out.append(
            Widget(
                _("Late bodies"),
                len(late),
                reverse("plans:matrix"),
                "exclamation-triangle",
                rows=late,
                order=21,
            )
        )
    if user.has_perm("plans.work_on_assignment"):
        mine = selectors.assignment_list(user=user, mine=True).open()
        overdue = mine.overdue().count()
        out.append(
            Widget(
                _("My open assignments"),
                mine.count(),
                reverse("plans:my_assignments"),
                "list-check",
                detail=_("%(n)s overdue") % {"n": overdue},
                order=22,
            )
        )
    return out
