"""System check: uploaded files never live where static files are served from.

Files under STATIC_ROOT or a STATICFILES_DIRS folder would be served by WhiteNoise (or nginx's
/static/ location) to anyone, without the permission-checked download view, and inline. So
MEDIA_ROOT must be outside each of them, and none of them inside MEDIA_ROOT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, register


def _within(a: Path, b: Path) -> bool:
    return a == b or b in a.parents


@register("security")
def media_outside_static(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    media = Path(settings.MEDIA_ROOT).resolve()
    static = [
        settings.STATIC_ROOT,
        *(d[1] if isinstance(d, tuple | list) else d for d in settings.STATICFILES_DIRS),
    ]
    errors = []
    for folder in (Path(s).resolve() for s in static if s):
        if _within(media, folder) or _within(folder, media):
            errors.append(
                Error(
                    f"MEDIA_ROOT ({media}) and the static folder {folder} overlap: uploads would be "
                    "served without the permission check.",
                    hint="Keep MEDIA_ROOT outside STATIC_ROOT and STATICFILES_DIRS.",
                    id="dvk.attachments.E001",
                )
            )
    return errors
