"""Audit labels of the document register (registered through DocumentsConfig.labels)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {"documents.issue": _("Document entered in the register")}
