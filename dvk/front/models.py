"""MTTQ supervision and social critique.

The main tables are `OrgOwned` by their Front committee (`org_path`, `org_root`) and carry the
denormalised path of the other body that takes part (`supervised_path`, `addressee_path`,
`escalated_path`, `drafting_path`). Each queryset declares, as extra grants of the scoping kit,
who else sees a row: the supervised body its supervisions and the recommendations addressed to
it, the Party committee or People's Council an overdue recommendation was escalated to, the
drafting body its drafts and the comments on them, an invited member organisation the critiques
it was invited to — and nobody else (404). Paths are copied on save and never change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dvk.core.models import TimeStampedModel, WorkflowEventBase
from dvk.core.text import fold, nfc
from dvk.front.workflow import CritiqueStage, RecommendationStage, SupervisionStage
from dvk.organisations.models import Organisation
from dvk.organisations.owned import OrgOwned, ScopedQuerySet
from dvk.organisations.scoping import ExtraGrant, Scope


def _path_of(organisation_id: int | None, loaded: Organisation | None) -> str:
    if organisation_id is None:
        return ""
    if loaded is not None and loaded.pk == organisation_id:
        return loaded.path
    return Organisation.objects.values_list("path", flat=True).get(pk=organisation_id)


def _related_path(obj: models.Model, field: str) -> str:
    return _path_of(getattr(obj, f"{field}_id"), obj._state.fields_cache.get(field))


# --- Supervision ---------------------------------------------------------------------------------


def _ids(qs: Any, field: str) -> Q:
    """A grant through another table: the ids it names, as a subquery (no query of its own)."""
    return Q(pk__in=qs.values(field))


def _member_of_programme(user: Any, scope: Scope) -> Q:
    return _ids(Programme.members.through.objects.filter(scope.q("organisation__path")), "programme_id")


class ProgrammeQuerySet(ScopedQuerySet):
    """The Front's programmes; member organisations see the programmes they take part in."""

    grants = (ExtraGrant("front.programme_member", _member_of_programme),)


class Programme(OrgOwned, TimeStampedModel):
    """A yearly supervision programme of a Front committee with its member organisations."""

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("Front committee")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("content"), blank=True)
    members = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("member organisations taking part")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects: ClassVar[Any] = ProgrammeQuerySet.as_manager()

    # The creating form's one-time token: the same form posted twice creates one record.
    form_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("supervision programme")
        verbose_name_plural = _("supervision programmes")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title, self.description = nfc(self.title), nfc(self.description)
        super().save(*args, **kwargs)


def _escalated_supervisions(user: Any, scope: Scope) -> Q:
    return _ids(Recommendation.objects.filter(scope.q("escalated_path")), "supervision_id")


class SupervisionQuerySet(ScopedQuerySet):
    """The Front's supervisions, those of the body supervised, and those with a recommendation
    escalated to a body in scope."""

    grants = (
        ExtraGrant("front.supervised_body", lambda user, scope: scope.q("supervised_path")),
        ExtraGrant("front.supervision_escalated", _escalated_supervisions),
    )


