"""The audit trail as a list of the list kit (dvk.core.listing): sortable, paged, exported."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from dvk.audit.labels import action_choices
from dvk.audit.presentation import describe
from dvk.audit.selectors import audit_list
from dvk.core.listing import DATETIME, Column, Filter, ListSpec, Params, register

FILTERS = ("target_type", "target_id", "actor", "action")


def _events(user: Any, params: Params) -> Any:
    if not user.has_perm("audit.view_audit"):
        raise PermissionDenied
    return audit_list(user=user, **{k: (params.get(k) or "").strip() for k in FILTERS})


def _changes(row: Any) -> str:
    return "; ".join(f"{c.label}: {c.text}" for c in row.changes)


AUDIT = register(
    ListSpec(
        name="audit.list",
        title=_("Audit trail"),
        build=_events,
        columns=(
            Column("at", _("Time"), "event.at", sort="at", kind=DATETIME),
            Column("actor", _("User"), "actor", sort="actor_name"),
            Column("action", _("Action"), "action", sort="action"),
            Column(
                "object",
                _("Object"),
                lambda r: f"{r.event.target_repr} ({r.object_type})",
                sort="target_repr",
            ),
            Column("changes", _("Changes"), _changes, width=60),
            Column("ip", "IP", "event.ip_address"),
        ),
        filters=(
            Filter("actor", _("Username")),
            Filter("action", _("Action"), action_choices),
            Filter("target_type", _("Object type")),
            Filter("target_id", _("Object id")),
        ),
        default_order=("-at", "-id"),
        prepare=describe,
    )
)
