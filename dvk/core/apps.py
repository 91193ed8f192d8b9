from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig, NavItem


class CoreConfig(DomainAppConfig):
    name = "dvk.core"
    label = "core"
    verbose_name = _("Core")
    nav = (NavItem(_("Overview"), "core:home", "speedometer2"),)

    def ready(self) -> None:
        super().ready()
        from dvk.core import lookups

        lookups.register()  # out-of-range integer ids match nothing instead of overflowing
