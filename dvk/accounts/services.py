"""Writes on accounts: API tokens are issued and revoked here (audited), never by a view."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from dvk.accounts.models import ApiToken, User
from dvk.core.interfaces import record_audit


@transaction.atomic
def issue_token(user: User) -> tuple[ApiToken, str]:
    """A new bearer token for `user`; returns the row and the plain value (shown once)."""
    token, raw = ApiToken.issue(user)
    record_audit(actor=user, action="accounts.token.issue", target=token, changes={})
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, by: User) -> None:
    """Revoke `token` (a repeat is a no-op: one audit row)."""
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if changed:
        record_audit(actor=by, action="accounts.token.revoke", target=token, changes={})
