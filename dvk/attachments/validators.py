"""Content-based checks for uploads: the bytes decide the type, not the extension."""

from __future__ import annotations

from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# sniffed MIME type → extensions accepted for it
ALLOWED = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/webp": {".webp"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/x-ole-storage": {".doc", ".xls"},  # legacy Office files (OLE compound document)
}
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def sniff(head: bytes) -> str | None:
    if head.startswith(_OLE_MAGIC):
        return "application/x-ole-storage"
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_upload(name: str, head: bytes, size: int) -> str:
    """Return the sniffed MIME type, or raise ValidationError with a Vietnamese message."""
    if size <= 0:
        raise ValidationError(_("The file is empty."))
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (maximum %(max)s).")
            % {"max": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
        )
    mime = sniff(head)
    extension = PurePath(name).suffix.lower()
    if mime not in ALLOWED:
        raise ValidationError(
            _("This file type is not accepted. Upload PDF, Word, Excel, JPEG or PNG files.")
        )
    if extension not in ALLOWED[mime]:
        raise ValidationError(
            _("The file's content does not match its extension “%(ext)s”.") % {"ext": extension}
        )
    return mime
