"""manage.py import_register KIND FILE [--sheet NAME] [--dry-run] [--json] [--user USERNAME]

KIND is one of the declared importers (exemplars, bodies, cases, petitions). Without --dry-run
the register is imported (all rows or none) as --user (default: the first active system
administrator). --json prints the report object: {"sheet", "header_row", "records", "errors",
"skipped"}. Exit code 0 when the file has no errors, 1 when it has (nothing created), 2 when it
cannot be read."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dvk.imports import engine


class Command(BaseCommand):
    help = "Import an existing register from an Excel workbook (.xlsx or .xls), or check it with --dry-run."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", help="exemplars, bodies, cases or petitions")
        parser.add_argument("file")
        parser.add_argument(
            "--sheet", default=None, help="the sheet's name (default: the first with the header)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be created; write nothing"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument(
            "--user", default="", help="import as this user (default: a system administrator)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            self.stderr.write(_("File not found: %(path)s") % {"path": path})
            sys.exit(2)
        user = self._user(options["user"])
        try:
            spec = engine.get_spec(options["kind"])
            content = path.read_bytes()
            report, refused = None, ""
            try:
                report = engine.run(
                    spec, content, user=user, sheet=options["sheet"], apply=not options["dry_run"]
                )
            except engine.ImportRefused as exc:
                if options["dry_run"]:
                    raise
                refused = str(exc)
                report = engine.run(spec, content, user=user, sheet=options["sheet"], apply=False)
        except engine.ImportRefused as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        except PermissionDenied as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2, default=str))
        else:
            self._print(report, spec.title_field)
        if refused:
            self.stderr.write(refused)
        if report.errors:
            sys.exit(1)
        if report.applied and not options["json"]:
            self.stdout.write(_("%(n)s record(s) created.") % {"n": len(report.created)})

    def _user(self, username: str) -> Any:
        User = get_user_model()
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(_("No active user %(name)s.") % {"name": username})
            return user
        return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()

    def _print(self, report: engine.Report, title_field: str) -> None:
        self.stdout.write(
            _("Sheet “%(sheet)s”, header on row %(row)s.") % {"sheet": report.sheet, "row": report.header_row}
        )
        for row in report.rows():
            if row["status"] == "create":
                self.stdout.write(f"  {row['row']:>5}  + {row['record'].get(title_field) or ''}")
            elif row["status"] == "error":
                self.stdout.write(f"  {row['row']:>5}  ! {row['error']['message']}")
            else:
                self.stdout.write(f"  {row['row']:>5}  - {row['message']}")
        self.stdout.write(
            _("%(records)s to create, %(errors)s error(s), %(skipped)s skipped.")
            % {"records": len(report.records), "errors": len(report.errors), "skipped": len(report.skipped)}
        )
