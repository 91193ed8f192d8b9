"""The files a citizens' letter takes (CitizensConfig.attachables): each kind has its allow-list of
types, sniffed from the bytes (PDF, images, Word, ODT; Excel for a letter and its evidence, not for
a decision), and anything else (HTML, SVG) is refused with a Vietnamese message on the upload path
the staff use (POST /api/v1/attachments), with nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from dvk.attachments.models import Attachment
from dvk.attachments.services import attachable, attachments_of
from dvk.attachments.tests import samples
from dvk.attachments.tests.test_attachments import PDF, PNG
from dvk.attachments.validators import ALLOWED, DOCX, ODT, XLSX

pytestmark = pytest.mark.django_db
NOT_ACCEPTED = "Không chấp nhận loại tệp này. Hãy tải lên tệp PDF, Word, Excel, JPEG hoặc PNG."
NO_SPREADSHEET = "Tệp thuộc loại này chỉ nhận định dạng: PDF, JPEG, PNG, WebP, Word, Word/Excel 97, ODT."


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _stored() -> tuple[int, set[str]]:
    root = Path(settings.MEDIA_ROOT)
    return Attachment.objects.count(), {
        str(p) for p in root.rglob("*") if p.is_file()
    } if root.exists() else set()


def _upload(api, letter, kind: str, name: str, content: bytes):
    return api.post(
        "/api/v1/attachments",
        {
            "target_type": "citizens.letter",
            "target_id": letter.pk,
            "kind": kind,
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_every_kind_has_an_allow_list_the_validator_knows():
    spec = attachable("citizens.letter")
    assert spec is not None
    assert set(spec.types) == set(spec.kinds)
    for kind, types in spec.types.items():
        assert types <= set(ALLOWED), kind  # a type the validator does not know would be dropped silently
        assert {DOCX, ODT} <= types, kind


@pytest.mark.parametrize("kind", ["letter", "evidence", "decision"])
@pytest.mark.parametrize("name", sorted(samples.ACTIVE))
def test_html_and_svg_are_refused_in_vietnamese(api_for, letter, kind, name):
    target = letter()
    before = _stored()
    for sent_as in (name, "don-khieu-nai.pdf"):  # its own name, or passed off as a PDF
        response = _upload(api_for("tiepdan.xa"), target, kind, sent_as, samples.ACTIVE[name])
        assert response.status_code == 422, response.content
        assert [e["message"] for e in response.json()["errors"]] == [NOT_ACCEPTED]
    assert _stored() == before


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        pytest.param("don.pdf", PDF, "application/pdf", id="pdf"),
        pytest.param("anh-chup-don.png", PNG, "image/png", id="png"),
        pytest.param("don.docx", samples.docx(), DOCX, id="docx"),
        pytest.param("bang-ke.xlsx", samples.xlsx(), XLSX, id="xlsx"),
        pytest.param("don.odt", samples.odt(), ODT, id="odt"),
    ],
)
def test_a_letter_takes_the_documents_it_comes_with(api_for, letter, name, content, mime):
    target = letter()
    response = _upload(api_for("tiepdan.xa"), target, "letter", name, content)
    assert response.status_code == 201, response.content
    assert response.json()["mime_type"] == mime
    assert [a.pk for a in attachments_of(target)] == [response.json()["id"]]


def test_a_decision_is_a_document_not_a_spreadsheet(api_for, letter):
    target = letter()
    api = api_for("tiepdan.xa")
    before = _stored()
    response = _upload(api, target, "decision", "quyet-dinh.xlsx", samples.xlsx())
    assert response.status_code == 422, response.content
    assert [e["message"] for e in response.json()["errors"]] == [NO_SPREADSHEET]
    assert _stored() == before
    assert _upload(api, target, "decision", "quyet-dinh.odt", samples.odt()).status_code == 201
