"""The global cap on an uploaded file, before any form or API code sees it.

Django limits the non-file part of a request (DATA_UPLOAD_MAX_MEMORY_SIZE) and the number of files
(DATA_UPLOAD_MAX_NUMBER_FILES), but not the size of a file: the temporary-file handler would write a
2 GB upload to disk. `CappedUploadHandler` comes first in FILE_UPLOAD_HANDLERS: it passes each file's
bytes on to the memory and temporary-file handlers up to settings.FILE_UPLOAD_MAX_BYTES, then drops
the rest (reads it from the socket, stores nothing) and hands the view an `OversizeUpload`: a file
with no content whose `size` is what was sent. Every consumer checks `size` first
(dvk.attachments.validators.validate_upload, the imports, the Word-file fields), so the person gets
the usual clear message ("Tệp quá lớn (tối đa 20,0 MB)") on the form or as JSON on the API, and
nothing of the file is kept.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


def upload_cap() -> int:
    return int(getattr(settings, "FILE_UPLOAD_MAX_BYTES", settings.ATTACHMENT_MAX_BYTES))


class OversizeUpload(UploadedFile):
    """A file that was over the cap: its name, its type and the size sent; no content."""

    oversize = True

    def __init__(self, name: str, content_type: str, size: int, charset: str | None) -> None:
        super().__init__(io.BytesIO(b""), name, content_type, size, charset)


class CappedUploadHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.cap = upload_cap()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        # past the cap the chunk goes to no further handler: nothing more is written anywhere
        return raw_data if self.received <= self.cap else None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received <= self.cap:
            return None  # the next handler (memory or temporary file) returns the file
        return OversizeUpload(self.file_name or "", self.content_type or "", self.received, self.charset)
