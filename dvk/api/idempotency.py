"""Idempotency-Key support for creating POSTs: a repeat returns the first result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from ninja import Status

from dvk.core.models import IdempotencyRecord
from dvk.core.types import AuthenticatedHttpRequest


def idempotent(request: AuthenticatedHttpRequest, create: Callable[[], tuple[int, Any]]) -> Status:
    """Run `create` (returning (status, json-able body)) once per (user, Idempotency-Key, path);
    return the ninja Status to send. A repeat with the same key gets the first response back."""
    key = request.headers.get("Idempotency-Key", "").strip()[:128]
    if not key:
        return Status(*create())
    endpoint = request.path
    found = IdempotencyRecord.objects.filter(user=request.user, key=key, endpoint=endpoint).first()
    if found:
        return Status(found.status, found.body)
    try:
        with transaction.atomic():
            status, body = create()
            IdempotencyRecord.objects.create(
                user=request.user, key=key, endpoint=endpoint, status=status, body=_json(body)
            )
    except IntegrityError:
        found = IdempotencyRecord.objects.get(user=request.user, key=key, endpoint=endpoint)
        return Status(found.status, found.body)
    return Status(status, body)


def _json(body: Any) -> Any:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    if hasattr(body, "model_dump"):
        body = body.model_dump(mode="json")
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder))
