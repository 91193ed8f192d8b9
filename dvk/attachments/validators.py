"""Content-based checks for uploads: the bytes decide the type, not the extension.

Every upload passes `validate_upload()`: not empty, not over the size limit (the global
settings.ATTACHMENT_MAX_BYTES, lowered per kind by `Attachable.max_bytes`), a type sniffed from the
first bytes that is on the allow-list (`ALLOWED`, narrowed per kind by `Attachable.types`) and an
extension that matches it. The name is cleaned first (dvk.core.downloads.safe_filename: path parts,
control and bidi characters, reserved names, over-long names), so a "hóa đơn<U+202E>fdp.exe" is judged
on its real extension.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from dvk.attachments.uploads import upload_cap
from dvk.core.downloads import safe_filename

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE = "application/x-ole-storage"  # legacy Office files (.doc, .xls: OLE compound document)
ODT = "application/vnd.oasis.opendocument.text"  # OpenDocument text (LibreOffice, the state's ODF)

# sniffed MIME type → extensions accepted for it
ALLOWED = {
    PDF: {".pdf"},
    JPEG: {".jpg", ".jpeg"},
    PNG: {".png"},
    WEBP: {".webp"},
    DOCX: {".docx"},
    XLSX: {".xlsx"},
    OLE: {".doc", ".xls"},
    ODT: {".odt"},
}
# named groups for the apps' per-kind allow-lists (DomainAppConfig.attachables → Attachable.types)
IMAGES = frozenset({JPEG, PNG, WEBP})
SCANS = frozenset({PDF, JPEG, PNG})
WORD = frozenset({DOCX, OLE})
DOCUMENTS = frozenset({PDF, DOCX, OLE}) | IMAGES
_NAMES = {
    PDF: "PDF",
    JPEG: "JPEG",
    PNG: "PNG",
    WEBP: "WebP",
    DOCX: "Word",
    XLSX: "Excel",
    OLE: "Word/Excel 97",
    ODT: "ODT",
}
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def sniff(head: bytes) -> str | None:
    if head.startswith(_OLE_MAGIC):
        return OLE
    kind = filetype.guess(head)
    return kind.mime if kind else None


def type_names(types: Iterable[str]) -> str:
    """ "PDF, JPEG, PNG": the accepted types as people call them."""
    return ", ".join(dict.fromkeys(_NAMES.get(t, t) for t in ALLOWED if t in set(types)))


def size_limit(max_bytes: int | None = None) -> int:
    """The limit that applies: the kind's own, never above the global ATTACHMENT_MAX_BYTES nor the
    upload handler's cap (FILE_UPLOAD_MAX_BYTES: past it a file arrives without its content)."""
    limit = min(int(settings.ATTACHMENT_MAX_BYTES), upload_cap())
    return min(limit, max_bytes) if max_bytes else limit


def refuse_oversize(size: int, max_bytes: int | None = None, *, field: str | None = None) -> None:
    """Raise the "too large" ValidationError (on `field`, if given) when `size` is over the limit:
    for a consumer that reads a file before attach() judges it (an over-size upload arrives empty)."""
    limit = size_limit(max_bytes)
    if size > limit:
        message = _("The file is too large (maximum %(max)s).") % {"max": filesizeformat(limit)}
        raise ValidationError({field: [message]} if field else message, code="too_large")


def validate_upload(
    name: str,
    head: bytes,
    size: int,
    *,
    types: Iterable[str] | None = None,
    max_bytes: int | None = None,
) -> str:
    """Return the sniffed MIME type, or raise ValidationError with a Vietnamese message. `types`
    and `max_bytes` are the kind's allow-list and limit (None: every type of ALLOWED, the global
    limit)."""
    refuse_oversize(size, max_bytes)  # first: an over-size upload reaches here without its content
    if size <= 0 or not head:
        raise ValidationError(_("The file is empty."), code="empty")
    allowed = set(ALLOWED) if types is None else set(types) & set(ALLOWED)
    mime = sniff(head)
    extension = PurePath(safe_filename(name)).suffix.lower()
    if mime not in ALLOWED:
        raise ValidationError(
            _("This file type is not accepted. Upload PDF, Word, Excel, JPEG or PNG files."), code="type"
        )
    if mime not in allowed:
        raise ValidationError(
            _("A file of this kind must be one of: %(types)s.") % {"types": type_names(allowed)},
            code="kind_type",
        )
    if extension not in ALLOWED[mime]:
        raise ValidationError(
            _("The file's content does not match its extension “%(ext)s”.") % {"ext": extension},
            code="extension",
        )
    return mime
