"""Backup and restore: the database and the media folder in one archive, verified table by table.

An archive (``dvk-backup-YYYYmmdd-HHMMSS.tar``) holds

- ``manifest.json``: engine, time, the applied migrations and, per table, its row count and a SHA-256
  checksum of its rows in primary-key order;
- the database: ``database.sqlite3`` made with SQLite's online backup API (consistent while the app
  runs), or ``database.pgdump`` made with ``pg_dump --format=custom`` (one consistent snapshot);
- ``media/``: every uploaded file (attachments, vault scans, generated documents).

``restore`` loads an archive into the configured (fresh) database and media folder, then recomputes every
table's count and checksum and compares them with the manifest: a restore that does not match fails loudly.
Nothing here knows any domain: tables are read through the connection's introspection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 (pg_dump / pg_restore with fixed arguments, no shell)
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"
BATCH = 2000


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Vietnamese)."""


@dataclass(frozen=True)
class TableSum:
    rows: int
    sha256: str


def table_sums(alias: str = "default") -> dict[str, TableSum]:
    """Row count and checksum of every table of the database `alias`, in primary-key order."""
    connection = connections[alias]
    sums: dict[str, TableSum] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            sums[table] = _table_sum(connection, cursor, table)
    return sums


def _table_sum(connection: Any, cursor: Any, table: str) -> TableSum:
    quoted = connection.ops.quote_name(table)
    columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
    order = ", ".join(connection.ops.quote_name(c) for c in columns)
    cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608 (names from introspection)
    digest, rows = hashlib.sha256(), 0
    for row in _fetch(cursor):
        digest.update(json.dumps([_plain(v) for v in row], ensure_ascii=False, default=str).encode())
        rows += 1
    return TableSum(rows, digest.hexdigest())


def _fetch(cursor: Any) -> Iterator[tuple[Any, ...]]:
    while batch := cursor.fetchmany(BATCH):
        yield from batch


def _plain(value: Any) -> Any:
    """One text form per value whatever the driver returns (bytes, memoryview, dates, decimals)."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value
    return str(value)


def _migrations(alias: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def backup(directory: Path, *, alias: str = "default", media_root: Path | None = None) -> Path:
    """Write an archive of the database and the media folder into `directory`; returns its path."""
    connection = connections[alias]
    media = Path(media_root or settings.MEDIA_ROOT)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = directory / f"dvk-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if connection.vendor == "sqlite":
            db_file = work / SQLITE_NAME
            _sqlite_backup(connection, db_file)
        elif connection.vendor == "postgresql":
            db_file = work / PG_NAME
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={db_file}", _pg_dsn(connection)])
        else:
            raise BackupError(_("This database engine has no backup procedure: %s") % connection.vendor)
        manifest = {
            "format": 1,
            "engine": connection.vendor,
            "created_at": timezone.now().isoformat(),
            "migrations": _migrations(alias),
            "tables": {name: {"rows": s.rows, "sha256": s.sha256} for name, s in table_sums(alias).items()},
        }
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
            if media.is_dir():
                tar.add(media, arcname="media")
        partial.replace(target)  # never a half-written archive under the final name
    return target


def _sqlite_backup(connection: Any, target: Path) -> None:
    """SQLite's online backup API; inside an open transaction (a test, a caller's atomic block) the API
    would wait for that transaction's own lock forever, so the same connection dumps its SQL instead."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        if connection.in_atomic_block:
            # Indexes and constraints on expressions call Django's SQL functions (django_date_extract, …).
            from django.db.backends.sqlite3._functions import register

            register(destination)
            destination.executescript("\n".join(connection.connection.iterdump()))
        else:
            connection.connection.backup(destination)
    finally:
        destination.close()


def _pg_dsn(connection: Any) -> str:
    params = connection.get_connection_params()
    parts = {
        "host": params.get("host") or "",
        "port": params.get("port") or "",
        "user": params.get("user") or "",
        "dbname": params.get("dbname") or params.get("database") or connection.settings_dict["NAME"],
    }
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)


def _run(command: list[str], *, env: dict[str, str] | None = None) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(_("The program %s is needed and is not installed.") % command[0])
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]}: {result.stderr.strip()[:2000]}")


def read_manifest(archive: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive) as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return json.loads(member.read())
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(_("%s is not a backup archive of this platform.") % archive) from exc


def restore(archive: Path, *, alias: str = "default", media_root: Path | None = None) -> list[str]:
    """Load `archive` into the database `alias` (which must be empty) and the media folder.

    Returns the tables whose count or checksum differ from the manifest (empty when the restore is exact).
    """
    manifest = read_manifest(archive)
    connection = connections[alias]
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            _("The archive holds a %(archive)s database; this instance runs on %(here)s.")
            % {"archive": manifest["engine"], "here": connection.vendor}
        )
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if "django_migrations" in existing:
        raise BackupError(_("The target database is not empty: restore into a fresh database."))
    media = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive) as tar:
        work = Path(tmp)
        tar.extractall(work, filter="data")
        if connection.vendor == "sqlite":
            _sqlite_restore(connection, work / SQLITE_NAME)
        else:
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    f"--dbname={_pg_dsn(connection)}",
                    str(work / PG_NAME),
                ]
            )
        if (work / "media").is_dir():
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(work / "media", media, dirs_exist_ok=True)
    connection.close()
    return verify(manifest, alias=alias)


def _sqlite_restore(connection: Any, source: Path) -> None:
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection)
    finally:
        origin.close()


def verify(manifest: dict[str, Any], *, alias: str = "default") -> list[str]:
    """Tables whose row count or checksum differ from the manifest (missing or extra tables included)."""
    now = table_sums(alias)
    expected = manifest["tables"]
    differ = [
        name
        for name in sorted(set(expected) | set(now))
        if name not in now
        or name not in expected
        or (now[name].rows, now[name].sha256) != (expected[name]["rows"], expected[name]["sha256"])
    ]
    return differ


def default_directory() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or settings.VAR_DIR / "backups")
