"""The workflow entry point of exemplars and the hooks its transitions name (dvk.exemplars.workflow),
with the notifications each step sends."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError, Step, advance
from dvk.exemplars.models import (
    CouncilMember,
    Cycle,
    Exemplar,
    Nomination,
)
from dvk.exemplars.services.nomination import _close_nomination, _nominate, _open_review
from dvk.exemplars.services.recognition import _recognise, _renew, register_minutes
from dvk.exemplars.workflow import WORKFLOW
from dvk.notifications.services import notify
from dvk.organisations.models import Membership
from dvk.organisations.scoping import (
    province_root,
)


def advance_exemplar(
    *,
    exemplar: Exemplar,
    action: str,
    by: AuthenticatedUser,
    note: str = "",
    cycle: Cycle | None = None,
    decision: dict[str, Any] | None = None,
) -> Exemplar:
    """Apply one workflow action. The only code path that changes Exemplar.stage; what each action
    checks and does is declared on its transition (workflow.TRANSITIONS, hooks below)."""
    return advance(
        obj=exemplar,
        workflow=WORKFLOW,
        action=action,
        by=by,
        note=note,
        params={"cycle": cycle, "decision": decision},
        audit_organisation=exemplar.organisation,
    )


def on_register(step: Step) -> None:
    obj = step.obj
    missing = [
        label
        for name, label in (
            ("situation", _("situation and reasons")),
            ("goals", _("goals")),
            ("content_method", _("content and method")),
        )
        if not getattr(obj, name)
    ]
    if missing:
        raise DomainError(
            _("Complete the registration before sending it: %(items)s.") % {"items": ", ".join(missing)}
        )
    obj.registered_on = timezone.localdate()


def on_nominate(step: Step) -> None:
    _nominate(step.obj, step.by)


def on_open_review(step: Step) -> None:
    _open_review(step.obj, step.by)


def on_recognise(step: Step) -> None:
    decision = _recognise(step.obj, step.by, step.params.get("decision"))
    step.audit["decision"] = decision.number


def on_decline(step: Step) -> None:
    nomination = _close_nomination(step.obj, Nomination.Outcome.DECLINED)
    if nomination is not None:
        register_minutes(nomination, step.by)


def on_return_nomination(step: Step) -> None:
    _close_nomination(step.obj, Nomination.Outcome.RETURNED)


def on_withdraw(step: Step) -> None:
    _close_nomination(step.obj, Nomination.Outcome.WITHDRAWN)


def on_renew(step: Step) -> None:
    _renew(step.obj, step.params.get("cycle"))


def notify_step(step: Step) -> None:
    _notify(step.obj, step.action, step.by)


def _coordinators(exemplar: Exemplar) -> list[int]:
    """The coordinators of the exemplar's province (scoped like everything else: a province
    without a coordinator notifies nobody else's)."""
    return list(
        Membership.objects.filter(
            role=Membership.Role.COORDINATOR,
            organisation__path__under=province_root(exemplar.org_path),
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )


def _notify(exemplar: Exemplar, action: str, by: AuthenticatedUser) -> None:
    url = reverse("exemplars:detail", args=[exemplar.pk])
    title = f"{exemplar.title}: {exemplar.get_stage_display()}"
    if action in ("register", "nominate"):
        notify(
            _coordinators(exemplar),
            title=title,
            url=url,
            kind=f"exemplars.{action}",
            dedupe_key=f"exemplars.{action}.{exemplar.pk}",
        )
    elif action == "open_review" and exemplar.current_nomination_id:
        members = CouncilMember.objects.filter(
            council__nominations=exemplar.current_nomination_id
        ).values_list("user_id", flat=True)
        notify(
            list(members),
            title=title,
            url=url,
            kind="exemplars.open_review",
            dedupe_key=f"exemplars.open_review.{exemplar.current_nomination_id}",
        )
    elif exemplar.created_by_id and exemplar.created_by_id != getattr(by, "pk", None):
        notify([exemplar.created_by_id], title=title, url=url, kind=f"exemplars.{action}")
