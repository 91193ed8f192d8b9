"""Lifecycle of a Dân vận khéo model or exemplar, as data. Pure: no ORM, no request.
Diagram, rules and screens: docs/workflows/exemplars.md. The only writer of `stage` is
services.advance_exemplar(), which calls dvk.core.workflow.advance()."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dvk.core.workflow import Transition, Workflow


class Stage(models.TextChoices):
    DRAFT = "draft", _("Draft")  # being written by the body (also after a return for changes)
    REGISTERED = "registered", _("Registered")  # waiting for the coordinating level to accept
    IN_PROGRESS = "in_progress", _("Being built")  # accepted; the body builds it and reports progress
    NOMINATED = "nominated", _("Nominated with dossier")
    UNDER_REVIEW = "under_review", _("Under council review")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUSPENDED = "suspended", _("No longer maintained")  # ngừng duy trì


S = Stage
# Stages where the registration content can still be edited (PATCH / the edit form).
EDITABLE_STAGES = frozenset({S.DRAFT})
# Stages where the body reports progress.
PROGRESS_STAGES = frozenset({S.IN_PROGRESS, S.NOMINATED, S.UNDER_REVIEW, S.RECOGNISED})
H = "dvk.exemplars.services."  # the hooks live with the services that own the rules they apply

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "register",
        frozenset({S.DRAFT}),
        S.REGISTERED,
        "exemplars.register",
        _("Register"),
        before=H + "on_register",
        audit_fields=("registered_on",),
    ),
    Transition(
        "accept_registration",
        frozenset({S.REGISTERED}),
        S.IN_PROGRESS,
        "exemplars.review_registration",
        _("Accept registration"),
    ),
    Transition(
        "return_for_changes",
        frozenset({S.REGISTERED}),
        S.DRAFT,
        "exemplars.review_registration",
        _("Return for changes"),
        requires_note=True,
    ),
    Transition(
        "nominate",
        frozenset({S.IN_PROGRESS}),
        S.NOMINATED,
        "exemplars.nominate",
        _("Nominate for recognition"),
        before=H + "on_nominate",
        audit_fields=("current_nomination_id",),
    ),
    Transition(
        "return_nomination",
        frozenset({S.NOMINATED}),
        S.IN_PROGRESS,
        "exemplars.manage_review",
        _("Return the nomination"),
        requires_note=True,
        before=H + "on_return_nomination",
    ),
    Transition(
        "open_review",
        frozenset({S.NOMINATED}),
        S.UNDER_REVIEW,
        "exemplars.manage_review",
        _("Open council review"),
        before=H + "on_open_review",
    ),
    Transition(
        "recognise",
        frozenset({S.UNDER_REVIEW}),
        S.RECOGNISED,
        "exemplars.decide",
        _("Recognise"),
        before=H + "on_recognise",
    ),
    Transition(
        "decline",
        frozenset({S.UNDER_REVIEW}),
        S.NOT_RECOGNISED,
        "exemplars.decide",
        _("Do not recognise"),
        requires_note=True,
        before=H + "on_decline",
    ),
    Transition(
        "withdraw",
        frozenset({S.DRAFT, S.REGISTERED, S.IN_PROGRESS, S.NOMINATED}),
        S.WITHDRAWN,
        "exemplars.withdraw",
        _("Withdraw"),
        requires_note=True,
        before=H + "on_withdraw",
    ),
    Transition(
        "suspend",
        frozenset({S.RECOGNISED}),
        S.SUSPENDED,
        "exemplars.suspend",
        _("Mark as no longer maintained"),
        requires_note=True,
    ),
    Transition(
        "renew",
        frozenset({S.RECOGNISED, S.SUSPENDED, S.NOT_RECOGNISED}),
        S.IN_PROGRESS,
        "exemplars.renew",
        _("Continue in a later cycle"),
        before=H + "on_renew",
        audit_fields=("cycle", "outstanding"),
    ),
)
# Actions that need a reason in the note (derived from the table, for forms and the API docs).
NOTE_REQUIRED = frozenset(t.action for t in TRANSITIONS if t.requires_note)

WORKFLOW = Workflow("exemplars", TRANSITIONS, event_model="exemplars.ExemplarEvent", after=H + "notify_step")
