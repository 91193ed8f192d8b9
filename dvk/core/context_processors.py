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
    groups = []
    for cfg in domain_apps():
        items = []
        for item in cfg.nav:
            if item.permission and not user.has_perm(item.permission):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            active = request.path == url or (url != "/" and request.path.startswith(url))
            items.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
        if items:
            # One menu per module: a single link, or a dropdown named after the app.
            groups.append(
                {
                    "label": cfg.nav_label or cfg.verbose_name,
                    "title": cfg.verbose_name,
                    "icon": items[0]["icon"],
                    "items": items,
                    "active": any(i["active"] for i in items),
                }
            )
    return {"nav_groups": groups}
