"""Audit labels of the organisations app (registered through OrganisationsConfig.labels)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dvk.core.labels import Key

ACTIONS = {
    "organisations.reorganisation": _("Reorganisation recorded"),
    "organisations.reorganise": _("Closed by a reorganisation"),
    "organisations.create": _("Body created"),
}

FIELDS = {
    "successor": Key(_("Successor"), model="self"),
    "primary": Key(_("Primary successor")),
    "whole": Key(_("Whole")),
    "parent": Key(_("Parent body"), model="self"),
}
