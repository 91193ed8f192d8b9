from django.utils.translation import gettext_lazy as _

from dvk.attachments.validators import DOCUMENTS, ODT, XLSX
from dvk.core.plugins import Attachable, DomainAppConfig, NavItem, ScheduledJob


class CitizensConfig(DomainAppConfig):
    name = "dvk.citizens"
    label = "citizens"
    verbose_name = _("Citizen reception and letters")
    nav_label = _("Citizen reception")  # the menu's short name
    url_prefix = "tiep-cong-dan/"
    api_router = "dvk.citizens.api.router"
    api_prefix = "/citizens"
    nav = (
        NavItem(_("Citizens' cases"), "citizens:worklist", "person-lines-fill", "citizens.view"),
        NavItem(
            _("Register a letter"), "citizens:letter_create", "envelope-plus", "citizens.register_letter"
        ),
        NavItem(_("Reception sessions"), "citizens:session_list", "people", "citizens.view"),
        NavItem(_("Citizens monitoring"), "citizens:monitoring", "clipboard-data", "citizens.monitor"),
    )
    figures = "dvk.citizens.figures.section"
    counters = "dvk.citizens.figures.COUNTERS"
    dashboard = "dvk.citizens.dashboard.widgets"
    demo_seeder = "dvk.citizens.demo.seed"
    demo_order = 50
    generator = "dvk.citizens.generate.generate"
    generator_order = 50
    schedule = (
        ScheduledJob("citizens.alerts", "dvk.citizens.tasks.deadline_alerts", every_minutes=60),
        ScheduledJob("citizens.prolonged", "dvk.citizens.tasks.prolonged_flags", every_minutes=360),
    )
    workflows = (
        "dvk.citizens.workflow.COMPLAINT_WORKFLOW",
        "dvk.citizens.workflow.DENUNCIATION_WORKFLOW",
        "dvk.citizens.workflow.PETITION_WORKFLOW",
    )
    labels = "dvk.citizens.labels"
    importers = ("dvk.citizens.register_import.SPEC",)  # the register from Excel (dvk.imports)
    attachables = (
        Attachable(
            "citizens.letter",
            "citizens.attach",
            kinds={"letter": _("scanned letter"), "evidence": _("evidence"), "decision": _("decision")},
            # sniffed from the bytes: PDF, images, Word (DOCX, DOC), ODT; Excel (XLSX, XLS) where a
            # letter or its evidence comes with a table; never HTML, SVG or anything else
            types={
                "letter": DOCUMENTS | {XLSX, ODT},
                "evidence": DOCUMENTS | {XLSX, ODT},
                "decision": DOCUMENTS | {ODT},
            },
        ),
    )

    def ready(self) -> None:
        from dvk.citizens import monitor

        monitor.connect()  # the monitoring counts follow every save of a case
