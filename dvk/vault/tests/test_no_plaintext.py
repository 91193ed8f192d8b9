"""A planted identity must never reach the database (searched in the raw SQLite bytes, or every
row of every table as text on PostgreSQL), the logs (including every SQL statement with its
parameters), the audit trail, the API or an error message."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection

from dvk.audit.models import AuditEvent
from dvk.core.text import fold
from dvk.vault.models import IdentityAccess
from dvk.vault.services import matches, redact, seal, unseal

PLANTED = {
    "name": "Lò Thị Xuyến Planted",
    "id_number": "0991 2345 6781",
    "phone": "0987 654 321",
    "address": "Bản Khoang Plantedhamlet, xã Mường Lý",
    "email": "xuyen.planted@example.vn",
}


def needles() -> list[bytes]:
    name = PLANTED["name"]
    texts = [
        name,
        unicodedata.normalize("NFD", name),
        fold(name),
        "Planted",
        "Plantedhamlet",
        "099123456781",
        "0991 2345 6781",
        "0987654321",
        "0987 654 321",
        "xuyen.planted",
    ]
    found = []
    for text in texts:
        found += [text.encode("utf-8"), text.lower().encode("utf-8"), text.encode("utf-16-le")]
    return found


def assert_clean(blob: bytes | str, where: str) -> None:
    data = blob.encode("utf-8") if isinstance(blob, str) else blob
    for needle in needles():
        assert needle not in data, f"plaintext {needle!r} found in {where}"


def database_bytes() -> bytes:
    """The whole database as bytes: the SQLite image, or every row of every table as text."""
    if connection.vendor == "sqlite":
        return connection.connection.serialize()
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT t::text FROM "{table}" t')  # noqa: S608 - table names from introspection
            chunks += [row[0] for row in cursor.fetchall()]
    return "\n".join(chunks).encode("utf-8")


def exercise(owner, handler, other) -> None:
    sealed = seal(owner, PLANTED, handler, paper_reference="Sổ TC 07")
    assert unseal(sealed, handler, "Xác minh theo Điều 56") == PLANTED
    with pytest.raises(PermissionDenied) as exc:
        unseal(sealed, other, "Không có quyền")
    assert_clean(str(exc.value), "the PermissionDenied message")
    assert matches({"phone": "+84 987 654 321"}).get() == sealed
    assert "[đã lược bỏ]" in redact(f"Người tố cáo: {PLANTED['name']}", PLANTED)


def test_planted_identity_is_nowhere_in_plaintext(cast, read_rule, caplog, client):
    owner, handler, other = cast
    read_rule.add(handler.pk)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")  # "django" is at INFO by default
    connection.force_debug_cursor = True  # log every SQL statement with its parameters
    try:
        exercise(owner, handler, other)
    finally:
        connection.force_debug_cursor = False
    assert any("vault" in r.getMessage() for r in caplog.records)
    assert any(r.name == "django.db.backends" for r in caplog.records)
    assert_clean(caplog.text, "the captured logs")
    assert_clean("\n".join(r.getMessage() for r in caplog.records), "the log messages")

    events = list(AuditEvent.objects.filter(target_type="vault.sealedidentity").values())
    assert {e["action"] for e in events} >= {"vault.seal", "vault.read", "vault.read_denied"}
    assert_clean(repr(events), "the audit events")
    assert_clean(repr(list(IdentityAccess.objects.values())), "the access log")

    from dvk.accounts.models import User

    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "vault.admin", "", "x-strong-password-1"
    )
    client.force_login(admin)
    for url in (
        "/api/v1/audit?target_type=vault.sealedidentity",
        "/nhat-ky/",
        "/quan-tri/vault/sealedidentity/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_clean(response.content, url)
    assert_clean(database_bytes(), "the database")


@pytest.fixture
def sqlite_then_reseed(django_db_blocker):
    """The SQLite file test commits; afterwards transactional_db flushes the tables, so the demo
    province is loaded again for the tests that follow on this worker."""
    if connection.vendor != "sqlite":
        pytest.skip("the database-file check reads SQLite's file; PostgreSQL rows are checked above")
    yield
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


def test_planted_identity_is_not_in_the_sqlite_file_after_commit(
    sqlite_then_reseed, transactional_db, tmp_path
):
    from dvk.accounts.models import User

    owner = User.objects.create_user("vault.file.owner", password="x-strong-password-1")
    handler = User.objects.create_user("vault.file.handler", password="x-strong-password-1")
    sealed = seal(owner, PLANTED, handler)  # autocommit: the row is committed
    assert sealed.ciphertext
    copy = Path(tmp_path) / "copy.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    data = copy.read_bytes()
    assert sealed.ciphertext.encode() in data  # the copy does hold the row…
    assert_clean(data, "the SQLite database file")  # …but never its plaintext
