"""A periodic report of one body for one period: the figures the domains reported when the draft
was made (a frozen snapshot, refreshed on demand while it is a draft), the narrative parts, and
once issued its register row (number, date, signer)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dvk.core.models import TimeStampedModel, WorkflowEventBase
from dvk.core.text import nfc
from dvk.organisations.owned import OrgOwned, ScopedQuerySet
from dvk.reports.workflow import Stage


class Kind(models.TextChoices):
    MONTH = "month", _("Monthly report")
    HALF = "half", _("6-month report")
    YEAR = "year", _("Yearly report")
    RANGE = "range", _("Period summary")


NARRATIVE = ("situation", "limitations", "tasks_ahead", "proposals")


class PeriodicReport(OrgOwned, TimeStampedModel):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        related_name="periodic_reports",
        verbose_name=_("reporting body"),
    )
    kind = models.CharField(_("kind of report"), max_length=8, choices=Kind.choices)
    period_code = models.CharField(_("period"), max_length=20)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    period_label = models.CharField(_("period"), max_length=100)
    title = models.CharField(_("summary (trích yếu)"), max_length=500)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.DRAFT)
    figures = models.JSONField(_("figures"), default=list, blank=True)
    figures_at = models.DateTimeField(_("figures taken at"), null=True, blank=True)
    situation = models.TextField(_("situation and results"), blank=True)
    limitations = models.TextField(_("limitations and causes"), blank=True)
    tasks_ahead = models.TextField(_("tasks for the next period"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    document = models.OneToOneField(
        "documents.Document", models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    number = models.CharField(_("number and symbol"), max_length=80, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects: ClassVar[Any] = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-period_end", "-id"]
        indexes = [
            models.Index(fields=["org_path"], name="periodic_report_path", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["org_root", "period_end"], name="periodic_report_root"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.period_label}"

    def save(self, *args, **kwargs):
        self.title, self.period_label = nfc(self.title), nfc(self.period_label)
        for name in NARRATIVE:
            setattr(self, name, nfc(getattr(self, name)))
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.stage == Stage.DRAFT


class ReportEvent(WorkflowEventBase):
    report = models.ForeignKey(PeriodicReport, models.CASCADE, related_name="events")
