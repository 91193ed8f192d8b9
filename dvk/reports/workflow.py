"""Stages of a periodic report: a draft (figures pre-filled, narrative written in the app or in
the downloaded Word file) is issued once through the document register, or discarded.

Diagram: docs/workflows/reports.md. Only services.py calls `advance()` with this workflow."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dvk.core.workflow import Transition, Workflow


class Stage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    DISCARDED = "discarded", _("Discarded")


WORKFLOW = Workflow(
    "reports",
    [
        Transition(
            "issue",
            frozenset({Stage.DRAFT}),
            Stage.ISSUED,
            "reports.issue_report",
            _("Issue"),
            before="dvk.reports.services.on_issue",
            audit_fields=("number",),
        ),
        Transition(
            "discard",
            frozenset({Stage.DRAFT}),
            Stage.DISCARDED,
            "reports.edit_report",
            _("Discard"),
            requires_note=True,
        ),
    ],
    event_model="reports.ReportEvent",
)
