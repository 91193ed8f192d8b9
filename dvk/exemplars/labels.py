"""Audit labels of the exemplars domain (registered through ExemplarsConfig.labels). The workflow's
transitions are labelled on the transitions themselves (workflow.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dvk.audit.labels import Key

ACTIONS = {
    "exemplars.create": _("Model created"),
    "exemplars.update": _("Registration changed"),
    "exemplars.exclude_member": _("Council member excluded"),
    "exemplars.decision": _("Recognition decision issued"),
    "exemplars.score_refused": _("Scoring refused"),
    "exemplars.score": _("Scores submitted"),
    "exemplars.rescore": _("Scores changed"),
    "exemplars.progress": _("Progress reported"),
    "exemplars.outstanding": _("Outstanding selection changed"),
    "exemplars.commend": _("Commendation recorded"),
    "exemplars.replicate": _("Replication recorded"),
    "exemplars.council": _("Council set up"),
    "exemplars.council_update": _("Council changed"),
    "exemplars.change_level": _("Level of recognition changed"),
}

FIELDS = {
    "member": Key(_("Council member")),
    "members": Key(_("Members")),
    "percent": Key(_("Score (%)")),
    "reported_on": Key(_("Reported on")),
    "figures": Key(_("Figures")),
    "form": Key(_("Form of commendation")),
    "decision_number": Key(_("Decision number")),
    "decision": Key(_("Decision")),
    "exemplar": Key(_("Model"), model="exemplars.Exemplar"),
}
