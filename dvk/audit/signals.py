"""Log-ins, log-outs and failed log-ins go to the audit trail (Django's auth signals; connected in
AuditConfig.ready, so the accounts app needs no import of the audit trail)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from dvk.audit.context import current_ip
from dvk.audit.models import AuditEvent
from dvk.audit.services import record


@receiver(user_logged_in, dispatch_uid="dvk_audit_login")
def on_login(sender, request, user, **kwargs):
    record(actor=user, action="accounts.login", target=user)


@receiver(user_logged_out, dispatch_uid="dvk_audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action="accounts.logout", target=user)


@receiver(user_login_failed, dispatch_uid="dvk_audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    AuditEvent.objects.create(
        actor=None,
        actor_name=str(credentials.get("username", ""))[:150],
        action="accounts.login_failed",
        target_type="accounts.user",
        target_id="",
        target_repr=str(credentials.get("username", ""))[:255],
        ip_address=current_ip.get(),
    )
