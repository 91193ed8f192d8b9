"""One import of a register: who uploaded which file for which kind, how far the background
task got, and the dry-run report (then the applied result). Seen only by the user who uploaded it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 10 * 1024 * 1024


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked")
        APPLYING = "applying", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports", verbose_name=_("user")
    )
    kind = models.CharField(_("register"), max_length=40)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("file"), editable=False)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows processed"), default=0)
    report = models.JSONField(_("dry-run report"), default=dict, blank=True)
    created = models.JSONField(_("records created"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")

    def __str__(self) -> str:
        return self.filename

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.APPLYING)

    @property
    def percent(self) -> int:
        if not self.running:
            return 100
        return min(99, int(self.done * 100 / self.total)) if self.total else 0

    @property
    def can_apply(self) -> bool:
        return (
            self.status == self.Status.CHECKED
            and not self.report.get("errors")
            and bool(self.report.get("records"))
        )
