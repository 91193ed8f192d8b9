"""Uploads hardened (issue 14): file names cleaned, types sniffed against the kind's allow-list, size
limits per kind and overall (the upload handler drops an over-size file's bytes), refusals as a clear
Vietnamese message on the form and as JSON on the API, files kept outside the static folders, and
nothing a browser would run is ever shown inline."""

from __future__ import annotations

import html
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from django.test.client import encode_multipart

from dvk.attachments.models import Attachment
from dvk.attachments.services import attach, attachables
from dvk.attachments.tests.test_attachments import PDF, PNG
from dvk.attachments.uploads import OversizeUpload
from dvk.attachments.validators import DOCX, IMAGES, validate_upload
from dvk.core.downloads import MAX_FILENAME_BYTES, safe_filename
from dvk.organisations.models import Organisation

pytestmark = pytest.mark.django_db
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "x\u202efdp.exe" shows as "xexe.pdf"


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def exemplar(persona):
    from dvk.exemplars.factories import ExemplarFactory
    from dvk.exemplars.models import Cycle

    return ExemplarFactory(
        organisation=Organisation.objects.get(code="PT-DU-04897"),
        cycle=Cycle.current(),
        created_by=persona("xa.a"),
    )


def _stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


# --- file names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),  # path parts, either slash
        ("C:\\Users\\a\\Biên bản.pdf", "Biên bản.pdf"),
        ("bien-ban\x00.pdf", "bien-ban.pdf"),  # NUL
        ("bao\x1b[31mcao\r\n.pdf", "bao[31mcao.pdf"),  # control characters (terminal escapes, CR LF)
        (f"hoa-don{RLO}fdp.exe", "hoa-donfdp.exe"),  # the bidi override goes: the real extension shows
        ("a\u200bb\ufeffc\u2066d.pdf", "abcd.pdf"),  # zero-width space, BOM, bidi isolate
        ("CON.pdf", "_CON.pdf"),  # Windows device names
        ("nul", "_nul"),
        ("LPT1.docx", "_LPT1.docx"),
        ('a"b*c?d<e>f|g:h.pdf', "a-b-c-d-e-f-g-h.pdf"),
        ("...", "tep"),
        ("", "tep"),
        (".pdf", "pdf"),
        ("  tệp   có   khoảng trắng  .pdf", "tệp có khoảng trắng.pdf"),
    ],
)
def test_file_names_are_cleaned(sent, kept):
    assert safe_filename(sent) == kept
    assert safe_filename(kept) == kept  # cleaning twice changes nothing


def test_file_names_are_nfc_and_bounded():
    nfd = unicodedata.normalize("NFD", "Biên bản họp Đảng ủy.pdf")
    assert safe_filename(nfd) == unicodedata.normalize("NFC", nfd) != nfd
    long = safe_filename("Báo cáo tổng kết " * 40 + ".docx")
    assert len(long.encode()) <= MAX_FILENAME_BYTES and long.endswith(".docx")
    assert long.startswith("Báo cáo tổng kết")
    assert unicodedata.is_normalized("NFC", long)  # cut between characters, never inside one


def test_the_stored_name_is_the_cleaned_one(persona, exemplar):
    name = "../" + unicodedata.normalize("NFD", "Biên\x00 bản họp") + ".pdf"
    attachment = attach(
        target=exemplar,
        upload=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
        by=persona("xa.a"),
        kind="evidence",
    )
    attachment.refresh_from_db()
    assert attachment.original_name == "Biên bản họp.pdf"
    assert unicodedata.is_normalized("NFC", attachment.original_name)
    assert "Biên" not in attachment.file.name  # on disk under a random name


def test_a_bidi_disguised_extension_is_judged_on_the_real_one(persona, exemplar):
    before = Attachment.objects.count()
    with pytest.raises(ValidationError, match="không khớp với phần mở rộng “.exe”"):
        attach(
            target=exemplar,
            upload=SimpleUploadedFile(f"anh{RLO}gpj.exe", PNG, content_type="image/png"),
            by=persona("xa.a"),
            kind="evidence",
        )
    assert Attachment.objects.count() == before


# --- types and sizes per kind --------------------------------------------------------------------------


def test_the_kinds_declare_their_types_and_limits():
    exemplar = attachables()["exemplars.exemplar"]
    assert exemplar.types["photo"] == IMAGES and exemplar.max_bytes["photo"] == 10 * 1024 * 1024
    assert "evidence" not in exemplar.types  # the whole allow-list
    assert attachables()["reports.periodicreport"].types["reports.draft"] == frozenset({DOCX})


