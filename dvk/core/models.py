"""Shared abstract models: timestamps, folded search text and workflow event rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class WorkflowEventBase(models.Model):
    """One row per workflow action on an object: the history page and audits read from it.

    Concrete subclasses add the ForeignKey to their object (e.g. `exemplar`).
    """

    action = models.CharField(_("action"), max_length=40)
    from_stage = models.CharField(_("from stage"), max_length=32)
    to_stage = models.CharField(_("to stage"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class IdempotencyRecord(models.Model):
    """The first response to a POST sent with an Idempotency-Key; a repeat gets it back. The key is
    bound to the SHA-256 of the request body: the same key with another body is refused (422)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    key = models.CharField(max_length=128)
    endpoint = models.CharField(max_length=255)
    body_hash = models.CharField(max_length=64, blank=True, default="")
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "endpoint"], name="unique_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class SeedRecord(models.Model):
    """Which demo seeders have run, so `seed_demo` is idempotent per domain app."""

    name = models.CharField(max_length=100, unique=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class ScheduledRun(models.Model):
    """One claimed time slot of a periodic job (see run_scheduler)."""

    name = models.CharField(max_length=100)
    slot = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="unique_scheduled_slot")]

    def __str__(self) -> str:
        return f"{self.name}@{self.slot}"
