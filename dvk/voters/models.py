"""HĐND terms, sessions, deputies, voter meetings, petitions and their forwards (NQLT 72/2025).

Scope: a term, session, meeting and petition belong to the HĐND body (`organisation`, its path
in `org_path`): its standing office sees them. A meeting held in a commune also carries the
path of its MTTQ co-host (`local_path`), so that commune's officers see the meeting and its
petitions. A forward belongs to the answering body (`org_path`) and carries the HĐND's path
(`council_path`); a petition is visible to every body it was forwarded to (extra grant).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dvk.core.models import TimeStampedModel, WorkflowEventBase
from dvk.core.text import fold, nfc
from dvk.organisations.models import Organisation
from dvk.organisations.owned import OrgOwned, ScopedQuerySet
from dvk.organisations.scoping import ExtraGrant
from dvk.voters.workflow import ForwardStage, Outcome, PetitionStage, SessionStage

DEFAULT_LEAD_DAYS = 15


def default_lead_days() -> int:
    return int(getattr(settings, "VOTERS_ANSWER_LEAD_DAYS", DEFAULT_LEAD_DAYS))


class Level(models.TextChoices):
    COMMUNE = "commune", _("Commune level")
    PROVINCE = "province", _("Province level")
    CENTRAL = "central", _("Central level (via the National Assembly delegation)")


class PetitionField(models.TextChoices):
    LAND = "land", _("Land and housing")
    INFRASTRUCTURE = "infrastructure", _("Transport and infrastructure")
    AGRICULTURE = "agriculture", _("Agriculture and rural development")
    ENVIRONMENT = "environment", _("Natural resources and environment")
    ECONOMY = "economy", _("Economy and budget")
    HEALTH = "health", _("Health and social insurance")
    EDUCATION = "education", _("Education")
    SOCIAL = "social", _("Labour and social policy")
    CULTURE = "culture", _("Culture and information")
    ADMINISTRATION = "administration", _("Administrative procedures")
    SECURITY = "security", _("Security and public order")
    JUSTICE = "justice", _("Legal and judicial matters")
    OTHER = "other", _("Other")


class Term(OrgOwned, TimeStampedModel):
    """One term (khóa) of one People's Council."""

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="voter_terms", verbose_name=_("People's Council")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("E.g. “Khóa XIX, nhiệm kỳ 2021–2026”."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    answer_lead_days = models.PositiveSmallIntegerField(
        _("answers due (days before the next regular session)"), default=default_lead_days
    )
    delegation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("National Assembly delegation"),
        help_text=_("Central-level petitions are forwarded through it."),
    )

    objects: ClassVar[Any] = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.organisation.name} — {self.name}"

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        super().save(*args, **kwargs)


