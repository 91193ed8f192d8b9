"""Idempotency-Key support for creating POSTs: a repeat returns the first result.

The key is bound to the request body (its SHA-256): a repeat with the same key and the same body gets
the first response back; the same key with a different body is a client error (422), never a silent
replay of an unrelated answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja import Status
from ninja.errors import HttpError

from dvk.core.models import IdempotencyRecord
from dvk.core.types import AuthenticatedHttpRequest


def idempotent(request: AuthenticatedHttpRequest, create: Callable[[], tuple[int, Any]]) -> Status:
    """Run `create` (returning (status, json-able body)) once per (user, Idempotency-Key, path);
    return the ninja Status to send. A repeat with the same key gets the first response back."""
    key = request.headers.get("Idempotency-Key", "").strip()[:128]
    if not key:
        with transaction.atomic():  # one write: a refusal half-way through leaves nothing behind
            return Status(*create())
    endpoint = request.path
    digest = body_hash(request)
    found = IdempotencyRecord.objects.filter(user=request.user, key=key, endpoint=endpoint).first()
    if found:
        return _replay(found, digest)
    try:
        with transaction.atomic():
            status, body = create()
            IdempotencyRecord.objects.create(
                user=request.user,
                key=key,
                endpoint=endpoint,
                body_hash=digest,
                status=status,
                body=_json(body),
            )
    except IntegrityError:
        found = IdempotencyRecord.objects.get(user=request.user, key=key, endpoint=endpoint)
        return _replay(found, digest)
    return Status(status, body)


def _replay(found: IdempotencyRecord, digest: str) -> Status:
    if found.body_hash and found.body_hash != digest:
        raise HttpError(
            422,
            _(
                "This Idempotency-Key was already used with a different request body. "
                "Use a new key for a new request."
            ),
        )
    return Status(found.status, found.body)


def body_hash(request: HttpRequest) -> str:
    """SHA-256 of the request body; for a multipart upload (whose raw body is consumed), of its
    fields and of each file's name, size and content."""
    digest = hashlib.sha256()
    try:
        digest.update(request.body)
    except RawPostDataException:
        for name in sorted(request.POST):
            for value in request.POST.getlist(name):
                digest.update(f"{name}={value}\n".encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(f"{name}:{upload.name}:{upload.size}\n".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    return digest.hexdigest()


def _json(body: Any) -> Any:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    if hasattr(body, "model_dump"):
        body = body.model_dump(mode="json")
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder))
