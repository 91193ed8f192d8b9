"""Vietnamese labels of the audit actions this app writes outside the workflows (the workflows'
own transitions are labelled by their `label`), read by the audit-label registry."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "voters.term.create": _("Term created"),
    "voters.session.create": _("Session created"),
    "voters.session.publish": _("Answers published"),
    "voters.deputy.add": _("Deputy added to the register"),
    "voters.meeting.create": _("Voter meeting recorded"),
    "voters.petition.record": _("Petitions recorded from the minutes"),
    "voters.petition.assess": _("Voters' assessment recorded"),
}
FIELDS = {
    "field": _("field"),
    "level": _("competent level"),
    "outcome": _("result"),
    "due_session_id": _("followed at session"),
    "carried_over": _("times carried over"),
    "repeat_of_id": _("repeat of"),
    "due_on": _("answer due"),
    "target_date": _("roadmap target date"),
    "answered_on": _("answered on"),
    "satisfaction": _("voters' assessment"),
    "bodies": _("answering bodies"),
}
