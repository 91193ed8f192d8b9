from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig


class AccountsConfig(DomainAppConfig):
    name = "dvk.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    url_prefix = "tai-khoan/"
    labels = "dvk.accounts.labels"

    def ready(self) -> None:
        from dvk.accounts import signals  # noqa: F401 (connects the log-in receivers)
