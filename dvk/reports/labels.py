"""Audit labels of periodic reports (the workflow's own transitions are labelled by the engine)."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "reports.create": _("Periodic report drafted"),
    "reports.edit": _("Periodic report narrative edited"),
    "reports.refresh": _("Periodic report figures refreshed"),
    "reports.upload_draft": _("Edited draft of a periodic report uploaded"),
}
