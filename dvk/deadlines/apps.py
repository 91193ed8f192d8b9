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

        from dvk.deadlines import calendar
        from dvk.deadlines.models import CalendarOverride

        def changed(sender, **kwargs):
            calendar.invalidate(shared=True)

        post_save.connect(
            changed, sender=CalendarOverride, dispatch_uid="dvk_deadlines_override_saved", weak=False
        )
        post_delete.connect(
            changed, sender=CalendarOverride, dispatch_uid="dvk_deadlines_override_deleted", weak=False
        )
