"""Theme plans cascaded to bodies: plans, sections, tasks, one assignment per body, reports,
reminders, supervision, campaigns and events.

Assignments and reports are the big tables (one row per body × task × period at national
scale): they carry the denormalised `org_path` of the assigned body (scope) and `issuer_path`
of the plan's body (who reviews), both copied on save; paths never change.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dvk.core.models import TimeStampedModel, WorkflowEventBase
from dvk.core.text import fold, nfc, quoted
from dvk.organisations.models import Organisation
from dvk.organisations.owned import OrgOwned, ScopedQuerySet
from dvk.organisations.scoping import ExtraGrant, Scope
from dvk.plans.workflow import (
    OPEN_ASSIGNMENT_STAGES,
    AssignmentStage,
    PlanStage,
    RecommendationStage,
    ReportStage,
)

if TYPE_CHECKING:
    from dvk.attachments.models import Attachment


class Regime(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEAR = "half_year", _("6-month")
    NINE_MONTH = "nine_month", _("9-month")
    YEARLY = "yearly", _("Yearly")
    AD_HOC = "ad_hoc", _("Ad hoc")


class Theme(models.Model):
    """A theme year ("Năm dân vận khéo" 2020, "Năm dân vận chính quyền" 2018): data, not code."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="plans_unique_theme_year")]

    def __str__(self) -> str:
        return f"{quoted(self.name)} {self.year}"

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        super().save(*args, **kwargs)


class Indicator(models.Model):
    """A figure a report can carry (people reached, funds mobilised, models registered, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit of measure"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class ReminderTier(models.Model):
    """When automatic reminders go out: N days before the due date, on it, every N days overdue."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Days before the due date")
        ON_DUE = "on_due", _("On the due date")
        OVERDUE = "overdue", _("Repeat while overdue (every N days)")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reminder tier")
        verbose_name_plural = _("reminder tiers")
        ordering = ["kind", "-days"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.days})"

    def matches(self, due_on: dt.date, today: dt.date) -> bool:
        delta = (due_on - today).days
        if self.kind == self.Kind.BEFORE:
            return delta == self.days
        if self.kind == self.Kind.ON_DUE:
            return delta == 0
        overdue = -delta
        return overdue >= 1 and (overdue - 1) % max(self.days, 1) == 0


def _assigned_in_scope(user: Any, scope: Scope) -> Q:
    return Q(pk__in=Assignment.objects.filter(scope.q("org_path", "org_root")).values("plan_id"))


class PlanQuerySet(ScopedQuerySet):
    """Plans issued inside the user's scope, and plans that assign work to a body in it."""

    grants = (ExtraGrant("plans.assigned_in_scope", _assigned_in_scope),)


