from django.utils.translation import gettext_lazy as _

from dvk.attachments.validators import DOCX
from dvk.core.plugins import Attachable, DomainAppConfig, NavItem


class ReportsConfig(DomainAppConfig):
    """Periodic reports of a body (monthly, 6-month, yearly, a period's summary), pre-filled with
    the figures every domain contributes (`DomainAppConfig.figures`, dvk.core.figures) and issued
    through the document register. It reads the domains only through those contributions."""

    name = "dvk.reports"
    label = "reports"
    verbose_name = _("Periodic reports")
    url_prefix = "bao-cao-dinh-ky/"
    nav = (NavItem(_("Periodic reports"), "reports:list", "file-earmark-bar-graph", "reports.view_reports"),)
    workflows = ("dvk.reports.workflow.WORKFLOW",)
    labels = "dvk.reports.labels"
    attachables = (
        Attachable(
            "reports.periodicreport",
            "reports.edit_report",
            kinds={"reports.draft": _("Edited draft (Word)")},
            types={"reports.draft": frozenset({DOCX})},  # the issued document is made from it
        ),
    )
