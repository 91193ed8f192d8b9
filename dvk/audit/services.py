"""audit.record(): the one call every service makes after a write."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Sequence
from typing import Any

from django.db import models

from dvk.audit.context import current_ip
from dvk.audit.models import AuditEvent


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    changes: dict | None = None,
    organisation: Any = None,
) -> AuditEvent:
    """Write one audit event. `changes` maps field names to [before, after] (or any JSON data)."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_name=actor_obj.get_username() if actor_obj else "system",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        organisation=organisation,
        changes=_jsonable(changes or {}),
        ip_address=current_ip.get(),
    )


def record_many(
    *,
    actor: Any,
    action: str,
    targets: Sequence[models.Model],
    changes: Callable[[Any], dict] | None = None,
    organisation: Callable[[Any], Any] | None = None,
) -> list[AuditEvent]:
    """`record()` for each of `targets` (one event each, as one by one), in one INSERT: for the
    services that create many records at once (an Excel import). `changes(target)` and
    `organisation(target)` give each event's changes and body."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    name = actor_obj.get_username() if actor_obj else "system"
    ip = current_ip.get()
    return AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor_obj,
                actor_name=name,
                action=action,
                target_type=target._meta.label_lower,
                target_id=str(target.pk),
                target_repr=str(target)[:255],
                organisation=organisation(target) if organisation else None,
                changes=_jsonable(changes(target) if changes else {}),
                ip_address=ip,
            )
            for target in targets
        ],
        batch_size=500,
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def record_admin_change(entry: Any) -> AuditEvent:
    """Mirror a Django admin LogEntry (add/change/delete through the admin) into the audit trail."""
    kinds = {1: "admin.create", 2: "admin.update", 3: "admin.delete"}
    return AuditEvent.objects.create(
        actor=entry.user,
        actor_name=entry.user.get_username(),
        action=kinds.get(entry.action_flag, "admin.change"),
        target_type=entry.content_type.app_label + "." + entry.content_type.model
        if entry.content_type
        else "",
        target_id=str(entry.object_id or ""),
        target_repr=entry.object_repr[:255],
        changes={"message": entry.get_change_message()},
        ip_address=current_ip.get(),
    )
