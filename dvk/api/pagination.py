"""`?limit=&offset=` lists returning {"count", "items"} (api.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema

MAX_LIMIT = 200


class Page(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


def paginate(qs: QuerySet, page: Page, item: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    rows = list(qs[page.offset : page.offset + page.limit])
    return {"count": qs.count(), "items": [item(r) for r in rows] if item else rows}
