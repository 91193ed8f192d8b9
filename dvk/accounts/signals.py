"""At log-in: note when the password was typed (re-authentication window, dvk/accounts/reauth.py) and
whether this session owes the TOTP step (dvk/accounts/second_factor.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from dvk.accounts import reauth, second_factor


@receiver(user_logged_in, dispatch_uid="dvk_accounts_login_stamp")
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    reauth.stamp(request)
    second_factor.remember(request, user)
