"""Home widgets: the handler's open cases, and for leaders and the Ban the overdue, đông người and
kéo dài cases and the reception sessions missed last period."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.citizens import selectors
from dvk.citizens.models import Case
from dvk.citizens.workflow import OPEN_STAGES
from dvk.core.dashboard import Widget
from dvk.core.paging import capped_count
from dvk.stats.counters import prefixes_for


def widgets(user: Any) -> list[Widget]:
    out: list[Widget] = []
    if not user.has_perm("citizens.view"):
        return out
    today = timezone.localdate()
    url = reverse("citizens:worklist")
    if user.has_perm("citizens.handle_case"):
        mine = Case.objects.filter(handler=user, stage__in=OPEN_STAGES)
        n, _exact = capped_count(mine)
        late, _e = capped_count(mine.filter(due_on__lt=today))
        out.append(
            Widget(
                _("My citizens' cases"),
                n,
                url + "?mine=1",
                "person-lines-fill",
                detail=_("%(n)s overdue") % {"n": late},
                order=40,
            )
        )
    if user.has_perm("citizens.monitor"):
        # exact, from the counts kept on write (the cases the monitoring view follows)
        now = selectors.open_now(prefixes_for(user), today)
        overdue, crowd, prolonged = now["overdue"], now["crowd"], now["prolonged"]
        out.append(
            Widget(
                _("Citizens' cases overdue"),
                overdue,
                url + "?overdue=1",
                "exclamation-octagon",
                rows=[(_("Đông người"), crowd), (_("Kéo dài"), prolonged)],
                order=41,
            )
        )
        missed = [s for s in selectors.reception_status(user, today) if s.missed_previous]
        out.append(
            Widget(
                _("Missed reception sessions"),
                len(missed),
                reverse("citizens:session_list"),
                "calendar-x",
                rows=[(s.duty.title, s.duty.organisation.name) for s in missed[:5]],
                order=42,
            )
        )
    return out
