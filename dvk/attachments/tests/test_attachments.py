from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from dvk.attachments.services import attach
from dvk.attachments.validators import validate_upload
from dvk.audit.models import AuditEvent
from dvk.organisations.models import Organisation

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000A49444154789C63000100000500010D0A2DB40000000049454E44AE426082"
)


def test_content_decides_the_type():
    assert validate_upload("bien-ban.pdf", PDF, len(PDF)) == "application/pdf"
    assert validate_upload("anh.PNG", PNG, len(PNG)) == "image/png"
    with pytest.raises(ValidationError, match="Không chấp nhận loại tệp"):
        validate_upload("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60, 64)  # a Windows executable named .pdf
    with pytest.raises(ValidationError, match="không khớp với phần mở rộng"):
        validate_upload("anh.pdf", PNG, len(PNG))
    with pytest.raises(ValidationError, match="Tệp rỗng"):
        validate_upload("a.pdf", b"", 0)


@override_settings(ATTACHMENT_MAX_BYTES=100)
def test_size_limit():
    with pytest.raises(ValidationError, match="quá lớn"):
        validate_upload("a.pdf", PDF, 101)


def test_docx_is_recognised():
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    data = buffer.getvalue()
    assert validate_upload("ke-hoach.docx", data[:8192], len(data)).endswith("wordprocessingml.document")


def test_download_is_permission_checked_and_served_as_attachment(client_for, persona):
    org = Organisation.objects.get(code="PT-DU-04897")
    upload = SimpleUploadedFile("Biên bản họp.pdf", PDF, content_type="application/pdf")
    attachment = attach(target=org, upload=upload, by=persona("xa.a"), label="Biên bản")
    assert AuditEvent.objects.filter(action="attachments.upload", target_id=str(attachment.pk)).exists()
    url = f"/tep/{attachment.pk}/tai-ve/"
    response = client_for("xa.a").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    assert client_for("xa.b").get(url).status_code == 404
    assert client_for("tinh.bdv").get(url).status_code == 200
    assert client_for("xa.a").get("/tep/999999/tai-ve/").status_code == 404
    # stored outside static files under a random name
    assert "Biên bản" not in attachment.file.name and attachment.file.name.startswith("attachments/")


def test_rejected_upload_changes_nothing(persona):
    from dvk.attachments.models import Attachment

    before = Attachment.objects.count()
    with pytest.raises(ValidationError):
        attach(
            target=Organisation.objects.get(code="PT-SNV"),
            upload=SimpleUploadedFile("x.pdf", b"plain text", content_type="application/pdf"),
            by=persona("so.a"),
        )
    assert Attachment.objects.count() == before
