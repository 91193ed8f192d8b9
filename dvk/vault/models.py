"""The identity vault's tables. No column holds plaintext: `ciphertext` is a Fernet token of the
JSON identity, the `*_index` columns are keyed HMACs (blind indexes), and when the vault is
switched off only `paper_reference` (an opaque reference to the paper register) is filled.

The owner is any record (a denunciation, a letter, a visit) named by its model label and
primary key, so the vault imports no domain app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SealedIdentityQuerySet(models.QuerySet):
    def for_owner(self, owner: models.Model) -> SealedIdentityQuerySet:
        return self.filter(owner_type=owner._meta.label_lower, owner_id=str(owner.pk))


class SealedIdentity(models.Model):
    owner_type = models.CharField(_("record type"), max_length=100)  # "app_label.model"
    owner_id = models.CharField(_("record id"), max_length=64)
    ciphertext = models.TextField(_("encrypted identity"), blank=True, editable=False)
    name_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    address_index = models.CharField(max_length=64, blank=True, editable=False)
    paper_reference = models.CharField(_("paper register reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("sealed at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sealed by"),
    )
    rotated_at = models.DateTimeField(_("re-encrypted at"), null=True, blank=True, editable=False)

    objects = SealedIdentityQuerySet.as_manager()

    class Meta:
        verbose_name = _("sealed identity")
        verbose_name_plural = _("sealed identities")
        ordering = ["id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="vault_owner")]

    def __str__(self) -> str:
        return str(_("Sealed identity #%(pk)s") % {"pk": self.pk})

    def __repr__(self) -> str:
        return f"<SealedIdentity #{self.pk} of {self.owner_type}#{self.owner_id}>"

    @property
    def is_encrypted(self) -> bool:
        return bool(self.ciphertext)


class SealedFile(models.Model):
    """A scan that bears the identity (the signed letter, handwriting): the file is encrypted with
    the vault keys and stored under a random name; neither its name nor its content is kept in clear."""

    owner_type = models.CharField(_("record type"), max_length=100)
    owner_id = models.CharField(_("record id"), max_length=64)
    label = models.CharField(_("description"), max_length=200, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    storage_name = models.CharField(max_length=200, editable=False)
    created_at = models.DateTimeField(_("sealed at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sealed by"),
    )
    rotated_at = models.DateTimeField(_("re-encrypted at"), null=True, blank=True, editable=False)

    objects = SealedIdentityQuerySet.as_manager()

    class Meta:
        verbose_name = _("sealed file")
        verbose_name_plural = _("sealed files")
        ordering = ["id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="vault_file_owner")]

    def __str__(self) -> str:
        return str(_("Sealed file #%(pk)s") % {"pk": self.pk})

    def __repr__(self) -> str:
        return f"<SealedFile #{self.pk} of {self.owner_type}#{self.owner_id}>"


class IdentityAccessQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Identity access records cannot be changed.")

    def delete(self):
        raise PermissionError("Identity access records cannot be deleted.")


class IdentityAccess(models.Model):
    """One row per read of a sealed identity: who, when, why, which record. Immutable."""

    sealed = models.ForeignKey(
        SealedIdentity,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="accesses",
        verbose_name=_("sealed identity"),
    )
    sealed_file = models.ForeignKey(
        SealedFile,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="accesses",
        verbose_name=_("sealed file"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    user_name = models.CharField(_("user name"), max_length=150)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    reason = models.TextField(_("reason"))
    owner_type = models.CharField(_("record type"), max_length=100)
    owner_id = models.CharField(_("record id"), max_length=64)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = IdentityAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("identity access")
        verbose_name_plural = _("identity accesses")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sealed__isnull=False, sealed_file__isnull=True)
                | models.Q(sealed__isnull=True, sealed_file__isnull=False),
                name="vault_access_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user_name} #{self.sealed_id or self.sealed_file_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Identity access records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Identity access records cannot be deleted.")
