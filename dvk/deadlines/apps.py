from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig


class DeadlinesConfig(DomainAppConfig):
    """Foundation app: statutory deadline rules as data, the working-day calendar and compute()."""

    name = "dvk.deadlines"
    label = "deadlines"
    verbose_name = _("Statutory deadlines")
    api_router = "dvk.deadlines.api.router"
    # Seeded by migration 0002; the demo seeder re-inserts them after a test flushed the tables.
    demo_seeder = "dvk.deadlines.data.seed_demo"
    demo_order = 5

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from dvk.deadlines import calendar, services
        from dvk.deadlines.models import CalendarOverride, DeadlineRule

        def calendar_changed(sender, **kwargs):
            calendar.invalidate(shared=True)

        def rules_changed(sender, **kwargs):
            services.invalidate_rules(shared=True)

        for signal in (post_save, post_delete):
            signal.connect(
                calendar_changed, sender=CalendarOverride, weak=False, dispatch_uid=f"dvk_cal_{signal}"
            )
            signal.connect(rules_changed, sender=DeadlineRule, weak=False, dispatch_uid=f"dvk_rules_{signal}")
