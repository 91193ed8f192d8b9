"""Public pages (no login). Thin: read through a domain selector, render. Nothing here writes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from dvk.core.maps import spread_points
from dvk.core.paging import page_of, querystring
from dvk.documents import selectors as documents
from dvk.exemplars import selectors as exemplars
from dvk.exemplars.models import Cycle, FieldOfWork, Kind, Level

# The source of /xac-minh/<code>/: one selector returning dvk.core.verification.Verification.
# The document register verifies every document with a code (never one marked MẬT).
find_verification = documents.verification


def _showcase_filters(request: HttpRequest, filters: exemplars.Filters) -> dict:
    return {
        "filters": filters,
        "kinds": Kind.choices,
        "levels": Level.choices,
        "fields": FieldOfWork.objects.filter(parent__isnull=True, is_active=True),
        "cycles": Cycle.objects.all(),
        "querystring": querystring(request),
    }


def showcase(request: HttpRequest) -> HttpResponse:
    filters = exemplars.Filters.from_query(request.GET)
    page = page_of(exemplars.public_list(filters=filters), request.GET.get("page"), 24)
    points = spread_points(
        None,
        [],
        [
            {
                "lat": e.latitude,
                "lng": e.longitude,
                "label": e.display_title,
                "origin": True,
                "url": reverse("public:showcase_detail", args=[e.pk]),
            }
            for e in page
            if e.has_location
        ],
    )
    return render(
        request,
        "public/showcase.html",
        {"page": page, "map_points": points, **_showcase_filters(request, filters)},
    )


def showcase_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = get_object_or_404(exemplars.public_detail_qs(), pk=pk)
    replications = list(exemplar.replications.all())
    return render(
        request,
        "public/showcase_detail.html",
        {
            "exemplar": exemplar,
            "replications": replications,
            "map_points": spread_points(exemplar, replications),
            "decisions": exemplar.decisions.all(),
            "commendations": exemplar.commendations.all(),
        },
    )


def verify(request: HttpRequest, code: str) -> HttpResponse:
    found = find_verification(code)
    return render(request, "public/verify.html", {"found": found, "code": code}, status=200 if found else 404)
