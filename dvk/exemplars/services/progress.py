"""Building a model: progress reports and the files (evidence, dossier items) attached to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dvk.attachments.models import Attachment
from dvk.attachments.services import attach
from dvk.audit.services import record
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.exemplars.models import (
    Exemplar,
    ProgressUpdate,
)


@transaction.atomic
def add_progress(
    *,
    exemplar: Exemplar,
    by: AuthenticatedUser,
    reported_on: dt.date,
    summary: str,
    figures: dict[str, Any] | None = None,
) -> ProgressUpdate:
    if not by.has_perm("exemplars.add_progress", exemplar):
        raise PermissionDenied(_("You are not allowed to report progress on this model now."))
    if not nfc(summary):
        raise ValidationError({"summary": [_("This field is required.")]})
    clean = {nfc(str(k)): v for k, v in (figures or {}).items() if nfc(str(k))}
    update = ProgressUpdate.objects.create(
        exemplar=exemplar, reported_on=reported_on, summary=nfc(summary), figures=clean, created_by=by
    )
    record(
        actor=by,
        action="exemplars.progress",
        target=exemplar,
        changes={"reported_on": reported_on, "figures": clean},
        organisation=exemplar.organisation,
    )
    return update


def attach_file(
    *, exemplar: Exemplar, by: AuthenticatedUser, upload: Any, kind: str, label: str = ""
) -> Attachment:
    """Evidence, press links or a dossier item (proposal letter, achievement report, minutes):
    the attachments service checks "exemplars.attach" and the kinds ExemplarsConfig declares."""
    return attach(
        target=exemplar, upload=upload, by=by, label=label, kind=kind, organisation=exemplar.organisation
    )
