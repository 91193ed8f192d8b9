from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig


class VaultConfig(DomainAppConfig):
    """Foundation app: the confidential identity vault (encrypted, blind-indexed, access-logged)."""

    name = "dvk.vault"
    label = "vault"
    verbose_name = _("Identity vault")
    labels = "dvk.vault.labels"

    def ready(self) -> None:
        from dvk.vault.keys import check_configuration

        check_configuration()
