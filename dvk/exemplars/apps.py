from django.utils.translation import gettext_lazy as _

from dvk.attachments.validators import DOCUMENTS, IMAGES
from dvk.core.plugins import Attachable, DomainAppConfig, NavItem


class ExemplarsConfig(DomainAppConfig):
    name = "dvk.exemplars"
    label = "exemplars"
    verbose_name = _("Exemplars")
    nav_label = _("Models and exemplars")  # the menu's short name
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
    figures = "dvk.exemplars.figures.section"
    counters = "dvk.exemplars.figures.COUNTERS"
    demo_seeder = "dvk.exemplars.demo.seed"
    demo_order = 20
    generator = "dvk.exemplars.generate.generate"
    generator_order = 20
    workflows = ("dvk.exemplars.workflow.WORKFLOW",)
    labels = "dvk.exemplars.labels"
    importers = ("dvk.exemplars.register_import.SPEC",)  # the models register from Excel
    attachables = (
        Attachable(
            "exemplars.exemplar",
            "exemplars.attach",
            kinds={  # the first four make up the nomination dossier (hồ sơ): services.DOSSIER_KINDS
                "dossier.proposal": _("proposal letter"),
                "dossier.report": _("achievement report"),
                "dossier.minutes": _("lower-level minutes"),
                "evidence": _("evidence"),
                "press": _("press coverage"),
                "photo": _("photo"),
            },
            types={"photo": IMAGES, "press": DOCUMENTS},  # the others take every type of ALLOWED
            max_bytes={"photo": 10 * 1024 * 1024},
        ),
    )
