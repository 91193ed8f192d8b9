"""Deadline alerts: one daily digest per person."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.citizens.models import (
    Case,
    Policy,
)
from dvk.citizens.services.deadlines import _today
from dvk.citizens.workflow import OPEN_STAGES
from dvk.notifications.services import notify
from dvk.organisations.models import Membership
from dvk.organisations.selectors import members_by_body

# --- deadline alerts -------------------------------------------------------------------------------


def alert_items(today: dt.date) -> list[tuple[Case, int]]:
    """(case, days left) for the open cases that a tier selects today: N days before the
    deadline (the policy's tiers), on the day, and every day while overdue."""
    tiers = Policy.current().tiers()
    wanted = [today + dt.timedelta(days=n) for n in tiers] + [today]
    qs = Case.objects.filter(stage__in=OPEN_STAGES, due_on__isnull=False).filter(
        Q(due_on__in=wanted) | Q(due_on__lt=today)
    )
    return [
        (c, (c.due_on - today).days)
        for c in qs.select_related("letter", "organisation").order_by("due_on", "id")
    ]


def send_deadline_alerts(today: dt.date | None = None) -> int:
    """One digest per person per day (handler and the body's leaders); idempotent per day."""
    today = today or _today()
    items = alert_items(today)
    leaders = members_by_body((c.organisation_id for c, _d in items), Membership.Role.LEAD)
    per_user: dict[int, list[str]] = defaultdict(list)
    for case, days in items:
        if days < 0:
            when = _("overdue by %(n)s days") % {"n": -days}
        elif days == 0:
            when = _("due today")
        else:
            when = _("due in %(n)s days") % {"n": days}
        deadline = _("deadline %(date)s") % {"date": f"{case.due_on:%d/%m/%Y}"}
        line = f"- {case.letter.receipt_number} {case.get_kind_display()} ({case.organisation.name}): {when}, {deadline}"
        people = set(leaders.get(case.organisation_id, []))
        if case.handler_id:
            people.add(case.handler_id)
        for user_id in people:
            per_user[user_id].append(line)
    url = reverse("citizens:worklist")
    with transaction.atomic():
        for user_id, lines in per_user.items():
            notify(
                [user_id],
                title=_("Citizens' cases: %(n)s need your attention") % {"n": len(lines)},
                body="\n".join(lines),
                url=url,
                kind="citizens.deadline",
                dedupe_key=f"citizens.digest:{today}",
            )
    return len(per_user)
