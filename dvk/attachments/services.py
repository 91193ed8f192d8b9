from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction

from dvk.attachments.models import Attachment
from dvk.attachments.validators import validate_upload
from dvk.audit.services import record
from dvk.core.text import nfc
from dvk.organisations.predicates import organisation_of


@transaction.atomic
def attach(
    *,
    target: models.Model,
    upload: UploadedFile,
    by: Any,
    label: str = "",
    kind: str = "",
    organisation: Any = None,
) -> Attachment:
    """Validate the upload on its content and store it against `target` (audited)."""
    head = upload.read(8192)
    upload.seek(0)
    mime = validate_upload(upload.name or "", head, upload.size or 0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        target=target,
        organisation=organisation or organisation_of(target),
        label=nfc(label),
        kind=kind,
        original_name=nfc(upload.name)[:255],
        mime_type=mime,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    attachment.file.save(attachment.original_name, upload, save=False)
    attachment.save()
    record(
        actor=by,
        action="attachments.upload",
        target=attachment,
        changes={"target": f"{target._meta.label_lower}:{target.pk}", "name": attachment.original_name},
        organisation=attachment.organisation,
    )
    return attachment


def attachments_of(target: models.Model) -> models.QuerySet[Attachment]:
    from django.contrib.contenttypes.models import ContentType

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    ).select_related("uploaded_by")
