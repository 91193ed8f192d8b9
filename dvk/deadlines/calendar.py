"""Working days in Viet Nam: Monday–Friday, minus the public holidays of the `holidays` package
(Tết Dương lịch, lunar Tết, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh and the days off it moves),
corrected by the `CalendarOverride` table (the government's yearly swaps with make-up Saturdays,
and any holiday the package gets wrong). The override always wins.

The override table is read once per process and kept in memory (`dvk.deadlines.cache`): saving or
deleting a row clears it here and tells the other processes, which reload within a minute.
"""

from __future__ import annotations

import datetime as dt
import threading

import holidays

from dvk.deadlines.cache import TableCache

_MAX_STEPS = 40_000  # ~110 years of days: no legal period comes near it

_lock = threading.Lock()
_base = holidays.country_holidays("VN", language="vi")


def _load_overrides() -> dict[dt.date, bool]:
    from dvk.deadlines.models import CalendarOverride, OverrideKind

    rows = CalendarOverride.objects.values_list("date", "kind")
    return {day: kind == OverrideKind.WORKING_DAY for day, kind in rows}


_overrides = TableCache("calendar", _load_overrides)


def invalidate(*, shared: bool = False) -> None:
    """Forget the cached override table (and, with `shared`, tell the other processes)."""
    _overrides.invalidate(shared=shared)


def _table() -> dict[dt.date, bool]:
    return _overrides.get()


def _as_date(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


def holiday_name(d: dt.date) -> str | None:
    """The package's name of the public holiday on `d` (Vietnamese), or None."""
    with _lock:
        return _base.get(_as_date(d))


def is_working_day(d: dt.date) -> bool:
    d = _as_date(d)
    override = _table().get(d)
    if override is not None:
        return override
    if d.weekday() >= 5:
        return False
    with _lock:
        return d not in _base


def next_working_day(d: dt.date) -> dt.date:
    """`d` itself if it is a working day, else the first working day after it."""
    d = _as_date(d)
    for _i in range(_MAX_STEPS):
        if is_working_day(d):
            return d
        d += dt.timedelta(days=1)
    raise OverflowError("no working day found")


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The n-th working day after `d` (`d` itself is not counted; n = 0 gives `d`)."""
    d = _as_date(d)
    if n < 0:
        raise ValueError("n must not be negative")
    remaining = n
    steps = 0
    while remaining:
        d += dt.timedelta(days=1)
        steps += 1
        if steps > _MAX_STEPS:
            raise OverflowError("period too long")
        if is_working_day(d):
            remaining -= 1
    return d


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: 0 when end <= start. Used for "N working days left"."""
    start, end = _as_date(start), _as_date(end)
    count = 0
    d = start
    while d < end:
        d += dt.timedelta(days=1)
        if is_working_day(d):
            count += 1
    return count


def days_off(year: int) -> list[tuple[dt.date, str]]:
    """Every non-working weekday and every worked weekend day of `year`, with its reason, for
    showing the calendar in use (admin help, docs)."""
    from dvk.deadlines.models import CalendarOverride

    notes = dict(CalendarOverride.objects.filter(date__year=year).values_list("date", "note"))
    result = []
    d = dt.date(year, 1, 1)
    while d.year == year:
        working = is_working_day(d)
        if (d.weekday() < 5 and not working) or (d.weekday() >= 5 and working):
            result.append((d, notes.get(d) or holiday_name(d) or ""))
        d += dt.timedelta(days=1)
    return result
