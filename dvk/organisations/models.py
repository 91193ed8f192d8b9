"""Administrative units and bodies as dated data, with successor links and a materialised path.

Bodies (Organisation) form one tree per province; `path` is the concatenation of fixed-width
segments from the root, so "everything below X" is one indexed condition, `path__under=X`, on every
backend (dvk.core.lookups.Under, scoping.py). Units and bodies are never deleted by a reorganisation: they get `valid_to`
and successor links, and every historical record stays attached to its original body.
"""

from __future__ import annotations

import datetime as dt
from enum import nonmember

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dvk.core.models import TimeStampedModel
from dvk.core.text import fold, nfc

SEGMENT = 4  # characters per tree level in Organisation.path
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_segment(index: int) -> str:
    """The fixed-width base-36 segment of the `index`-th child (1-based)."""
    if not 0 < index < 36**SEGMENT:
        raise ValueError("child index out of range")
    out = ""
    for _i in range(SEGMENT):
        index, rem = divmod(index, 36)
        out = _ALPHABET[rem] + out
    return out


class DatedQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None):
        """Rows valid on `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on),
        )


class OrganisationQuerySet(DatedQuerySet):
    def visible_to(self, user):
        from dvk.organisations.scoping import visible

        return visible(self, user, "path")


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District (historical)")
        COMMUNE = "commune", _("Commune")

    code = models.CharField(_("official code"), max_length=10, db_index=True)  # GSO code, leading zeros
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=F("valid_from")),
                name="unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.search_text = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )


class Reorganisation(TimeStampedModel):
    """One merger or split decided by a resolution, effective on a date."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Merger")
        SPLIT = "split", _("Split")
        RENAME = "rename", _("Rename or reclassification")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    resolution = models.CharField(_("resolution"), max_length=120, blank=True)
    effective_on = models.DateField(_("effective on"))
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("performed by"),
    )

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-effective_on", "id"]

    def __str__(self) -> str:
        return self.title


