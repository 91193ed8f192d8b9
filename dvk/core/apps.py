from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig, NavItem


class CoreConfig(DomainAppConfig):
    name = "dvk.core"
    label = "core"
    verbose_name = _("Core")
    nav = (NavItem(_("Overview"), "core:home", "speedometer2"),)
