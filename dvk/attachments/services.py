"""The one write path for files: `attach()`.

Which records take files, who may attach and which kinds are allowed is declared by each app on
its `DomainAppConfig.attachables` (dvk.core.plugins.Attachable); `attach()` reads that
declaration, so no domain registers anything at start-up and the API, the views and the domain
services all pass the same checks.

Row and file together: `attach()` runs inside the caller's transaction. It writes the file, then
the row and the audit event. If anything fails inside `attach()`, the file is removed at once. If
the caller's transaction is rolled back later (a failure after `attach()` returned), Django drops
the `on_commit` callbacks registered inside it; the callback `attach()` registers is a guard whose
finaliser removes the file unless the commit ran it. So a failure at any point leaves neither the
row nor the file, and a commit keeps both.

Without an account: `attach_public()` is the one narrow path for a person on a public page. It takes
only a record created in the caller's own, still open transaction (the letter the same request is
creating; never an existing record), at most `PUBLIC_MAX_FILES` files of `ATTACHMENT_PUBLIC_MAX_BYTES`
each, of the types in `PUBLIC_TYPES` (PDF, JPEG, PNG, sniffed on their content). The page in front of
it rate-limits the address.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import weakref
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, models, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from dvk.attachments.models import Attachment
from dvk.attachments.validators import validate_upload
from dvk.audit.services import record
from dvk.core.actors import SYSTEM
from dvk.core.downloads import safe_filename
from dvk.core.plugins import Attachable, domain_apps
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.organisations.predicates import organisation_of

log = logging.getLogger(__name__)


def attachables() -> dict[str, Attachable]:
    """{"app_label.model": Attachable} over every installed app's declaration."""
    return {spec.model: spec for cfg in domain_apps() for spec in cfg.attachables}


def attachable(model_label: str) -> Attachable | None:
    return attachables().get(model_label.lower())


def kind_labels(model_label: str) -> dict[str, str]:
    """{kind: translated label} of the files a model takes (empty if it takes none)."""
    spec = attachable(model_label)
    return {code: str(label) for code, label in spec.kinds.items()} if spec else {}


class _KeepOnCommit:
    """Registered with transaction.on_commit(): the commit calls it; a rollback drops it uncalled,
    and then its finaliser deletes the file written for the rolled-back row."""

    def __init__(self, storage: Storage, name: str):
        self.state = {"committed": False}
        weakref.finalize(self, _discard_unless_committed, storage, name, self.state)

    def __call__(self) -> None:
        self.state["committed"] = True


def _discard_unless_committed(storage: Storage, name: str, state: dict[str, bool]) -> None:
    if not state["committed"]:
        storage.delete(name)


@transaction.atomic
def attach(
    *,
    target: models.Model,
    upload: UploadedFile,
    by: AuthenticatedUser,
    kind: str = "",
    label: str = "",
    organisation: Any = None,
) -> Attachment:
    """Check the permission and the kind for `target`, validate the upload on its content, and store
    file, row and audit event together (see the module docstring). `kind` may be left empty when the
    target takes a single kind."""
    spec = attachable(target._meta.label_lower)
    if spec is None:
        raise PermissionDenied(_("Files cannot be attached to this record."))
    if not by.has_perm(spec.permission, target):
        raise PermissionDenied(_("You are not allowed to perform this action."))
    if not kind and len(spec.kinds) == 1:
        kind = next(iter(spec.kinds))
    if kind not in spec.kinds:
        raise ValidationError({"kind": [_("Choose one of the allowed values.")]})
    return _store(target, upload, spec, kind, label, by, organisation)


