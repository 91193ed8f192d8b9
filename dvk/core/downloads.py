"""One way to answer with a file: generated documents (DOCX, XLSX, PDF) and stored attachments.

`file_response(content, filename)` sets what every download needs:

- the content type (from `mime`, or guessed from the file name's extension);
- `Content-Disposition: attachment` with the Vietnamese file name twice — `filename*` in UTF-8
  (RFC 5987/6266, what browsers show) and an ASCII `filename` fallback with the marks folded
  ("Biên bản họp.docx" → "Bien ban hop.docx") for old clients and proxies;
- `X-Content-Type-Options: nosniff`, so a browser never renders an upload as HTML;
- `inline=True` is honoured only for the types on `INLINE_TYPES` (PDF, PNG, JPEG: nothing a browser
  runs); anything else, SVG, HTML and XML among them, is always sent as an attachment, with
  `Content-Security-Policy: default-src 'none'; sandbox` so that even a browser that opened it
  would run nothing from it;
- `Cache-Control: private, no-store` for private files (the default: every staff document is), so no
  shared cache or browser history keeps them; public files (a certificate on the public site) may be
  cached by the browser only.

`content` is bytes or an open binary file (streamed with FileResponse, closed afterwards).
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from typing import IO, cast
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils.cache import patch_cache_control

from dvk.core.text import fold

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
_BY_EXTENSION = {".docx": DOCX, ".xlsx": XLSX, ".pdf": PDF, ".csv": CSV}
INLINE_TYPES = frozenset({PDF, "image/png", "image/jpeg"})  # the only types ever shown in the browser
ATTACHMENT_CSP = "default-src 'none'; sandbox"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')  # header breakers and characters no OS accepts
# Windows device names: "CON.pdf" cannot be saved there, "NUL" opens the null device
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)", re.IGNORECASE)
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})  # controls, format (bidi), unassigned
MAX_FILENAME_BYTES = 200  # UTF-8 bytes: under every file system's 255, with room for a "(2)"


def safe_filename(name: str) -> str:
    """`name` as it may be stored and sent (never empty): NFC; only its last path part (either
    slash); without control, format or bidi characters (NUL, U+202E RIGHT-TO-LEFT OVERRIDE, which
    shows "hóa đơn<U+202E>fdp.exe" as "hóa đơnexe.pdf", zero-width and BOM), quotes and characters no
    OS accepts; a Windows device name ("CON.pdf") prefixed; at most MAX_FILENAME_BYTES bytes, cut
    in the stem so the extension stays."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _INVISIBLE)
    name = re.sub(r"\s+", " ", _UNSAFE.sub("-", name)).strip(" .-")
    if _RESERVED.match(name):
        name = f"_{name}"
    stem, dot, ext = name.rpartition(".")
    if not dot or not 0 < len(ext) <= 10 or " " in ext:
        stem, dot, ext = name, "", ""
    budget = MAX_FILENAME_BYTES - len(f"{dot}{ext}".encode())
    stem = stem.encode()[:budget].decode("utf-8", "ignore").rstrip(" .-")
    return f"{stem}{dot}{ext}" if stem else (f"tep{dot}{ext}" if ext else "tep")


def ascii_filename(name: str) -> str:
    """The ASCII fallback: Vietnamese marks folded (đ → d), anything else non-ASCII dropped."""
    stem, dot, ext = safe_filename(name).rpartition(".")
    if not dot:
        stem, ext = ext, ""

    def fold_keep_case(text: str) -> str:
        folded = (fold(ch) if ch.isalpha() and not ch.isascii() else ch for ch in text)
        return "".join(f.upper() if ch.isupper() else f for ch, f in zip(text, folded, strict=True))

    stem = re.sub(r"[^A-Za-z0-9 ._()\[\]-]+", "", fold_keep_case(stem)).strip() or "tep"
    return f"{stem}.{ext.encode('ascii', 'ignore').decode()}" if dot else stem


def content_disposition(name: str, *, inline: bool = False) -> str:
    safe = safe_filename(name)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_filename(safe)}\"; filename*=UTF-8''{quote(safe, safe='')}"


def file_response(
    content: bytes | IO[bytes],
    filename: str,
    *,
    mime: str | None = None,
    private: bool = True,
    inline: bool = False,
) -> HttpResponse:
    """A download of `content` named `filename` (see the module docstring for the headers)."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    content_type = (
        mime or _BY_EXTENSION.get(suffix) or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    )
    response: HttpResponse
    if isinstance(content, bytes | bytearray):
        response = HttpResponse(bytes(content), content_type=content_type)
    else:
        # streamed; typed as HttpResponse so that views keep one return type
        response = cast(HttpResponse, FileResponse(content, content_type=content_type))
    inline = inline and content_type.split(";")[0].strip().lower() in INLINE_TYPES
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    if not inline:
        response["Content-Security-Policy"] = ATTACHMENT_CSP
    if private:
        patch_cache_control(response, private=True, no_store=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=3600)
    return response
