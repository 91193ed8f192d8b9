"""Statutory deadline rules and the yearly calendar changes, both as editable data.

A rule is identified by `rule_id` (e.g. "KN.GIAI_QUYET_L1"); when the law changes, the rule gets a
new row with its own validity dates, and `services.compute()` uses the row valid on the start date.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DayType(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


class DeadlineRuleQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> DeadlineRuleQuerySet:
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class DeadlineRule(models.Model):
    rule_id = models.CharField(_("rule code"), max_length=64, db_index=True)
    name = models.CharField(_("step"), max_length=255)
    legal_ref = models.TextField(_("legal reference"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("number of days"))
    day_type = models.CharField(_("kind of days"), max_length=10, choices=DayType.choices)
    start_event = models.CharField(_("counted from"), max_length=255)
    complex_days = models.PositiveSmallIntegerField(
        _("days when complex"), null=True, blank=True, help_text=_("Empty: complexity does not change it.")
    )
    remote_days = models.PositiveSmallIntegerField(
        _("days in a remote area"), null=True, blank=True, help_text=_("Empty: the area does not change it.")
    )
    remote_complex_days = models.PositiveSmallIntegerField(
        _("days when complex in a remote area"), null=True, blank=True
    )
    multi_location_days = models.PositiveSmallIntegerField(
        _("days when several places must be checked"), null=True, blank=True
    )
    extension_days = models.PositiveSmallIntegerField(_("days per extension"), default=0)
    max_extensions = models.PositiveSmallIntegerField(_("maximum number of extensions"), default=0)
    pauses_excluded = models.BooleanField(
        _("suspended days are not counted"),
        default=False,
        help_text=_("The time of a suspension is added to the period."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = DeadlineRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["rule_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["rule_id", "valid_from"], name="deadline_rule_version"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="deadline_rule_valid_range",
            ),
            models.CheckConstraint(condition=Q(max_extensions__lte=2), name="deadline_rule_max_extensions"),
        ]

    def __str__(self) -> str:
        until = f"{self.valid_to:%d/%m/%Y}" if self.valid_to else "…"
        return f"{self.rule_id} ({self.valid_from:%d/%m/%Y} – {until})"

    def clean(self) -> None:
        self.rule_id = (self.rule_id or "").strip().upper()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity is before its start.")})
        if self.max_extensions and not self.extension_days:
            raise ValidationError({"extension_days": _("Give the number of days of each extension.")})
        if self.valid_from:
            far = dt.date.max
            overlapping = DeadlineRule.objects.filter(rule_id=self.rule_id).exclude(pk=self.pk)
            for other in overlapping:
                if self.valid_from <= (other.valid_to or far) and other.valid_from <= (self.valid_to or far):
                    raise ValidationError(
                        _("Another version of this rule is valid on some of these days: %(other)s.")
                        % {"other": other}
                    )


class OverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("day off")
    WORKING_DAY = "working_day", _("working day")


class CalendarOverride(models.Model):
    """One official change to the base calendar (weekends + the `holidays` package): a day off
    swapped with a make-up Saturday, a holiday the package lacks, or one it lists wrongly."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=OverrideKind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    legal_ref = models.CharField(_("legal reference"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"
