"""The shared workflow engine: transitions as data, one writer that applies them.

Each domain declares its stages (TextChoices) and a `Workflow` in its own `workflow.py`: the
workflow names its event model (by label, "app.Model": workflow.py imports no model) and a table of
`Transition`s. A transition says where it may start, where it goes, which named permission it
needs, whether it needs a note, which hooks run (dotted paths, resolved on first use) and which
fields the hooks change (recorded in the audit row). The domain's service calls `advance()`, the
only code that writes a stage:

    lock the row → find the transition → check the permission → require the note → `before` hook
    → save → one event row → exactly one audit row → `after` hooks (notifications, follow-ups)

Repeating an action that has just been applied (same action, same actor, object still in its
target stage) is a no-op, so a double click or a retried request changes nothing. Scheduled work
runs a transition with `by=SYSTEM` (dvk.core.actors); only transitions declared `system=True`
accept it. How the buttons look (colour, wording) is presentation and lives with the views
(`dvk.core.presentation`). Diagram per domain: docs/workflows/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from dvk.core.actors import is_system
from dvk.core.interfaces import record_audit
from dvk.core.text import nfc


class WorkflowError(Exception):
    """An action that the object's current stage does not allow (HTTP 409)."""


class DomainError(Exception):
    """A business rule refused the action; the message is shown to the user (HTTP 409)."""


@dataclass(frozen=True)
class Transition:
    action: str  # verb in the URL, the event row and the audit action ("<workflow>.<action>")
    sources: frozenset[str]
    target: str
    permission: str  # checked with user.has_perm(permission, obj)
    label: Any = ""  # the action's name (lazy), shown in history boxes and the audit trail
    requires_note: bool = False  # a reason must be given (ValidationError on "note" otherwise)
    before: str = ""  # dotted path: hook(step) after the checks, before the save; may set fields or raise
    after: str = ""  # dotted path: hook(step) after the event and audit rows, in the same transaction
    audit_fields: tuple[str, ...] = ()  # fields the hooks change, recorded [before, after] in the audit row
    system: bool = False  # the scheduler may run it with by=SYSTEM

    def hooks(self) -> tuple[str, ...]:
        return tuple(h for h in (self.before, self.after) if h)


@dataclass
class Step:
    """What a hook receives: the locked object, the transition, who acts, and what was passed along."""

    obj: Any
    transition: Transition
    by: Any
    note: str
    from_stage: str
    params: dict[str, Any] = field(default_factory=dict)  # extra arguments of the service (a cycle, …)
    audit: dict[str, Any] = field(default_factory=dict)  # extra audit changes a hook adds (a number, …)

    @property
    def action(self) -> str:
        return self.transition.action


Hook = Callable[[Step], None]


class Workflow:
    def __init__(
        self,
        name: str,
        transitions: Iterable[Transition],
        *,
        event_model: str,
        event_fk: str = "",
        stage_field: str = "stage",
        after: str = "",
    ):
        """`name` prefixes the audit actions; `event_model` is "app_label.ModelName" of the event table
        (a `WorkflowEventBase`); `event_fk` defaults to its one foreign key other than `actor`;
        `after` is a hook run after every transition (after the transition's own `after`)."""
        self.name = name
        self.transitions = tuple(transitions)
        self.event_model_label = event_model
        self._event_fk = event_fk
        self.stage_field = stage_field
        self.after = after
        self.actions = {t.action for t in self.transitions}

    def __repr__(self) -> str:
        return f"<Workflow {self.name}>"

    @cached_property
    def event_model(self) -> type[models.Model]:
        return apps.get_model(self.event_model_label)

    @cached_property
    def event_fk(self) -> str:
        if self._event_fk:
            return self._event_fk
        keys = [
            f.name
            for f in self.event_model._meta.get_fields()
            if getattr(f, "many_to_one", False) and f.concrete and f.name != "actor"
        ]
        if len(keys) != 1:
            raise TypeError(f"{self.event_model_label}: name the object's foreign key with event_fk=")
        return keys[0]

    def transition_for(self, action: str, current: str) -> Transition:
        """Return the transition named `action` from `current`, or raise WorkflowError."""
        for step in self.transitions:
            if step.action == action and current in step.sources:
                return step
        if action not in self.actions:
            raise WorkflowError(_("Unknown action “%(action)s”.") % {"action": action})
        raise WorkflowError(_("This action is not allowed at the current stage."))

    def allows(self, by: Any, step: Transition, obj: models.Model) -> bool:
        """May `by` run `step` on `obj`? The system actor only runs transitions declared system=True."""
        if is_system(by):
            return step.system
        return bool(by.has_perm(step.permission, obj))

    def available(self, user: Any, obj: models.Model) -> list[Transition]:
        """What `user` may do to `obj` now; views and the API render buttons from this."""
        current = getattr(obj, self.stage_field)
        return [t for t in self.transitions if current in t.sources and self.allows(user, t, obj)]

    def available_actions(self, user: Any, obj: models.Model) -> list[str]:
        return [t.action for t in self.available(user, obj)]

    def audit_action(self, action: str) -> str:
        return f"{self.name}.{action}"

    def labels(self) -> dict[str, Any]:
        """{audit action: label} of every transition (read by the audit label registry)."""
        return {self.audit_action(t.action): t.label for t in self.transitions if t.label}


