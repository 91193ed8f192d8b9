"""The denouncer's identity: sealed in the vault, never in a column, a log line, an audit row,
a notification, a list, an export or an API response; read only by the handler and the body's
leader, each read written to the access log with its reason."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from dvk.audit.models import AuditEvent
from dvk.citizens import services
from dvk.citizens.tests.conftest import PLANTED
from dvk.citizens.workflow import Kind
from dvk.notifications.models import Notification
from dvk.vault.models import IdentityAccess

PHONE = "0968123457"
ID_NUMBER = "017099004321"


@pytest.fixture
def denunciation(letter, persona, org, caplog):
    caplog.set_level(logging.DEBUG)
    sent = letter(
        Kind.DENUNCIATION,
        body="PT-TTT",
        by="thanhtra.tinh",
        name=PLANTED,
        phone=PHONE,
        id_number=ID_NUMBER,
        address="Xóm Bí Mật, xã Thịnh Minh",
        summary="Tố cáo cán bộ nhận tiền của người dân khi giải quyết hồ sơ đất đai.",
    )
    case = sent.cases.get()
    inspector = persona("thanhtra.tinh")
    services.act(
        by=inspector,
        case=case,
        action="forward",
        note="Giao xác minh",
        to=org("PT-UBND-04897"),
        purpose="verification",
    )
    return sent


def _dump() -> str:
    """Every row of every table, as SQL text (the in-memory test database's file content)."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [r[0] for r in cursor.fetchall()]
        out = []
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from the catalogue)
            out.extend(str(row) for row in cursor.fetchall())
    return "\n".join(out)


def test_no_plaintext_anywhere(denunciation, client_for, api_for, caplog):
    secrets = (PLANTED, PHONE, ID_NUMBER, "Xóm Bí Mật")
    dump = _dump()
    for secret in secrets:
        assert secret not in dump
    case = denunciation.cases.get()
    client = client_for("thanhtra.tinh")
    pages = [
        client.get("/tiep-cong-dan/?open=0"),
        client.get(f"/tiep-cong-dan/ho-so/{case.pk}/"),
        client.get(f"/tiep-cong-dan/don/{denunciation.pk}/"),
        client.get("/tiep-cong-dan/don/?q=to+cao"),
        client_for("tiepdan.xa").get("/tiep-cong-dan/?open=0"),
        client_for("tinh.bdv").get("/tiep-cong-dan/theo-doi/"),
        client_for("tinh.bdv").get("/tiep-cong-dan/theo-doi/excel/"),
    ]
    api = api_for("thanhtra.tinh")
    pages += [
        api.get("/api/v1/citizens/cases"),
        api.get(f"/api/v1/citizens/cases/{case.pk}"),
        api.get("/api/v1/citizens/letters"),
    ]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode("utf-8", "replace")
        import json

        if response["Content-Type"].startswith("application/json"):
            text = json.dumps(response.json(), ensure_ascii=False)
        for secret in secrets:
            assert secret not in text
    logs = "\n".join(r.getMessage() for r in caplog.records)
    for secret in secrets:
        assert secret not in logs
    for row in AuditEvent.objects.all():
        assert PLANTED not in f"{row.changes} {row.target_repr}"
    for row in Notification.objects.all():
        assert PLANTED not in f"{row.title} {row.body}"


def test_reading_needs_the_right_person_and_is_logged(denunciation, persona, client_for):
    before = IdentityAccess.objects.count()
    with pytest.raises(PermissionDenied):
        services.read_identity(by=persona("tinh.bdv"), letter=denunciation, reason="Theo dõi")  # the Ban: no
    with pytest.raises(PermissionDenied):
        services.read_identity(by=persona("admin"), letter=denunciation, reason="Quản trị")  # nor the admin
    assert IdentityAccess.objects.count() == before
    # The body's handler (unassigned case: not yet) — assign the inspector, then read.
    from dvk.accounts.factories import UserFactory
    from dvk.citizens.models import Case
    from dvk.organisations.models import Membership, Organisation

    chief = UserFactory(username="chanh.thanhtra")
    Membership.objects.create(user=chief, organisation=Organisation.objects.get(code="PT-TTT"), role="leader")
    case = denunciation.cases.get()
    Case.objects.filter(pk=case.pk).update(handler=persona("thanhtra.tinh"))
    identity = services.read_identity(
        by=persona("thanhtra.tinh"), letter=denunciation, reason="Liên hệ người tố cáo"
    )
    assert identity["name"] == PLANTED
    assert (
        services.read_identity(by=chief, letter=denunciation, reason="Chỉ đạo giải quyết")["phone"] == PHONE
    )
    rows = IdentityAccess.objects.filter(reason__in=["Liên hệ người tố cáo", "Chỉ đạo giải quyết"])
    assert rows.count() == 2
    # Through the page: the reason is asked for, the read is logged; another officer gets 403.
    response = client_for("thanhtra.tinh").post(
        f"/tiep-cong-dan/don/{denunciation.pk}/", {"reason": "Gọi điện xác minh"}
    )
    assert response.status_code == 200 and PLANTED in response.content.decode()
    assert IdentityAccess.objects.filter(reason="Gọi điện xác minh").count() == 1
    assert (
        client_for("tinh.bdv").post(f"/tiep-cong-dan/don/{denunciation.pk}/", {"reason": "x"}).status_code
        == 403
    )


def test_published_conclusion_is_redacted(letter, persona):
    sent = letter(Kind.DENUNCIATION, body="PT-TTT", by="thanhtra.tinh", name=PLANTED, phone=PHONE)
    case = sent.cases.get()
    inspector = persona("thanhtra.tinh")
    for action in ("accept", "verify"):
        case = services.act(by=inspector, case=case, action=action)
    case = services.act(by=inspector, case=case, action="conclude", note="Kết luận: tố cáo đúng một phần.")
    from dvk.citizens.models import Case

    Case.objects.filter(pk=case.pk).update(handler=inspector)
    case = services.publish_answer(
        by=inspector, case=case, text=f"Ông {PLANTED} (điện thoại {PHONE}) tố cáo đúng một phần."
    )
    assert PLANTED not in case.published_answer and PHONE not in case.published_answer


def test_a_denunciation_takes_no_ordinary_attachment(letter, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dvk.attachments.services import attach

    sent = letter(Kind.DENUNCIATION, body="PT-TTT", by="thanhtra.tinh", name=PLANTED, phone=PHONE)
    scan = SimpleUploadedFile(
        "don.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )
    with pytest.raises(PermissionDenied):
        attach(target=sent, upload=scan, by=persona("thanhtra.tinh"), kind="letter")
    petition = letter(Kind.PETITION)
    assert persona("tiepdan.xa").has_perm("citizens.attach", petition)
