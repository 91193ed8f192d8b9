"""The shared workflow engine: transitions as data, one writer that applies them.

Each domain declares its stages (TextChoices) and a tuple of `Transition`s in its own
`workflow.py`; its service calls `advance()`, the only code that writes a stage. `advance()`
locks the row, checks the named permission, runs the domain hook, saves, writes the event row
and the audit event. Repeating an action that has just been applied is a no-op, so a double
click or a retried request changes nothing. Diagram per domain: docs/workflows/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from dvk.audit.services import record


class WorkflowError(Exception):
    """An action that the object's current stage does not allow (HTTP 409)."""


class DomainError(Exception):
    """A business rule refused the action; the message is shown to the user (HTTP 409)."""


@dataclass(frozen=True)
class Transition:
    action: str  # verb on the button, in the event row and in the audit log
    sources: frozenset[str]
    target: str
    permission: str  # checked with user.has_perm(permission, obj)
    label: Any = ""  # translated button label (lazy string)
    style: str = "primary"  # Bootstrap colour of the button


class Workflow:
    def __init__(self, name: str, transitions: Iterable[Transition], stage_field: str = "stage"):
        self.name = name
        self.transitions = tuple(transitions)
        self.stage_field = stage_field
        self.actions = {t.action for t in self.transitions}

    def transition_for(self, action: str, current: str) -> Transition:
        """Return the transition named `action` from `current`, or raise WorkflowError."""
        for step in self.transitions:
            if step.action == action and current in step.sources:
                return step
        if action not in self.actions:
            raise WorkflowError(_("Unknown action “%(action)s”.") % {"action": action})
        raise WorkflowError(_("This action is not allowed at the current stage."))

    def available(self, user: Any, obj: models.Model) -> list[Transition]:
        """What `user` may do to `obj` now; templates and the API render buttons from this."""
        current = getattr(obj, self.stage_field)
        return [t for t in self.transitions if current in t.sources and user.has_perm(t.permission, obj)]

    def available_actions(self, user: Any, obj: models.Model) -> list[str]:
        return [t.action for t in self.available(user, obj)]


M = TypeVar("M", bound=models.Model)
Hook = Callable[[M, Transition], None]


@transaction.atomic
def advance(
    *,
    obj: M,
    workflow: Workflow,
    action: str,
    by: Any,
    note: str = "",
    event_model: type[models.Model],
    event_fk: str,
    before_save: Hook[M] | None = None,
    after_save: Hook[M] | None = None,
    audit_organisation: Any = None,
) -> M:
    """Apply one workflow action to `obj` and return the fresh object."""
    model = type(obj)
    obj = model._default_manager.select_for_update().get(pk=obj.pk)
    current = getattr(obj, workflow.stage_field)
    try:
        step = workflow.transition_for(action, current)
    except WorkflowError:
        if _just_applied(obj, action, by, current, event_model, event_fk):
            return obj  # a repeated submission of the same action: harmless
        raise
    if not by.has_perm(step.permission, obj):
        raise PermissionDenied(_("You are not allowed to perform this action."))
    if before_save:
        before_save(obj, step)
    setattr(obj, workflow.stage_field, step.target)
    update_fields = [workflow.stage_field]
    if hasattr(obj, "updated_at"):
        update_fields.append("updated_at")
    if before_save:
        obj.save()  # the hook may have set other fields (a decision number, a date, ...)
    else:
        obj.save(update_fields=update_fields)
    event_model._default_manager.create(
        **{event_fk: obj}, action=action, from_stage=current, to_stage=step.target, actor=by, note=note
    )
    record(
        actor=by,
        action=f"{workflow.name}.{action}",
        target=obj,
        changes={workflow.stage_field: [current, step.target], **({"note": note} if note else {})},
        organisation=audit_organisation or getattr(obj, "organisation", None),
    )
    if after_save:
        after_save(obj, step)
    return obj


def _just_applied(obj: models.Model, action: str, by: Any, current: str, event_model, event_fk: str) -> bool:
    last = event_model._default_manager.filter(**{event_fk: obj}).order_by("-at", "-id").first()
    return bool(last and last.action == action and last.actor_id == by.pk and last.to_stage == current)