class Session(OrgOwned, TimeStampedModel):
    """A session (kỳ họp) of a People's Council: regular (about two a year) or thematic."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular session")
        THEMATIC = "thematic", _("Thematic session")

    term = models.ForeignKey(Term, models.PROTECT, related_name="sessions", verbose_name=_("term"))
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="voter_sessions", verbose_name=_("People's Council")
    )
    number = models.PositiveSmallIntegerField(_("session number"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=SessionStage.choices, default=SessionStage.PLANNED
    )
    answers_published_at = models.DateTimeField(_("answers published"), null=True, blank=True)

    objects: ClassVar[Any] = ScopedQuerySet.as_manager()

    # The creating form's one-time token: the same form posted twice creates one record.
    form_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-opens_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="voters_session_number")]
        indexes = [models.Index(fields=["organisation", "kind", "opens_on"], name="voters_session_next")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        label = _("Regular session") if self.kind == self.Kind.REGULAR else _("Thematic session")
        return f"{label} {self.number} ({self.opens_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self.term_id and not self.organisation_id:
            self.organisation_id = self.term.organisation_id
        super().save(*args, **kwargs)


class SessionEvent(WorkflowEventBase):
    session = models.ForeignKey(Session, models.CASCADE, related_name="events")


class Deputy(OrgOwned, TimeStampedModel):
    """A deputy (đại biểu) of one term, elected in one constituency; optionally a user account."""

    term = models.ForeignKey(Term, models.PROTECT, related_name="deputies", verbose_name=_("term"))
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("People's Council")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    constituency = models.CharField(_("constituency"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy_seats",
        verbose_name=_("user account"),
    )

    # The creating form's one-time token: the same form posted twice creates one record.
    form_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["term", "constituency", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "full_name", "constituency"], name="voters_unique_deputy")
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name)
        self.constituency = nfc(self.constituency)
        self.position = nfc(self.position)
        if self.term_id and not self.organisation_id:
            self.organisation_id = self.term.organisation_id
        super().save(*args, **kwargs)


class MeetingQuerySet(ScopedQuerySet):
    grants = (ExtraGrant("voters.meeting_place", lambda user, scope: scope.q("local_path")),)


class Meeting(OrgOwned, TimeStampedModel):
    """A voter meeting (tiếp xúc cử tri) before or after a session."""

    class Timing(models.TextChoices):
        BEFORE = "before", _("Before the session")
        AFTER = "after", _("After the session")

    session = models.ForeignKey(Session, models.PROTECT, related_name="meetings", verbose_name=_("session"))
    term = models.ForeignKey(Term, models.PROTECT, related_name="+", editable=False)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("People's Council")
    )
    timing = models.CharField(_("timing"), max_length=8, choices=Timing.choices, default=Timing.BEFORE)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=300)
    front = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Fatherland Front co-host"),
    )
    local_path = models.CharField(max_length=255, editable=False, default="")
    voters_present = models.PositiveIntegerField(_("voters present"), default=0)
    deputies = models.ManyToManyField(Deputy, blank=True, related_name="meetings", verbose_name=_("deputies"))
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    form_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects: ClassVar[Any] = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("voter meeting")
        verbose_name_plural = _("voter meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["session", "held_on"], name="voters_meeting_session")]

    def __str__(self) -> str:
        return f"{self.place} ({self.held_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.place = nfc(self.place)
        self.notes = nfc(self.notes)
        if self.session_id:
            if not self.organisation_id:
                self.organisation_id = self.session.organisation_id
            self.term_id = self.session.term_id
        self.local_path = (
            Organisation.objects.values_list("path", flat=True).get(pk=self.front_id) if self.front_id else ""
        )
        super().save(*args, **kwargs)


def _forwarded_to_scope(user, scope) -> Q:
    """Petitions forwarded to a body in the user's scope (one subquery, built once per request)."""
    return Q(pk__in=Forward.objects.filter(scope.q("org_path")).values("petition_id"))


class PetitionQuerySet(ScopedQuerySet):
    grants = (
        ExtraGrant("voters.petition_place", lambda user, scope: scope.q("local_path")),
        ExtraGrant("voters.forwarded_to", _forwarded_to_scope),
    )

    def unresolved(self):
        return self.filter(
            Q(stage__in=(PetitionStage.RECORDED, PetitionStage.CLASSIFIED, PetitionStage.FORWARDED))
            | Q(stage=PetitionStage.ANSWERED, outcome=Outcome.ROADMAP)
            | Q(stage=PetitionStage.ANSWERED, satisfaction=Petition.Satisfaction.UNSATISFIED)
        )


class Petition(OrgOwned, TimeStampedModel):
    """An opinion or petition (ý kiến / kiến nghị) raised by voters at one meeting."""

    class Kind(models.TextChoices):
        PETITION = "petition", _("Petition")
        OPINION = "opinion", _("Opinion")

    class Satisfaction(models.TextChoices):
        UNKNOWN = "", _("Not assessed")
        SATISFIED = "satisfied", _("Voters satisfied")
        UNSATISFIED = "unsatisfied", _("Voters not satisfied")

    meeting = models.ForeignKey(
        Meeting, models.PROTECT, related_name="petitions", verbose_name=_("voter meeting")
    )
    session = models.ForeignKey(
        Session, models.PROTECT, related_name="raised_petitions", verbose_name=_("raised for session")
    )
    due_session = models.ForeignKey(
        Session, models.PROTECT, related_name="due_petitions", verbose_name=_("followed at session")
    )
    term = models.ForeignKey(Term, models.PROTECT, related_name="+", editable=False)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("People's Council")
    )
    local_path = models.CharField(max_length=255, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PETITION)
    text = models.TextField(_("content"), max_length=4000)
    raised_by = models.CharField(_("raised by"), max_length=200, blank=True)
    field = models.CharField(_("field"), max_length=20, choices=PetitionField.choices, blank=True)
    level = models.CharField(_("competent level"), max_length=10, choices=Level.choices, blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=PetitionStage.choices, default=PetitionStage.RECORDED
    )
    outcome = models.CharField(_("result"), max_length=10, choices=Outcome.choices, blank=True)
    satisfaction = models.CharField(
        _("voters' assessment"), max_length=12, choices=Satisfaction.choices, blank=True, default=""
    )
    satisfaction_note = models.TextField(_("assessment note"), blank=True, max_length=4000)
    repeat_of = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="repeats", verbose_name=_("repeat of")
    )
    carried_over = models.PositiveSmallIntegerField(_("times carried over"), default=0)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[Any] = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("voter petition")
        verbose_name_plural = _("voter petitions")
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["org_root", "org_path", "stage"],
                name="voters_petition_scope",
                opclasses=["", "varchar_pattern_ops", ""],
            ),
            models.Index(fields=["due_session", "stage"], name="voters_petition_due"),
            models.Index(fields=["session", "stage"], name="voters_petition_session"),
        ]

    def __str__(self) -> str:
        return self.short_text

    @property
    def short_text(self) -> str:
        return self.text if len(self.text) <= 120 else self.text[:117].rstrip() + "…"

    def save(self, *args, **kwargs):
        self.text = nfc(self.text)
        self.raised_by = nfc(self.raised_by)
        if self.meeting_id and not self.session_id:
            self.session_id = self.meeting.session_id
        if not self.due_session_id:
            self.due_session_id = self.session_id
        if self.meeting_id and not self.term_id:
            self.term_id = self.meeting.term_id
            self.organisation_id = self.organisation_id or self.meeting.organisation_id
            self.local_path = self.meeting.local_path
        self.search_text = fold(f"{self.text} {self.raised_by}")
        super().save(*args, **kwargs)


