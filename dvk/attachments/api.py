from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.http import Http404
from django.urls import reverse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from dvk.api.idempotency import idempotent
from dvk.attachments.models import Attachment
from dvk.attachments.services import attach, attachable
from dvk.core.types import AuthenticatedHttpRequest
from dvk.core.validation import Id, clean_model_text

router = Router(tags=["attachments"])


class AttachmentOut(Schema):
    id: int
    name: str
    mime_type: str
    size: int
    label: str
    kind: str
    created_at: dt.datetime
    download_url: str


def attachment_out(a) -> dict:
    return {
        "id": a.pk,
        "name": a.original_name,
        "mime_type": a.mime_type,
        "size": a.size,
        "label": a.label,
        "kind": a.kind,
        "created_at": a.created_at,
        "download_url": reverse("attachments:download", args=[a.pk]),
    }


@router.post("/attachments", response={201: AttachmentOut})
def upload(
    request: AuthenticatedHttpRequest,
    target_type: Form[str],
    target_id: Form[Id],
    file: File[UploadedFile],
    label: Form[str] = "",
    kind: Form[str] = "",
):
    """Attach a file to a record you may see and change (`target_type` such as "exemplars.exemplar";
    the apps' `DomainAppConfig.attachables` list the types, their permission and their kinds)."""
    # the model's limits and character rules, as the forms apply them (422 otherwise)
    label = clean_model_text(Attachment, "label", label)
    kind = clean_model_text(Attachment, "kind", kind)
    if attachable(target_type) is None:
        raise Http404
    model = apps.get_model(target_type)
    target = model._default_manager.visible_to(request.user).filter(pk=target_id).first()
    if target is None:
        raise Http404

    def create():
        return 201, attachment_out(
            attach(target=target, upload=file, by=request.user, label=label, kind=kind)
        )

    return idempotent(request, create)
