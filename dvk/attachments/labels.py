"""Audit labels of the attachments app (registered through AttachmentsConfig.labels)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {"attachments.upload": _("File attached")}
