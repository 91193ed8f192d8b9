"""The one permission check services and views make before acting.

`require(user, "app.action", obj)` raises PermissionDenied (403, a Vietnamese message) unless the
named `rules` permission holds for the object. Scope is decided before this, by the querysets
(`visible_to`): an object out of scope is a 404 and never reaches a permission check.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require(user: Any, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to perform this action."))
