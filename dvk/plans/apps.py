from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import Attachable, DomainAppConfig, NavItem, ScheduledJob


class PlansConfig(DomainAppConfig):
    name = "dvk.plans"
    label = "plans"
    verbose_name = _("Plans and monitoring")
    nav_label = _("Plans")  # the menu's short name
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
    figures = "dvk.plans.figures.section"
    counters = "dvk.plans.figures.COUNTERS"
    demo_seeder = "dvk.plans.demo.seed"
    demo_order = 30
    generator = "dvk.plans.generate.generate"
    generator_order = 30
    schedule = (ScheduledJob("plans.reminders", "dvk.plans.tasks.send_reminders", every_minutes=60),)
    workflows = (
        "dvk.plans.workflow.PLAN_WORKFLOW",
        "dvk.plans.workflow.ASSIGNMENT_WORKFLOW",
        "dvk.plans.workflow.REPORT_WORKFLOW",
        "dvk.plans.workflow.RECOMMENDATION_WORKFLOW",
    )
    labels = "dvk.plans.labels"
    attachables = (
        Attachable("plans.report", "plans.attach_report", kinds={"plans.report": _("Report annex")}),
    )
