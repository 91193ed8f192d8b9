from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig, NavItem, ScheduledJob


class PlansConfig(DomainAppConfig):
    name = "dvk.plans"
    label = "plans"
    verbose_name = _("Plans and monitoring")
    url_prefix = "ke-hoach/"
    api_router = "dvk.plans.api.router"
    nav = (
        NavItem(_("Plans"), "plans:list", "journal-text", "plans.view_plans"),
        NavItem(_("My assignments"), "plans:my_assignments", "list-check", "plans.work_on_assignment"),
        NavItem(_("Monitoring"), "plans:matrix", "grid-3x3", "plans.view_matrix"),
        NavItem(_("Supervision"), "plans:supervision_list", "binoculars", "plans.view_supervision"),
        NavItem(_("Campaigns and events"), "plans:campaign_list", "calendar-event", "plans.view_plans"),
    )
    dashboard = "dvk.plans.dashboard.widgets"
    demo_seeder = "dvk.plans.demo.seed"
    demo_order = 30
    generator = "dvk.plans.generate.generate"
    generator_order = 30
    schedule = (ScheduledJob("plans.reminders", "dvk.plans.tasks.send_reminders", every_minutes=60),)

    def ready(self) -> None:
        from dvk.attachments.api import register_attachable

        register_attachable("plans.report", "plans.attach_report")
