"""Keyset-free, count-free paging: fetch one row more than the page to know whether a next page
exists. A COUNT(*) over a million scoped rows on every page view is the classic cause of slow
list pages (docs/benchmarks.md); lists show counts from capped queries (`capped_count`). Staff
lists use the list kit (dvk.core.listing: sorting, the "1–50 / 1.234" total, page numbers,
export), which builds on these two."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

COUNT_CAP = 1_000


@dataclass
class Page:
    object_list: list[Any]
    number: int
    has_next: bool
    count: int | None = None  # set by dvk.core.listing: the (capped) total
    exact: bool = True
    per_page: int = 50

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.number > 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def page_of(qs: QuerySet, page: Any, per_page: int = 50) -> Page:
    """One page of `qs`; `page` comes from the query string (malformed → 1, bounded by MAX_PAGE)."""
    from dvk.core.validation import parse_page

    number = parse_page(page)
    start = (number - 1) * per_page
    rows = list(qs[start : start + per_page + 1])
    return Page(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)


def capped_count(qs: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, is_exact): counts at most `cap` rows, so it never scans a million."""
    # Only the primary keys: no ordering, no select_related joins (a count does not need them).
    n = qs.order_by().select_related(None).values("pk")[: cap + 1].count()
    return min(n, cap), n <= cap


def querystring(request: Any, drop: tuple[str, ...] = ("page",)) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()
