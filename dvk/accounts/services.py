"""Writes on accounts: API tokens are issued and revoked here (audited), never by a view."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from dvk.accounts.models import ApiToken, User
from dvk.core.interfaces import record_audit


@transaction.atomic
def issue_token(user: User, *, second_factor: bool = False) -> tuple[ApiToken, str]:
    """A new bearer token for `user`; returns the row and the plain value (shown once).
    `second_factor`: the TOTP code was checked before issuing it."""
    token, raw = ApiToken.issue(user, second_factor=second_factor)
    record_audit(actor=user, action="accounts.token.issue", target=token, changes={})
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, by: User) -> None:
    """Revoke `token` (a repeat is a no-op: one audit row)."""
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if changed:
        record_audit(actor=by, action="accounts.token.revoke", target=token, changes={})


# --- Second factor (TOTP, django-otp) ---------------------------------------------------------------


@transaction.atomic
def start_totp_enrolment(user: User) -> Any:
    """The user's unconfirmed authenticator (a new secret on first call; the same one until confirmed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_enrolment(user: User, device: Any, code: str) -> bool:
    """Confirm `device` with a first code: it replaces any earlier authenticator (audited once)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if device.user_id != user.pk or device.confirmed or not device.verify_token(code):
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.confirmed = True
    record_audit(actor=user, action="accounts.totp.enrol", target=user, changes={})
    return True


def verify_totp(user: User, code: str) -> Any:
    """The confirmed device that accepts `code`, or None (django-otp throttles repeated failures)."""
    from dvk.accounts.second_factor import confirmed_device

    device = confirmed_device(user)
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if device is None or not code or not device.verify_token(code):
        return None
    return device
