from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig, NavItem


class OrganisationsConfig(DomainAppConfig):
    name = "dvk.organisations"
    label = "organisations"
    verbose_name = _("Organisations")
    url_prefix = "don-vi/"
    labels = "dvk.organisations.labels"
    api_router = "dvk.organisations.api.router"
    nav = (NavItem(_("Bodies"), "organisations:list", "diagram-3"),)
    dashboard = "dvk.organisations.dashboard.widgets"
    demo_seeder = "dvk.organisations.demo.seed"
    demo_order = 10
