"""Vietnamese labels of the vault's audit actions (registered through VaultConfig.labels)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dvk.core.labels import Key

ACTIONS = {
    "vault.seal": _("Identity sealed"),
    "vault.read": _("Identity read"),
    "vault.read_denied": _("Identity read refused"),
}

FIELDS = {
    "identity": Key(_("Identity")),
    "owner": Key(_("Record")),
}