def test_a_kind_takes_only_its_types(persona, exemplar):
    before, files = Attachment.objects.count(), _stored_files()
    with pytest.raises(ValidationError, match="Tệp thuộc loại này chỉ nhận định dạng: JPEG, PNG, WebP"):
        attach(target=exemplar, upload=SimpleUploadedFile("a.pdf", PDF), by=persona("xa.a"), kind="photo")
    assert Attachment.objects.count() == before and _stored_files() == files
    photo = attach(target=exemplar, upload=SimpleUploadedFile("a.png", PNG), by=persona("xa.a"), kind="photo")
    assert photo.mime_type == "image/png"


@pytest.mark.parametrize(
    "content",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"<?xml version='1.0'?><x/>",
        b"MZ\x90\x00" + b"\x00" * 60,
    ],
)
def test_active_content_is_refused_whatever_its_name(content):
    for name in ("a.pdf", "a.svg", "a.html", "a.png"):
        with pytest.raises(ValidationError, match="Không chấp nhận loại tệp"):
            validate_upload(name, content, len(content))


def test_a_kinds_size_limit(persona, exemplar):
    big_png = PNG + b"\x00" * (10 * 1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        attach(target=exemplar, upload=SimpleUploadedFile("a.png", big_png), by=persona("xa.a"), kind="photo")
    assert [m.replace("\xa0", " ") for m in refused.value.messages] == ["Tệp quá lớn (tối đa 10,0 MB)."]
    # the same bytes under a kind without its own limit: only the global one applies
    assert attach(
        target=exemplar, upload=SimpleUploadedFile("a.png", big_png), by=persona("xa.a"), kind="evidence"
    ).size == len(big_png)


@override_settings(ATTACHMENT_MAX_BYTES=1000)
def test_a_kind_never_goes_over_the_global_limit():
    with pytest.raises(ValidationError, match="quá lớn"):
        validate_upload("a.png", PNG, 1001, max_bytes=10**9)


# --- the global cap, in the upload handler -------------------------------------------------------------


@override_settings(FILE_UPLOAD_MAX_BYTES=4096)
def test_the_upload_handler_drops_an_over_size_file():
    body = encode_multipart("XBOUNDARY", {"file": SimpleUploadedFile("big.pdf", PDF + b"0" * 10_000)})
    request = RequestFactory().generic(
        "POST", "/", body, content_type="multipart/form-data; boundary=XBOUNDARY"
    )
    upload = request.FILES["file"]
    assert isinstance(upload, OversizeUpload)
    assert upload.size == len(PDF) + 10_000 and upload.read() == b""
    assert upload.name == "big.pdf"
    small = RequestFactory().generic(
        "POST",
        "/",
        encode_multipart("XBOUNDARY", {"file": SimpleUploadedFile("a.pdf", PDF)}),
        content_type="multipart/form-data; boundary=XBOUNDARY",
    )
    assert not isinstance(small.FILES["file"], OversizeUpload) and small.FILES["file"].read() == PDF


@override_settings(FILE_UPLOAD_MAX_BYTES=4096)
def test_an_over_size_file_on_the_form_is_refused_with_a_message(client_for, exemplar):
    before, files = Attachment.objects.count(), _stored_files()
    response = client_for("xa.a").post(
        f"/mo-hinh/{exemplar.pk}/tep/",
        {"kind": "evidence", "label": "", "file": SimpleUploadedFile("big.pdf", PDF + b"0" * 10_000)},
    )
    assert response.status_code == 200
    assert "Tệp quá lớn (tối đa 4,0 KB)" in _text(response)
    assert Attachment.objects.count() == before and _stored_files() == files


def test_an_empty_file_on_the_form_is_refused_with_a_message(client_for, exemplar):
    before = Attachment.objects.count()
    response = client_for("xa.a").post(
        f"/mo-hinh/{exemplar.pk}/tep/",
        {"kind": "evidence", "label": "", "file": SimpleUploadedFile("empty.pdf", b"")},
    )
    assert response.status_code == 200
    assert "rỗng" in _text(response)
    assert Attachment.objects.count() == before


def _text(response) -> str:
    return html.unescape(response.content.decode()).replace("\xa0", " ")


def _api_upload(api, exemplar, content: bytes, name: str = "a.pdf", **extra):
    return api.post(
        "/api/v1/attachments",
        {
            "target_type": "exemplars.exemplar",
            "target_id": exemplar.pk,
            "kind": "evidence",
            "file": SimpleUploadedFile(name, content),
            **extra,
        },
    )


@override_settings(FILE_UPLOAD_MAX_BYTES=4096)
def test_the_api_refuses_empty_and_over_size_files_as_json(api_for, exemplar):
    api = api_for("xa.a")
    before, files = Attachment.objects.count(), _stored_files()
    for content, message in [(b"", "Tệp rỗng."), (PDF + b"0" * 10_000, "Tệp quá lớn (tối đa 4,0 KB).")]:
        response = _api_upload(api, exemplar, content)
        assert response.status_code == 422, response.content
        assert response["Content-Type"].startswith("application/json")
        assert [e["message"].replace("\xa0", " ") for e in response.json()["errors"]] == [message]
    assert Attachment.objects.count() == before and _stored_files() == files
    response = _api_upload(api, exemplar, PDF, name=f"..\\bien{RLO}ban\x00.pdf")
    assert response.status_code == 201 and response.json()["name"] == "bienban.pdf"


# --- serving ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mime", "inline"),
    [
        ("application/pdf", True),
        ("image/png", True),
        ("image/jpeg", True),
        ("image/webp", False),
        ("image/svg+xml", False),
        ("text/html", False),
        ("application/xml", False),
        ("text/xml", False),
        (DOCX, False),
    ],
)
def test_only_pdf_png_and_jpeg_are_ever_shown_inline(mime, inline, client_for, persona, exemplar):
    attachment = attach(
        target=exemplar, upload=SimpleUploadedFile("a.pdf", PDF), by=persona("xa.a"), kind="evidence"
    )
    # a row of another type (an older upload, a change of the allow-list): served by its recorded type
    Attachment.objects.filter(pk=attachment.pk).update(mime_type=mime)
    client = client_for("xa.a")
    for query in ("?xem=1", ""):
        response = client.get(f"/tep/{attachment.pk}/tai-ve/{query}")
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        disposition = response["Content-Disposition"]
        shown = inline and query == "?xem=1"
        assert disposition.startswith("inline;" if shown else "attachment;"), (mime, query, disposition)
        if not shown:
            assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        b"".join(response.streaming_content)


