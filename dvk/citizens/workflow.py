"""Stages and transitions of citizens' cases: one workflow per kind (complaints, denunciations,
petitions and reflections), all writing to the same event table.

Pure data: the hooks named here live in dvk.citizens.services (deadlines computed at each step by
dvk.deadlines, linked records on forwarding and appeals, pauses). Diagram: docs/workflows/citizens.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dvk.core.workflow import Transition, Workflow


class Kind(models.TextChoices):
    PETITION = "petition", _("Petition (kiến nghị)")
    REFLECTION = "reflection", _("Reflection (phản ánh)")
    COMPLAINT = "complaint", _("Complaint (khiếu nại)")
    DENUNCIATION = "denunciation", _("Denunciation (tố cáo)")
    MIXED = "mixed", _("Mixed content")


CASE_KINDS = (Kind.PETITION, Kind.REFLECTION, Kind.COMPLAINT, Kind.DENUNCIATION)


class Stage(models.TextChoices):
    CLASSIFYING = "classifying", _("Letter being processed")
    INFORMATION = "information", _("Information not processed (Art. 25)")
    LEAD = "lead", _("Inspection lead")
    ACCEPTED = "accepted", _("Accepted (thụ lý)")
    REFUSED = "refused", _("Not accepted")
    FORWARDED = "forwarded", _("Forwarded")
    GUIDED = "guided", _("Guided to the competent body")
    STORED = "stored", _("Filed without action")
    VERIFYING = "verifying", _("Verification")
    DIALOGUE = "dialogue", _("Dialogue")
    SUSPENDED = "suspended", _("Suspended")
    DECIDED = "decided", _("Decision or conclusion issued")
    ENFORCING = "enforcing", _("Enforcement")
    ANSWERED = "answered", _("Answered")
    APPEALED = "appealed", _("Second complaint filed")
    LAWSUIT = "lawsuit", _("Administrative lawsuit")
    REFERRED = "referred", _("Referred to the prosecuting bodies")
    CLOSED = "closed", _("Closed")


S = Stage
# Stages in which the case is still being worked on by its body (deadlines, alerts, overdue).
OPEN_STAGES = frozenset({S.CLASSIFYING, S.ACCEPTED, S.VERIFYING, S.DIALOGUE, S.DECIDED, S.ENFORCING, S.LEAD})
# Stages whose clock is stopped (no alert, not overdue).
PAUSED_STAGES = frozenset({S.SUSPENDED})
FINAL_STAGES = frozenset(
    {S.REFUSED, S.FORWARDED, S.GUIDED, S.STORED, S.ANSWERED, S.APPEALED, S.LAWSUIT, S.REFERRED, S.CLOSED}
)

H = "dvk.citizens.services."
HANDLE, LEAD_PERM = "citizens.handle_case", "citizens.lead_case"
DEADLINE_FIELDS = ("due_on", "due_rule")


def _t(
    action, sources, target, label, *, perm=HANDLE, note=False, before="", after="", fields=DEADLINE_FIELDS
):
    return Transition(
        action,
        frozenset(sources),
        target,
        perm,
        label,
        requires_note=note,
        before=H + before if before else "",
        after=H + after if after else "",
        audit_fields=fields,
    )


# The first-step outcomes every kind shares (Thông tư 05/2021/TT-TTCP: xử lý đơn).
_TRIAGE = [
    _t(
        "forward",
        {S.CLASSIFYING},
        S.FORWARDED,
        _("Forward to the competent body"),
        note=True,
        before="on_forward",
    ),
    _t("guide", {S.CLASSIFYING}, S.GUIDED, _("Guide the citizen"), note=True, before="on_finish"),
    _t("store", {S.CLASSIFYING}, S.STORED, _("File without action"), note=True, before="on_finish"),
]


def _assign_verification(sources):
    """Verification handed to another body while the case stays with its own (Luật Khiếu nại 2011
    Điều 29 k1; Luật Tố cáo 2018 Điều 31 k1: the resolver may "giao" verification to the inspectorate
    or another body). The receiving body gets its own linked record, identity stripped (Điều 56 k2)."""
    return _t(
        "assign_verification",
        sources,
        S.VERIFYING,
        _("Assign verification to another body"),
        note=True,
        before="on_assign_verification",
        fields=(),
    )


_REOPEN = _t(
    "reopen",
    {S.CLOSED, S.REFUSED, S.STORED, S.ANSWERED, S.GUIDED},
    S.CLASSIFYING,
    _("Reopen"),
    perm=LEAD_PERM,
    note=True,
    before="on_reopen",
    fields=(*DEADLINE_FIELDS, "reopen_count", "prolonged"),
)

COMPLAINT_WORKFLOW = Workflow(
    "citizens.complaint",
    [
        _t("accept", {S.CLASSIFYING}, S.ACCEPTED, _("Accept (thụ lý)"), before="on_accept"),
        _t("refuse", {S.CLASSIFYING}, S.REFUSED, _("Refuse with reasons"), note=True, before="on_finish"),
        *_TRIAGE,
        _t("verify", {S.ACCEPTED}, S.VERIFYING, _("Start verification"), fields=()),
        _assign_verification({S.ACCEPTED, S.VERIFYING, S.DIALOGUE}),
        _t("dialogue", {S.VERIFYING}, S.DIALOGUE, _("Hold a dialogue"), note=True, fields=()),
        _t(
            "decide",
            {S.VERIFYING, S.DIALOGUE},
            S.DECIDED,
            _("Issue the decision"),
            note=True,
            before="on_decide",
        ),
        _t("enforce", {S.DECIDED}, S.ENFORCING, _("Enforce the decision"), fields=()),
        _t("close", {S.DECIDED, S.ENFORCING}, S.CLOSED, _("Close"), before="on_finish"),
        _t(
            "appeal",
            {S.DECIDED, S.ENFORCING, S.CLOSED},
            S.APPEALED,
            _("Second complaint (lần 2)"),
            note=True,
            before="on_appeal",
        ),
        _t(
            "lawsuit",
            {S.DECIDED, S.ENFORCING, S.CLOSED},
            S.LAWSUIT,
            _("Lawsuit filed"),
            note=True,
            before="on_finish",
        ),
        _t(
            "suspend",
            {S.ACCEPTED, S.VERIFYING, S.DIALOGUE},
            S.SUSPENDED,
            _("Suspend"),
            note=True,
            before="on_suspend",
            fields=("paused_since",),
        ),
        _t(
            "resume",
            {S.SUSPENDED},
            S.VERIFYING,
            _("Resume"),
            before="on_resume",
            fields=(*DEADLINE_FIELDS, "paused_days"),
        ),
        _REOPEN,
    ],
    event_model="citizens.CaseEvent",
)

DENUNCIATION_WORKFLOW = Workflow(
    "citizens.denunciation",
    [
        _t("accept", {S.CLASSIFYING}, S.ACCEPTED, _("Accept (thụ lý)"), before="on_accept"),
        _t("refuse", {S.CLASSIFYING}, S.REFUSED, _("Refuse with reasons"), note=True, before="on_finish"),
        *_TRIAGE,
        _t("verify", {S.ACCEPTED}, S.VERIFYING, _("Start verification"), fields=()),
        _assign_verification({S.ACCEPTED, S.VERIFYING}),
        _t(
            "extend",
            {S.ACCEPTED},
            S.ACCEPTED,
            _("Extend the time limit"),
            note=True,
            before="on_extend",
            fields=(*DEADLINE_FIELDS, "extensions"),
        ),
        _t(
            "extend",
            {S.VERIFYING},
            S.VERIFYING,
            _("Extend the time limit"),
            note=True,
            before="on_extend",
            fields=(*DEADLINE_FIELDS, "extensions"),
        ),
        _t(
            "suspend",
            {S.ACCEPTED, S.VERIFYING},
            S.SUSPENDED,
            _("Suspend"),
            note=True,
            before="on_suspend",
            fields=("paused_since",),
        ),
        _t(
            "resume",
            {S.SUSPENDED},
            S.VERIFYING,
            _("Resume"),
            before="on_resume",
            fields=(*DEADLINE_FIELDS, "paused_days"),
        ),
        _t("conclude", {S.VERIFYING}, S.DECIDED, _("Issue the conclusion"), note=True, before="on_decide"),
        _t(
            "refer",
            {S.VERIFYING},
            S.REFERRED,
            _("Refer to the prosecuting bodies"),
            note=True,
            before="on_finish",
        ),
        _t("enforce", {S.DECIDED}, S.ENFORCING, _("Handle the conclusion"), fields=()),
        _t("close", {S.DECIDED, S.ENFORCING, S.LEAD}, S.CLOSED, _("Close"), before="on_finish"),
        # Anonymous or impersonated letters (Luật Tố cáo 2018, Điều 25): information, not processed.
        _t(
            "make_lead",
            {S.INFORMATION},
            S.LEAD,
            _("Use as an inspection lead"),
            perm=LEAD_PERM,
            note=True,
            fields=(),
        ),
        _t("archive", {S.INFORMATION}, S.STORED, _("File without action"), note=True, before="on_finish"),
        _REOPEN,
    ],
    event_model="citizens.CaseEvent",
)

PETITION_WORKFLOW = Workflow(
    "citizens.petition",
    [
        _t("accept", {S.CLASSIFYING}, S.ACCEPTED, _("Take up"), before="on_accept"),
        *_TRIAGE,
        _t("verify", {S.ACCEPTED}, S.VERIFYING, _("Start verification"), fields=()),
        _assign_verification({S.ACCEPTED, S.VERIFYING}),
        _t(
            "answer",
            {S.CLASSIFYING, S.ACCEPTED, S.VERIFYING},
            S.ANSWERED,
            _("Answer"),
            note=True,
            before="on_answer",
        ),
        _t("close", {S.ANSWERED}, S.CLOSED, _("Close"), before="on_finish"),
        _REOPEN,
    ],
    event_model="citizens.CaseEvent",
)

WORKFLOWS = {
    Kind.COMPLAINT: COMPLAINT_WORKFLOW,
    Kind.DENUNCIATION: DENUNCIATION_WORKFLOW,
    Kind.PETITION: PETITION_WORKFLOW,
    Kind.REFLECTION: PETITION_WORKFLOW,
}


def workflow_for(kind: str) -> Workflow:
    return WORKFLOWS[kind]  # type: ignore[index]
