"""Dân vận khéo models (mô hình, tập thể) and exemplars (điển hình, cá nhân): registration,
building, nomination with a dossier, council scoring, recognition decisions, commendation and
replication. Lifecycle as data in workflow.py; writers in services.py; diagram in
docs/workflows/exemplars.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dvk.core.models import TimeStampedModel, WorkflowEventBase
from dvk.core.text import fold, nfc
from dvk.documents.models import new_verification_code
from dvk.exemplars.workflow import Stage
from dvk.organisations.owned import OrgOwned, ScopedQuerySet
from dvk.organisations.scoping import ExtraGrant, Scope, forget


class Kind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective model")  # mô hình tập thể
    INDIVIDUAL = "individual", _("Individual exemplar")  # điển hình cá nhân


class Level(models.TextChoices):
    COMMUNE = "xa", _("Commune level")
    PROVINCE = "tinh", _("Province level")


class FieldOfWork(models.Model):
    """Lĩnh vực: a configurable tree (kinh tế; văn hóa – xã hội; …) with sub-fields."""

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent field")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("field of work")
        verbose_name_plural = _("fields of work")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = nfc(self.name)
        super().save(*args, **kwargs)

    @property
    def root(self) -> FieldOfWork:
        node = self
        while node.parent_id:
            node = node.parent  # type: ignore[assignment]
        return node


class Cycle(models.Model):
    """A recognition cycle: one year or a period such as 2017–2020 or 2021–2025."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-start_year", "end_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="cycle_years_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def contains(self, day: dt.date) -> bool:
        return self.start_year <= day.year <= self.end_year

    @classmethod
    def current(cls, on: dt.date | None = None) -> Cycle | None:
        on = on or timezone.localdate()
        return (
            cls.objects.filter(start_year__lte=on.year, end_year__gte=on.year).order_by("-start_year").first()
        )


