"""Audit labels of citizen reception and cases (CitizensConfig.labels). Workflow transitions are
labelled on the transitions themselves (workflow.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dvk.audit.labels import Key

ACTIONS = {
    "citizens.letter.register": _("Letter registered"),
    "citizens.letter.classify": _("Letter classified"),
    "citizens.case.receive": _("Forwarded case received"),
    "citizens.case.assign": _("Handler assigned"),
    "citizens.case.flags": _("Time-limit modifiers changed"),
    "citizens.case.prolonged": _("Kéo dài flag changed"),
    "citizens.case.publish": _("Answer published"),
    "citizens.duplicate.decide": _("Possible duplicate decided"),
    "citizens.session.create": _("Reception session recorded"),
    "citizens.visit.create": _("Visit recorded"),
    "citizens.urge": _("Reminder letter sent"),
}

FIELDS = {
    "receipt_number": Key(_("Receipt number")),
    "cases": Key(_("Cases opened")),
    "identity_sealed": Key(_("Identity sealed in the vault")),
    "notice_due_on": Key(_("Notice due on")),
    "second_complaint_until": Key(_("Second complaint possible until")),
    "late_second_complaint": Key(_("Second complaint filed late")),
    "forwarded_to": Key(_("Forwarded to"), model="organisations.Organisation"),
    "linked_case": Key(_("Linked case"), model="citizens.Case"),
    "purpose": Key(_("Purpose")),
    "from_case": Key(_("From case"), model="citizens.Case"),
    "candidate": Key(_("Similar letter"), model="citizens.Letter"),
    "same": Key(_("Same matter")),
    "by_rule": Key(_("By rule")),
    "published": Key(_("Published")),
    "crowd": Key(_("Đông người")),
    "letter": Key(_("Letter"), model="citizens.Letter"),
    "duty": Key(_("Duty"), model="citizens.ReceptionDuty"),
    "cases_urged": Key(_("Cases"), model="citizens.Case"),
}
