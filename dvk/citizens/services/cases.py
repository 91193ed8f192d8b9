"""Cases: actions, assignment, flags (đông người, phức tạp, kéo dài), published answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.citizens import monitor
from dvk.citizens.models import (
    Case,
    Policy,
)
from dvk.citizens.services.deadlines import _restart, _today
from dvk.citizens.services.identity import read_identity
from dvk.citizens.workflow import OPEN_STAGES, Stage, workflow_for
from dvk.core.access import require
from dvk.core.actors import SYSTEM
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError, advance
from dvk.notifications.services import notify
from dvk.organisations.models import Membership

# --- cases -----------------------------------------------------------------------------------------


def act(*, by: AuthenticatedUser, case: Case, action: str, note: str = "", **params: Any) -> Case:
    """Run one workflow action on a case (the transition checks its named permission)."""
    return advance(obj=case, workflow=workflow_for(case.kind), action=action, by=by, note=note, params=params)


@transaction.atomic
def assign(*, by: AuthenticatedUser, case: Case, handler: Any) -> Case:
    require(by, "citizens.assign_case", case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if (
        handler is not None
        and not Membership.objects.filter(
            user=handler, organisation_id=case.organisation_id, role__in=Membership.Role.WORK
        ).exists()
    ):
        raise ValidationError({"handler": [_("The handler must work for the handling body.")]})
    before = case.handler_id
    case.handler = handler
    case.save(update_fields=["handler", "updated_at"])
    record(
        actor=by,
        action="citizens.case.assign",
        target=case,
        organisation=case.organisation,
        changes={"handler": [before, handler.pk if handler else None]},
    )
    if handler is not None and handler.pk != getattr(by, "pk", None):
        notify(
            [handler],
            title=_("A case was assigned to you: %(number)s") % {"number": case.letter.receipt_number},
            url=reverse("citizens:case_detail", args=[case.pk]),
            kind="citizens.assigned",
        )
    return case


@transaction.atomic
def set_flags(
    *,
    by: AuthenticatedUser,
    case: Case,
    complex: bool | None = None,
    remote_area: bool | None = None,
    multi_location: bool | None = None,
) -> Case:
    """Change the modifiers of the time limit (complex, remote area, several places) and recompute."""
    require(by, "citizens.handle_case", case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    before = {
        "complex": case.complex,
        "remote_area": case.remote_area,
        "multi_location": case.multi_location,
        "due_on": case.due_on,
    }
    for name, value in (
        ("complex", complex),
        ("remote_area", remote_area),
        ("multi_location", multi_location),
    ):
        if value is not None:
            setattr(case, name, value)
    if case.is_open:
        _restart(case)
    case.save()
    after = {
        "complex": case.complex,
        "remote_area": case.remote_area,
        "multi_location": case.multi_location,
        "due_on": case.due_on,
    }
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changes:
        record(
            actor=by,
            action="citizens.case.flags",
            target=case,
            organisation=case.organisation,
            changes=changes,
        )
    return case


@transaction.atomic
def mark_prolonged(*, by: AuthenticatedUser, case: Case, on: bool, reason: str = "") -> Case:
    """Set or clear the kéo dài flag by hand, with a reason."""
    require(by, "citizens.flag_case", case)
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": [_("Give the reason.")]})
    case = Case.objects.select_for_update().get(pk=case.pk)
    before = case.prolonged
    case.prolonged, case.prolonged_reason = on, reason
    case.save(update_fields=["prolonged", "prolonged_reason", "updated_at"])
    record(
        actor=by,
        action="citizens.case.prolonged",
        target=case,
        organisation=case.organisation,
        changes={"prolonged": [before, on], "reason": reason},
    )
    return case


def refresh_prolonged(today: dt.date | None = None) -> int:
    """The kéo dài rule, run daily by the system: open cases past their deadline by the
    configured span, or reopened the configured number of times. Returns the cases flagged."""
    today = today or _today()
    policy = Policy.current()
    limit = today - dt.timedelta(days=policy.prolonged_after_days)
    qs = Case.objects.filter(prolonged=False).filter(
        Q(stage__in=OPEN_STAGES, due_on__lt=limit) | Q(reopen_count__gte=policy.prolonged_reopen_count)
    )
    flagged = 0
    for case in qs.select_related("organisation").iterator(chunk_size=500):
        with transaction.atomic():
            reason = (
                _("Reopened %(n)s times.") % {"n": case.reopen_count}
                if case.reopen_count >= policy.prolonged_reopen_count
                else _("More than %(n)s days past the deadline.") % {"n": policy.prolonged_after_days}
            )
            updated = monitor.update_cases(
                Case.objects.filter(pk=case.pk, prolonged=False), prolonged=True, prolonged_reason=reason
            )
            if updated:
                record(
                    actor=SYSTEM,
                    action="citizens.case.prolonged",
                    target=case,
                    organisation=case.organisation,
                    changes={"prolonged": [False, True], "reason": reason, "by_rule": True},
                )
                flagged += 1
    return flagged


@transaction.atomic
def publish_answer(*, by: AuthenticatedUser, case: Case, text: str) -> Case:
    """Publish the answer or conclusion for the public lookup; a denouncer's identity is
    redacted (lược bỏ) from it automatically."""
    require(by, "citizens.publish_answer", case)
    text = nfc(text)
    if not text:
        raise ValidationError({"text": [_("This field is required.")]})
    case = Case.objects.select_for_update().select_related("letter").get(pk=case.pk)
    if case.stage not in (
        Stage.DECIDED,
        Stage.ENFORCING,
        Stage.ANSWERED,
        Stage.CLOSED,
        Stage.REFUSED,
        Stage.GUIDED,
    ):
        raise DomainError(_("Only a decided or answered case can be published."))
    if case.letter.identity_ref:
        from dvk.vault import services as vault

        identity = read_identity(by=by, letter=case.letter, reason=_("Redact the published answer"))
        text = vault.redact(text, identity)
    case.published_answer, case.published_at = text, timezone.now()
    case.save(update_fields=["published_answer", "published_at", "updated_at"])
    record(
        actor=by,
        action="citizens.case.publish",
        target=case,
        organisation=case.organisation,
        changes={"published": True},
    )
    return case
