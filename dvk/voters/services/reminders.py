"""Reminders to late answering bodies, and the bodies a petition may go to."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.notifications.services import notify
from dvk.organisations.models import Membership
from dvk.organisations.scoping import province_root
from dvk.organisations.selectors import members_by_body
from dvk.voters.models import (
    Forward,
    Petition,
)

# --- Reminders --------------------------------------------------------------------------------

Role = Membership.Role


def send_reminder_digests(today: dt.date | None = None) -> int:
    """One digest a day to the staff of each answering body with overdue forwards (dedupe per day)."""
    today = today or timezone.localdate()
    per_body: dict[int, list[str]] = defaultdict(list)
    for f in (
        Forward.objects.overdue(today)
        .select_related("petition")
        .order_by("organisation_id", "due_on", "id")
        .iterator(chunk_size=2000)
    ):
        per_body[f.organisation_id].append(
            f"- {f.petition.short_text} — "
            + _("overdue by %(n)s days") % {"n": (today - f.due_on).days}
            + ", "
            + _("due %(date)s") % {"date": f.due_on.strftime("%d/%m/%Y")}
        )
    staff = members_by_body(per_body, Role.WORK)
    url = reverse("voters:forwarded") + "?overdue=1"
    users = 0
    with transaction.atomic():
        for org_id, lines in per_body.items():
            ids = staff.get(org_id, [])
            if not ids:
                continue
            users += len(ids)
            notify(
                ids,
                title=_("Reminder: %(n)s voter petitions are awaiting your answer past the due date")
                % {"n": len(lines)},
                body="\n".join(lines[:50]),
                url=url,
                kind="voters.reminder",
                dedupe_key=f"voters.digest:{today}",
            )
    return users


def visible_bodies_for_forwarding(petition: Petition) -> Q:
    """Bodies a petition may be forwarded to: current bodies of its province, not the HĐND itself."""
    return Q(path__under=province_root(petition.org_path)) & ~Q(pk=petition.organisation_id)
