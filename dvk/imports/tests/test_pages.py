"""The import pages (upload → dry run row by row → import, polled with htmx) and the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dvk.exemplars.models import Exemplar
from dvk.imports.models import ImportJob
from dvk.imports.tests.builders import Sheet, xlsx

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Tên mô hình", "Đơn vị", "Lĩnh vực", "Thời gian bắt đầu"]


def workbook(rows) -> bytes:
    return xlsx(Sheet("Sổ", [["DANH SÁCH MÔ HÌNH"], HEADER, *rows], merges=["A1:E1"]))


BAD = [
    [1, "Mô hình trang nhập", "Đảng ủy xã Thịnh Minh", "Kinh tế", "05/03/2021"],
    [2, "Mô hình trang nhập 2", "Đảng ủy xã Thịnh Minh", "Kinh tế", "ngày 5 tháng 3"],
]
GOOD = [BAD[0], [2, "Mô hình trang nhập 2", "Đảng ủy xã Thịnh Minh", "Kinh tế", "05/03/2021"]]


def upload(client, content: bytes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/nhap-du-lieu/",
            {"kind": "exemplars", "file": SimpleUploadedFile("so.xlsx", content), "sheet": ""},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_upload_check_fix_and_import(client_for, django_capture_on_commit_callbacks):
    client = client_for("xa.a")
    assert client.get("/nhap-du-lieu/").status_code == 200
    job = upload(client, workbook(BAD), django_capture_on_commit_callbacks)
    assert job.status == "checked"
    page = client.get(f"/nhap-du-lieu/{job.pk}/").content.decode()
    assert "ngày 5 tháng 3" in page and 'data-status="error"' in page
    assert "Mô hình trang nhập" in page and "05/03/2021" in page
    response = client.post(f"/nhap-du-lieu/{job.pk}/nhap/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert (
        job.status == "checked"
        and not Exemplar.objects.filter(title__startswith="Mô hình trang nhập").exists()
    )

    fixed = upload(client, workbook(GOOD), django_capture_on_commit_callbacks)
    assert fixed.can_apply
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/nhap-du-lieu/{fixed.pk}/nhap/")
    fixed.refresh_from_db()
    assert fixed.status == "done" and len(fixed.created) == 2
    assert Exemplar.objects.filter(title__startswith="Mô hình trang nhập").count() == 2
    from dvk.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="imports.apply", target_id=str(fixed.pk)).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/nhap-du-lieu/{fixed.pk}/nhap/")  # a second click changes nothing
    assert Exemplar.objects.filter(title__startswith="Mô hình trang nhập").count() == 2
    progress = client.get(f"/nhap-du-lieu/{fixed.pk}/tien-do/")
    assert progress.status_code == 200 and 'data-status="done"' in progress.content.decode()


def test_jobs_are_private_and_permission_checked(client_for, django_capture_on_commit_callbacks):
    job = upload(client_for("xa.a"), workbook(GOOD), django_capture_on_commit_callbacks)
    assert client_for("xa.b").get(f"/nhap-du-lieu/{job.pk}/").status_code == 404
    assert client_for("xa.b").post(f"/nhap-du-lieu/{job.pk}/nhap/").status_code == 404
    assert client_for("hoidong.1").get("/nhap-du-lieu/").status_code == 403
    from django.test import Client

    assert Client().get("/nhap-du-lieu/").status_code == 302


def test_bad_file_is_a_form_error(client_for):
    response = client_for("xa.a").post(
        "/nhap-du-lieu/", {"kind": "exemplars", "file": SimpleUploadedFile("so.xlsx", b"hello")}
    )
    assert response.status_code == 200
    assert "Excel" in response.content.decode()


def test_report_page_query_count_is_constant(client_for, django_capture_on_commit_callbacks):
    client = client_for("xa.a")

    def count(n: int) -> int:
        rows = [[i, f"Mô hình đếm {n}-{i}", "Đảng ủy xã Thịnh Minh", "Kinh tế", ""] for i in range(n)]
        job = upload(client, workbook(rows), django_capture_on_commit_callbacks)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/nhap-du-lieu/{job.pk}/").status_code == 200
        return len(ctx.captured_queries)

    assert count(1) == count(50)


def test_api_dry_run_and_import(api_for):
    api = api_for("xa.a")
    kinds = api.get("/api/v1/imports").json()
    assert "exemplars" in {k["kind"] for k in kinds}
    content = workbook([[1, "Mô hình qua API", "Đảng ủy xã Thịnh Minh", "Kinh tế", "01/02/2022"]])
    dry = api.post("/api/v1/imports/exemplars", {"file": SimpleUploadedFile("a.xlsx", content)})
    assert dry.status_code == 200, dry.content
    assert dry.json()["records"][0]["started_on"] == "2022-02-01" and dry.json()["created"] == []
    done = api.post(
        "/api/v1/imports/exemplars?dry_run=false", {"file": SimpleUploadedFile("a.xlsx", content)}
    )
    assert done.status_code == 200 and len(done.json()["created"]) == 1
    bad = api.post("/api/v1/imports/exemplars?dry_run=false", {"file": SimpleUploadedFile("a.xlsx", b"x")})
    assert bad.status_code == 409 and bad.json()["detail"]
    assert (
        api.post("/api/v1/imports/bodies", {"file": SimpleUploadedFile("a.xlsx", content)}).status_code == 403
    )


def test_an_unexpected_failure_marks_the_job_failed(
    client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from dvk.imports import engine

    def broken(*args, **kwargs):
        raise RuntimeError("unforeseen")

    monkeypatch.setattr(engine, "run", broken)
    job = upload(client_for("xa.a"), workbook(GOOD), django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert "chưa tạo bản ghi nào" in job.error
    page = client_for("xa.a").get(f"/nhap-du-lieu/{job.pk}/").content.decode()
    assert 'data-status="failed"' in page
