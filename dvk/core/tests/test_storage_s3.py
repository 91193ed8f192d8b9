"""Attachments and sealed vault files on S3-compatible storage (the `S3_BUCKET` option,
docs/deployment.md), against moto's in-process S3: files go to the bucket, never to MEDIA_ROOT, are
served through the same permission-checked view, and a rolled-back upload leaves no object."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from moto import mock_aws

from dvk.attachments.models import Attachment
from dvk.attachments.services import attach
from dvk.organisations.models import Organisation

pytestmark = pytest.mark.django_db
BUCKET = "dvk-tep-dinh-kem"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def bucket(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with mock_aws():
        client = boto3.client("s3", region_name="ap-southeast-1")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "ap-southeast-1",
                    "access_key": "moto",
                    "secret_key": "moto-secret",  # noqa: S106 (moto's fake S3)
                    "location": "media",
                    "default_acl": None,
                    "file_overwrite": False,
                },
            },
        }
        yield client


def objects(client) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


@pytest.fixture
def exemplar(persona):
    from dvk.exemplars.factories import ExemplarFactory
    from dvk.exemplars.models import Cycle

    return ExemplarFactory(
        organisation=Organisation.objects.get(code="PT-DU-04897"),
        cycle=Cycle.current(),
        created_by=persona("xa.a"),
    )


def test_attachments_go_to_the_bucket_and_are_served_through_the_checked_view(
    bucket, settings, persona, client_for, exemplar
):
    upload = SimpleUploadedFile("Biên bản họp.pdf", PDF, content_type="application/pdf")
    attachment = attach(target=exemplar, upload=upload, by=persona("xa.a"), kind="evidence")
    keys = objects(bucket)
    assert keys == [f"media/{attachment.file.name}"]
    assert bucket.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read() == PDF
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on the local disk
    response = client_for("xa.a").get(f"/tep/{attachment.pk}/tai-ve/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client_for("xa.b").get(f"/tep/{attachment.pk}/tai-ve/").status_code == 404


def test_a_rolled_back_upload_leaves_no_object(bucket, persona, exemplar):
    before = Attachment.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        attach(
            target=exemplar,
            upload=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
            by=persona("xa.a"),
            kind="evidence",
        )
        raise RuntimeError("fails after the file was written")
    assert Attachment.objects.count() == before
    assert objects(bucket) == []


def test_sealed_identity_scans_are_stored_encrypted_in_the_bucket(bucket, persona, exemplar):
    from dvk.vault.services import seal_file

    scan = b"%PDF-1.4 Nguyen Van Kin Danh " + b"x" * 64
    sealed = seal_file(exemplar, scan, persona("admin"), content_type="application/pdf")
    keys = objects(bucket)
    assert keys == [f"media/{sealed.storage_name}"]
    stored = bucket.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()
    assert b"Nguyen Van Kin Danh" not in stored and stored.startswith(b"gAAAA")  # a Fernet token


def test_the_setting_is_read_from_the_environment():
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "S3_PREFIX": "dvk",
        "DVK_TESTING": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    code = (
        "import django; django.setup(); from django.conf import settings; s = settings.STORAGES['default'];"
        "print(s['BACKEND'], s['OPTIONS']['bucket_name'], s['OPTIONS']['endpoint_url'], s['OPTIONS']['location'],"
        " s['OPTIONS']['default_acl'])"
    )
    out = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == [
        "storages.backends.s3.S3Storage",
        BUCKET,
        "http://127.0.0.1:9000",
        "dvk",
        "None",
    ]
