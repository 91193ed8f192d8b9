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


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Each test stores files in its own folder: other test processes write to the shared one."""
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


def _pdf(name: str = "Biên bản họp.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _stored_files() -> set[str]:
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT) / "attachments"
    return (
        {str(p.relative_to(settings.MEDIA_ROOT)) for p in root.rglob("*") if p.is_file()}
        if root.exists()
        else set()
    )


def test_download_is_permission_checked_and_served_as_attachment(client_for, persona, exemplar):
    attachment = attach(target=exemplar, upload=_pdf(), by=persona("xa.a"), label="Biên bản", kind="evidence")
    assert AuditEvent.objects.filter(action="attachments.upload", target_id=str(attachment.pk)).count() == 1
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


def test_rejected_upload_changes_nothing(persona, exemplar):
    from dvk.attachments.models import Attachment

    before, files = Attachment.objects.count(), _stored_files()
    with pytest.raises(ValidationError):
        attach(
            target=exemplar,
            upload=SimpleUploadedFile("x.pdf", b"plain text", content_type="application/pdf"),
            by=persona("xa.a"),
            kind="evidence",
        )
    assert Attachment.objects.count() == before
    assert _stored_files() == files


# --- the one write path: targets, permission and kinds come from DomainAppConfig.attachables -------


def test_attachable_targets_are_declared_by_the_apps():
    from dvk.attachments.services import attachables

    declared = attachables()
    assert set(declared) >= {"exemplars.exemplar", "plans.report"}
    assert declared["exemplars.exemplar"].permission == "exemplars.attach"
    assert "dossier.proposal" in declared["exemplars.exemplar"].kinds
    assert declared["plans.report"].permission == "plans.attach_report"


def test_a_record_that_takes_no_files_is_refused(persona):
    from django.core.exceptions import PermissionDenied

    from dvk.attachments.models import Attachment

    before, files = Attachment.objects.count(), _stored_files()
    with pytest.raises(PermissionDenied):
        attach(target=Organisation.objects.get(code="PT-DU-04897"), upload=_pdf(), by=persona("admin"))
    assert Attachment.objects.count() == before and _stored_files() == files


@pytest.mark.parametrize("username", ["xa.b", "so.a", "hoidong.1"])
def test_attaching_needs_the_targets_permission(username, persona, exemplar):
    from django.core.exceptions import PermissionDenied

    from dvk.attachments.models import Attachment

    before, files = Attachment.objects.count(), _stored_files()
    assert not persona(username).has_perm("exemplars.attach", exemplar)
    with pytest.raises(PermissionDenied):
        attach(target=exemplar, upload=_pdf(), by=persona(username), kind="evidence")
    assert Attachment.objects.count() == before and _stored_files() == files
    assert not AuditEvent.objects.filter(action="attachments.upload", actor=persona(username)).exists()


@pytest.mark.parametrize("kind", ["", "plans.report", "virus", "dossier"])
def test_only_the_kinds_the_target_declares(kind, persona, exemplar):
    from dvk.attachments.models import Attachment

    before = Attachment.objects.count()
    with pytest.raises(ValidationError) as info:
        attach(target=exemplar, upload=_pdf(), by=persona("xa.a"), kind=kind)
    assert "kind" in info.value.message_dict
    assert Attachment.objects.count() == before


def test_the_kinds_label_is_the_default_label(persona, exemplar):
    attachment = attach(target=exemplar, upload=_pdf(), by=persona("xa.a"), kind="dossier.minutes")
    assert attachment.label == "biên bản cuộc họp cấp dưới" or attachment.label  # the translated kind label
    from dvk.attachments.services import kind_labels

    assert attachment.label == kind_labels("exemplars.exemplar")["dossier.minutes"]


def test_a_failure_inside_attach_leaves_neither_row_nor_file(monkeypatch, persona, exemplar):
    """The audit write fails after the file was written: the file is removed with the row."""
    from dvk.attachments import services
    from dvk.attachments.models import Attachment

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "record", broken)
    before, files = Attachment.objects.count(), _stored_files()
    with pytest.raises(RuntimeError):
        attach(target=exemplar, upload=_pdf(), by=persona("xa.a"), kind="evidence")
    assert Attachment.objects.count() == before
    assert _stored_files() == files


def test_a_failure_later_in_the_callers_transaction_removes_the_file(persona, exemplar):
    """attach() returned, then the caller's transaction failed: the rollback takes the file too."""
    from django.db import transaction

    from dvk.attachments.models import Attachment

    before, files = Attachment.objects.count(), _stored_files()
    with pytest.raises(RuntimeError), transaction.atomic():
        attachment = attach(target=exemplar, upload=_pdf(), by=persona("xa.a"), kind="evidence")
        assert attachment.file.name in _stored_files()  # written inside the transaction
        raise RuntimeError("the caller's next step failed")
    assert Attachment.objects.count() == before
    assert _stored_files() == files


def test_a_commit_keeps_row_and_file(persona, exemplar, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        attachment = attach(target=exemplar, upload=_pdf(), by=persona("xa.a"), kind="evidence")
    import gc

    gc.collect()
    assert attachment.file.name in _stored_files()
    attachment.file.delete(save=False)  # tidy up: the test database rolls back, the media folder does not


def test_report_annex_failure_submits_nothing(monkeypatch, persona):
    """A report and its annex are one write: a failure after the file was stored undoes both."""
    import datetime as dt

    from django.utils import timezone

    from dvk.attachments.models import Attachment
    from dvk.plans import services
    from dvk.plans.models import Report

    tinh = persona("tinh.bdv")
    plan = services.create_plan(
        by=tinh,
        organisation=Organisation.objects.get(code="PT-BTGDV"),
        title="KH",
        issued_on=timezone.localdate(),
    )
    task, _ = services.add_task(
        by=tinh,
        plan=plan,
        title="Báo cáo",
        due_on=timezone.localdate() + dt.timedelta(days=9),
        assignees=[Organisation.objects.get(code="PT-DU-04897")],
    )
    services.issue_plan(by=tinh, plan=plan)
    assignment = task.assignments.get()

    def broken(plan):
        raise RuntimeError("notification lookup failed")

    monkeypatch.setattr("dvk.plans.services.reports._reviewers_of", broken)
    files = _stored_files()
    with pytest.raises(RuntimeError):
        services.submit_report(
            by=persona("xa.a"), assignment=assignment, summary="Đã làm.", progress_percent=40, annex=_pdf()
        )
    assert not Report.objects.filter(assignment=assignment).exclude(stage="due").exists()
    assert not Attachment.objects.filter(object_id__in=[str(r.pk) for r in assignment.reports.all()]).exists()
    assert _stored_files() == files

    monkeypatch.undo()
    report, changed = services.submit_report(
        by=persona("xa.a"), assignment=assignment, summary="Đã làm.", progress_percent=40, annex=_pdf()
    )
    assert changed and Attachment.objects.filter(object_id=str(report.pk), kind="plans.report").count() == 1
