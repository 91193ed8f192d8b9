from django.utils.translation import gettext_lazy as _

from dvk.attachments.validators import DOCUMENTS, ODT, XLSX
from dvk.core.plugins import Attachable, DomainAppConfig, NavItem, ScheduledJob


class VotersConfig(DomainAppConfig):
    name = "dvk.voters"
    label = "voters"
    verbose_name = _("Voter meetings and petitions")
    nav_label = _("Voters")  # the menu's short name
    url_prefix = "cu-tri/"
    api_router = "dvk.voters.api.router"
    nav = (
        NavItem(_("Voter petitions"), "voters:worklist", "megaphone", "voters.consolidate"),
        NavItem(_("HĐND sessions"), "voters:session_list", "bank", "voters.view"),
        NavItem(_("Petitions forwarded to us"), "voters:forwarded", "inbox", "voters.view_forwarded"),
    )
    figures = "dvk.voters.figures.section"
    counters = "dvk.voters.figures.COUNTERS"
    demo_seeder = "dvk.voters.demo.seed"
    demo_order = 60
    generator = "dvk.voters.generate.generate"
    generator_order = 60
    schedule = (
        ScheduledJob("voters.open_sessions", "dvk.voters.tasks.open_sessions", every_minutes=60),
        ScheduledJob("voters.reminders", "dvk.voters.tasks.send_reminders", every_minutes=60),
    )
    workflows = (
        "dvk.voters.workflow.SESSION_WORKFLOW",
        "dvk.voters.workflow.PETITION_WORKFLOW",
        "dvk.voters.workflow.FORWARD_WORKFLOW",
    )
    labels = "dvk.voters.labels"
    importers = ("dvk.voters.register_import.SPEC",)  # the register from Excel (dvk.imports)
    attachables = (
        Attachable(
            "voters.meeting",
            "voters.record_meeting",
            kinds={"voters.minutes": _("Minutes of the meeting")},
            # sniffed from the bytes: PDF, images, Word (DOCX, DOC), Excel (XLSX, XLS), ODT
            types={"voters.minutes": DOCUMENTS | {XLSX, ODT}},
        ),
    )
