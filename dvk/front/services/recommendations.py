"""Recommendations after a supervision: answers, review, escalation when overdue, digests."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.core.actors import SYSTEM
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError, Step, advance
from dvk.front.models import (
    Recommendation,
)
from dvk.front.services.common import recommendation_days, users_of
from dvk.front.workflow import (
    RECOMMENDATION_WORKFLOW,
    RecommendationStage,
)
from dvk.notifications.services import notify
from dvk.organisations.models import Membership
from dvk.organisations.selectors import members_by_body

# --- Recommendations --------------------------------------------------------------------------------


def hook_answer_recommendation(step: Step) -> None:
    response = nfc(step.params.get("response", "")) or step.note
    if not response:
        raise ValidationError({"response": [_("Write the body's answer.")]})
    obj: Recommendation = step.obj
    obj.response = response
    obj.answered_on = timezone.localdate()
    obj.answered_by = step.by


def after_answer_recommendation(step: Step) -> None:
    obj: Recommendation = step.obj
    notify(
        users_of(obj.organisation_id),
        title=_("A supervised body answered a recommendation"),
        body=obj.text[:200],
        url=reverse("front:recommendation_detail", args=[obj.pk]),
        kind="front.recommendation",
    )


def hook_close_recommendation(step: Step) -> None:
    step.obj.closed_on = timezone.localdate()


def hook_reopen_recommendation(step: Step) -> None:
    obj: Recommendation = step.obj
    today = timezone.localdate()
    due_on = step.params.get("due_on") or today + dt.timedelta(days=recommendation_days())
    if due_on < today:
        raise ValidationError({"due_on": [_("The new answer date cannot be in the past.")]})
    obj.due_on = due_on


def after_reopen_recommendation(step: Step) -> None:
    obj: Recommendation = step.obj
    notify(
        users_of(obj.addressee_id),
        title=_("The Front asks again for an answer to a recommendation"),
        body=step.note,
        url=reverse("front:recommendation_detail", args=[obj.pk]),
        kind="front.recommendation",
    )


def hook_escalate(step: Step) -> None:
    obj: Recommendation = step.obj
    target = obj.supervision.escalate_to
    if target is None:
        raise DomainError(_("The supervision names no body to escalate to."))
    obj.escalated_to = target
    obj.escalated_path = target.path
    obj.escalated_on = timezone.localdate()


def after_escalate(step: Step) -> None:
    obj: Recommendation = step.obj
    day = obj.escalated_on
    notify(
        users_of(obj.escalated_to_id, obj.addressee_id, obj.organisation_id),
        title=_("Overdue supervision recommendations escalated"),
        body=f"- {obj.text[:160]} ({obj.addressee})",
        url=reverse("front:recommendation_list"),
        kind="front.escalation",
        dedupe_key=f"front.escalation:{obj.pk}:{day}",
    )


def answer_recommendation(
    *, by: AuthenticatedUser, recommendation: Recommendation, response: str
) -> Recommendation:
    return advance(
        obj=recommendation,
        workflow=RECOMMENDATION_WORKFLOW,
        action="answer",
        by=by,
        note=nfc(response),
        params={"response": response},
    )


def review_recommendation(
    *,
    by: AuthenticatedUser,
    recommendation: Recommendation,
    action: str,
    note: str = "",
    due_on: dt.date | None = None,
) -> Recommendation:
    if action not in ("accept", "reopen", "escalate"):
        raise DomainError(_("Unknown action “%(action)s”.") % {"action": action})
    return advance(
        obj=recommendation,
        workflow=RECOMMENDATION_WORKFLOW,
        action=action,
        by=by,
        note=nfc(note),
        params={"due_on": due_on},
    )


def escalate_overdue(today: dt.date | None = None) -> int:
    """The scheduled job: every open recommendation past its answer date whose supervision names a
    body to escalate to is escalated by the system actor (once: escalated ones are not picked again)."""
    today = today or timezone.localdate()
    overdue = Recommendation.objects.filter(
        stage=RecommendationStage.OPEN,
        due_on__lt=today,
        escalated_on__isnull=True,
        supervision__escalate_to__isnull=False,
    ).order_by("due_on", "id")
    count = 0
    for recommendation in overdue.iterator(chunk_size=500):
        with transaction.atomic():
            advance(obj=recommendation, workflow=RECOMMENDATION_WORKFLOW, action="escalate", by=SYSTEM)
        count += 1
    return count


def send_recommendation_digests(today: dt.date | None = None) -> int:
    """One digest per user per day: the recommendations its body must answer within 7 days or
    has not answered in time. Idempotent per day (the dedupe key is the date)."""
    today = today or timezone.localdate()
    rows = (
        Recommendation.objects.filter(
            stage__in=(RecommendationStage.OPEN, RecommendationStage.ESCALATED),
            due_on__lte=today + dt.timedelta(days=7),
        )
        .select_related("addressee")
        .order_by("due_on", "id")
    )
    per_user: dict[int, list[str]] = defaultdict(list)
    items = list(rows)
    staff = members_by_body((r.addressee_id for r in items), Membership.Role.WORK)
    for rec in items:
        days = (rec.due_on - today).days
        when = (
            _("overdue by %(n)s days") % {"n": -days}
            if days < 0
            else _("answer by %(date)s") % {"date": rec.due_on.strftime("%d/%m/%Y")}
        )
        line = f"- {rec.text[:120]} ({rec.addressee.name}): {when}"
        for user_id in staff.get(rec.addressee_id, []):
            per_user[user_id].append(line)
    url = reverse("front:recommendation_list")
    with transaction.atomic():
        for user_id, lines in per_user.items():
            notify(
                [user_id],
                title=_("Reminder: %(n)s supervision recommendations to answer") % {"n": len(lines)},
                body="\n".join(lines),
                url=url,
                kind="front.reminder",
                dedupe_key=f"front.digest:{today}",
            )
    return len(per_user)
