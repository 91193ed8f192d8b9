"""File contents for upload tests, each what its name says once sniffed from the bytes (as
dvk.attachments.validators.sniff does): active content that must never be accepted, and real
office documents built by the libraries that write them."""

from __future__ import annotations

import io
import zipfile

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><circle r='1'/></svg>"
ACTIVE = {"a.html": HTML, "a.svg": SVG}  # name → content: refused whatever the kind


def docx() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def odt() -> bytes:
    """An OpenDocument text: a ZIP whose first entry, stored, is `mimetype` (the ODF rule the
    sniffer reads), then the content LibreOffice writes at the least."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as odf:
        odf.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        odf.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
            "<office:body><office:text><text:p>Biên bản tiếp xúc cử tri</text:p></office:text></office:body>"
            "</office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        odf.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()