# --- storage -------------------------------------------------------------------------------------------


def test_files_are_stored_outside_the_static_folders(persona, exemplar):
    from dvk.attachments.checks import media_outside_static

    attachment = attach(
        target=exemplar, upload=SimpleUploadedFile("a.pdf", PDF), by=persona("xa.a"), kind="evidence"
    )
    path = Path(attachment.file.path).resolve()
    assert Path(settings.MEDIA_ROOT).resolve() in path.parents
    for static in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        assert Path(static).resolve() not in path.parents
    assert media_outside_static() == []


def test_the_check_refuses_media_inside_static(settings):
    from dvk.attachments.checks import media_outside_static

    settings.MEDIA_ROOT = str(Path(settings.STATIC_ROOT) / "media")
    assert {e.id for e in media_outside_static()} == {"dvk.attachments.E001"}
    settings.MEDIA_ROOT = str(Path(settings.STATICFILES_DIRS[0]).parent)  # a folder holding static/
    assert {e.id for e in media_outside_static()} == {"dvk.attachments.E001"}


def test_the_media_folder_is_not_served(client_for, persona, exemplar):
    attachment = attach(
        target=exemplar, upload=SimpleUploadedFile("a.pdf", PDF), by=persona("xa.a"), kind="evidence"
    )
    client = client_for("xa.a")
    for prefix in (settings.MEDIA_URL, "/static/", "/media/"):
        assert client.get(f"{prefix.rstrip('/')}/{attachment.file.name}").status_code == 404


@override_settings(FILE_UPLOAD_MAX_BYTES=4096)
def test_a_report_draft_over_the_cap_says_too_large(persona):
    """The periodic report reads the Word file before attach() sees it: an over-size draft (dropped by
    the upload handler) is refused as too large, not as "not a Word document"."""
    from django.utils import timezone

    from dvk.core.figures import Period
    from dvk.reports import services
    from dvk.reports.models import Kind

    draft = services.create_report(
        by=persona("tinh.bdv"),
        organisation=Organisation.objects.get(code="PT-BTGDV"),
        kind=Kind.HALF,
        period=Period.containing(timezone.localdate(), "half"),
    )
    with pytest.raises(ValidationError) as refused:
        services.upload_draft(
            by=persona("tinh.bdv"), report=draft, upload=OversizeUpload("du-thao.docx", DOCX, 10_000, None)
        )
    assert [m.replace("\xa0", " ") for m in refused.value.message_dict["upload"]] == [
        "Tệp quá lớn (tối đa 4,0 KB)."
    ]
