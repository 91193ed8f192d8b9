from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig, NavItem


class StatsConfig(DomainAppConfig):
    """Foundation app: counters kept on write (dvk.stats.counters), read by the domains' figures,
    and the dashboards that compose those figures (dvk.stats.views)."""

    name = "dvk.stats"
    label = "stats"
    verbose_name = _("Statistics")
    url_prefix = "thong-ke/"
    nav = (
        NavItem(_("Province overview"), "stats:overview", "bar-chart-line", "stats.view_overview"),
        NavItem(_("What is due from me"), "stats:mine", "list-check", "stats.view_mine"),
    )
    # Bulk writers (seed_demo, generate_data) bypass post_save: recount after every other app.
    demo_seeder = "dvk.stats.counters.rebuild_after_demo"
    demo_order = 1000
    generator = "dvk.stats.counters.rebuild_after_demo"
    generator_order = 1000

    def ready(self) -> None:
        from dvk.stats import counters

        counters.connect_all()
