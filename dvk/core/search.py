"""Query helpers for the folded `search_text` columns (see dvk.core.text.fold)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dvk.core.text import search_terms


def search(qs: QuerySet, query: str | None, field: str = "search_text") -> QuerySet:
    """Keep rows whose folded search column contains every word of `query`."""
    condition = Q()
    for term in search_terms(query):
        condition &= Q(**{f"{field}__contains": term})
    return qs.filter(condition) if condition else qs
