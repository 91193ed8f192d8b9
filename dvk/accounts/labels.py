"""Audit labels of the accounts app (registered through AccountsConfig.labels)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "accounts.login": _("Logged in"),
    "accounts.logout": _("Logged out"),
    "accounts.login_failed": _("Failed log-in"),
    "accounts.password_change": _("Password changed"),
    "accounts.token.issue": _("API token issued"),
    "accounts.token.revoke": _("API token revoked"),
    "accounts.totp.enrol": _("Authenticator app enrolled"),
    "accounts.reauth": _("Password confirmed again"),
}
