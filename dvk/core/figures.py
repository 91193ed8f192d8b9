"""The figures contract: what every domain reports for a period, read by dashboards and periodic reports.

A domain app names `figures = "<app>.figures.section"` on its DomainAppConfig: a
callable(user, period, unit=None, field=None) -> Section returning that domain's figures for the
period, scoped to what `user` may see (the domain's own `visible_to(user)`), optionally narrowed to
one body (`unit`, a Organisation id; its subtree and the history of bodies merged into it count) and
one field of work (`field`, a field code). The kernel only defines the shapes and composes them
(`sections`); it counts nothing itself.

Periods are inclusive date ranges with a stable `code` used in URLs (`?period=2026-Q1`):
``2026-M03`` (month), ``2026-Q1`` (quarter), ``2026-H1`` / ``2026-H2`` (6 months), ``2026`` (year),
``20260101-20260331`` (any range).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _

Chart = Literal["bar", "line", "doughnut"]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str
    code: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("period ends before it starts")

    # -- constructors -------------------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(
            dt.date(year, month, 1),
            _month_end(year, month),
            _("Month %(month)02d/%(year)s") % {"month": month, "year": year},
            f"{year}-M{month:02d}",
        )

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("quarter must be 1..4")
        return cls(
            dt.date(year, 3 * quarter - 2, 1),
            _month_end(year, 3 * quarter),
            _("Quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": year},
            f"{year}-Q{quarter}",
        )

    @classmethod
    def half_year(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise ValueError("half must be 1 or 2")
        if half == 1:
            return cls(
                dt.date(year, 1, 1),
                dt.date(year, 6, 30),
                _("First 6 months of %(year)s") % {"year": year},
                f"{year}-H1",
            )
        return cls(
            dt.date(year, 7, 1),
            dt.date(year, 12, 31),
            _("Last 6 months of %(year)s") % {"year": year},
            f"{year}-H2",
        )

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), _("Year %(year)s") % {"year": year}, f"{year}")

    @classmethod
    def range(cls, start: dt.date, end: dt.date, label: str | None = None) -> Period:
        if label is None:
            label = _("From %(start)s to %(end)s") % {
                "start": start.strftime("%d/%m/%Y"),
                "end": end.strftime("%d/%m/%Y"),
            }
        return cls(start, end, label, f"{start:%Y%m%d}-{end:%Y%m%d}")

    @classmethod
    def containing(cls, day: dt.date, kind: str = "month") -> Period:
        """The month / quarter / half / year that contains `day`."""
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == "half":
            return cls.half_year(day.year, 1 if day.month <= 6 else 2)
        if kind == "year":
            return cls.year(day.year)
        return cls.month(day.year, day.month)

    @classmethod
    def from_code(cls, code: str) -> Period:
        """Parse a URL code; ValueError (with a Vietnamese message) when it is not one."""
        code = (code or "").strip()
        m = _CODE.match(code)
        if m:
            try:
                year = int(m.group("y"))
                if m.group("m"):
                    return cls.month(year, int(m.group("m")))
                if m.group("q"):
                    return cls.quarter(year, int(m.group("q")))
                if m.group("h"):
                    return cls.half_year(year, int(m.group("h")))
                return cls.year(year)
            except ValueError:
                pass
        r = _RANGE.match(code)
        if r:
            try:
                start = dt.datetime.strptime(r.group("a"), "%Y%m%d").date()  # noqa: DTZ007 - dates
                end = dt.datetime.strptime(r.group("b"), "%Y%m%d").date()  # noqa: DTZ007
                return cls.range(start, end)
            except ValueError:
                pass
        raise ValueError(_("“%(code)s” is not a reporting period.") % {"code": code[:40]})

    # -- helpers ------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        if "-M" in self.code:
            return "month"
        if "-Q" in self.code:
            return "quarter"
        if "-H" in self.code:
            return "half"
        if re.fullmatch(r"\d{4}", self.code):
            return "year"
        return "range"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every calendar month the period touches, in order."""
        out = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


_CODE = re.compile(r"^(?P<y>\d{4})(?:-(?:M(?P<m>\d{2})|Q(?P<q>\d)|H(?P<h>[12])))?$")
_RANGE = re.compile(r"^(?P<a>\d{8})-(?P<b>\d{8})$")


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any  # translated text
    value: int | float | str | None
    unit: str = ""  # e.g. "%"
    drill_url: str | None = None  # the list these are counted from, with the matching filters


@dataclass(frozen=True)
class Table:
    """A small statistical table; also the accessible twin of a chart (`chart` set)."""

    key: str
    title: Any
    columns: Sequence[Any]
    rows: Sequence[Sequence[Any]]  # first cell a label, then one value per remaining column
    chart: Chart | None = None
    drill_urls: Sequence[str | None] | None = None  # one per row (or None)

    def linked_rows(self) -> list[tuple[str | None, Sequence[Any]]]:
        """(drill URL or None, row) for each row: what a template renders."""
        urls = list(self.drill_urls or ())
        return [(urls[i] if i < len(urls) else None, row) for i, row in enumerate(self.rows)]

    def chart_data(self) -> dict[str, Any]:
        """The Chart.js-ready shape for a JSON data island: labels from the first cell, one dataset
        per numeric column."""
        labels = [str(r[0]) for r in self.rows]
        datasets = []
        for i, col in enumerate(list(self.columns)[1:], start=1):
            values = [r[i] if i < len(r) and isinstance(r[i], int | float) else None for r in self.rows]
            datasets.append({"label": str(col), "data": values})
        return {
            "key": self.key,
            "type": self.chart or "bar",
            "title": str(self.title),
            "labels": labels,
            "datasets": datasets,
        }


@dataclass(frozen=True)
class Section:
    key: str  # the domain's app label
    title: Any
    figures: Sequence[Figure] = field(default_factory=tuple)
    tables: Sequence[Table] = field(default_factory=tuple)
    order: int = 100
    # (code, label) of the fields of work this domain's `field` argument understands
    fields: Sequence[tuple[str, Any]] = field(default_factory=tuple)

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


FiguresFn = Callable[..., Section]


def sections(user: Any, period: Period, unit: int | None = None, field: str | None = None) -> list[Section]:
    """Every domain's Section for the period, in order (the registry is read through plugins)."""
    from dvk.core.plugins import contributions

    found = [fn(user, period, unit=unit, field=field) for fn in contributions("figures")]
    return sorted(found, key=lambda s: (s.order, s.key))
