"""The due date of an answer: a configurable number of days before the next regular session."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dvk.voters.models import (
    Session,
    Term,
)

FALLBACK_SESSION_GAP = 180  # days to the next regular session when none is planned yet
MIN_ANSWER_DAYS = 7  # a forward is never due sooner than this


def next_regular_session(session: Session) -> Session | None:
    return (
        Session.objects.filter(
            organisation_id=session.organisation_id, kind=Session.Kind.REGULAR, opens_on__gt=session.opens_on
        )
        .order_by("opens_on", "id")
        .first()
    )


def default_due(session: Session, today: dt.date | None = None) -> dt.date:
    """The answer is due the term's lead days before the next regular session after `session`
    (or before the expected one, FALLBACK_SESSION_GAP days on, when none is planned), never
    sooner than MIN_ANSWER_DAYS from today."""
    today = today or timezone.localdate()
    nxt = next_regular_session(session)
    opens = nxt.opens_on if nxt else session.opens_on + dt.timedelta(days=FALLBACK_SESSION_GAP)
    lead = Term.objects.values_list("answer_lead_days", flat=True).get(pk=session.term_id)
    return max(opens - dt.timedelta(days=lead), today + dt.timedelta(days=MIN_ANSWER_DAYS))
