"""Labels for history boxes and the audit page: `{{ event|event_label }}`, `{{ action|action_label }}`,
`{{ event|event_actor }}`."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.utils.translation import gettext as _

from dvk.audit import labels

register = template.Library()


@lru_cache(maxsize=64)
def _workflow_name(event_model_label: str) -> str | None:
    from dvk.core.workflow import all_workflows

    for workflow in all_workflows():
        if workflow.event_model_label == event_model_label:
            return workflow.name
    return None


@register.filter
def event_label(event: Any) -> str:
    """The label of a workflow event row (ExemplarEvent, PlanEvent, …): its workflow's action."""
    name = _workflow_name(event._meta.label)
    return labels.action_label(f"{name}.{event.action}" if name else event.action)


@register.filter
def action_label(action: str) -> str:
    return labels.action_label(action)


@register.filter
def event_actor(event: Any) -> str:
    """Who acted on a workflow event row: the person's name, or "System" for scheduled work."""
    actor = event.actor
    if actor is None:
        return _("System")
    return actor.get_full_name() or actor.get_username()
