"""Reporting regimes → the periods a body reports on, with codes stored on Report.period."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.utils.translation import gettext as _

from dvk.plans.models import Regime


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def periods(regime: str, start: dt.date, end: dt.date) -> list[tuple[str, dt.date]]:
    """(code, due date) of each report a body owes between `start` and `end` (the assignment's due date).

    A period is owed when it ends on or after `start`; its due date is the period's end, or `end`
    when that comes first. An ad hoc regime owes one report, on `end`.
    """
    if end < start:
        start = end
    candidates: list[tuple[str, dt.date, dt.date]] = []  # code, period start, period end
    for year in range(start.year, end.year + 1):
        if regime == Regime.MONTHLY:
            candidates += [
                (f"{year}-M{m:02d}", dt.date(year, m, 1), _month_end(year, m)) for m in range(1, 13)
            ]
        elif regime == Regime.QUARTERLY:
            candidates += [
                (f"{year}-Q{q}", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)) for q in range(1, 5)
            ]
        elif regime == Regime.HALF_YEAR:
            candidates += [
                (f"{year}-H1", dt.date(year, 1, 1), dt.date(year, 6, 30)),
                (f"{year}-Y", dt.date(year, 7, 1), dt.date(year, 12, 31)),
            ]
        elif regime == Regime.NINE_MONTH:
            candidates += [
                (f"{year}-9M", dt.date(year, 1, 1), dt.date(year, 9, 30)),
                (f"{year}-Y", dt.date(year, 10, 1), dt.date(year, 12, 31)),
            ]
        elif regime == Regime.YEARLY:
            candidates.append((f"{year}-Y", dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if regime == Regime.AD_HOC or not candidates:
        return [(f"adhoc-{end:%Y%m%d}", end)]
    return [
        (code, min(p_end, end)) for code, p_start, p_end in candidates if p_end >= start and p_start <= end
    ]


_CODE = re.compile(r"^(?P<y>\d{4})-(?:M(?P<m>\d{2})|Q(?P<q>\d)|(?P<h>H1)|(?P<n>9M)|(?P<yr>Y))$")
_ADHOC = re.compile(r"^adhoc-(?P<d>\d{8})$")


def label(code: str) -> str:
    m = _CODE.match(code or "")
    if m:
        y = m.group("y")
        if m.group("m"):
            return _("Month %(month)s/%(year)s") % {"month": m.group("m"), "year": y}
        if m.group("q"):
            return _("Quarter %(quarter)s/%(year)s") % {"quarter": m.group("q"), "year": y}
        if m.group("h"):
            return _("First 6 months of %(year)s") % {"year": y}
        if m.group("n"):
            return _("9 months of %(year)s") % {"year": y}
        return _("Year %(year)s") % {"year": y}
    a = _ADHOC.match(code or "")
    if a:
        d = dt.datetime.strptime(a.group("d"), "%Y%m%d").date()  # noqa: DTZ007 - a date, no time zone
        return _("Ad hoc report (%(date)s)") % {"date": d.strftime("%d/%m/%Y")}
    return code
