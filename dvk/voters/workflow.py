"""Stages and transitions of HĐND sessions, voter petitions and their forwards to answering bodies.

Diagram and rules: docs/workflows/voters.md. Only services.py calls `advance()` with these.

A petition is recorded at a voter meeting, classified (field, competent level) or confirmed as a
repeat of another petition by the HĐND standing office, forwarded to one or several answering
bodies (one `Forward` row each), and answered when every forward is answered (the system actor
aggregates the answers). Unresolved petitions are carried over to the next regular session when
it opens (a person opening it, or the scheduler acting as the system actor).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dvk.core.workflow import Transition, Workflow


class SessionStage(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")


class PetitionStage(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    CLASSIFIED = "classified", _("Classified")
    REPEAT = "repeat", _("Repeat of another petition")
    FORWARDED = "forwarded", _("Forwarded, awaiting answer")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class ForwardStage(models.TextChoices):
    SENT = "sent", _("Awaiting answer")
    ANSWERED = "answered", _("Answered")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    ROADMAP = "roadmap", _("Being resolved (roadmap)")
    CANNOT = "cannot", _("Cannot be resolved")
    EXPLAINED = "explained", _("Explained")


S, P, F = SessionStage, PetitionStage, ForwardStage
# Still to be followed at the next regular session: not yet answered, or answered with a roadmap
# or judged unsatisfactory by the voters (services.is_unresolved).
UNANSWERED_STAGES = frozenset({P.RECORDED, P.CLASSIFIED, P.FORWARDED})
# Precedence when several bodies answer one petition: the petition is only as settled as its
# least settled answer.
OUTCOME_PRECEDENCE = (Outcome.ROADMAP, Outcome.CANNOT, Outcome.EXPLAINED, Outcome.RESOLVED)

H = "dvk.voters.services."

SESSION_WORKFLOW = Workflow(
    "voters.session",
    [
        Transition(
            "open",
            frozenset({S.PLANNED}),
            S.OPEN,
            "voters.manage_session",
            _("Open the session"),
            after=H + "after_open_session",
            system=True,
        ),
        Transition("close", frozenset({S.OPEN}), S.CLOSED, "voters.manage_session", _("Close the session")),
    ],
    event_model="voters.SessionEvent",
)

PETITION_WORKFLOW = Workflow(
    "voters.petition",
    [
        Transition(
            "classify",
            frozenset({P.RECORDED, P.CLASSIFIED}),
            P.CLASSIFIED,
            "voters.consolidate",
            _("Classify"),
            before=H + "on_classify",
            audit_fields=("field", "level"),
        ),
        Transition(
            "mark_repeat",
            frozenset({P.RECORDED, P.CLASSIFIED}),
            P.REPEAT,
            "voters.consolidate",
            _("Confirm as a repeat"),
            before=H + "on_mark_repeat",
            audit_fields=("repeat_of_id",),
        ),
        Transition(
            "unmark_repeat",
            frozenset({P.REPEAT}),
            P.RECORDED,
            "voters.consolidate",
            _("Not a repeat"),
            before=H + "on_unmark_repeat",
            audit_fields=("repeat_of_id",),
        ),
        Transition(
            "forward",
            frozenset({P.CLASSIFIED, P.FORWARDED}),
            P.FORWARDED,
            "voters.consolidate",
            _("Forward"),
            before=H + "on_forward",
        ),
        # Run by the system actor when the last forward is answered (services.answer_forward).
        Transition(
            "complete",
            frozenset({P.FORWARDED}),
            P.ANSWERED,
            "voters.consolidate",
            _("All answers received"),
            before=H + "on_complete",
            audit_fields=("outcome",),
            system=True,
        ),
        Transition(
            "reopen",
            frozenset({P.ANSWERED}),
            P.FORWARDED,
            "voters.consolidate",
            _("Ask again"),
            requires_note=True,
            before=H + "on_reopen",
        ),
        Transition("close", frozenset({P.ANSWERED}), P.CLOSED, "voters.consolidate", _("Close")),
        # Carried over to the next regular session: the stage stays (or an answered petition with
        # a roadmap goes back to awaiting an answer); the session it counts in moves.
        *(
            Transition(
                "carry_over",
                frozenset({stage}),
                stage,
                "voters.consolidate",
                _("Carry over to the next session"),
                before=H + "on_carry_over",
                audit_fields=("due_session_id", "carried_over"),
                system=True,
            )
            for stage in (P.RECORDED, P.CLASSIFIED, P.FORWARDED)
        ),
        Transition(
            "carry_over",
            frozenset({P.ANSWERED}),
            P.FORWARDED,
            "voters.consolidate",
            _("Carry over to the next session"),
            before=H + "on_carry_over",
            audit_fields=("due_session_id", "carried_over"),
            system=True,
        ),
    ],
    event_model="voters.PetitionEvent",
)

FORWARD_WORKFLOW = Workflow(
    "voters.forward",
    [
        Transition(
            "answer",
            frozenset({F.SENT}),
            F.ANSWERED,
            "voters.answer",
            _("Send the answer"),
            before=H + "on_answer",
            after=H + "after_answer",
            audit_fields=("outcome", "target_date", "answered_on"),
        ),
        Transition(
            "reopen",
            frozenset({F.ANSWERED}),
            F.SENT,
            "voters.consolidate",
            _("Ask again"),
            before=H + "on_reopen_forward",
            audit_fields=("due_on",),
            system=True,
        ),
    ],
    event_model="voters.ForwardEvent",
)