_hooks: dict[str, Hook] = {}


def resolve_hook(path: str) -> Hook:
    if path not in _hooks:
        _hooks[path] = import_string(path)
    return _hooks[path]


def all_workflows() -> list[Workflow]:
    """Every workflow the installed apps declare (`DomainAppConfig.workflows`)."""
    from dvk.core.plugins import domain_apps

    found: list[Workflow] = []
    for cfg in domain_apps():
        found.extend(import_string(path) for path in cfg.workflows)
    return found


def workflow_for_event(event: models.Model) -> Workflow | None:
    """The workflow whose event table `event` belongs to (history boxes label rows with it)."""
    label = event._meta.label
    for workflow in all_workflows():
        if workflow.event_model_label == label:
            return workflow
    return None


M = TypeVar("M", bound=models.Model)


@transaction.atomic
def advance(
    *,
    obj: M,
    workflow: Workflow,
    action: str,
    by: Any,
    note: str = "",
    params: dict[str, Any] | None = None,
    audit: dict[str, Any] | None = None,
    audit_organisation: Any = None,
) -> M:
    """Apply one workflow action to `obj` and return the fresh object.

    `params` reach the hooks (`step.params`); `audit` adds the service's own facts to the one audit
    row of this transition (a period, a figure), so no service writes a second row for it.
    """
    model = type(obj)
    obj = model._default_manager.select_for_update().get(pk=obj.pk)
    current = getattr(obj, workflow.stage_field)
    note = nfc(note)
    try:
        transition = workflow.transition_for(action, current)
    except WorkflowError:
        if _just_applied(obj, workflow, action, by, current):
            return obj  # a repeated submission of the same action: harmless
        raise
    if not workflow.allows(by, transition, obj):
        raise PermissionDenied(_("You are not allowed to perform this action."))
    if transition.requires_note and not note:
        raise ValidationError({"note": [_("Give the reason in the note.")]})
    step = Step(obj=obj, transition=transition, by=by, note=note, from_stage=current, params=params or {})
    before = {name: getattr(obj, name) for name in transition.audit_fields}
    _move(step, workflow)
    workflow.event_model._default_manager.create(
        **{workflow.event_fk: obj},
        action=action,
        from_stage=current,
        to_stage=transition.target,
        actor=None if is_system(by) else by,
        note=note,
    )
    changes = _audit_changes(step, workflow, before, audit)
    record_audit(
        actor=by,
        action=workflow.audit_action(action),
        target=obj,
        changes=changes,
        organisation=audit_organisation or getattr(obj, "organisation", None),
    )
    for path in (transition.after, workflow.after):
        if path:
            resolve_hook(path)(step)
    return obj


def _move(step: Step, workflow: Workflow) -> None:
    """Run the before-hook, set the target stage and save: every field when a hook ran (it may have
    set a decision number, a date, ...), else only the stage (and updated_at)."""
    obj, transition = step.obj, step.transition
    if transition.before:
        resolve_hook(transition.before)(step)
    setattr(obj, workflow.stage_field, transition.target)
    if transition.before:
        obj.save()
        return
    update_fields = [workflow.stage_field]
    if hasattr(obj, "updated_at"):
        update_fields.append("updated_at")
    obj.save(update_fields=update_fields)


def _audit_changes(
    step: Step, workflow: Workflow, before: dict[str, Any], audit: dict[str, Any] | None
) -> dict[str, Any]:
    """What the one audit row of a transition says: the stage, the audit fields that changed,
    the service's and the hooks' own facts, and the note."""
    changes: dict[str, Any] = {workflow.stage_field: [step.from_stage, step.transition.target]}
    for name, old in before.items():
        new = getattr(step.obj, name)
        if new != old:
            changes[name] = [old, new]
    changes.update(audit or {})
    changes.update(step.audit)
    if step.note:
        changes["note"] = step.note
    return changes


def _just_applied(obj: models.Model, workflow: Workflow, action: str, by: Any, current: str) -> bool:
    last = (
        workflow.event_model._default_manager.filter(**{workflow.event_fk: obj})
        .order_by("-at", "-id")
        .first()
    )
    return bool(
        last
        and last.action == action  # type: ignore[attr-defined]
        and last.actor_id == getattr(by, "pk", None)  # type: ignore[attr-defined]
        and last.to_stage == current  # type: ignore[attr-defined]
    )
