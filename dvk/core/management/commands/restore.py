"""manage.py restore ARCHIVE: load a backup into a fresh database and media folder, then verify it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dvk.core import backup


class Command(BaseCommand):
    help = "Restore a backup archive into the configured (empty) database and compare every table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")

    def handle(self, *args, archive: str, **options) -> None:
        try:
            differ = backup.restore(Path(archive))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if differ:
            raise CommandError(_("Restored, but these tables differ from the backup: %s") % ", ".join(differ))
        self.stdout.write(_("Restored and verified: every table matches the backup."))
