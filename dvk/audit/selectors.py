from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dvk.audit.models import AuditEvent


def audit_list(
    *, user: Any, target_type: str = "", target_id: str = "", actor: str = "", action: str = ""
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.visible_to(user)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if actor:
        qs = qs.filter(actor_name=actor)
    if action:
        qs = qs.filter(action__startswith=action)
    return qs