class PetitionEvent(WorkflowEventBase):
    petition = models.ForeignKey(Petition, models.CASCADE, related_name="events")


class ForwardQuerySet(ScopedQuerySet):
    grants = (ExtraGrant("voters.forward_council", lambda user, scope: scope.q("council_path")),)

    def overdue(self, today: dt.date | None = None):
        return self.filter(stage=ForwardStage.SENT, due_on__lt=today or timezone.localdate())


class Forward(OrgOwned, TimeStampedModel):
    """A petition sent to one answering body, tracked on its own (due date, answer, result)."""

    petition = models.ForeignKey(
        Petition, models.CASCADE, related_name="forwards", verbose_name=_("petition")
    )
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="voter_forwards", verbose_name=_("answering body")
    )
    council_path = models.CharField(max_length=255, editable=False, default="")
    sent_on = models.DateField(_("sent on"))
    due_on = models.DateField(_("answer due"))
    stage = models.CharField(
        _("stage"), max_length=10, choices=ForwardStage.choices, default=ForwardStage.SENT
    )
    outcome = models.CharField(_("result"), max_length=10, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    target_date = models.DateField(_("roadmap target date"), null=True, blank=True)
    reason = models.TextField(_("reason it cannot be resolved"), blank=True)
    document_number = models.CharField(_("answer document number"), max_length=60, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[Any] = ForwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("forward to an answering body")
        verbose_name_plural = _("forwards to answering bodies")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "organisation"], name="voters_one_forward_per_body")
        ]
        indexes = [
            models.Index(
                fields=["org_root", "org_path", "stage", "due_on"],
                name="voters_forward_scope",
                opclasses=["", "varchar_pattern_ops", "", ""],
            ),
            models.Index(fields=["stage", "due_on"], name="voters_forward_due"),
            # The council's grant (its forwards, whoever answers) and the worklist's "answering body"
            # choices, read from the index alone: without it that OR scanned every forward nationally.
            models.Index(
                fields=["council_path", "organisation"],
                name="voters_forward_council",
                opclasses=["varchar_pattern_ops", ""],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.petition_id}"

    def save(self, *args, **kwargs):
        self.answer = nfc(self.answer)
        self.reason = nfc(self.reason)
        self.document_number = nfc(self.document_number)
        if not self.council_path and self.petition_id:
            self.council_path = Petition.objects.values_list("org_path", flat=True).get(pk=self.petition_id)
        super().save(*args, **kwargs)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.stage == ForwardStage.SENT and self.due_on < (today or timezone.localdate())

    @property
    def on_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return self.answered_on <= self.due_on


class ForwardEvent(WorkflowEventBase):
    forward = models.ForeignKey(Forward, models.CASCADE, related_name="events")


class CarryOver(models.Model):
    """A petition still unresolved when the next regular session opened: counted at both sessions."""

    petition = models.ForeignKey(Petition, models.CASCADE, related_name="carry_overs")
    from_session = models.ForeignKey(Session, models.CASCADE, related_name="carried_out")
    to_session = models.ForeignKey(Session, models.CASCADE, related_name="carried_in")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("carry-over")
        verbose_name_plural = _("carry-overs")
        constraints = [
            models.UniqueConstraint(fields=["petition", "from_session"], name="voters_carry_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.from_session_id} → {self.to_session_id}"


class EntryBatch(models.Model):
    """One submitted bulk-entry screen: its form token makes a repeated submission a no-op."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="entry_batches")
    token = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["created_by", "token"], name="voters_entry_token_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.token}"
