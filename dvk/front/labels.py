"""Audit labels of the Front's own (non-workflow) actions (dvk.audit.labels)."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "front.programme.create": _("Create a supervision programme"),
    "front.supervision.create": _("Create a supervision"),
    "front.supervision.team": _("Set the supervision team"),
    "front.critique.request": _("Send a draft for social critique"),
    "front.critique.version": _("Add a version of the draft"),
    "front.critique.links": _("Record which comments changed the draft"),
    "front.critique.invite": _("Invite to comment on a draft"),
    "front.comment.add": _("Comment on a draft"),
    "front.comment.public": _("Public comment on a draft"),
    "front.comment.moderate": _("Moderate a public comment"),
    "front.comment.answer": _("Answer a comment (tiếp thu, giải trình)"),
}
FIELDS = {
    "recommendations": _("Recommendations"),
    "supervised": _("Body supervised"),
    "drafting_body": _("Drafting body"),
    "units": _("Articles and paragraphs"),
    "version": _("Version"),
    "links": _("Comments that changed the draft"),
    "invited": _("Invited"),
    "critique": _("Critique"),
    "unit": _("On"),
    "team": _("Team"),
    "members": _("Member organisations"),
    "held_on": _("Held on"),
    "year": _("Year"),
}
