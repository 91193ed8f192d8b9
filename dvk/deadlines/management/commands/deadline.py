"""manage.py deadline RULE START [--complex] [--remote-area] [--multi-location] [--extensions N]
[--paused-days N] [--json]: print the last day on which the act is still on time."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from dvk.deadlines.models import DayType
from dvk.deadlines.services import DeadlineError, compute

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")  # data, not UI text


class Command(BaseCommand):
    help = "Compute a statutory deadline (rules in dvk/deadlines; see docs/architecture.md, Deadlines)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        stderr = self.stderr

        def error(message: str) -> None:  # argparse's own errors, in Vietnamese, exit code 2
            with translation.override("vi"):
                stderr.write(_("Invalid arguments: %(detail)s") % {"detail": message})
            sys.exit(2)

        parser.error = error  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("rule", help="rule code, e.g. KN.THU_LY_L1")
        parser.add_argument("start", help="day of the start event: dd/mm/yyyy or YYYY-MM-DD")
        parser.add_argument("--complex", action="store_true")
        parser.add_argument("--remote-area", action="store_true")
        parser.add_argument("--multi-location", action="store_true")
        parser.add_argument("--extensions", default="0", help="0-2")
        parser.add_argument("--paused-days", default="0")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        with translation.override("vi"):
            try:
                deadline = compute(
                    options["rule"],
                    options["start"],
                    complex=options["complex"],
                    remote_area=options["remote_area"],
                    multi_location=options["multi_location"],
                    extensions=options["extensions"],
                    paused_days=options["paused_days"],
                )
            except DeadlineError as exc:
                self.stderr.write(str(exc))
                sys.exit(2)
            if options["json"]:
                self.stdout.write(json.dumps(deadline.as_dict(), ensure_ascii=False))
                return
            kind = DayType(deadline.day_type).label
            due = deadline.due
            lines = [
                _("Last day: %(weekday)s %(date)s (%(iso)s)")
                % {"weekday": WEEKDAYS[due.weekday()], "date": f"{due:%d/%m/%Y}", "iso": due.isoformat()},
                _("Rule: %(code)s — %(name)s") % {"code": deadline.rule, "name": deadline.name},
                _("Period: %(days)d %(kind)s from %(start)s (that day not counted)")
                % {"days": deadline.days, "kind": kind, "start": f"{deadline.start:%d/%m/%Y}"},
            ]
            if deadline.moved_from:
                lines.append(
                    _(
                        "%(date)s is a day off: the deadline moves to the next working day (BLDS 2015, Điều 148)."
                    )
                    % {"date": f"{deadline.moved_from:%d/%m/%Y}"}
                )
            lines.append(_("Legal basis: %(ref)s") % {"ref": deadline.legal_ref})
            self.stdout.write("\n".join(lines))
