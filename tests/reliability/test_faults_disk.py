"""A full disk on upload: a clear Vietnamese message (422, the form shown again), nothing half-
written — no attachment row without its file, no file (not even the part written before the disk
filled up) without its row, and no letter whose files could not be stored.

The storage is tests/reliability/storage.py: it writes until its byte budget runs out, then fails
with OSError(ENOSPC) half-way through the file, as a real full disk does."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.reliability.storage import DiskFull

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MESSAGE = "Không lưu được tệp: kho lưu tệp của máy chủ đã đầy"


@pytest.fixture
def full_disk(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tests.reliability.storage.FullDiskStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    DiskFull.budget = 0
    yield tmp_path
    DiskFull.budget = 0


def files_in(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def pdf(name: str, size: int = 20_000) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + b"0" * size, content_type="application/pdf")


def test_an_upload_on_a_full_disk_is_refused_cleanly(full_disk, api_for, persona):
    from dvk.attachments.models import Attachment
    from dvk.audit.models import AuditEvent
    from dvk.exemplars.factories import ExemplarFactory
    from dvk.organisations.models import Organisation

    exemplar = ExemplarFactory(
        organisation=Organisation.objects.get(code="PT-DU-04897"), created_by=persona("xa.a")
    )
    DiskFull.budget = 4_000  # the disk fills up 4 kB into the 20 kB file
    before, audit = Attachment.objects.count(), AuditEvent.objects.filter(action="attachments.upload").count()
    response = api_for("xa.a").post(
        "/api/v1/attachments",
        {
            "target_type": "exemplars.exemplar",
            "target_id": exemplar.pk,
            "kind": "evidence",
            "file": pdf("bao-cao.pdf"),
        },
    )
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["file"]
    assert MESSAGE in response.json()["errors"][0]["message"]
    assert Attachment.objects.count() == before
    assert AuditEvent.objects.filter(action="attachments.upload").count() == audit
    assert files_in(full_disk) == []  # the 4 kB written before the failure are gone too

    DiskFull.budget = 10**9  # space again: the same upload goes through
    response = api_for("xa.a").post(
        "/api/v1/attachments",
        {
            "target_type": "exemplars.exemplar",
            "target_id": exemplar.pk,
            "kind": "evidence",
            "file": pdf("bao-cao.pdf"),
        },
    )
    assert response.status_code == 201, response.content
    assert len(files_in(full_disk)) == 1 and Attachment.objects.count() == before + 1


def test_a_public_letter_whose_second_file_fills_the_disk_stores_nothing(full_disk, db):
    from dvk.attachments.models import Attachment
    from dvk.citizens.models import Letter
    from dvk.organisations.models import Organisation

    DiskFull.budget = 30_000  # the first file fits, the second fails half-way
    letters, attachments = Letter.objects.count(), Attachment.objects.count()
    response = Client(REMOTE_ADDR="10.9.9.9").post(
        "/gui-kien-nghi-phan-anh/",
        {
            "organisation": Organisation.objects.get(code="PT-UBND-04897").pk,
            "kind": "reflection",
            "name": "Quách Văn Đĩa Đầy",
            "phone": "0933444666",
            "summary": "Đường vào xóm Quang Tiến bị sạt lở sau mưa lớn, đề nghị khắc phục sớm.",
            "form_token": "disk-full-1",
            "uploads": [pdf("anh-1.pdf"), pdf("anh-2.pdf")],
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert MESSAGE in page and "Quách Văn Đĩa Đầy" in page  # what the citizen typed is kept
    assert Letter.objects.count() == letters  # no letter without its files
    assert Attachment.objects.count() == attachments
    assert files_in(full_disk) == []  # the first file, stored before the second failed, is removed
