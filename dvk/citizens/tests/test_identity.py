"""The denouncer's identity: sealed in the vault, never in a column, a log line, an audit row,
a notification, a list, an export or an API response; read only by the handler and the body's
leader, each read written to the access log with its reason."""

from __future__ import annotations

import datetime as dt
import io
import logging
import unicodedata
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from dvk.audit.models import AuditEvent
from dvk.citizens import services
from dvk.citizens.tests.conftest import PLANTED
from dvk.citizens.workflow import Kind
from dvk.core.text import fold
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
    """Every row of every table as text (SQLite's SQL dump, or each PostgreSQL row cast to text)."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    with connection.cursor() as cursor:
        out = []
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT t::text FROM "{table}" t')  # noqa: S608 (table names from the catalogue)
            out.extend(row[0] for row in cursor.fetchall())
    return "\n".join(out)


def _database_bytes() -> bytes:
    """The database file itself (SQLite's serialised image: the bytes a disk copy would hold)."""
    if connection.vendor == "sqlite":
        return connection.connection.serialize()
    return _dump().encode("utf-8")


def _needles() -> list[bytes]:
    """The planted identity as any layer could spell it: NFC, NFD, folded, lower case, UTF-16."""
    texts = [PLANTED, unicodedata.normalize("NFD", PLANTED), fold(PLANTED), PHONE, ID_NUMBER, "Xóm Bí Mật"]
    # (never a bare short fragment such as "Zyx": random base64 of the ciphertexts contains it by chance)
    texts += [fold("Xóm Bí Mật"), "Mật Zyx", "Bí Mật Zyx"]
    found = []
    for text in texts:
        found += [text.encode("utf-8"), text.lower().encode("utf-8"), text.encode("utf-16-le")]
    return found


def _assert_clean(blob: bytes | str, where: str) -> None:
    data = blob.encode("utf-8") if isinstance(blob, str) else blob
    if data[:2] == b"PK":  # XLSX and DOCX are zip files: search every member, uncompressed
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = b"\n".join(archive.read(name) for name in archive.namelist())
        assert data, where
    for needle in _needles():
        assert needle not in data, f"plaintext {needle!r} found in {where}"


@pytest.fixture
def sql_logged(caplog):
    """Log every SQL statement with its parameters while the test runs (set up before the data)."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    connection.force_debug_cursor = True
    yield
    connection.force_debug_cursor = False


def test_no_plaintext_anywhere(
    sql_logged, denunciation, client_for, api_for, caplog, mailoutbox, org, persona
):
    _assert_clean(_dump(), "the database rows")
    _assert_clean(_database_bytes(), "the database file")
    case = denunciation.cases.get()
    linked = case.forwards.get()
    # Overdue, so that the reminder letter and the deadline digest name it too.
    case.__class__.objects.filter(pk__in=[case.pk, linked.pk]).update(
        due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    services.send_deadline_alerts()
    client = client_for("thanhtra.tinh")
    ban = client_for("tinh.bdv")
    pages = {
        "inspector worklist": client.get("/tiep-cong-dan/?open=0"),
        "case page": client.get(f"/tiep-cong-dan/ho-so/{case.pk}/"),
        "letter page": client.get(f"/tiep-cong-dan/don/{denunciation.pk}/"),
        "letter search": client.get("/tiep-cong-dan/don/?q=to+cao"),
        "commune worklist": client_for("tiepdan.xa").get("/tiep-cong-dan/?open=0"),
        "commune linked case": client_for("tiepdan.xa").get(f"/tiep-cong-dan/ho-so/{linked.pk}/"),
        "monitoring": ban.get("/tiep-cong-dan/theo-doi/"),
        "monitoring XLSX": ban.get("/tiep-cong-dan/theo-doi/excel/"),
        "report DOCX": ban.get("/tiep-cong-dan/theo-doi/bao-cao.docx"),
        "reminder letter DOCX": ban.post("/tiep-cong-dan/theo-doi/don-doc/", {"cases": [case.pk, linked.pk]}),
        "audit page": client_for("admin").get("/nhat-ky/"),
        "notifications": client_for("tiepdan.xa").get("/thong-bao/"),
    }
    api = api_for("thanhtra.tinh")
    pages |= {
        "API cases": api.get("/api/v1/citizens/cases"),
        "API case": api.get(f"/api/v1/citizens/cases/{case.pk}"),
        "API events": api.get(f"/api/v1/citizens/cases/{case.pk}/events"),
        "API letters": api.get("/api/v1/citizens/letters"),
        "API audit": api_for("admin").get("/api/v1/audit"),
    }
    for where, response in pages.items():
        assert response.status_code == 200, where
        _assert_clean(response.content, where)
    assert pages["reminder letter DOCX"].content[:2] == b"PK"
    assert any(r.name == "django.db.backends" for r in caplog.records)  # the SQL was logged…
    _assert_clean(caplog.text, "the captured logs")  # …with its parameters, and holds no identity
    _assert_clean("\n".join(r.getMessage() for r in caplog.records), "the log messages")
    _assert_clean(repr(list(AuditEvent.objects.values())), "the audit trail")
    notes = list(Notification.objects.values())
    assert notes
    _assert_clean(repr(notes), "the notifications")
    _assert_clean("\n".join(f"{m.subject}\n{m.body}" for m in mailoutbox), "the e-mails")
    _assert_clean(_database_bytes(), "the database file, at the end")
    # No search index holds the name: searching for it (last: the query itself is logged) finds nothing.
    searched = client.get("/tiep-cong-dan/don/", {"q": PLANTED})
    assert searched.status_code == 200 and denunciation.receipt_number not in searched.content.decode()


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
