"""Reminders: the daily digest the reminder tiers select, and the manual "đôn đốc" letter."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.documents import services as documents
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.selectors import members_by_body
from dvk.plans.models import (
    Assignment,
    Plan,
    ReminderTier,
    UrgeLetter,
)
from dvk.plans.workflow import (
    OPEN_ASSIGNMENT_STAGES,
    PlanStage,
)


def reminder_items(today: dt.date) -> list[tuple[Assignment, int]]:
    """(open assignment, days until due: negative when overdue) matching a reminder tier today."""
    tiers = list(ReminderTier.objects.filter(active=True))
    if not tiers:
        return []
    horizon = max([t.days for t in tiers if t.kind == ReminderTier.Kind.BEFORE] + [0])
    qs = (
        Assignment.objects.filter(
            stage__in=OPEN_ASSIGNMENT_STAGES,
            plan__stage=PlanStage.ISSUED,
            due_on__lte=today + dt.timedelta(days=horizon),
        )
        .select_related("task", "organisation")
        .order_by("due_on", "id")
    )
    return [
        (a, (a.due_on - today).days)
        for a in qs.iterator(chunk_size=2000)
        if a.due_on and any(t.matches(a.due_on, today) for t in tiers)
    ]


def send_reminder_digests(today: dt.date | None = None) -> int:
    """One digest per user per day listing the assignments that a tier selects today.

    Idempotent per day: the notification's dedupe key is the date, so a second run that day
    delivers nothing new. Returns the number of users the digest was sent to.
    """
    today = today or timezone.localdate()
    per_user: dict[int, list[str]] = defaultdict(list)
    items = reminder_items(today)
    staff = members_by_body((a.organisation_id for a, _days in items), Membership.Role.WORK)
    for assignment, days in items:
        due_on = today + dt.timedelta(days=days)  # assignment.due_on: reminder_items keeps dated ones only
        if days < 0:
            when = _("overdue by %(n)s days") % {"n": -days}
        elif days == 0:
            when = _("due today")
        else:
            when = _("due in %(n)s days") % {"n": days}
        line = f"- {assignment.task.short_title} ({assignment.organisation.name}): {when}, " + _(
            "due %(date)s"
        ) % {"date": due_on.strftime("%d/%m/%Y")}
        for user_id in staff.get(assignment.organisation_id, []):
            per_user[user_id].append(line)
    url = reverse("plans:my_assignments")
    with transaction.atomic():
        for user_id, lines in per_user.items():
            notify(
                [user_id],
                title=_("Reminder: %(n)s assignments need your attention") % {"n": len(lines)},
                body="\n".join(lines),
                url=url,
                kind="plans.reminder",
                dedupe_key=f"plans.digest:{today}",
            )
    return len(per_user)


def urge(
    *,
    by: AuthenticatedUser,
    plan: Plan,
    assignments: Iterable[Assignment],
    message: str = "",
    token: str = "",
    organisation: Organisation | None = None,
) -> UrgeLetter:
    """A manual "đôn đốc" to the bodies of the selected late assignments, with its letter."""
    require(by, "plans.send_reminders", plan)
    assignments = [a for a in assignments if a.plan_id == plan.pk]
    if not assignments:
        raise ValidationError({"assignments": [_("Select at least one late body.")]})
    if token:
        found = UrgeLetter.objects.filter(created_by=by, token=token).first()
        if found:
            return found
    issuer = organisation or plan.organisation
    today = timezone.localdate()
    subject = _("V/v urging the implementation of %(plan)s") % {"plan": plan.number or plan.title}
    try:
        with transaction.atomic():
            # Numbered in the issuer's CV register (dvk.documents): a locked counter, so two letters
            # sent at once never share a number, and a rolled-back letter leaves no gap.
            document = documents.issue(
                organisation=issuer,
                doc_type="CV",
                title=subject,
                by=by,
                issued_on=today,
                recipients=["Như trên"],
            )
            letter = UrgeLetter.objects.create(
                organisation=issuer,
                plan=plan,
                document=document,
                number=document.number,
                sent_on=today,
                subject=subject,
                message=nfc(message),
                created_by=by,
                token=token[:64],
            )
            documents.link(document, letter)
            letter.assignments.set(assignments)
            letter.recipients.set({a.organisation_id for a in assignments})
            record(
                actor=by,
                action="plans.urge",
                target=letter,
                organisation=issuer,
                changes={"number": letter.number, "assignments": [a.pk for a in assignments]},
            )
            staff = members_by_body((a.organisation_id for a in assignments), Membership.Role.WORK)
            users = {u for ids in staff.values() for u in ids}
            notify(
                users,
                title=_("Reminder letter %(number)s: %(plan)s")
                % {"number": letter.number, "plan": plan.number or plan.title},
                body=letter.message,
                url=reverse("plans:my_assignments"),
                kind="plans.urge",
                dedupe_key=f"plans.urge:{letter.pk}",
                email=documents.may_email(document),
            )
    except IntegrityError:  # the same form posted twice at once
        return UrgeLetter.objects.get(created_by=by, token=token)
    return letter