class UnitSuccession(models.Model):
    """old unit → new unit. A split old unit has several rows; `is_primary` says where its records roll up."""

    old = models.ForeignKey(AdministrativeUnit, models.CASCADE, related_name="successions_out")
    new = models.ForeignKey(AdministrativeUnit, models.CASCADE, related_name="successions_in")
    reorganisation = models.ForeignKey(Reorganisation, models.CASCADE, related_name="unit_links")
    whole = models.BooleanField(_("whole unit"), default=True)
    is_primary = models.BooleanField(_("primary successor"), default=True)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="unique_unit_succession")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        PARTY_BOARD = "party_board", _("Party board")
        PEOPLES_COUNCIL = "peoples_council", _("People's Council")
        PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
        DEPARTMENT = "department", _("Department or sector")
        JUDICIARY = "judiciary", _("Judicial body")
        ARMED_FORCES = "armed_forces", _("Armed forces")
        FRONT = "front", _("Fatherland Front")
        MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
        PARTY_CELL = "party_cell", _("Party cell")
        RESIDENTIAL_AREA = "residential_area", _("Residential area")
        SCHOOL = "school", _("School")
        ENTERPRISE = "enterprise", _("Enterprise")
        COUNCIL = "council", _("Council or steering committee")

    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable identifier for imports."),
    )
    short_name = models.CharField(
        _("abbreviation"), max_length=32, blank=True, help_text=_("Used in document numbers, e.g. BDVTU.")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        related_name="organisations",
        verbose_name=_("administrative unit"),
    )
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent body")
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    child_count = models.PositiveIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["path"]
        indexes = [
            # LIKE 'prefix%' on PostgreSQL needs the pattern opclass unless the collation is C.
            models.Index(fields=["path"], name="org_path_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind", "unit"], name="org_kind_unit"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def root_path(self) -> str:
        return self.path[:SEGMENT]

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.code = self.code or None
        self.search_text = fold(f"{self.name} {self.short_name}")
        if not self.path:
            self._assign_path()
        super().save(*args, **kwargs)

    def _assign_path(self) -> None:
        # The parent's counter is bumped with an UPDATE (row lock) so concurrent inserts under
        # one parent get distinct segments.
        with transaction.atomic():
            if self.parent_id:
                Organisation.objects.filter(pk=self.parent_id).update(child_count=F("child_count") + 1)
                parent = Organisation.objects.only("path", "child_count", "depth").get(pk=self.parent_id)
                self.path = parent.path + path_segment(parent.child_count)
                self.depth = parent.depth + 1
            else:
                last = (
                    Organisation.objects.filter(depth=1)
                    .order_by("-path")
                    .values_list("path", flat=True)
                    .first()
                )
                self.path = path_segment(int(last, 36) + 1 if last else 1)
                self.depth = 1


class OrganisationSuccession(models.Model):
    old = models.ForeignKey(Organisation, models.CASCADE, related_name="successions_out")
    new = models.ForeignKey(Organisation, models.CASCADE, related_name="successions_in")
    reorganisation = models.ForeignKey(Reorganisation, models.CASCADE, related_name="organisation_links")
    is_primary = models.BooleanField(_("primary successor"), default=True)

    class Meta:
        verbose_name = _("body succession")
        verbose_name_plural = _("body successions")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="unique_org_succession")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Province coordinator")  # Ban Dân vận officer: sees the whole province
        BOARD_LEADER = "board_leader", _("Board leader")  # Trưởng/Phó ban: province-wide, decides
        LEADER = "leader", _("Body leader")  # leads one body: its subtree
        OFFICER = "officer", _("Body officer")  # works for one body: its subtree
        COUNCIL_MEMBER = "council_member", _("Council member")  # scores nominations of its council
        VIEWER = "viewer", _("Read-only viewer")

        # What each role may do, declared once: rules, forms, services and the generators read
        # these sets (never a list of roles of their own). Plain frozensets of the values, so
        # `role in Role.WORK` holds for a member and for its stored string alike.
        COORDINATE = nonmember(frozenset({"coordinator", "board_leader"}))
        """The Ban's officers and leaders: coordinate the province (scope is the whole province)."""
        DECIDE = nonmember(frozenset({"board_leader"}))
        """Sign the province's decisions (recognition)."""
        LEAD = nonmember(frozenset({"leader"}))
        """Lead one body (its subtree): dashboards, the monitoring matrix."""
        WORK = nonmember(frozenset({"officer", "leader"}))
        """Do a body's own work: register its models, file its reports; receive its assignments."""
        STAFF = nonmember(frozenset({"officer", "leader", "coordinator", "board_leader"}))
        """Act for a body at any level (WORK or COORDINATE): what a body sends up is reviewed by
        the STAFF of the body that asked for it."""
        REVIEW = nonmember(frozenset({"council_member"}))
        """Score the nominations of the council they sit on (and nothing else of a body)."""
        VIEW = nonmember(
            frozenset({"coordinator", "board_leader", "leader", "officer", "council_member", "viewer"})
        )
        """Any membership: read the body's records."""
        BELONG = nonmember(frozenset({"coordinator", "board_leader", "leader", "officer", "viewer"}))
        """Part of the body itself (conflict of interest): every role except the council seat."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    position = models.CharField(_("position"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"


# Roles whose scope is the whole province (the root of their body's tree).
PROVINCE_WIDE_ROLES: frozenset[str] = Membership.Role.COORDINATE


def owner_path(obj: models.Model) -> str:
    """The path to store in a record's denormalised `org_path`: its current value once set (paths
    never change), else its owning body's path, read from the loaded relation or with one query."""
    current: str = getattr(obj, "org_path", "")
    organisation_id = getattr(obj, "organisation_id", None)
    if current or organisation_id is None:
        return current
    loaded = obj._state.fields_cache.get("organisation")
    if loaded is not None:
        return loaded.path
    return Organisation.objects.values_list("path", flat=True).get(pk=organisation_id)
