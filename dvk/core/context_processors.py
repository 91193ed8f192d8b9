from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from dvk.core.plugins import domain_apps


def shell(request: HttpRequest) -> dict[str, Any]:
    """Navigation built from the domain apps, filtered by the user's named permissions."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for cfg in domain_apps():
        for item in cfg.nav:
            if item.permission and not user.has_perm(item.permission):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "icon": item.icon,
                    "active": request.path.startswith(url) and url != "/" or request.path == url,
                }
            )
    return {"nav_items": items}
