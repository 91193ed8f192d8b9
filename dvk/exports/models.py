"""One export of a staff list: who asked, which list with which filters, how far the background
task got, and the private file it wrote (deleted when it expires)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dvk.core.listing import vn_number


def _token() -> str:
    return secrets.token_hex(16)


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports", verbose_name=_("user")
    )
    list_name = models.CharField(_("list"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    background = models.BooleanField(_("in the background"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    token = models.CharField(max_length=32, default=_token, editable=False)  # the stored file's name
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    back_url = models.CharField(max_length=500, blank=True)  # the list page the export was asked from
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.created_at:%d/%m/%Y %H:%M})" if self.created_at else str(self.title)

    @property
    def path(self):
        return Path(settings.MEDIA_ROOT) / "exports" / f"{self.token}.xlsx"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(self.done * 100 / self.total)) if self.total else 0

    @property
    def total_display(self) -> str:
        return vn_number(self.total)

    @property
    def done_display(self) -> str:
        return vn_number(self.done)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)

    @property
    def downloadable(self) -> bool:
        return (
            self.status == self.Status.DONE
            and self.background
            and (self.expires_at is None or self.expires_at > timezone.now())
        )

    def expiry(self) -> datetime:
        return timezone.now() + timedelta(hours=getattr(settings, "DVK_EXPORT_TTL_HOURS", 24))
