from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig, NavItem, ScheduledJob


class FrontConfig(DomainAppConfig):
    name = "dvk.front"
    label = "front"
    verbose_name = _("Fatherland Front: supervision and social critique")
    nav_label = _("Fatherland Front")  # the menu's short name
    url_prefix = "mat-tran/"
    api_router = "dvk.front.api.router"
    api_prefix = "/front"
    nav = (
        NavItem(_("Front supervision"), "front:supervision_list", "binoculars", "front.view"),
        NavItem(_("Recommendations to answer"), "front:recommendation_list", "reply", "front.view"),
        NavItem(_("Social critique"), "front:critique_list", "chat-square-text", "front.view"),
    )
    figures = "dvk.front.figures.section"
    counters = "dvk.front.figures.COUNTERS"
    dashboard = "dvk.front.dashboard.widgets"
    demo_seeder = "dvk.front.demo.seed"
    demo_order = 60
    generator = "dvk.front.generate.generate"
    generator_order = 60
    schedule = (
        ScheduledJob(
            "front.escalations", "dvk.front.tasks.escalate_overdue_recommendations", every_minutes=60 * 24
        ),
        ScheduledJob(
            "front.reminders", "dvk.front.tasks.send_recommendation_reminders", every_minutes=60 * 24
        ),
    )
    workflows = (
        "dvk.front.workflow.SUPERVISION_WORKFLOW",
        "dvk.front.workflow.RECOMMENDATION_WORKFLOW",
        "dvk.front.workflow.CRITIQUE_WORKFLOW",
    )
    labels = "dvk.front.labels"
