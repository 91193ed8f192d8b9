"""Citizen reception, letters (đơn), matters (vụ việc) and cases on statutory deadlines.

- `ReceptionDuty` — a leader or office that must receive citizens at a legal frequency
  (`ReceptionFrequency`, data); `ReceptionSession` — one session held; `Visit` — one visit in it
  (people count → đông người by the configurable threshold of `Policy`).
- `Letter` — a letter from any channel, numbered per body and year, classified by kind,
  competence and field; `Matter` groups letters and visits; `DuplicateSuggestion` is shown to a
  person to confirm, never merged automatically.
- `Case` — one case per kind opened from a letter, following its workflow (workflow.py), with
  the deadline of its current step computed by dvk.deadlines (`CaseDeadline` keeps each one).

The denouncer's identity never lives in these tables: a denunciation letter keeps only the
reference of its sealed identity in dvk.vault (`identity_ref`) and a keyed blind index
(`person_index`) for same-person matching. The other petitioners' name and address are ordinary
personal data, scoped like the letter.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dvk.citizens.workflow import FINAL_STAGES, OPEN_STAGES, Kind, Stage
from dvk.core.models import TimeStampedModel, WorkflowEventBase
from dvk.core.text import fold, nfc
from dvk.organisations.models import Organisation
from dvk.organisations.owned import OrgOwned, ScopedQuerySet
from dvk.organisations.scoping import ExtraGrant


class Policy(models.Model):
    """The configurable thresholds of the module (one row; `Policy.current()`)."""

    crowd_threshold = models.PositiveSmallIntegerField(
        _("đông người threshold (people)"),
        default=5,
        help_text=_("A visit or letter of this many people or more is đông người."),
    )
    prolonged_after_days = models.PositiveSmallIntegerField(
        _("kéo dài after (days past the deadline)"), default=30
    )
    prolonged_reopen_count = models.PositiveSmallIntegerField(_("kéo dài after (reopenings)"), default=2)
    alert_days = models.CharField(
        _("alert tiers (days before the deadline)"),
        max_length=60,
        default="5,2",
        help_text=_("Comma-separated numbers of days, e.g. 5,2."),
    )
    duplicate_threshold = models.FloatField(_("duplicate similarity threshold"), default=0.45)
    public_hourly_limit = models.PositiveSmallIntegerField(
        _("public letters per hour and address"), default=5
    )

    class Meta:
        verbose_name = _("citizens policy")
        verbose_name_plural = _("citizens policy")

    def __str__(self) -> str:
        return str(_("Citizens policy"))

    def clean(self) -> None:
        try:
            self.tiers()
        except ValueError:
            raise ValidationError({"alert_days": [_("Enter numbers separated by commas.")]}) from None

    def tiers(self) -> tuple[int, ...]:
        values = [int(p) for p in self.alert_days.replace(" ", "").split(",") if p]
        if any(v <= 0 or v > 365 for v in values):
            raise ValueError("tier out of range")
        return tuple(sorted(set(values), reverse=True))

    @classmethod
    def current(cls) -> Policy:
        found = cls.objects.order_by("pk").first()
        return found or cls.objects.create()


class Field(models.Model):
    """The configurable taxonomy of fields (đất đai, chính sách xã hội, tư pháp, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent field")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ReceptionFrequency(models.Model):
    """How often an office must receive citizens, with its legal basis (data, not code)."""

    class Per(models.TextChoices):
        WEEK = "week", _("week")
        MONTH = "month", _("month")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("office"), max_length=200)
    times = models.PositiveSmallIntegerField(_("sessions at least"), default=1)
    per = models.CharField(_("per"), max_length=8, choices=Per.choices, default=Per.MONTH)
    legal_ref = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reception frequency")
        verbose_name_plural = _("reception frequencies")
        ordering = ["per", "name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.times}/{self.get_per_display()}"

    def period_of(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The week (Monday–Sunday) or calendar month containing `day`."""
        if self.per == self.Per.WEEK:
            start = day - dt.timedelta(days=day.weekday())
            return start, start + dt.timedelta(days=6)
        start = day.replace(day=1)
        nxt = (start + dt.timedelta(days=32)).replace(day=1)
        return start, nxt - dt.timedelta(days=1)


class ReceptionDuty(OrgOwned, TimeStampedModel):
    """A leader or reception office of a body that must hold sessions at a frequency."""

    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+", verbose_name=_("body"))
    title = models.CharField(_("receiving leader or office"), max_length=200)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account of the leader"),
    )
    frequency = models.ForeignKey(
        ReceptionFrequency, models.PROTECT, related_name="duties", verbose_name=_("legal frequency")
    )
    active = models.BooleanField(_("active"), default=True)

    objects: ClassVar[Any] = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception duty")
        verbose_name_plural = _("reception duties")
        ordering = ["org_path", "title"]

    def __str__(self) -> str:
        return self.title


class ReceptionSession(OrgOwned, TimeStampedModel):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        AD_HOC = "ad_hoc", _("Ad hoc")

    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+", verbose_name=_("body"))
    duty = models.ForeignKey(
        ReceptionDuty, models.SET_NULL, null=True, blank=True, related_name="sessions", verbose_name=_("duty")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.REGULAR)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    leader_name = models.CharField(_("receiving leader"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)

    objects: ClassVar[Any] = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["org_root", "org_path", "held_on"], name="cit_session_scope")]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} · {self.leader_name}"

    def save(self, *args, **kwargs):
        self.place, self.leader_name, self.note = nfc(self.place), nfc(self.leader_name), nfc(self.note)
        super().save(*args, **kwargs)


class Matter(OrgOwned, TimeStampedModel):
    """One vụ việc: the letters and visits of the same people about the same thing."""

    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+", verbose_name=_("body"))
    title = models.CharField(_("title"), max_length=300)
    field = models.ForeignKey(
        Field, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("field")
    )
    search_text = models.TextField(editable=False, default="")

    objects: ClassVar[Any] = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.search_text = fold(self.title)
        super().save(*args, **kwargs)


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    POST = "post", _("Post")
    PUBLIC_FORM = "public_form", _("Public form")
    TRANSFERRED = "transferred", _("Transferred from another body")
    NATIONAL_PORTAL = "national_portal", _("National portal")


class Competence(models.TextChoices):
    OURS = "ours", _("Within our competence")
    FORWARD = "forward", _("Forward to the competent body")
    GUIDE = "guide", _("Guide the citizen")
    STORE = "store", _("File")


class ReceiptCounter(models.Model):
    """The last receipt number given by a body in a year (locked row: numbers never repeat)."""

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="cit_one_counter")]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last}"


LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols (5 bits each), no look-alikes


def new_lookup_code() -> str:
    """A code the citizen keeps to look the letter up: 10 characters, no look-alike letters.
    Drawn as 50 random bits at once (one read of the system's randomness, not ten): each
    character is 5 of them, uniform over the 32 symbols."""
    bits = secrets.randbits(50)
    return "".join(LOOKUP_ALPHABET[(bits >> (5 * i)) & 31] for i in range(10))


class LetterQuerySet(ScopedQuerySet):
    pass


class Letter(OrgOwned, TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("receiving body")
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    seq = models.PositiveIntegerField(_("number"), editable=False)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    competence = models.CharField(
        _("competence"), max_length=8, choices=Competence.choices, default=Competence.OURS
    )
    field = models.ForeignKey(
        Field, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("field")
    )
    summary = models.TextField(_("content"))
    people_count = models.PositiveSmallIntegerField(_("number of people"), default=1)
    crowd = models.BooleanField(_("đông người"), default=False)
    representatives = models.TextField(_("representatives"), blank=True)
    # Ordinary petitioners only (never a denouncer: see identity_ref).
    petitioner_name = models.CharField(_("petitioner"), max_length=200, blank=True)
    petitioner_address = models.CharField(_("address"), max_length=300, blank=True)
    identity_ref = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    identity_withheld = models.BooleanField(_("identity withheld"), default=False, editable=False)
    person_index = models.CharField(max_length=128, blank=True, editable=False, db_index=True)
    phone_index = models.CharField(max_length=128, blank=True, editable=False)
    anonymous = models.BooleanField(_("anonymous or impersonated"), default=False)
    matter = models.ForeignKey(
        Matter, models.SET_NULL, null=True, blank=True, related_name="letters", verbose_name=_("matter")
    )
    forwarded_from = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwards",
        verbose_name=_("forwarded from"),
    )
    lookup_code = models.CharField(_("lookup code"), max_length=16, unique=True, editable=False)
    intake_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[Any] = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "seq"], name="cit_receipt_number"),
            # A denouncer's name never sits in a plain column.
            models.CheckConstraint(
                condition=~Q(kind="denunciation") | (Q(petitioner_name="") & Q(petitioner_address="")),
                name="cit_no_plain_denouncer",
            ),
        ]
        indexes = [
            models.Index(fields=["org_root", "received_on", "id"], name="cit_letter_root"),
            models.Index(
                fields=["org_path", "received_on"],
                name="cit_letter_scope",
                opclasses=["varchar_pattern_ops", ""],
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def receipt_number(self) -> str:
        return f"{self.seq}/{self.year}" if self.seq else ""

    def save(self, *args, **kwargs):
        self.summary = nfc(self.summary)
        self.petitioner_name = nfc(self.petitioner_name)
        self.petitioner_address = nfc(self.petitioner_address)
        self.representatives = nfc(self.representatives)
        if not self.lookup_code:
            self.lookup_code = new_lookup_code()
        self.crowd = self.people_count >= Policy.current().crowd_threshold
        self.search_text = fold(f"{self.receipt_number} {self.summary}")
        super().save(*args, **kwargs)


def path_range(field: str, prefix: str) -> Q:
    """`field` lies under `prefix`, read from an index on either database (dvk.core.lookups.Under)."""
    return Q(**{f"{field}__under": prefix})


def _forwarded_grant(user: Any, scope: Any) -> Q:
    """The body that forwarded a case follows the receiving body's record (read only): the ids
    of the cases its bodies forwarded out of its scope, read once per request from the index on
    `sender_path` (an OR of a second path condition would defeat the scope's index)."""
    if scope.everything or not scope.prefixes:
        return Q(pk__in=[])
    sent = Q()
    for prefix in scope.prefixes:
        sent |= path_range("sender_path", prefix)  # read from cit_case_sender on either database
    ids = list(
        Case.objects.filter(sent)
        .exclude(scope.q("org_path"))
        .order_by("-id")
        .values_list("pk", flat=True)[:5000]
    )
    return Q(pk__in=ids)


def _identity_grant(user: Any, scope: Any) -> Q:
    """Who may read a denouncer's identity: the case's assigned handler and the body's leader."""
    from dvk.organisations.models import Membership

    condition = Q(handler_id=user.pk)
    for grant in scope.grants:
        if grant.role in Membership.Role.LEAD:
            for prefix in grant.prefixes:
                condition |= Q(org_path__under=prefix)
    return condition


FORWARDED = ExtraGrant("citizens.forwarded", _forwarded_grant)
IDENTITY = ExtraGrant("citizens.identity", _identity_grant, purpose="identity")


OPEN_IN_ORDER = tuple(sorted(OPEN_STAGES))  # the condition of cit_case_open_due, in a fixed order


class CaseQuerySet(ScopedQuerySet):
    grants = (FORWARDED, IDENTITY)

    def open(self):
        return self.filter(stage__in=OPEN_STAGES)

    def overdue(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)


class Case(OrgOwned, TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("handling body")
    )
    letter = models.ForeignKey(Letter, models.PROTECT, related_name="cases", verbose_name=_("letter"))
    matter = models.ForeignKey(
        Matter, models.SET_NULL, null=True, blank=True, related_name="cases", verbose_name=_("matter")
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=[
            (k.value, k.label) for k in (Kind.PETITION, Kind.REFLECTION, Kind.COMPLAINT, Kind.DENUNCIATION)
        ],
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.CLASSIFYING)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handler"),
    )
    field = models.ForeignKey(
        Field, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("field")
    )
    summary = models.TextField(_("content"))
    received_on = models.DateField(_("received on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    due_rule = models.CharField(_("deadline rule"), max_length=40, blank=True)
    due_ref = models.TextField(_("legal basis"), blank=True)
    complex = models.BooleanField(_("complex"), default=False)
    remote_area = models.BooleanField(_("remote area"), default=False)
    multi_location = models.BooleanField(_("several places to verify"), default=False)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    paused_days = models.PositiveSmallIntegerField(_("days suspended"), default=0)
    paused_since = models.DateField(_("suspended since"), null=True, blank=True)
    finished_late = models.BooleanField(_("finished after the deadline"), default=False)
    prolonged = models.BooleanField(_("kéo dài"), default=False)
    prolonged_reason = models.TextField(_("kéo dài reason"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("reopenings"), default=0)
    people_count = models.PositiveSmallIntegerField(_("number of people"), default=1)
    crowd = models.BooleanField(_("đông người"), default=False)
    anonymous = models.BooleanField(_("anonymous or impersonated"), default=False)
    forwarded_from = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwards",
        verbose_name=_("forwarded from"),
    )
    sender_path = models.CharField(max_length=255, blank=True, default="", editable=False)
    outcome = models.TextField(_("decision or answer"), blank=True)
    published_answer = models.TextField(_("published answer"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects: ClassVar[Any] = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["due_on", "id"]
        indexes = [
            # The Ban's province-wide worklist (org_root equality, in deadline order) and a body's
            # own (path prefix: the pattern opclass on PostgreSQL). The root index carries the path
            # and the stage: SQLite reads a commune's worklist from it in deadline order (it prefers
            # the order to a sort), and without them it looked up the table for every case of the
            # province ahead of the commune's first 51 (87 ms at national scale; 7 ms with them).
            models.Index(fields=["org_root", "due_on", "id", "org_path", "stage"], name="cit_case_root"),
            models.Index(
                fields=["org_path", "due_on", "id"],
                name="cit_case_scope",
                opclasses=["varchar_pattern_ops", "", ""],
            ),
            models.Index(fields=["handler", "stage", "due_on"], name="cit_case_handler"),
            # The monitoring view's one grouped pass over a period: read from the index alone.
            models.Index(
                fields=[
                    "org_root",
                    "received_on",
                    "organisation",
                    "kind",
                    "field",
                    "stage",
                    "due_on",
                    "finished_late",
                    "crowd",
                    "prolonged",
                    "complex",
                ],
                name="cit_case_monitor",
            ),  # fmt: skip
            # The kéo dài and đông người lists: partial indexes of the few prolonged or crowd cases (SQLite writes the filter
            # as a bare boolean, which only a partial index with the same condition serves). received_on: the
            # monitoring's kéo dài list of a period takes its first ids in deadline order from this index alone.
            models.Index(
                fields=["org_root", "due_on", "id", "received_on"],
                name="cit_case_prolonged_period",
                condition=Q(prolonged=True),
            ),
            models.Index(fields=["org_root", "due_on", "id"], name="cit_case_crowd", condition=Q(crowd=True)),
            models.Index(fields=["stage", "due_on"], name="cit_case_due"),
            # The monitoring's overdue figure: the open cases still in time (no deadline, or one from
            # today on) of a province and period, per body, read from this index alone (stage too:
            # SQLite checks the condition on the columns it reads). Partial: SQLite serves only a query
            # that writes the same condition, values in the same order, as literals
            # (selectors.open_literal), so no other query's plan changes.
            models.Index(
                fields=["org_root", "due_on", "received_on", "org_path", "stage"],
                name="cit_case_open_due",
                condition=Q(stage__in=OPEN_IN_ORDER),
            ),
            models.Index(fields=["sender_path"], name="cit_case_sender", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.letter.receipt_number} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.summary = nfc(self.summary)
        self.crowd = self.people_count >= Policy.current().crowd_threshold
        self.search_text = fold(self.summary)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "crowd"}
        super().save(*args, **kwargs)

    @property
    def workflow(self):
        from dvk.citizens.workflow import workflow_for

        return workflow_for(self.kind)

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def is_final(self) -> bool:
        return self.stage in FINAL_STAGES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_on and self.is_open and self.due_on < today)

    @property
    def days_left(self) -> int | None:
        return (self.due_on - timezone.localdate()).days if self.due_on and self.is_open else None


class CaseEvent(WorkflowEventBase):
    case = models.ForeignKey(Case, models.CASCADE, related_name="events")


class CaseDeadline(models.Model):
    """Each deadline computed for a case (the current one is copied on the case)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="deadlines")
    rule = models.CharField(_("rule"), max_length=40)
    start = models.DateField(_("start"))
    due = models.DateField(_("deadline"))
    legal_ref = models.TextField(_("legal basis"), blank=True)
    moved_from = models.DateField(_("moved from"), null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.rule} {self.due:%d/%m/%Y}"


class Visit(OrgOwned, TimeStampedModel):
    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Answered on the spot")
        GUIDED = "guided", _("Guided")
        LETTER = "letter", _("Letter received")
        CASE = "case", _("Case opened")

    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+", verbose_name=_("body"))
    session = models.ForeignKey(
        ReceptionSession, models.CASCADE, related_name="visits", verbose_name=_("session")
    )
    people_count = models.PositiveSmallIntegerField(_("number of people"), default=1)
    crowd = models.BooleanField(_("đông người"), default=False)
    representatives = models.TextField(_("representatives"), blank=True)
    content = models.TextField(_("content"))
    field = models.ForeignKey(
        Field, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("field")
    )
    outcome = models.CharField(_("what was done"), max_length=8, choices=Outcome.choices)
    letter = models.ForeignKey(Letter, models.SET_NULL, null=True, blank=True, related_name="visits")
    matter = models.ForeignKey(Matter, models.SET_NULL, null=True, blank=True, related_name="visits")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)

    objects: ClassVar[Any] = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["session", "id"]
        indexes = [models.Index(fields=["org_root", "org_path", "crowd"], name="cit_visit_scope")]

    def __str__(self) -> str:
        return f"{self.session} · {self.people_count}"

    def save(self, *args, **kwargs):
        self.content, self.representatives = nfc(self.content), nfc(self.representatives)
        self.crowd = self.people_count >= Policy.current().crowd_threshold
        super().save(*args, **kwargs)


class DuplicateSuggestion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("To confirm")
        CONFIRMED = "confirmed", _("Same matter")
        REJECTED = "rejected", _("Not the same")

    letter = models.ForeignKey(Letter, models.CASCADE, related_name="duplicate_suggestions")
    candidate = models.ForeignKey(Letter, models.CASCADE, related_name="+")
    score = models.FloatField(_("similarity"))
    same_person = models.BooleanField(_("same person"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [models.UniqueConstraint(fields=["letter", "candidate"], name="cit_one_suggestion")]

    def __str__(self) -> str:
        return f"{self.letter_id} ~ {self.candidate_id} ({self.score:.2f})"