class Supervision(OrgOwned, TimeStampedModel):
    """One supervision (cuộc giám sát) of a body, or a commune-level report of the Ban Thanh tra
    nhân dân or the Ban Giám sát đầu tư của cộng đồng recorded as a supervision."""

    class Kind(models.TextChoices):
        TEAM = "team", _("Supervision team")
        DOCUMENTS = "documents", _("Review of documents")
        PEOPLE_INSPECTION = "people_inspection", _("Ban Thanh tra nhân dân report")
        COMMUNITY_INVESTMENT = "community_investment", _("Ban Giám sát đầu tư của cộng đồng report")

    programme = models.ForeignKey(
        Programme,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="supervisions",
        verbose_name=_("programme"),
    )
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("Front committee")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.TEAM)
    title = models.CharField(_("subject"), max_length=300)
    supervised = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("body supervised")
    )
    plan = models.TextField(_("plan (content, method, schedule)"), blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    notice_on = models.DateField(_("notice sent on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    escalate_to = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("escalate overdue recommendations to"),
        help_text=_("The Party committee or the People's Council that is told when answers are late."),
    )
    stage = models.CharField(
        _("stage"), max_length=16, choices=SupervisionStage.choices, default=SupervisionStage.PLANNED
    )
    supervised_path = models.CharField(max_length=255, editable=False, db_index=True)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects: ClassVar[Any] = SupervisionQuerySet.as_manager()

    # The creating form's one-time token: the same form posted twice creates one record.
    form_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["org_path"], name="front_supervision_scope", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_community_report(self) -> bool:
        return self.kind in (self.Kind.PEOPLE_INSPECTION, self.Kind.COMMUNITY_INVESTMENT)

    def save(self, *args: Any, **kwargs: Any) -> None:
        for name in ("title", "plan", "findings", "decision_number"):
            setattr(self, name, nfc(getattr(self, name)))
        if not self.supervised_path:
            self.supervised_path = _related_path(self, "supervised")
        self.search_text = fold(f"{self.title} {self.decision_number}")
        super().save(*args, **kwargs)


class TeamMember(models.Model):
    supervision = models.ForeignKey(Supervision, models.CASCADE, related_name="team")
    name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("body")
    )
    is_lead = models.BooleanField(_("team lead"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["-is_lead", "order", "id"]

    def __str__(self) -> str:
        return self.name


class SupervisionEvent(WorkflowEventBase):
    supervision = models.ForeignKey(Supervision, models.CASCADE, related_name="events")


class RecommendationQuerySet(ScopedQuerySet):
    """The Front's recommendations, those addressed to a body in scope, and those escalated to a
    body in scope."""

    grants = (
        ExtraGrant("front.addressee", lambda user, scope: scope.q("addressee_path")),
        ExtraGrant("front.escalated_to", lambda user, scope: scope.q("escalated_path")),
    )


class Recommendation(OrgOwned, TimeStampedModel):
    """A kiến nghị of a supervision report, answered by the body it is addressed to."""

    supervision = models.ForeignKey(Supervision, models.CASCADE, related_name="recommendations")
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("Front committee")
    )
    addressee = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("addressed to")
    )
    number = models.PositiveSmallIntegerField(_("no."), default=1)
    text = models.TextField(_("recommendation"))
    due_on = models.DateField(_("answer by"))
    stage = models.CharField(
        _("stage"), max_length=16, choices=RecommendationStage.choices, default=RecommendationStage.OPEN
    )
    response = models.TextField(_("answer of the body"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalated_to = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("escalated to")
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    addressee_path = models.CharField(max_length=255, editable=False)
    escalated_path = models.CharField(max_length=255, editable=False, blank=True, default="")

    objects: ClassVar[Any] = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["org_path", "stage", "due_on"],
                name="front_rec_owner",
                opclasses=["varchar_pattern_ops", "", ""],
            ),
            models.Index(
                fields=["addressee_path", "stage", "due_on"],
                name="front_rec_addressee",
                opclasses=["varchar_pattern_ops", "", ""],
            ),
            models.Index(fields=["stage", "due_on"], name="front_rec_due"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, today: Any) -> bool:
        return self.stage in (RecommendationStage.OPEN, RecommendationStage.ESCALATED) and self.due_on < today

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text, self.response = nfc(self.text), nfc(self.response)
        if not self.addressee_path:
            self.addressee_path = _related_path(self, "addressee")
        if self.escalated_to_id and not self.escalated_path:
            self.escalated_path = _related_path(self, "escalated_to")
        super().save(*args, **kwargs)


class RecommendationEvent(WorkflowEventBase):
    recommendation = models.ForeignKey(Recommendation, models.CASCADE, related_name="events")


# --- Social critique -----------------------------------------------------------------------------


def _invited(user: Any, scope: Scope) -> Q:
    return _ids(Invitation.objects.filter(scope.q("org_path")), "critique_id")


class CritiqueQuerySet(ScopedQuerySet):
    """The Front's critiques, the drafting body's requests and the critiques a body in scope was
    invited to."""

    grants = (
        ExtraGrant("front.drafting_body", lambda user, scope: scope.q("drafting_path")),
        ExtraGrant("front.invited_body", _invited),
    )

    def published(self) -> Any:
        return self.filter(stage=CritiqueStage.PUBLISHED)


class Critique(OrgOwned, TimeStampedModel):
    """A request for social critique of a draft, sent by the drafting body to a Front committee."""

    class Form(models.TextChoices):
        CONFERENCE = "conference", _("Critique conference")
        WRITTEN = "written", _("Written opinions")
        DIALOGUE = "dialogue", _("Direct dialogue")

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("Front committee")
    )
    drafting_body = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("drafting body")
    )
    title = models.CharField(_("draft"), max_length=400)
    explanatory_note = models.TextField(_("explanatory note (tờ trình)"), blank=True)
    received_on = models.DateField(_("received on"))
    stage = models.CharField(
        _("stage"), max_length=16, choices=CritiqueStage.choices, default=CritiqueStage.RECEIVED
    )
    form = models.CharField(_("form of critique"), max_length=16, choices=Form.choices, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead"),
    )
    public_comments = models.BooleanField(_("open to public comments"), default=False)
    window_opens = models.DateField(_("comments from"), null=True, blank=True)
    window_closes = models.DateField(_("comments until"), null=True, blank=True)
    publish_required = models.BooleanField(
        _("publication required"),
        default=True,
        help_text=_("Draft legal documents: the drafting body must publish how it handled the critique."),
    )
    document = models.ForeignKey(
        "documents.Document",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("critique document (văn bản phản biện)"),
    )
    document_number = models.CharField(_("critique document number"), max_length=60, blank=True)
    document_date = models.DateField(_("critique document date"), null=True, blank=True)
    document_text = models.TextField(_("critique document (văn bản phản biện)"), blank=True)
    answer_due_on = models.DateField(_("answers due by"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    drafting_path = models.CharField(max_length=255, editable=False, db_index=True)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    form_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects: ClassVar[Any] = CritiqueQuerySet.as_manager()

    class Meta:
        verbose_name = _("social critique")
        verbose_name_plural = _("social critiques")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["org_path"], name="front_critique_scope", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "document_number"],
                condition=~Q(document_number=""),
                name="front_unique_critique_number",
            ),
            models.UniqueConstraint(
                fields=["created_by", "form_token"], condition=~Q(form_token=""), name="front_critique_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("front:critique_detail", args=[self.pk])

    def invited_paths(self) -> tuple[str, ...]:
        """Paths of the invited bodies (one query, cached on the object)."""
        cached = getattr(self, "_invited_paths", None)
        if cached is None:
            if "invitations" in getattr(self, "_prefetched_objects_cache", {}):
                cached = tuple(i.org_path for i in self.invitations.all() if i.org_path)
            else:
                cached = tuple(p for p in self.invitations.values_list("org_path", flat=True) if p)
            self._invited_paths = cached
        return cached

    def window_open(self, today: Any) -> bool:
        return (
            self.stage in (CritiqueStage.COLLECTING, CritiqueStage.CONFERENCE)
            and (self.window_opens is None or self.window_opens <= today)
            and (self.window_closes is None or today <= self.window_closes)
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        for name in ("title", "explanatory_note", "document_text"):
            setattr(self, name, nfc(getattr(self, name)))
        if not self.drafting_path:
            self.drafting_path = _related_path(self, "drafting_body")
        self.search_text = fold(f"{self.title} {self.document_number}")
        super().save(*args, **kwargs)


class CritiqueEvent(WorkflowEventBase):
    critique = models.ForeignKey(Critique, models.CASCADE, related_name="events")


class Invitation(models.Model):
    """A member organisation (an account's body) or an expert (by name) invited to comment."""

    critique = models.ForeignKey(Critique, models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("body")
    )
    expert_name = models.CharField(_("expert"), max_length=200, blank=True)
    org_path = models.CharField(max_length=255, editable=False, blank=True, default="", db_index=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["critique", "organisation"],
                condition=Q(organisation__isnull=False),
                name="front_invite_once",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(expert_name=""), name="front_invite_someone"
            ),
        ]

    def __str__(self) -> str:
        return self.expert_name or str(self.organisation)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.expert_name = nfc(self.expert_name)
        if self.organisation_id and not self.org_path:
            self.org_path = _related_path(self, "organisation")
        super().save(*args, **kwargs)


class DraftVersion(TimeStampedModel):
    """One version of the draft, split into units (chapters, articles, clauses, points, paragraphs)."""

    critique = models.ForeignKey(Critique, models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.TextField(_("what changed"), blank=True)
    source = models.CharField(_("source"), max_length=8, default="text")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    # The creating form's one-time token: the same form posted twice creates one record.
    form_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["critique_id", "number"]
        constraints = [models.UniqueConstraint(fields=["critique", "number"], name="front_version_once")]

    def __str__(self) -> str:
        return f"v{self.number}"


class DraftUnit(models.Model):
    class Kind(models.TextChoices):
        PREAMBLE = "preamble", _("Preamble")
        CHAPTER = "chapter", _("Chapter")
        PART = "part", _("Section")
        ARTICLE = "article", _("Article")
        CLAUSE = "clause", _("Clause")
        POINT = "point", _("Point")
        PARAGRAPH = "paragraph", _("Paragraph")

    version = models.ForeignKey(DraftVersion, models.CASCADE, related_name="units")
    parent = models.ForeignKey("self", models.CASCADE, null=True, blank=True, related_name="children")
    article = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="+", help_text="the article it belongs to"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=120)  # stable across versions: "d5/k2/pa"
    number = models.CharField(_("number"), max_length=20, blank=True)
    label = models.CharField(_("reference"), max_length=160)  # "Điều 5, khoản 2, điểm a"
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(default=0)
    depth = models.PositiveSmallIntegerField(default=1)
    changed_by: models.ManyToManyField[Comment, Any] = models.ManyToManyField(
        "Comment", blank=True, related_name="changed_units", verbose_name=_("changed in response to")
    )

    class Meta:
        verbose_name = _("draft unit")
        verbose_name_plural = _("draft units")
        ordering = ["version_id", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="front_unit_key_once")]

    def __str__(self) -> str:
        return self.label


