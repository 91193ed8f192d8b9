"""The minutes of a voter meeting (VotersConfig.attachables, kind "voters.minutes"): PDF, images,
Word, Excel or ODT, sniffed from the bytes; HTML or SVG is refused with a Vietnamese message on the
meeting page's upload form (shown after the redirect, nothing stored) and on the API."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dvk.attachments.models import Attachment
from dvk.attachments.services import attachable, attachments_of
from dvk.attachments.tests import samples
from dvk.attachments.tests.test_attachments import PDF
from dvk.attachments.validators import ALLOWED, DOCX, ODT, XLSX
from dvk.voters.models import Meeting

pytestmark = pytest.mark.django_db
NOT_ACCEPTED = "Không chấp nhận loại tệp này. Hãy tải lên tệp PDF, Word, Excel, JPEG hoặc PNG."
CLERK = "hdnd.tinh"  # the HĐND tỉnh office: records the meetings of its sessions


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def meeting(demo_session) -> Meeting:
    return Meeting.objects.filter(session=demo_session).order_by("id")[0]


def _stored() -> tuple[int, set[str]]:
    root = Path(settings.MEDIA_ROOT)
    return Attachment.objects.count(), {
        str(p) for p in root.rglob("*") if p.is_file()
    } if root.exists() else set()


def _post_minutes(client, meeting, name: str, content: bytes) -> str:
    """Upload from the meeting page; the text of the page it redirects to (with its messages)."""
    response = client.post(
        reverse("voters:meeting_minutes", args=[meeting.pk]),
        {"minutes": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("voters:meeting_detail", args=[meeting.pk]), 302)]
    return html.unescape(response.content.decode())


def test_the_minutes_have_an_allow_list_the_validator_knows():
    spec = attachable("voters.meeting")
    assert spec is not None
    assert set(spec.types) == set(spec.kinds) == {"voters.minutes"}
    assert spec.types["voters.minutes"] <= set(ALLOWED)
    assert {DOCX, XLSX, ODT, "application/pdf", "image/jpeg", "image/png"} <= spec.types["voters.minutes"]


@pytest.mark.parametrize("name", sorted(samples.ACTIVE))
def test_html_and_svg_minutes_are_refused_in_vietnamese_on_the_page(client_for, meeting, name):
    client = client_for(CLERK)
    before = _stored()
    for sent_as in (name, "bien-ban.pdf"):  # its own name, or passed off as a PDF
        page = _post_minutes(client, meeting, sent_as, samples.ACTIVE[name])
        assert NOT_ACCEPTED in page
        assert "Đã đính kèm biên bản." not in page
    assert _stored() == before


@pytest.mark.parametrize("name", sorted(samples.ACTIVE))
def test_html_and_svg_minutes_are_refused_in_vietnamese_on_the_api(api_for, meeting, name):
    before = _stored()
    response = api_for(CLERK).post(
        "/api/v1/attachments",
        {
            "target_type": "voters.meeting",
            "target_id": meeting.pk,
            "file": SimpleUploadedFile(name, samples.ACTIVE[name]),
        },
    )
    assert response.status_code == 422, response.content
    assert [e["message"] for e in response.json()["errors"]] == [NOT_ACCEPTED]
    assert _stored() == before


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        pytest.param("bien-ban.pdf", PDF, "application/pdf", id="pdf"),
        pytest.param("bien-ban.docx", samples.docx(), DOCX, id="docx"),
        pytest.param("tong-hop-y-kien.xlsx", samples.xlsx(), XLSX, id="xlsx"),
        pytest.param("bien-ban.odt", samples.odt(), ODT, id="odt"),
    ],
)
def test_minutes_in_the_formats_offices_write_are_attached(client_for, meeting, name, content, mime):
    page = _post_minutes(client_for(CLERK), meeting, name, content)
    assert "Đã đính kèm biên bản." in page
    assert [(a.original_name, a.mime_type, a.kind) for a in attachments_of(meeting)] == [
        (name, mime, "voters.minutes")
    ]
