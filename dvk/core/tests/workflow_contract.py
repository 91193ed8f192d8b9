"""The contract every workflow transition keeps, checked from the workflow tables.

A domain's test generates one case per (transition, source stage) of its workflows with `cases()`
and calls `check_transition()` with an object at the source stage, a function that runs the
action through the domain's service, an actor who may and an outsider who may not. Checked:

- the outsider is refused (PermissionDenied) and nothing is written;
- the system actor is refused unless the transition is declared `system=True`;
- a transition that requires a note refuses an empty one, writing nothing;
- the actor moves the object to the target stage with one event row and exactly one audit row
  for it (no audit row of the call is written twice), labelled in the audit label registry;
- repeating the action changes nothing (no new event or audit row for the object).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from dvk.audit.labels import has_label
from dvk.audit.models import AuditEvent
from dvk.core.actors import SYSTEM
from dvk.core.workflow import DomainError, Transition, Workflow, WorkflowError

Run = Callable[[Any, Any, str], Any]  # run(obj, by, note): the domain service applying the action


@dataclass(frozen=True)
class Case:
    workflow: Workflow
    transition: Transition
    source: str

    @property
    def id(self) -> str:
        return f"{self.workflow.name}.{self.transition.action}<-{self.source}"


def cases(workflows: Iterable[Workflow]) -> list[Any]:
    """pytest params, one per (workflow, transition, source stage), generated from the tables."""
    found = []
    for workflow in workflows:
        for transition in workflow.transitions:
            for source in sorted(transition.sources):
                case = Case(workflow, transition, str(source))
                found.append(pytest.param(case, id=case.id))
    return found


def _events(case: Case, obj: models.Model) -> int:
    return case.workflow.event_model._default_manager.filter(**{case.workflow.event_fk: obj}).count()


def _last_audit_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _stage(case: Case, obj: models.Model) -> str:
    return type(obj)._default_manager.filter(pk=obj.pk).values_list(case.workflow.stage_field, flat=True)[0]


def _refused(case: Case, obj: models.Model, run: Run, by: Any, note: str, error: type[Exception]) -> None:
    mark, events = _last_audit_id(), _events(case, obj)
    with pytest.raises(error), transaction.atomic():
        run(obj, by, note)
    assert _stage(case, obj) == case.source
    assert _events(case, obj) == events
    assert not AuditEvent.objects.filter(pk__gt=mark).exists(), "a refused action wrote to the audit trail"


def check_transition(
    case: Case, *, obj: models.Model, run: Run, actor: Any, outsider: Any, note: str = "Lý do cụ thể."
) -> models.Model:
    t = case.transition
    assert has_label(case.workflow.audit_action(t.action)), f"{case.id}: no audit label"
    assert _stage(case, obj) == case.source

    _refused(case, obj, run, outsider, note, PermissionDenied)
    if not t.system:
        _refused(case, obj, run, SYSTEM, note, PermissionDenied)
    if t.requires_note:
        _refused(case, obj, run, actor, "   ", ValidationError)

    mark, events = _last_audit_id(), _events(case, obj)
    run(obj, actor, note)
    assert _stage(case, obj) == t.target
    assert _events(case, obj) == events + 1
    written = list(AuditEvent.objects.filter(pk__gt=mark))
    doubles = [
        k for k, n in Counter((e.action, e.target_type, e.target_id) for e in written).items() if n > 1
    ]
    assert not doubles, f"{case.id}: audit rows written twice: {doubles}"
    mine = [
        e
        for e in written
        if e.action == case.workflow.audit_action(t.action)
        and e.target_type == obj._meta.label_lower
        and e.target_id == str(obj.pk)
    ]
    assert len(mine) == 1, f"{case.id}: {len(mine)} audit rows for the transition"
    assert mine[0].actor_id == actor.pk
    assert mine[0].changes[case.workflow.stage_field] == [case.source, t.target]
    if t.requires_note:
        assert mine[0].changes["note"] == note
    for e in written:
        assert has_label(e.action), f"{case.id}: {e.action} has no audit label"

    # A repeated action (double click, retried request) changes nothing.
    mark, events = _last_audit_id(), _events(case, obj)
    try:
        run(obj, actor, note)
    except (WorkflowError, DomainError):
        pass  # a service may refuse the repeat; it must not apply it twice
    assert _stage(case, obj) == t.target
    assert _events(case, obj) == events
    assert not AuditEvent.objects.filter(
        pk__gt=mark, target_type=obj._meta.label_lower, target_id=str(obj.pk)
    ).exists()
    return obj
