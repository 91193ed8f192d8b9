from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Schema

from dvk.api.pagination import Page, paginate
from dvk.audit.labels import action_label
from dvk.audit.selectors import audit_list

router = Router(tags=["audit"])


class AuditOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    action: str
    action_label: str  # the action's name for people (the registry of audit labels)
    target_type: str
    target_id: str
    target_repr: str
    changes: dict
    ip_address: str | None


class AuditList(Schema):
    count: int
    count_exact: bool = True
    items: list[AuditOut]


class AuditFilters(Page):
    target_type: str = ""
    target_id: str = ""
    actor: str = ""
    action: str = ""


@router.get("/audit", response=AuditList)
def audit(request: HttpRequest, filters: Query[AuditFilters]):
    """The audit trail (system administrators and province coordinators, scoped to their province)."""
    if not request.user.has_perm("audit.view_audit"):
        raise PermissionDenied
    qs = audit_list(
        user=request.user,
        target_type=filters.target_type,
        target_id=filters.target_id,
        actor=filters.actor,
        action=filters.action,
    )
    return paginate(
        qs,
        filters,
        lambda e: {
            "id": e.pk,
            "at": e.at,
            "actor": e.actor_name,
            "action": e.action,
            "action_label": action_label(e.action),
            "target_type": e.target_type,
            "target_id": e.target_id,
            "target_repr": e.target_repr,
            "changes": e.changes,
            "ip_address": e.ip_address,
        },
    )
