"""Files attached to any record (evidence, dossiers, report annexes). Stored under MEDIA_ROOT,
outside static files, and served only by the permission-checked download view."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def _upload_to(instance: Attachment, filename: str) -> str:
    # A random name: the original name is kept in a column, never used on disk.
    return f"attachments/{instance.created_at_hint:%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    organisation = models.ForeignKey(
        "organisations.Organisation", models.PROTECT, related_name="attachments", verbose_name=_("body")
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True)  # e.g. "evidence", "dossier.proposal"
    file = models.FileField(_("file"), upload_to=_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    # Empty for a file a person without an account sent with a public letter (attach_public).
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_target")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def created_at_hint(self):
        from django.utils import timezone

        return self.created_at or timezone.now()
