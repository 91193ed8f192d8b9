"""Backup and restore: an archive restored into a fresh database matches table by table and serves the demo."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dvk.core import backup

ROOT = Path(settings.BASE_DIR)
SERVE_CHECK = """
from django.test import Client
from dvk.accounts.models import User
c = Client()
c.force_login(User.objects.get(username="tinh.bdv"))
for url in ("/", "/mo-hinh/", "/ke-hoach/"):
    r = c.get(url)
    assert r.status_code == 200, (url, r.status_code)
print("served", User.objects.count())
"""


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env, "DEBUG": "true"}
    full.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def fresh_database(tmp_path):
    """DATABASE_URL of an empty database of the same engine as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    params = connection.get_connection_params()
    name = f"dvk_restore_{uuid.uuid4().hex[:10]}"
    admin = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    host, port, user = (
        params.get("host", "127.0.0.1"),
        params.get("port", 5432),
        params.get("user", "postgres"),
    )
    yield f"postgres://{user}@{host}:{port}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database_table_by_table_and_serves_the_demo(
    db, tmp_path, fresh_database
):
    media = Path(settings.MEDIA_ROOT)
    planted = media / "backup-test" / f"{uuid.uuid4().hex}.txt"
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text("biên bản", "utf-8")
    try:
        archive = backup.backup(tmp_path / "out")
    finally:
        planted.unlink()
    manifest = backup.read_manifest(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["accounts_user"]["rows"] > 5  # the demo cast
    assert any(name.startswith("exemplars_") and t["rows"] for name, t in manifest["tables"].items())
    with tarfile.open(archive) as tar:
        assert f"media/backup-test/{planted.name}" in tar.getnames()

    restored_media = tmp_path / "restored-media"
    env = {"DATABASE_URL": fresh_database, "MEDIA_ROOT": str(restored_media)}
    result = _manage(env, "restore", str(archive))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "khớp" in result.stdout or "matches" in result.stdout
    assert (restored_media / "backup-test" / planted.name).read_text("utf-8") == "biên bản"

    served = _manage(env, "shell", "--no-imports", "-c", SERVE_CHECK)
    assert served.returncode == 0, served.stderr[-3000:]
    assert served.stdout.strip() == f"served {manifest['tables']['accounts_user']['rows']}"

    again = _manage(env, "restore", str(archive))  # never over a database that holds data
    assert again.returncode != 0 and "không rỗng" in again.stderr


def test_a_changed_table_is_reported_by_verify(db, tmp_path):
    archive = backup.backup(tmp_path)
    manifest = backup.read_manifest(archive)
    assert backup.verify(manifest) == []
    manifest["tables"]["accounts_user"]["rows"] += 1
    manifest["tables"]["not_a_table"] = {"rows": 0, "sha256": ""}
    assert backup.verify(manifest) == ["accounts_user", "not_a_table"]


def test_restore_refuses_what_is_not_an_archive(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="không phải"):
        call_command("restore", str(junk))
