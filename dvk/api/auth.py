"""API authentication: bearer tokens (api.md) or the browser session with CSRF."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from dvk.accounts import second_factor
from dvk.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.active().select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        )
        if row is None or not row.user.is_active:
            return None
        second_factor.check_api_token(row.user, row.second_factor)  # 403 for an old token once TOTP is owed
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)  # at most one write per 5 minutes
        request.user = row.user
        request.api_token = row  # type: ignore[attr-defined]
        return row.user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTH = [TokenAuth(), ActiveSessionAuth()]
