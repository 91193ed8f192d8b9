"""Stages and transitions of MTTQ supervision and social critique (docs/workflows/front.md).

Supervision (QĐ 217-QĐ/TW, NQLT 403/2017): plan → decision forming the team → notice to the body
supervised → field work → report with recommendations → closed once every recommendation is closed.
A review of documents, or a commune's Ban Thanh tra nhân dân / Ban Giám sát đầu tư của cộng đồng
report, needs no team: it is recorded with its recommendations straight from the plan ("record").
A recommendation is answered by the body it is addressed to and accepted (closed) or sent back by
the Front; when it is overdue the scheduler escalates it (system actor) to the Party committee or
the People's Council named on the supervision.

Social critique (NQLT 403/2017; Luật Ban hành VBQPPL 2025, Điều 6): the drafting body's request is
received → the Front decides (form, lead, comment window) or declines → opinions are collected →
conference or dialogue → critique document sent → the drafting body answers every comment
(tiếp thu, giải trình) → published.

Pure data: only services.py calls `advance()` with these workflows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dvk.core.workflow import Transition, Workflow


class SupervisionStage(models.TextChoices):
    PLANNED = "planned", _("Planned")
    TEAM_FORMED = "team_formed", _("Team formed")
    NOTIFIED = "notified", _("Body notified")
    IN_PROGRESS = "in_progress", _("Under way")
    REPORTED = "reported", _("Reported with recommendations")
    CLOSED = "closed", _("Closed")


class RecommendationStage(models.TextChoices):
    OPEN = "open", _("Awaiting answer")
    ESCALATED = "escalated", _("Escalated (overdue)")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class CritiqueStage(models.TextChoices):
    RECEIVED = "received", _("Request received")
    DECLINED = "declined", _("Declined")
    COLLECTING = "collecting", _("Collecting opinions")
    CONFERENCE = "conference", _("Conference held")
    SENT = "sent", _("Critique sent, awaiting answers")
    EXPLAINED = "explained", _("Answered (tiếp thu, giải trình)")
    PUBLISHED = "published", _("Published")


S, R, C = SupervisionStage, RecommendationStage, CritiqueStage
OPEN_RECOMMENDATION_STAGES = frozenset({R.OPEN, R.ESCALATED})
COMMENTING_STAGES = frozenset({C.COLLECTING, C.CONFERENCE})
_HOOKS = "dvk.front.services"

SUPERVISION_WORKFLOW = Workflow(
    "front.supervision",
    [
        Transition(
            action="form_team",
            sources=frozenset({S.PLANNED}),
            target=S.TEAM_FORMED,
            permission="front.manage_supervision",
            label=_("Record the decision forming the team"),
            before=f"{_HOOKS}.hook_form_team",
            audit_fields=("decision_number", "decision_date"),
        ),
        Transition(
            action="notify",
            sources=frozenset({S.TEAM_FORMED}),
            target=S.NOTIFIED,
            permission="front.manage_supervision",
            label=_("Send the notice to the body"),
            before=f"{_HOOKS}.hook_notify_body",
            after=f"{_HOOKS}.after_notify_body",
            audit_fields=("notice_on",),
        ),
        Transition(
            action="start",
            sources=frozenset({S.NOTIFIED}),
            target=S.IN_PROGRESS,
            permission="front.manage_supervision",
            label=_("Start the field work"),
        ),
        Transition(
            action="record",
            sources=frozenset({S.PLANNED}),
            target=S.REPORTED,
            permission="front.record_report",
            label=_("Record the report with recommendations"),
            before=f"{_HOOKS}.hook_report",
            after=f"{_HOOKS}.after_report",
            audit_fields=("findings", "reported_on"),
        ),
        Transition(
            action="report",
            sources=frozenset({S.IN_PROGRESS}),
            target=S.REPORTED,
            permission="front.manage_supervision",
            label=_("Issue the report with recommendations"),
            before=f"{_HOOKS}.hook_report",
            after=f"{_HOOKS}.after_report",
            audit_fields=("findings", "reported_on"),
        ),
        Transition(
            action="close",
            sources=frozenset({S.REPORTED}),
            target=S.CLOSED,
            permission="front.manage_supervision",
            label=_("Close the supervision"),
            before=f"{_HOOKS}.hook_close_supervision",
        ),
    ],
    event_model="front.SupervisionEvent",
)

RECOMMENDATION_WORKFLOW = Workflow(
    "front.recommendation",
    [
        Transition(
            action="answer",
            sources=frozenset({R.OPEN, R.ESCALATED}),
            target=R.ANSWERED,
            permission="front.answer_recommendation",
            label=_("Answer"),
            before=f"{_HOOKS}.hook_answer_recommendation",
            after=f"{_HOOKS}.after_answer_recommendation",
            audit_fields=("response",),
        ),
        Transition(
            action="accept",
            sources=frozenset({R.ANSWERED}),
            target=R.CLOSED,
            permission="front.review_recommendation",
            label=_("Accept the answer and close"),
            before=f"{_HOOKS}.hook_close_recommendation",
        ),
        Transition(
            action="reopen",
            sources=frozenset({R.ANSWERED}),
            target=R.OPEN,
            permission="front.review_recommendation",
            label=_("Not resolved: ask again"),
            requires_note=True,
            before=f"{_HOOKS}.hook_reopen_recommendation",
            after=f"{_HOOKS}.after_reopen_recommendation",
            audit_fields=("due_on",),
        ),
        Transition(
            action="escalate",
            sources=frozenset({R.OPEN}),
            target=R.ESCALATED,
            permission="front.review_recommendation",
            label=_("Escalate"),
            before=f"{_HOOKS}.hook_escalate",
            after=f"{_HOOKS}.after_escalate",
            audit_fields=("escalated_on",),
            system=True,
        ),
    ],
    event_model="front.RecommendationEvent",
)

CRITIQUE_WORKFLOW = Workflow(
    "front.critique",
    [
        Transition(
            action="accept",
            sources=frozenset({C.RECEIVED}),
            target=C.COLLECTING,
            permission="front.manage_critique",
            label=_("Decide to critique"),
            before=f"{_HOOKS}.hook_decide_critique",
            after=f"{_HOOKS}.after_decide_critique",
            audit_fields=("form", "lead_id", "window_opens", "window_closes", "public_comments"),
        ),
        Transition(
            action="decline",
            sources=frozenset({C.RECEIVED}),
            target=C.DECLINED,
            permission="front.manage_critique",
            label=_("Decline"),
            requires_note=True,
        ),
        Transition(
            action="hold_conference",
            sources=frozenset({C.COLLECTING}),
            target=C.CONFERENCE,
            permission="front.manage_critique",
            label=_("Record the conference"),
            before=f"{_HOOKS}.hook_hold_conference",
        ),
        Transition(
            action="send",
            sources=frozenset({C.COLLECTING, C.CONFERENCE}),
            target=C.SENT,
            permission="front.manage_critique",
            label=_("Issue the critique document"),
            before=f"{_HOOKS}.hook_send_critique",
            after=f"{_HOOKS}.after_send_critique",
            audit_fields=("document_number", "document_date", "answer_due_on"),
        ),
        Transition(
            action="complete",
            sources=frozenset({C.SENT}),
            target=C.EXPLAINED,
            permission="front.answer_comments",
            label=_("Complete the answers"),
            before=f"{_HOOKS}.hook_complete_answers",
            after=f"{_HOOKS}.after_complete_answers",
        ),
        Transition(
            action="publish",
            sources=frozenset({C.EXPLAINED}),
            target=C.PUBLISHED,
            permission="front.answer_comments",
            label=_("Publish the response table"),
            before=f"{_HOOKS}.hook_publish",
            audit_fields=("published_on",),
        ),
    ],
    event_model="front.CritiqueEvent",
)

WORKFLOWS = (SUPERVISION_WORKFLOW, RECOMMENDATION_WORKFLOW, CRITIQUE_WORKFLOW)
