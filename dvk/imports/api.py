"""POST /api/v1/imports/{kind}: check (dry_run=true, the default) or import a register workbook;
the answer is the report object of `manage.py import_register --json`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import File, Router
from ninja.files import UploadedFile

from dvk.core.types import AuthenticatedHttpRequest
from dvk.imports import engine, services
from dvk.imports.models import MAX_FILE_BYTES

router = Router(tags=["imports"])


@router.get("/imports")
def kinds(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """The registers you may import and the columns each one reads."""
    return [
        {
            "kind": kind,
            "label": str(spec.label),
            "columns": [
                {"key": c.key, "headers": list(c.headers), "required": c.required} for c in spec.columns
            ],
        }
        for kind, spec in services.allowed_specs(request.user).items()
    ]


@router.post("/imports/{kind}")
def import_register(
    request: AuthenticatedHttpRequest,
    kind: str,
    file: File[UploadedFile],
    dry_run: bool = True,
    sheet: str = "",
) -> dict[str, Any]:
    """Check the workbook (`dry_run=true`) or import it: every row or none (409 with the reason when
    the file has errors). Importing the same file again creates nothing new."""
    spec = services.allowed_specs(request.user).get(kind[:40])
    if spec is None:
        raise PermissionDenied(_("You are not allowed to import this register."))
    if (file.size or 0) > MAX_FILE_BYTES:
        raise ValidationError({"file": [_("The file is larger than 10 MB.")]})
    report = engine.run(spec, file.read(), user=request.user, sheet=sheet[:100] or None, apply=not dry_run)
    return {**report.as_json(), "created": report.created}
