"""The one document register (sổ đăng ký văn bản đi) every domain issues its outgoing documents
through: per issuing body, document type and year, numbers without gaps or duplicates.

Domains never number documents themselves: they call `dvk.documents.services.issue(...)` inside
their own transaction and keep a reference to the returned `Document` (or find it through the
generic link `subject`). The register never imports a domain model.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dvk.core.models import TimeStampedModel
from dvk.core.text import fold, nfc
from dvk.organisations.owned import OrgOwned, ScopedQuerySet


class DocType(models.TextChoices):
    """Kinds of document and their codes in the number ("06-KH/…", "15/QĐ-…"). Party codes per
    Hướng dẫn 36-HD/VPTW, State codes per Nghị định 30/2020 (Phụ lục III)."""

    NQ = "NQ", pgettext_lazy("document type", "Resolution")
    QD = "QĐ", pgettext_lazy("document type", "Decision")
    QDI = "QĐi", pgettext_lazy("document type", "Regulation")
    QC = "QC", pgettext_lazy("document type", "Rules")
    CT = "CT", pgettext_lazy("document type", "Directive")
    KL = "KL", pgettext_lazy("document type", "Conclusion")
    KH = "KH", pgettext_lazy("document type", "Plan")
    CTR = "CTr", pgettext_lazy("document type", "Programme")
    HD = "HD", pgettext_lazy("document type", "Guidance")
    BC = "BC", pgettext_lazy("document type", "Report")
    TB = "TB", pgettext_lazy("document type", "Notice")
    TTR = "TTr", pgettext_lazy("document type", "Proposal")
    BB = "BB", pgettext_lazy("document type", "Minutes")
    CV = "CV", pgettext_lazy("document type", "Official letter")
    GM = "GM", pgettext_lazy("document type", "Invitation")
    GK = "GK", pgettext_lazy("document type", "Certificate of merit")
    BK = "BK", pgettext_lazy("document type", "Provincial certificate of merit")
    GCN = "GCN", pgettext_lazy("document type", "Certificate")


class Form(models.TextChoices):
    """Which layout rules the issuing body follows."""

    PARTY = "party", _("Party layout (Hướng dẫn 36-HD/VPTW)")
    STATE = "state", _("State layout (Nghị định 30/2020/NĐ-CP)")


class Secrecy(models.TextChoices):
    """Độ mật (Luật Bảo vệ bí mật nhà nước 2018). Anything but NORMAL is never e-mailed, exported in
    bulk or published by the system."""

    NORMAL = "", _("Not secret")
    MAT = "mat", pgettext_lazy("secrecy mark", "MẬT")
    TOI_MAT = "toi_mat", pgettext_lazy("secrecy mark", "TỐI MẬT")
    TUYET_MAT = "tuyet_mat", pgettext_lazy("secrecy mark", "TUYỆT MẬT")


class Urgency(models.TextChoices):
    """Độ khẩn."""

    NORMAL = "", _("Not urgent")
    KHAN = "khan", pgettext_lazy("urgency mark", "KHẨN")
    THUONG_KHAN = "thuong_khan", pgettext_lazy("urgency mark", "THƯỢNG KHẨN")
    HOA_TOC = "hoa_toc", pgettext_lazy("urgency mark", "HỎA TỐC")


class Capacity(models.TextChoices):
    """Thẩm quyền ký: the prefix of the signature block."""

    DIRECT = "", _("Signs in own name")
    TM = "TM", pgettext_lazy("signing capacity", "T/M (on behalf of the collective)")
    KT = "KT", pgettext_lazy("signing capacity", "K/T (signing for the head)")
    Q = "Q", pgettext_lazy("signing capacity", "Q. (acting)")
    TL = "TL", pgettext_lazy("signing capacity", "T/L (by order)")
    TUQ = "TUQ", pgettext_lazy("signing capacity", "T/UQ (by authorisation)")


# The mark as printed on the document (the labels above are for people choosing it).
SECRECY_MARKS = {"mat": "MẬT", "toi_mat": "TỐI MẬT", "tuyet_mat": "TUYỆT MẬT"}
URGENCY_MARKS = {"khan": "KHẨN", "thuong_khan": "THƯỢNG KHẨN", "hoa_toc": "HỎA TỐC"}
CAPACITY_PREFIXES = {"TM": "T/M", "KT": "K/T", "Q": "Q.", "TL": "T/L", "TUQ": "T/UQ"}


def new_verification_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
    return "".join(secrets.choice(alphabet) for _i in range(10))


class IssuerProfile(models.Model):
    """How one body appears on the documents it issues, where the defaults do not fit: the
    abbreviation in its numbers (default: the body's abbreviation, else its initials), its layout
    (default: by the kind of body), the place name and the superior-body line."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        models.CASCADE,
        related_name="issuer_profile",
        verbose_name=_("body"),
    )
    abbreviation = models.CharField(
        _("abbreviation in document numbers"), max_length=32, blank=True, help_text=_("e.g. BTGDVTU, UBND.")
    )
    form = models.CharField(_("layout"), max_length=8, choices=Form.choices, blank=True)
    place = models.CharField(_("place name on documents"), max_length=100, blank=True)
    superior = models.CharField(
        _("superior body line"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to derive it from the body tree."),
    )

    class Meta:
        verbose_name = _("issuer profile")
        verbose_name_plural = _("issuer profiles")

    def __str__(self) -> str:
        return str(self.organisation)

    def save(self, *args, **kwargs):
        self.abbreviation, self.place, self.superior = (
            nfc(self.abbreviation),
            nfc(self.place),
            nfc(self.superior),
        )
        super().save(*args, **kwargs)


class Counter(models.Model):
    """The last number given in one register (body × type × year). Locked while numbering."""

    organisation = models.ForeignKey("organisations.Organisation", models.PROTECT, related_name="+")
    doc_type = models.CharField(max_length=8, choices=DocType.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "doc_type", "year"], name="unique_register_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.doc_type}/{self.year}: {self.last_number}"


class DocumentQuerySet(ScopedQuerySet):
    """`visible_to(user)` (from the scoping kit): documents issued by bodies in the user's scope."""

    def not_secret(self):
        """What the system may e-mail, export in bulk or publish: nothing marked MẬT or above."""
        return self.filter(secrecy=Secrecy.NORMAL)

    def secret(self):
        return self.exclude(secrecy=Secrecy.NORMAL)

    def for_subject(self, obj: models.Model):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Document(OrgOwned, TimeStampedModel):
    """One outgoing document in its issuing body's register."""

    class Source(models.TextChoices):
        ISSUED = "issued", _("Issued through the register")
        MIGRATED = "migrated", _("Taken over from an earlier register")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        models.PROTECT,
        related_name="+",
        verbose_name=_("issuing body"),
    )
    doc_type = models.CharField(_("document type"), max_length=8, choices=DocType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(
        _("number in the register"),
        null=True,
        blank=True,
        help_text=_("Empty for a document taken over whose number could not be placed in the register."),
    )
    number = models.CharField(_("number and symbol"), max_length=80)
    form = models.CharField(_("layout"), max_length=8, choices=Form.choices)
    issued_on = models.DateField(_("date of issue"))
    place = models.CharField(_("place name"), max_length=100, blank=True)
    title = models.CharField(_("summary (trích yếu)"), max_length=500)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signer"),
    )
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    capacity = models.CharField(_("signing capacity"), max_length=4, choices=Capacity.choices, blank=True)
    capacity_of = models.CharField(
        _("signing on behalf of"),
        max_length=200,
        blank=True,
        help_text=_("The collective or the head after T/M, K/T, T/L: “BAN THƯỜNG VỤ”, “TRƯỞNG BAN”."),
    )
    recipients = models.JSONField(_("recipients (nơi nhận)"), default=list, blank=True)
    secrecy = models.CharField(_("secrecy"), max_length=12, choices=Secrecy.choices, blank=True, default="")
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices, blank=True, default="")
    content_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    verification_code = models.CharField(
        _("verification code"), max_length=16, null=True, blank=True, unique=True, editable=False
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ISSUED, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")

    objects: ClassVar[Any] = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("registered document")
        verbose_name_plural = _("registered documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "doc_type", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="unique_register_number",
            ),
        ]
        indexes = [
            models.Index(fields=["org_path"], name="document_org_path", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["org_root", "issued_on"], name="document_root_date"),
            models.Index(fields=["organisation", "year", "doc_type", "sequence"], name="document_register"),
            models.Index(fields=["content_type", "object_id"], name="document_subject"),
        ]

    def __str__(self) -> str:
        return self.number_line

    def save(self, *args, **kwargs):
        self.title, self.place = nfc(self.title), nfc(self.place)
        self.signer_name, self.signer_position = nfc(self.signer_name), nfc(self.signer_position)
        self.capacity_of = nfc(self.capacity_of)
        self.recipients = [nfc(str(line)) for line in self.recipients or [] if nfc(str(line))]
        self.search_text = fold(f"{self.number} {self.title} {self.signer_name}")
        super().save(*args, **kwargs)

    @property
    def is_secret(self) -> bool:
        return self.secrecy != Secrecy.NORMAL

    @property
    def number_line(self) -> str:
        """ "Số 06-KH/BDVTW" (Party: no colon) or "Số: 15/QĐ-UBND" (State)."""
        from dvk.documents.numbering import number_line

        return number_line(self.form, self.number)

    @property
    def secrecy_mark(self) -> str:
        return SECRECY_MARKS.get(self.secrecy, "")

    @property
    def urgency_mark(self) -> str:
        return URGENCY_MARKS.get(self.urgency, "")

    @property
    def capacity_prefix(self) -> str:
        return CAPACITY_PREFIXES.get(self.capacity, "")
