"""The registry of audit labels: what each recorded action and each changed key is called.

Every app declares its own on its `DomainAppConfig.labels`, the dotted path of a module with

    ACTIONS = {"exemplars.create": _("Register a model"), …}      # audit action → label
    FIELDS = {"assignee_ids": Key(_("Assigned bodies"), model="organisations.Organisation"), …}

Workflow transitions need no entry: their label is the transition's (`Transition.label`), under
"<workflow name>.<action>". Keys of `changes` that are fields of the target model need no entry
either: the field's verbose name is used, and the value is shown through the field (choices by
their label, foreign keys by the related record's name, dates dd/mm/yyyy). FIELDS names the other
keys. The registry is built once, on first use, from the installed apps.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext_lazy as _

from dvk.core.labels import Key

__all__ = ["Key", "action_label", "action_choices", "has_label", "registry"]


# Keys every domain writes (the engine's "note", the API's "target"…).
COMMON_FIELDS: dict[str, Key] = {
    "note": Key(_("Note")),
    "stage": Key(_("Stage"), pair=True),
    "reason": Key(_("Reason")),
    "message": Key(_("Message")),
    "name": Key(_("Name")),
    "title": Key(_("Title")),
    "number": Key(_("Number")),
    "target": Key(_("Attached to")),
    "organisation": Key(_("Body"), model="organisations.Organisation"),
}


# The foundation's own actions (the mirror of Django admin changes); AuditConfig.labels points here.
ACTIONS = {
    "admin.create": _("Created in the administration"),
    "admin.update": _("Changed in the administration"),
    "admin.delete": _("Deleted in the administration"),
    "admin.change": _("Changed in the administration"),
}


@dataclass(frozen=True)
class Registry:
    actions: dict[str, Any]
    fields: dict[str, Key]


@lru_cache(maxsize=1)
def registry() -> Registry:
    from dvk.core.plugins import domain_apps
    from dvk.core.workflow import all_workflows

    actions: dict[str, Any] = {}
    fields: dict[str, Key] = dict(COMMON_FIELDS)
    for cfg in domain_apps():
        if cfg.labels:
            module = importlib.import_module(cfg.labels)
            actions.update(getattr(module, "ACTIONS", {}))
            for key, value in getattr(module, "FIELDS", {}).items():
                fields[key] = value if isinstance(value, Key) else Key(value)
    for workflow in all_workflows():
        actions.update(workflow.labels())
    return Registry(actions=actions, fields=fields)


def action_label(action: str) -> str:
    """The label of an audit action; an unregistered action shows as itself (a test forbids it)."""
    label = registry().actions.get(action)
    return str(label) if label else action


def has_label(action: str) -> bool:
    return action in registry().actions


def action_choices() -> list[tuple[str, str]]:
    """(action, label) sorted by label: the audit page's filter."""
    return sorted(((a, str(label)) for a, label in registry().actions.items()), key=lambda c: c[1])