def _store(
    target: models.Model,
    upload: UploadedFile,
    spec: Attachable,
    kind: str,
    label: str,
    by: AuthenticatedUser | None,
    organisation: Any,
) -> Attachment:
    """Validate the upload on its content and write file, row and audit event (see the module docstring);
    `by` None for a public upload."""
    head = upload.read(8192)
    upload.seek(0)
    name = safe_filename(upload.name or "")
    mime = validate_upload(
        name, head, upload.size or 0, types=spec.types.get(kind), max_bytes=spec.max_bytes.get(kind)
    )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        target=target,
        organisation=organisation or organisation_of(target),
        label=nfc(label) or str(spec.kinds[kind]),
        kind=kind,
        original_name=name,
        mime_type=mime,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    storage, name = _write(attachment, upload)
    try:
        transaction.on_commit(_KeepOnCommit(storage, name))
        attachment.save()
        changes: dict[str, Any] = {
            "target": f"{target._meta.label_lower}:{target.pk}",
            "name": attachment.original_name,
        }
        if by is None:
            changes["public"] = True
        record(
            actor=by or SYSTEM,
            action="attachments.upload",
            target=attachment,
            changes=changes,
            organisation=attachment.organisation,
        )
    except BaseException:
        storage.delete(name)
        raise
    return attachment


def _write(attachment: Attachment, upload: UploadedFile) -> tuple[Storage, str]:
    """Write the file under its random name. A write that fails (a full disk: OSError ENOSPC, a
    read-only or missing volume) removes what it had written and answers a clear message, so
    there is never a file without its row nor a server error."""
    storage = attachment.file.storage
    planned = attachment.file.field.generate_filename(attachment, attachment.original_name)
    try:
        attachment.file.name = storage.save(planned, upload, max_length=attachment.file.field.max_length)
    except OSError as exc:
        with contextlib.suppress(OSError):
            if storage.exists(planned):
                storage.delete(planned)  # the part written before the disk filled up
        log.error("attachment not stored (%s): %s", type(exc).__name__, exc)
        message = _(
            "The file could not be stored: the server's file storage is full or unavailable. Nothing was saved; try again later or tell the administrator."
        )
        raise ValidationError({"file": [message]}) from None
    return storage, attachment.file.name


PUBLIC_MAX_FILES = 3
PUBLIC_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
_CREATED_IN = "_dvk_created_in_transaction"


@receiver(post_save, dispatch_uid="dvk.attachments.created_in_transaction")
def _mark_created(sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any) -> None:
    """Mark a new record of a model that takes files with the atomic blocks open when it was saved:
    `attach_public()` accepts it only inside one of those blocks, before it commits or rolls back."""
    if created and connection.in_atomic_block and attachable(sender._meta.label_lower):
        instance.__dict__[_CREATED_IN] = tuple(connection.atomic_blocks)


def created_here(target: models.Model) -> bool:
    """True if `target` was created inside the atomic block now innermost on this connection (the
    caller's own transaction, still open)."""
    blocks = target.__dict__.get(_CREATED_IN, ())
    return connection.in_atomic_block and any(b is connection.atomic_blocks[-1] for b in blocks)


def attach_public(*, target: models.Model, uploads: list[UploadedFile], kind: str) -> list[Attachment]:
    """Files sent without an account, stored with the record the same transaction is creating (the
    only case in which nobody signed in may attach). Refuses any other record (PermissionDenied),
    more than PUBLIC_MAX_FILES files, files over ATTACHMENT_PUBLIC_MAX_BYTES and types outside
    PUBLIC_TYPES (ValidationError on "files"). The row's uploader is empty and the audit actor is
    the system, with `public` in its changes."""
    spec = attachable(target._meta.label_lower)
    if spec is None or kind not in spec.kinds or not created_here(target):
        raise PermissionDenied(_("Files cannot be attached to this record."))
    if len(uploads) > PUBLIC_MAX_FILES:
        raise ValidationError({"files": [_("At most %(n)s files.") % {"n": PUBLIC_MAX_FILES}]})
    limit = settings.ATTACHMENT_PUBLIC_MAX_BYTES
    for upload in uploads:
        if (upload.size or 0) > limit:
            raise ValidationError(
                {"files": [_("The file is too large (maximum %(max)s).") % {"max": filesizeformat(limit)}]}
            )
        head = upload.read(8192)
        upload.seek(0)
        try:
            mime = validate_upload(upload.name or "", head, upload.size or 0, max_bytes=limit)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from None
        if mime not in PUBLIC_TYPES & spec.types.get(kind, PUBLIC_TYPES):
            raise ValidationError({"files": [_("Send PDF, JPEG or PNG files only.")]})
    return [_store(target, upload, spec, kind, "", None, None) for upload in uploads]


def attachments_of(target: models.Model) -> models.QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    ).select_related("uploaded_by")