class Plan(OrgOwned, TimeStampedModel):
    number = models.CharField(
        _("number"), max_length=60, blank=True, help_text=_("Party style, e.g. 06-KH/BDVTW.")
    )
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="plans", verbose_name=_("issuing body")
    )
    theme = models.ForeignKey(
        Theme, models.SET_NULL, null=True, blank=True, related_name="plans", verbose_name=_("theme")
    )
    parent = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="children", verbose_name=_("parent plan")
    )
    parent_assignment = models.ForeignKey(
        "Assignment",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="implementing_plans",
        verbose_name=_("answers assignment"),
    )
    reference_number = models.CharField(_("implements plan number"), max_length=60, blank=True)
    reference_date = models.DateField(_("implements plan of"), null=True, blank=True)
    reference_issuer = models.CharField(_("implements plan issued by"), max_length=200, blank=True)
    preamble = models.TextField(_("preamble"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=PlanStage.choices, default=PlanStage.DRAFT)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects: ClassVar[Any] = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(
                fields=["org_path", "stage"], name="plan_scope", opclasses=["varchar_pattern_ops", ""]
            ),
            models.Index(fields=["-issued_on", "-id"], name="plan_recent"),
        ]
        constraints = [
            # A document number is used once per issuing body and year (services.check_number_free
            # says so in words before this is reached).
            models.UniqueConstraint(
                models.F("organisation"),
                ExtractYear("issued_on"),
                models.F("number"),
                condition=~models.Q(number=""),
                name="plan_number_unique_per_body_year",
                violation_error_message=_(
                    "This issuing body already has a plan with this number in this year: a document "
                    "number is used once per issuing body and year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}" if self.number else self.title

    @property
    def display_number(self) -> str:
        return f"Số {self.number}" if self.number else ""

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.number = nfc(self.number)
        self.preamble = nfc(self.preamble)
        self.search_text = fold(f"{self.number} {self.title} {self.reference_number}")
        super().save(*args, **kwargs)


class PlanEvent(WorkflowEventBase):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="events")


class Section(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", models.CASCADE, null=True, blank=True, related_name="children")
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    depth = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveIntegerField(default=0)

    # Not stored: set on the instances the plan page renders (views.plan_detail).
    task_list: list[Task]
    stats: dict[str, int] | None

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.number}- {self.title}" if self.number else self.title


class Task(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, models.SET_NULL, null=True, blank=True, related_name="tasks", verbose_name=_("section")
    )
    title = models.TextField(_("task"))
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(default=0)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    regime = models.CharField(
        _("reporting regime"), max_length=16, choices=Regime.choices, default=Regime.AD_HOC
    )
    # Who receives the task: an explicit list, and/or every current body of these kinds (in a unit, at a level).
    assignees = models.ManyToManyField(Organisation, blank=True, related_name="+", verbose_name=_("bodies"))
    target_kinds = models.JSONField(_("kinds of body"), default=list, blank=True)
    target_unit = models.ForeignKey(
        "organisations.AdministrativeUnit",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in unit"),
    )
    target_level = models.CharField(_("level"), max_length=16, blank=True)
    # What the importer guessed from the section title; applied only when the coordinator reviews the task.
    suggested_kinds = models.JSONField(_("suggested kinds of body"), default=list, blank=True)
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="tasks", verbose_name=_("indicators")
    )
    imported = models.BooleanField(default=False, editable=False)

    # Not stored: set on the instances the plan page renders (views.plan_detail).
    assignment_count: int

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def short_title(self) -> str:
        if len(self.title) <= 90:
            return self.title
        cut = self.title[:88]
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:87]  # never mid-word
        return cut.rstrip(" ,;:–-") + "…"

    @property
    def organisation(self) -> Organisation:
        return self.plan.organisation


class AssignmentQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(stage__in=OPEN_ASSIGNMENT_STAGES)

    def overdue(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today, plan__stage=PlanStage.ISSUED)


class Assignment(OrgOwned, TimeStampedModel):
    task = models.ForeignKey(Task, models.CASCADE, related_name="assignments", verbose_name=_("task"))
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="assignments", verbose_name=_("plan"))
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="plan_assignments", verbose_name=_("body")
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=AssignmentStage.choices, default=AssignmentStage.ASSIGNED
    )
    progress_percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    last_report_at = models.DateTimeField(_("last report"), null=True, blank=True)
    issuer_path = models.CharField(max_length=255, editable=False)

    objects: ClassVar[Any] = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "organisation"], name="plans_one_assignment_per_body")
        ]
        indexes = [
            # "my assignments" and the API list: scope prefix, then stage and due date.
            models.Index(
                fields=["org_path", "stage", "due_on"],
                name="assignment_scope",
                opclasses=["varchar_pattern_ops", "", ""],
            ),
            # the monitoring matrix: one plan, bodies in path order.
            models.Index(fields=["plan", "org_path"], name="assignment_matrix"),
            models.Index(fields=["stage", "due_on"], name="assignment_due"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.task}"

    def save(self, *args, **kwargs):
        if not self.issuer_path:
            self.issuer_path = Plan.objects.values_list("org_path", flat=True).get(pk=self.plan_id)
        super().save(*args, **kwargs)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_on and self.due_on < today and self.stage in OPEN_ASSIGNMENT_STAGES)

    @property
    def days_left(self) -> int | None:
        return (self.due_on - timezone.localdate()).days if self.due_on else None


