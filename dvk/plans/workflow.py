"""Stages and transitions of plans, assignments, reports and supervision recommendations.

Diagram: docs/workflows/plans.md. Only services.py calls `advance()` with these workflows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dvk.core.workflow import Transition, Workflow


class PlanStage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    CLOSED = "closed", _("Closed")


class AssignmentStage(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Report submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class ReportStage(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Report submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class RecommendationStage(models.TextChoices):
    OPEN = "open", _("Open")
    RESPONDED = "responded", _("Responded")
    CLOSED = "closed", _("Closed")


A, P, R, S = AssignmentStage, PlanStage, ReportStage, RecommendationStage
OPEN_ASSIGNMENT_STAGES = frozenset({A.ASSIGNED, A.IN_PROGRESS, A.RETURNED})

H = "dvk.plans.services."  # the hooks live with the services that own the rules they apply

PLAN_WORKFLOW = Workflow(
    "plans.plan",
    [
        Transition(
            "issue",
            frozenset({P.DRAFT}),
            P.ISSUED,
            "plans.issue_plan",
            _("Issue"),
            before=H + "on_issue_plan",
            after=H + "after_issue_plan",
            audit_fields=("issued_on",),
        ),
        Transition("close", frozenset({P.ISSUED}), P.CLOSED, "plans.manage_plan", _("Close")),
        Transition("reopen", frozenset({P.CLOSED}), P.ISSUED, "plans.manage_plan", _("Reopen")),
    ],
    event_model="plans.PlanEvent",
)

ASSIGNMENT_WORKFLOW = Workflow(
    "plans.assignment",
    [
        Transition("start", frozenset({A.ASSIGNED}), A.IN_PROGRESS, "plans.work_on_assignment", _("Start")),
        # A later period's report may follow an accepted one (quarterly, yearly regimes).
        Transition(
            "submit",
            frozenset({A.ASSIGNED, A.IN_PROGRESS, A.RETURNED, A.ACCEPTED}),
            A.SUBMITTED,
            "plans.work_on_assignment",
            _("Submit"),
        ),
        Transition("accept", frozenset({A.SUBMITTED}), A.ACCEPTED, "plans.review_assignment", _("Accept")),
        Transition(
            "return",
            frozenset({A.SUBMITTED}),
            A.RETURNED,
            "plans.review_assignment",
            _("Return"),
            requires_note=True,
        ),
    ],
    event_model="plans.AssignmentEvent",
)

REPORT_WORKFLOW = Workflow(
    "plans.report",
    [
        Transition(
            "submit", frozenset({R.DUE, R.RETURNED}), R.SUBMITTED, "plans.work_on_assignment", _("Submit")
        ),
        Transition("accept", frozenset({R.SUBMITTED}), R.ACCEPTED, "plans.review_assignment", _("Accept")),
        Transition(
            "return",
            frozenset({R.SUBMITTED}),
            R.RETURNED,
            "plans.review_assignment",
            _("Return"),
            requires_note=True,
        ),
    ],
    event_model="plans.ReportEvent",
)

RECOMMENDATION_WORKFLOW = Workflow(
    "plans.recommendation",
    [
        Transition(
            "respond",
            frozenset({S.OPEN}),
            S.RESPONDED,
            "plans.respond_recommendation",
            _("Send response"),
            requires_note=True,  # the response is the note
            before=H + "on_respond_recommendation",
        ),
        Transition("close", frozenset({S.RESPONDED}), S.CLOSED, "plans.manage_supervision", _("Close")),
        Transition(
            "reopen",
            frozenset({S.RESPONDED}),
            S.OPEN,
            "plans.manage_supervision",
            _("Not yet resolved"),
        ),
    ],
    event_model="plans.RecommendationEvent",
)
