"""Audit labels of the exports (registered through ExportsConfig.labels)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {"exports.export": _("List exported to Excel")}