class AssignmentEvent(WorkflowEventBase):
    assignment = models.ForeignKey(Assignment, models.CASCADE, related_name="events")


class Report(OrgOwned, TimeStampedModel):
    """One report of a body on an assignment for one period (unique), or an ad hoc report."""

    assignment = models.ForeignKey(Assignment, models.CASCADE, related_name="reports")
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="plan_reports", verbose_name=_("body")
    )
    period = models.CharField(_("period"), max_length=20)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=ReportStage.choices, default=ReportStage.DUE)
    summary = models.TextField(_("narrative"), blank=True)
    progress_percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    indicators = models.JSONField(_("indicators"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    review_note = models.TextField(_("review note"), blank=True)
    revision = models.PositiveSmallIntegerField(default=0)
    issuer_path = models.CharField(max_length=255, editable=False)

    # Not stored: set on the instances the assignment page renders (views.assignment_detail).
    figures: list[tuple[str, Any]]
    files: list[Attachment]

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="plans_one_report_per_period")
        ]
        indexes = [
            models.Index(
                fields=["org_path", "stage", "due_on"],
                name="report_scope",
                opclasses=["varchar_pattern_ops", "", ""],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.period}"

    @property
    def period_display(self) -> str:
        from dvk.plans.periods import label

        return label(self.period)

    def save(self, *args, **kwargs):
        self.summary = nfc(self.summary)
        if not self.issuer_path:
            self.issuer_path = Assignment.objects.values_list("issuer_path", flat=True).get(
                pk=self.assignment_id
            )
        super().save(*args, **kwargs)


class ReportEvent(WorkflowEventBase):
    report = models.ForeignKey(Report, models.CASCADE, related_name="events")


class UrgeLetter(OrgOwned, TimeStampedModel):
    """A manual "đôn đốc" sent from the matrix to late bodies, with its Party-style letter."""

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("issuing body")
    )
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="urge_letters", verbose_name=_("plan"))
    number = models.CharField(_("number"), max_length=60)
    sent_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=300)
    message = models.TextField(_("content"), blank=True)
    assignments = models.ManyToManyField(
        Assignment, related_name="urge_letters", verbose_name=_("assignments")
    )
    recipients = models.ManyToManyField(Organisation, related_name="+", verbose_name=_("recipients"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    token = models.CharField(max_length=64, blank=True, editable=False)
    # The register row (dvk.documents) that numbered the letter; `number` is its copy.
    document = models.OneToOneField(
        "documents.Document", models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("reminder letter")
        verbose_name_plural = _("reminder letters")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "token"], condition=~Q(token=""), name="plans_urge_once"
            )
        ]

    def __str__(self) -> str:
        return f"Số {self.number}"


def _visited_in_scope(user: Any, scope: Scope) -> Q:
    return Q(pk__in=SupervisionVisit.objects.filter(scope.q("org_path", "org_root")).values("programme_id"))


class ProgrammeQuerySet(ScopedQuerySet):
    """Programmes issued in scope, and programmes that visited a body in scope."""

    grants = (ExtraGrant("plans.visited_in_scope", _visited_in_scope),)


