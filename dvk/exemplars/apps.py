from django.utils.translation import gettext_lazy as _

from dvk.core.plugins import DomainAppConfig, NavItem


class ExemplarsConfig(DomainAppConfig):
    name = "dvk.exemplars"
    label = "exemplars"
    verbose_name = _("Exemplars")
    url_prefix = ""  # full paths in urls.py: /mo-hinh/… (staff), /dien-hinh/… (public), /xac-minh/…
    api_router = "dvk.exemplars.api.router"
    nav = (
        NavItem(_("Dân vận khéo models"), "exemplars:list", "award", "exemplars.add_exemplar"),
        NavItem(
            _("Review and recognition"), "exemplars:coordination", "clipboard-check", "exemplars.view_funnel"
        ),
        NavItem(_("Council scoring"), "exemplars:queue", "check2-square", "exemplars.review_queue"),
    )
    dashboard = "dvk.exemplars.dashboard.widgets"
    demo_seeder = "dvk.exemplars.demo.seed"
    demo_order = 20
    generator = "dvk.exemplars.generate.generate"
    generator_order = 20

    def ready(self) -> None:
        from dvk.attachments.api import register_attachable

        register_attachable("exemplars.exemplar", "exemplars.attach")
