"""The deadline engine: `compute(rule_id, start, ...)` → `Deadline`.

Counting follows the Bộ luật Dân sự 2015: the day of the start event is not counted (Điều 147 k1);
a period in calendar days that ends on a weekend or a holiday ends on the next working day
(Điều 148 k5), and `moved_from` keeps the unrolled date. A period in working days counts only
working days (`dvk.deadlines.calendar`). The rule row used is the one valid on the start date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.deadlines import calendar
from dvk.deadlines.cache import TableCache
from dvk.deadlines.models import DayType, DeadlineRule

MAX_EXTENSIONS = 2
MAX_PAUSED_DAYS = 3660  # ten years of suspension: anything longer is a typing error
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class DeadlineError(ValueError):
    """Bad input to the engine; the message is Vietnamese and safe to show. `field` names the
    parameter at fault ("rule", "start", "extensions", "paused_days")."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Deadline:
    rule: str  # rule id
    start: dt.date  # the day of the start event (not counted)
    due: dt.date  # the last day on which the act is still on time (the period ends at its end)
    day_type: str  # "calendar" | "working"
    legal_ref: str
    moved_from: dt.date | None  # the unrolled end when it fell on a day off (calendar days only)
    days: int = 0  # the length applied, after modifiers, extensions and pauses
    name: str = ""  # the step, in Vietnamese

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `manage.py deadline --json` and GET /api/v1/deadlines/compute."""
        return {
            "rule": self.rule,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "day_type": self.day_type,
            "legal_ref": self.legal_ref,
            "moved_from": self.moved_from.isoformat() if self.moved_from else None,
        }


def parse_date(value: dt.date | str) -> dt.date:
    """A date from a date object, "dd/mm/yyyy" or "YYYY-MM-DD"; DeadlineError otherwise."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    m = _ISO.match(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _VN.match(text)
        if not m:
            raise DeadlineError(_("Enter the start date as dd/mm/yyyy or YYYY-MM-DD."), "start")
        day, month, year = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DeadlineError(_("The date %(value)s does not exist.") % {"value": text[:20]}, "start") from None


def _load_rules() -> dict[str, list[DeadlineRule]]:
    table: dict[str, list[DeadlineRule]] = {}
    for rule in DeadlineRule.objects.order_by("rule_id", "-valid_from"):
        table.setdefault(rule.rule_id, []).append(rule)
    return table


_rules = TableCache("rules", _load_rules)


def invalidate_rules(*, shared: bool = False) -> None:
    _rules.invalidate(shared=shared)


def rule_for(rule_id: str, on: dt.date) -> DeadlineRule:
    """The version of rule `rule_id` valid on `on`; DeadlineError if there is none."""
    code = str(rule_id or "").strip().upper()
    if not code or len(code) > 64:
        raise DeadlineError(_("Give the code of a deadline rule, e.g. KN.THU_LY_L1."), "rule")
    versions = _rules.get().get(code, [])
    if not versions:
        raise DeadlineError(_("There is no deadline rule with the code %(code)s.") % {"code": code}, "rule")
    for version in versions:
        if version.valid_from <= on and (version.valid_to is None or on <= version.valid_to):
            return version
    raise DeadlineError(
        _("The rule %(code)s is not in force on %(date)s.") % {"code": code, "date": f"{on:%d/%m/%Y}"},
        "start",
    )


def _whole(value: Any, field: str) -> int:
    if isinstance(value, bool):
        return int(value)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DeadlineError(_("Enter a whole number."), field) from None
    if isinstance(value, float) and value != number:
        raise DeadlineError(_("Enter a whole number."), field)
    if number < 0:
        raise DeadlineError(_("The number must not be negative."), field)
    return number


def period_days(
    rule: DeadlineRule,
    *,
    complex: bool = False,
    remote_area: bool = False,
    multi_location: bool = False,
    extensions: int = 0,
    paused_days: int = 0,
) -> int:
    """The number of days (of the rule's kind) that applies with these modifiers. Modifiers the
    rule does not provide for leave it unchanged (complexity does not lengthen an acceptance period)."""
    days = rule.days
    if remote_area and complex and rule.remote_complex_days:
        days = rule.remote_complex_days
    elif remote_area and rule.remote_days:
        days = rule.remote_days
    elif complex and rule.complex_days:
        days = rule.complex_days
    if multi_location and rule.multi_location_days:
        days = max(days, rule.multi_location_days)
    if extensions:
        if not rule.max_extensions:
            raise DeadlineError(
                _("The rule %(code)s does not allow an extension.") % {"code": rule.rule_id}, "extensions"
            )
        if extensions > rule.max_extensions:
            raise DeadlineError(
                _("The rule %(code)s allows at most %(max)d extension(s).")
                % {"code": rule.rule_id, "max": rule.max_extensions},
                "extensions",
            )
        days += extensions * rule.extension_days
    if paused_days:
        if not rule.pauses_excluded:
            raise DeadlineError(
                _("Under the rule %(code)s in force on that date, a suspension does not stop the clock.")
                % {"code": rule.rule_id},
                "paused_days",
            )
        days += paused_days
    return days


def compute(
    rule_id: str,
    start: dt.date | str,
    *,
    complex: bool = False,
    remote_area: bool = False,
    multi_location: bool = False,
    extensions: int = 0,
    paused_days: int = 0,
) -> Deadline:
    """The deadline of rule `rule_id` for an event on `start` (see the module docstring).

    Raises DeadlineError (a ValueError, Vietnamese message) for an unknown rule, an impossible or
    badly written date, a rule not in force on that date, negative numbers, more than 2
    extensions (or more than the rule allows), or suspended days on a rule that does not exclude them.
    """
    start_day = parse_date(start)
    extensions = _whole(extensions, "extensions")
    paused_days = _whole(paused_days, "paused_days")
    if extensions > MAX_EXTENSIONS:
        raise DeadlineError(
            _("A deadline can be extended at most %(max)d times.") % {"max": MAX_EXTENSIONS}, "extensions"
        )
    if paused_days > MAX_PAUSED_DAYS:
        raise DeadlineError(_("The number of suspended days is too large."), "paused_days")
    rule = rule_for(rule_id, start_day)
    days = period_days(
        rule,
        complex=bool(complex),
        remote_area=bool(remote_area),
        multi_location=bool(multi_location),
        extensions=extensions,
        paused_days=paused_days,
    )
    moved_from = None
    try:
        if rule.day_type == DayType.WORKING:
            due = calendar.add_working_days(start_day, days)
        else:
            raw = start_day + dt.timedelta(days=days)
            due = calendar.next_working_day(raw)
            moved_from = raw if due != raw else None
    except (OverflowError, ValueError):
        raise DeadlineError(_("The deadline falls outside the calendar."), "start") from None
    return Deadline(
        rule=rule.rule_id,
        start=start_day,
        due=due,
        day_type=rule.day_type,
        legal_ref=rule.legal_ref,
        moved_from=moved_from,
        days=days,
        name=rule.name,
    )