class SupervisionProgramme(OrgOwned, TimeStampedModel):
    """A supervision or inspection programme (giám sát, kiểm tra) with its team."""

    class Kind(models.TextChoices):
        SUPERVISION = "supervision", _("Supervision")
        INSPECTION = "inspection", _("Inspection")

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("issuing body")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SUPERVISION)
    title = models.CharField(_("title"), max_length=300)
    plan = models.ForeignKey(
        Plan, models.SET_NULL, null=True, blank=True, related_name="supervisions", verbose_name=_("plan")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    team = models.TextField(_("team"), blank=True, help_text=_("One member per line: name — position."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects: ClassVar[Any] = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision programme")
        verbose_name_plural = _("supervision programmes")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        super().save(*args, **kwargs)


class SupervisionVisit(OrgOwned, TimeStampedModel):
    programme = models.ForeignKey(SupervisionProgramme, models.CASCADE, related_name="visits")
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("body visited")
    )
    visited_on = models.DateField(_("visited on"))
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.visited_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.findings = nfc(self.findings)
        super().save(*args, **kwargs)


class Recommendation(OrgOwned, TimeStampedModel):
    visit = models.ForeignKey(SupervisionVisit, models.CASCADE, related_name="recommendations")
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+", verbose_name=_("body"))
    text = models.TextField(_("recommendation"))
    due_on = models.DateField(_("respond by"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=RecommendationStage.choices, default=RecommendationStage.OPEN
    )
    response = models.TextField(_("response of the body"), blank=True)
    issuer_path = models.CharField(max_length=255, editable=False)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["org_path", "stage"],
                name="recommendation_scope",
                opclasses=["varchar_pattern_ops", ""],
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.text = nfc(self.text)
        self.response = nfc(self.response)
        if not self.issuer_path:
            self.issuer_path = self.visit.programme.org_path
        super().save(*args, **kwargs)


class RecommendationEvent(WorkflowEventBase):
    recommendation = models.ForeignKey(Recommendation, models.CASCADE, related_name="events")


class ProvinceWideQuerySet(ScopedQuerySet):
    """Campaigns and events are launched for the whole province: everyone in the same tree sees them."""

    province_wide = True


class Campaign(OrgOwned, TimeStampedModel):
    """A dated campaign such as "Tháng dân vận" in which bodies record activities."""

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("issuing body")
    )
    theme = models.ForeignKey(
        Theme, models.SET_NULL, null=True, blank=True, related_name="campaigns", verbose_name=_("theme")
    )
    name = models.CharField(_("name"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    description = models.TextField(_("description"), blank=True)

    objects: ClassVar[Any] = ProvinceWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        super().save(*args, **kwargs)


class Activity(OrgOwned, TimeStampedModel):
    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="activities")
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+", verbose_name=_("body"))
    title = models.CharField(_("what"), max_length=300)
    place = models.CharField(_("where"), max_length=300, blank=True)
    held_on = models.DateField(_("when"))
    participants = models.PositiveIntegerField(_("participants"), default=0)
    results = models.TextField(_("results"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    token = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "token"], condition=~Q(token=""), name="plans_activity_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["org_path", "campaign"], name="activity_scope", opclasses=["varchar_pattern_ops", ""]
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.place = nfc(self.place)
        self.results = nfc(self.results)
        super().save(*args, **kwargs)


class Event(OrgOwned, TimeStampedModel):
    """A conference or anniversary (commendation conference tied to 15/10, anniversaries)."""

    class Kind(models.TextChoices):
        COMMENDATION = "commendation", _("Commendation conference")
        ANNIVERSARY = "anniversary", _("Anniversary")
        LAUNCH = "launch", _("Model launch")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    theme = models.ForeignKey(
        Theme, models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("theme")
    )
    plan = models.ForeignKey(
        Plan, models.SET_NULL, null=True, blank=True, related_name="events_held", verbose_name=_("plan")
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    invited = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("invited bodies")
    )
    invited_exemplars = models.TextField(
        _("invited exemplars"), blank=True, help_text=_("One exemplar (collective or individual) per line.")
    )

    objects: ClassVar[Any] = ProvinceWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.agenda = nfc(self.agenda)
        self.outcomes = nfc(self.outcomes)
        self.invited_exemplars = nfc(self.invited_exemplars)
        super().save(*args, **kwargs)

    @property
    def exemplar_names(self) -> list[str]:
        return [line.strip() for line in self.invited_exemplars.splitlines() if line.strip()]