class CriteriaSet(models.Model):
    """A versioned rubric (bộ tiêu chí). Nominations keep the version they were scored with."""

    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    applies_to = models.CharField(_("applies to"), max_length=16, choices=Kind.choices)
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("70"),
        help_text=_("Minimum average weighted score, as a percentage of the maximum."),
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum"), default=2, help_text=_("Minimum number of score sheets.")
    )
    min_months = models.PositiveSmallIntegerField(
        _("minimum months of implementation"), default=12, help_text=_("Before a nomination is accepted.")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["applies_to", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["applies_to", "version"], name="unique_criteria_set_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @classmethod
    def in_force(cls, kind: str, on: dt.date | None = None) -> CriteriaSet | None:
        on = on or timezone.localdate()
        return (
            cls.objects.filter(applies_to=kind, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .order_by("-valid_from", "-version")
            .first()
        )


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("criterion"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal("1"))

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "order", "id"]

    def __str__(self) -> str:
        return self.name


def _council_review(user: Any, scope: Scope) -> Q:
    """Nominations under review in the user's councils, as a list of ids resolved once per
    request: an OR over a join would stop the planner from using the org_path index
    (a council member's list took 0.8 s at national scale; with literal ids it is a BitmapOr)."""
    councils = council_ids_for(user)
    ids = (
        tuple(
            Nomination.objects.filter(council_id__in=councils, closed_at__isnull=True).values_list(
                "id", flat=True
            )
        )
        if councils
        else ()
    )
    if not ids:
        return Q(pk__in=[])
    return Q(stage=Stage.UNDER_REVIEW, current_nomination_id__in=ids)


class ExemplarQuerySet(ScopedQuerySet):
    """The record and its dossier (`visible_to`): the body subtree (org_path) of the user's
    memberships — the province for the Ban — plus, through the declared grant, the nominations
    under review in the user's councils. Staff lists, counts, the funnel, every staff sub-route,
    the events and the attachment downloads start here, so another body never opens a record.

    What anybody may see of a recognised model is `public()` (the showcase, /dien-hinh/): a
    selection of fields, never the dossier."""

    grants = (ExtraGrant("exemplars.council_review", _council_review),)

    def public(self) -> ExemplarQuerySet:
        """What anybody may see without logging in: recognised, individuals only with consent."""
        return self.filter(public_q())

    def managed_by(self, user: Any) -> ExemplarQuerySet:
        """Alias of visible_to (kept for callers that read better with it)."""
        return self.visible_to(user)

    def replicable_by(self, user: Any) -> ExemplarQuerySet:
        """Records a user may record a replication of: its own, and every public recognised
        model (replication crosses scopes; the page shows only the public fields)."""
        return self.filter(Q(pk__in=self.visible_to(user).values("pk")) | public_q())


def public_q() -> Q:
    return Q(stage=Stage.RECOGNISED) & (Q(kind=Kind.COLLECTIVE) | Q(consent_public=True))


_COUNCIL_ATTR = "_dvk_council_ids"


def council_ids_for(user: Any) -> tuple[int, ...]:
    """Councils the user sits on, cached on the user object for the request."""
    cached = getattr(user, _COUNCIL_ATTR, None)
    if cached is None:
        cached = tuple(CouncilMember.objects.filter(user=user).values_list("council_id", flat=True))
        try:
            setattr(user, _COUNCIL_ATTR, cached)
        except AttributeError:
            pass
    return cached


_COMMITTEE_ATTR = "_dvk_commune_committees"


def commune_committees_for(user: Any) -> tuple[tuple[int, str, str], ...]:
    """(body id, path, role) of the commune-level Party committees (Đảng ủy xã, phường) the user
    works for: the bodies that form the commune councils, open their reviews and, for their
    leaders, sign the commune-level recognitions. One query, cached on the user for the request."""
    cached = getattr(user, _COMMITTEE_ATTR, None)
    if cached is None:
        from dvk.organisations.models import Membership, Organisation

        cached = ()
        if getattr(user, "is_authenticated", False):
            cached = tuple(
                Membership.objects.filter(
                    user=user,
                    role__in=Membership.Role.WORK,
                    organisation__kind=Organisation.Kind.PARTY_COMMITTEE,
                    organisation__unit__level="commune",
                ).values_list("organisation_id", "organisation__path", "role")
            )
        try:
            setattr(user, _COMMITTEE_ATTR, cached)
        except AttributeError:
            pass
    return cached


def forget_councils(user: Any) -> None:
    """Drop the cached council seats and the grants built from them (after seats change)."""
    for attr in (_COUNCIL_ATTR, _COMMITTEE_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)
    forget(user)


class Exemplar(OrgOwned, TimeStampedModel):
    """A registered model (tập thể) or individual exemplar (cá nhân) and its whole lifecycle."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COLLECTIVE)
    stage = models.CharField(_("stage"), max_length=32, choices=Stage.choices, default=Stage.DRAFT)
    # --- the registration content (domain.md §1.4(c)) ---
    title = models.CharField(_("name of the model"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    situation = models.TextField(_("situation and reasons"), blank=True)
    goals = models.TextField(_("goals and measurable criteria"), blank=True)
    content_method = models.TextField(_("content and method"), blank=True)
    area_beneficiaries = models.TextField(_("area and beneficiaries"), blank=True)
    forces = models.JSONField(
        _("forces and their roles"),
        default=list,
        blank=True,
        help_text=_('A list of {"name", "role"} with role lead, coordinate or take_part.'),
    )
    resources = models.JSONField(
        _("resources"),
        default=dict,
        blank=True,
        help_text=_("funds, facilities, workdays, socialised contributions"),
    )
    timeline = models.JSONField(
        _("timeline and milestones"),
        default=list,
        blank=True,
        help_text=_('A list of {"date", "milestone"}.'),
    )
    expected_outputs = models.TextField(_("expected verifiable outputs"), blank=True)
    sustainability = models.TextField(_("sustainability and replicability"), blank=True)
    # --- classification ---
    field = models.ForeignKey(FieldOfWork, models.PROTECT, related_name="exemplars", verbose_name=_("field"))
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.COMMUNE)
    cycle = models.ForeignKey(Cycle, models.PROTECT, related_name="exemplars", verbose_name=_("cycle"))
    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="exemplars", verbose_name=_("body")
    )
    # org_path, org_root (OrgOwned): the province root is an equality the planner can combine with
    # stage and date order in one index (a LIKE range cannot), for province-wide lists at national scale.
    started_on = models.DateField(_("started on"))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # --- individuals (personal data minimised) ---
    person_name = models.CharField(_("person's name"), max_length=200, blank=True)
    person_position = models.CharField(_("position"), max_length=200, blank=True)
    consent_public = models.BooleanField(_("consents to public display"), default=False)
    # --- outcomes ---
    outstanding = models.BooleanField(_("outstanding (tiêu biểu)"), default=False)
    outstanding_event = models.CharField(_("event"), max_length=300, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    current_nomination = models.ForeignKey(
        "Nomination", models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    replication_count = models.PositiveIntegerField(_("replications"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True
    )
    # One-time token of the HTML create form: a double-click creates one row, not two.
    form_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    search_text = models.TextField(editable=False, default="")

    objects: ClassVar[Any] = ExemplarQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemplar")
        verbose_name_plural = _("exemplars")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(
                fields=["org_path", "stage"],
                name="exemplar_path_stage",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            models.Index(fields=["stage", "kind", "-updated_at"], name="exemplar_stage_kind"),
            models.Index(fields=["cycle", "level", "stage"], name="exemplar_cycle_level"),
            models.Index(fields=["field", "stage"], name="exemplar_field_stage"),
            models.Index(fields=["-updated_at", "-id"], name="exemplar_recent"),
            models.Index(
                fields=["org_root", "stage", "-updated_at", "-id"], name="exemplar_root_stage_recent"
            ),
            models.Index(fields=["org_root", "-updated_at", "-id"], name="exemplar_root_recent"),
            # The public showcase walks recognised rows in display order and stops at one page,
            # instead of sorting every recognised model of the country.
            models.Index(
                fields=["-outstanding", "-updated_at", "-id"],
                condition=Q(stage="recognised"),
                name="exemplar_public_order",
            ),
            # The showcase map counts the public models per body from this index alone (migration
            # 0013): the recognised ones, with the public condition and the filter columns; `stage`
            # is a column too so that SQLite, which sees `stage = ?` unbound, needs no table row.
            models.Index(
                fields=[
                    "organisation",
                    "stage",
                    "kind",
                    "consent_public",
                    "level",
                    "cycle",
                    "field",
                    "outstanding",
                ],
                condition=Q(stage="recognised"),
                name="exemplar_showcase",
            ),
            # The home widget's "outstanding" figure counts the scope's outstanding recognised
            # models from this small index (a few hundred entries a province), not the table.
            models.Index(
                fields=["org_root", "stage", "org_path"],
                condition=Q(outstanding=True),
                name="exemplar_outstanding",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "varchar_pattern_ops"],
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="exemplar_stage_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="exemplar_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalise()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "updated_at"}
        super().save(*args, **kwargs)

    def normalise(self) -> None:
        """The texts in NFC and the folded search text: what save() stores (bulk_create callers
        call it themselves)."""
        for name in (
            "title",
            "summary",
            "situation",
            "goals",
            "content_method",
            "area_beneficiaries",
            "expected_outputs",
            "sustainability",
            "person_name",
            "person_position",
            "outstanding_event",
        ):
            setattr(self, name, nfc(getattr(self, name)))
        self.search_text = fold(
            " ".join([self.title, self.summary, self.person_name, self.area_beneficiaries])
        )

    @property
    def display_title(self) -> str:
        if self.kind == Kind.INDIVIDUAL and self.person_name:
            return f"{self.person_name} — {self.title}"
        return self.title

    @property
    def is_public(self) -> bool:
        return self.stage == Stage.RECOGNISED and (self.kind == Kind.COLLECTIVE or self.consent_public)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ExemplarEvent(WorkflowEventBase):
    exemplar = models.ForeignKey(Exemplar, models.CASCADE, related_name="events")

    class Meta(WorkflowEventBase.Meta):
        verbose_name = _("exemplar event")
        verbose_name_plural = _("exemplar events")
        indexes = [models.Index(fields=["exemplar", "at"], name="exemplar_event_at")]


class ProgressUpdate(TimeStampedModel):
    """A building-phase report with figures (households reached, km of road, funds raised…)."""

    exemplar = models.ForeignKey(Exemplar, models.CASCADE, related_name="progress_updates")
    reported_on = models.DateField(_("reported on"))
    summary = models.TextField(_("summary"))
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.exemplar} · {self.reported_on}"


class Council(TimeStampedModel):
    """Hội đồng / Ban chỉ đạo that scores nominations of one level in one cycle."""

    name = models.CharField(_("name"), max_length=300)
    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="councils", verbose_name=_("council body")
    )
    deciding_body = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        related_name="deciding_councils",
        verbose_name=_("deciding body"),
        help_text=_("Its register numbers the recognition decisions."),
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    cycle = models.ForeignKey(Cycle, models.PROTECT, related_name="councils", verbose_name=_("cycle"))
    place = models.CharField(_("place name on documents"), max_length=100, blank=True)
    # The decision that formed the council (quyết định thành lập), as written on paper.
    decision_number = models.CharField(_("number of the decision forming it"), max_length=80, blank=True)
    decision_date = models.DateField(_("date of the decision forming it"), null=True, blank=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["-cycle__start_year", "level", "name"]

    def __str__(self) -> str:
        return self.name


class CouncilMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")

    council = models.ForeignKey(Council, models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="council_seats")
    role = models.CharField(
        _("role in the council"), max_length=16, choices=Role.choices, default=Role.MEMBER
    )
    # Conflicts of interest the member declared (kê khai): bodies whose nominations they do not
    # score, beyond the memberships the system already knows.
    declared_conflicts = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("declared conflicts of interest"),
    )
    conflict_note = models.CharField(_("declaration"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="unique_council_member")]

    def __str__(self) -> str:
        return f"{self.user} · {self.council}"


class Nomination(TimeStampedModel):
    """One proposal for recognition in one cycle (đề nghị công nhận) and its council review."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        RECOGNISED = "recognised", _("Recognised")
        DECLINED = "declined", _("Not recognised")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        RETURNED = "returned", _("Returned")

    exemplar = models.ForeignKey(Exemplar, models.CASCADE, related_name="nominations")
    cycle = models.ForeignKey(Cycle, models.PROTECT, related_name="nominations")
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    criteria_set = models.ForeignKey(CriteriaSet, models.PROTECT, related_name="nominations")
    council = models.ForeignKey(Council, models.PROTECT, null=True, blank=True, related_name="nominations")
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    nominated_on = models.DateField(_("nominated on"))
    review_opened_at = models.DateTimeField(_("review opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("review closed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-nominated_on", "-id"]
        indexes = [models.Index(fields=["council", "outcome"], name="nomination_council")]

    def __str__(self) -> str:
        return f"{self.exemplar} · {self.cycle}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CouncilExclusion(models.Model):
    """A council member kept out of a review because they belong to the nominating body."""

    nomination = models.ForeignKey(Nomination, models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council exclusion")
        verbose_name_plural = _("council exclusions")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "user"], name="unique_council_exclusion")
        ]

    def __str__(self) -> str:
        return f"{self.user} ✕ {self.nomination}"


class ScoreSheet(TimeStampedModel):
    """One member's review of one nomination (phiếu đánh giá); replaced on resubmission."""

    nomination = models.ForeignKey(Nomination, models.CASCADE, related_name="score_sheets")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    percent = models.DecimalField(
        _("weighted score (%)"), max_digits=5, decimal_places=2, default=Decimal("0")
    )

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["nomination", "id"]
        constraints = [models.UniqueConstraint(fields=["nomination", "member"], name="unique_score_sheet")]

    def __str__(self) -> str:
        return f"{self.member} · {self.nomination}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="unique_score")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


def _verification_code() -> str:
    """Kept for migration 0001; new decisions copy the code of their register row."""
    return new_verification_code()


class Decision(TimeStampedModel):
    """Quyết định công nhận: numbered in the deciding body's register, publicly verifiable."""

    exemplar = models.ForeignKey(Exemplar, models.PROTECT, related_name="decisions")
    nomination = models.OneToOneField(
        Nomination, models.PROTECT, null=True, blank=True, related_name="decision"
    )
    issuing_body = models.ForeignKey("organisations.Organisation", models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=80)
    signed_on = models.DateField(_("signed on"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    cycle = models.ForeignKey(Cycle, models.PROTECT, related_name="decisions")
    average = models.DecimalField(
        _("average score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    percent_agreeing = models.DecimalField(
        _("agreeing (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    verification_code = models.CharField(
        max_length=16, unique=True, default=_verification_code, editable=False
    )
    # The register row (dvk.documents) that numbered this decision; `number` and
    # `verification_code` above are its copies, kept for the lists and the API.
    document = models.OneToOneField(
        "documents.Document", models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        ordering = ["-signed_on", "-id"]

    def __str__(self) -> str:
        return self.number

    def public_verification(self) -> Any:
        """What /xac-minh/<code>/ shows for this decision's register row (dvk.documents)."""
        from dvk.exemplars.selectors import decision_verification

        return decision_verification(
            Decision.objects.select_related(
                "exemplar__organisation", "exemplar__field", "issuing_body", "cycle"
            ).get(pk=self.pk)
        )


class Commendation(TimeStampedModel):
    """Khen thưởng of an outstanding recognised model (giấy khen, bằng khen)."""

    class Form(models.TextChoices):
        CERTIFICATE_OF_MERIT = "giay_khen", _("Certificate of merit (giấy khen)")
        PROVINCIAL_MERIT = "bang_khen", _("Provincial certificate of merit (bằng khen)")
        BOARD_PRAISE = "bieu_duong", _("Public praise (biểu dương)")

    exemplar = models.ForeignKey(Exemplar, models.CASCADE, related_name="commendations")
    form = models.CharField(_("form"), max_length=16, choices=Form.choices)
    authority = models.CharField(_("deciding authority"), max_length=300)
    decision_number = models.CharField(_("decision number"), max_length=80)
    awarded_on = models.DateField(_("awarded on"))
    event = models.CharField(_("event"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-awarded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} · {self.decision_number}"


class Replication(OrgOwned, TimeStampedModel):
    """Nhân rộng: another body adopted a recognised model."""

    exemplar = models.ForeignKey(Exemplar, models.CASCADE, related_name="replications")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        related_name="replications",
        verbose_name=_("adopting body"),
    )
    started_on = models.DateField(_("adopted on"))
    adaptations = models.TextField(_("adaptations"), blank=True)
    results = models.TextField(_("results"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["exemplar", "organisation"], name="unique_replication_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.exemplar} → {self.organisation}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.adaptations, self.results = nfc(self.adaptations), nfc(self.results)
        super().save(*args, **kwargs)
