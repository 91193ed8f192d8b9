"""`?limit=&offset=` lists returning {"count", "count_exact", "items"} (api.md).

`count` is exact up to COUNT_CAP (1,000) rows; past that it is COUNT_CAP and `count_exact` is false, so a
list over a million scoped rows never counts them all on every call (docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema

from dvk.core.paging import COUNT_CAP, capped_count
from dvk.core.validation import MAX_OFFSET

MAX_LIMIT = 200


class Page(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def paginate(qs: QuerySet, page: Page, item: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    rows = list(qs[page.offset : page.offset + page.limit])
    if len(rows) < page.limit and (rows or page.offset == 0):
        count, exact = page.offset + len(rows), True  # the last page: no COUNT query needed
    elif not rows:
        count, exact = capped_count(qs, COUNT_CAP)  # past the last page: the real count, not the offset
    else:
        count, exact = capped_count(qs, COUNT_CAP)
        count = max(count, page.offset + len(rows))
    return {"count": count, "count_exact": exact, "items": [item(r) for r in rows] if item else rows}
