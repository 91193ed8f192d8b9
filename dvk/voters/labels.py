"""Audit labels of voter meetings and petitions (registered through VotersConfig.labels). The
workflows' transitions are labelled on the transitions themselves (workflow.py); keys of
`changes` that are fields of the target model are labelled by the field."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dvk.core.labels import Key

ACTIONS = {
    "voters.term.create": _("Term created"),
    "voters.session.create": _("Session created"),
    "voters.session.publish": _("Answers published"),
    "voters.deputy.add": _("Deputy added to the register"),
    "voters.meeting.create": _("Voter meeting recorded"),
    "voters.petition.record": _("Petitions recorded from the minutes"),
    "voters.petition.edit": _("Petition corrected"),
    "voters.petition.assess": _("Voters' assessment recorded"),
}
FIELDS = {
    "due_session_id": Key(_("followed at session"), model="voters.Session", pair=True),
    "from_session": Key(_("raised for session"), model="voters.Session"),
    "repeat_of_id": Key(_("repeat of"), model="voters.Petition", pair=True),
    "repeat_of": Key(_("repeat of"), model="voters.Petition"),
    "bodies": Key(_("answering bodies")),
    "due_on": Key(_("answer due")),
    "on_time": Key(_("Answered on time")),
    "count": Key(_("Count")),
}