class Conference(models.Model):
    """The critique conference (or dialogue): its 7 steps (NQLT 403/2017) and minutes."""

    STEPS = (
        _("A leader of the Front committee chairs the conference"),
        _("The drafting body presents the draft"),
        _("The Front leader sets the focus of the critique"),
        _("Delegates discuss"),
        _("The drafting body gives further information and explanations"),
        _("The Front leader concludes"),
        _("The Front committee drafts the critique document and sends it to the drafting body"),
    )

    critique = models.OneToOneField(Critique, models.CASCADE, related_name="conference")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    chair = models.CharField(_("chaired by"), max_length=200)
    steps = models.JSONField(_("steps"), default=list)  # [{"done": bool, "note": str}] × 7
    minutes = models.TextField(_("minutes"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("critique conference")
        verbose_name_plural = _("critique conferences")

    def __str__(self) -> str:
        return f"{self.critique} · {self.held_on:%d/%m/%Y}"

    def step_rows(self) -> list[dict[str, Any]]:
        stored = list(self.steps or [])
        return [
            {
                "number": i + 1,
                "label": label,
                **(stored[i] if i < len(stored) else {"done": False, "note": ""}),
            }
            for i, label in enumerate(self.STEPS)
        ]


class Comment(TimeStampedModel):
    """An opinion on the draft (or on one of its units), and the drafting body's answer to it."""

    class Source(models.TextChoices):
        MEMBER = "member", _("Member organisation")
        EXPERT = "expert", _("Expert")
        PUBLIC = "public", _("The public")
        CONFERENCE = "conference", _("Conference or dialogue")
        FRONT = "front", _("Front committee")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Shown")
        REJECTED = "rejected", _("Not shown")

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted in full")
        PARTLY = "partly", _("Partly accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    critique = models.ForeignKey(Critique, models.CASCADE, related_name="comments")
    version = models.ForeignKey(DraftVersion, models.PROTECT, related_name="comments")
    unit = models.ForeignKey(
        DraftUnit, models.PROTECT, null=True, blank=True, related_name="comments", verbose_name=_("on")
    )
    source = models.CharField(_("comment from"), max_length=12, choices=Source.choices)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("body")
    )
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    text = models.TextField(_("comment"))
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.APPROVED
    )
    answer = models.CharField(_("answer"), max_length=14, choices=Answer.choices, blank=True)
    explanation = models.TextField(_("explanation (giải trình)"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveIntegerField(default=0)  # the unit's order in its version: the table's order
    form_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["critique_id", "order", "id"]
        indexes = [
            models.Index(fields=["critique", "moderation", "order"], name="front_comment_table"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_at__isnull=False), name="front_answer_has_time"
            ),
            models.UniqueConstraint(
                fields=["created_by", "form_token"], condition=~Q(form_token=""), name="front_comment_once"
            ),
            # public comments have no author account: their key is unique per critique
            models.UniqueConstraint(
                fields=["critique", "form_token"],
                condition=Q(created_by__isnull=True) & ~Q(form_token=""),
                name="front_comment_public_once",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    if TYPE_CHECKING:
        changed_units: Any  # reverse of DraftUnit.changed_by

    @property
    def author_display(self) -> str:
        if self.organisation is not None and self.source == self.Source.MEMBER:
            return self.organisation.name
        return self.author_name or self.get_source_display()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.text, self.explanation = nfc(self.text), nfc(self.explanation)
        self.author_name = nfc(self.author_name)
        super().save(*args, **kwargs)
