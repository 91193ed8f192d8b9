"""manage.py backup [--output DIR]: the database and the media folder in one verified archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dvk.core import backup


class Command(BaseCommand):
    help = "Write a backup archive (database + media, with per-table counts and checksums)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="directory for the archive (default: BACKUP_DIR or var/backups)")

    def handle(self, *args, output: str | None = None, **options) -> None:
        try:
            path = backup.backup(Path(output) if output else backup.default_directory())
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = backup.read_manifest(path)["tables"]
        self.stdout.write(
            _("Backup written: %(path)s (%(tables)s tables, %(rows)s rows)")
            % {"path": path, "tables": len(tables), "rows": sum(t["rows"] for t in tables.values())}
        )
