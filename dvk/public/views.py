"""Public pages (no login). Thin: read through a domain selector, render. Nothing here writes."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import ngettext

from dvk.core.maps import spread_points, tile_grid
from dvk.core.paging import page_of, querystring
from dvk.core.text import fold
from dvk.core.validation import parse_id
from dvk.documents import selectors as documents
from dvk.exemplars import selectors as exemplars
from dvk.exemplars.models import Cycle, FieldOfWork, Kind, Level
from dvk.organisations.models import AdministrativeUnit
from dvk.organisations.selectors import current_units

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


class _Titles:
    """The tiles' tooltips, built here (two `blocktranslate count` per tile made the 150-tile map
    most of the page's template time); the plural phrases are translated once per distinct count."""

    def __init__(self) -> None:
        self.models: dict[int, str] = {}
        self.places: dict[int, str] = {}

    def __call__(self, label: str, count: int, places: int) -> str:
        if count not in self.models:
            self.models[count] = ngettext("%(n)s recognised model", "%(n)s recognised models", count) % {
                "n": count
            }
        text = f"{label}: {self.models[count]}"
        if not places:
            return text
        if places not in self.places:
            self.places[places] = ngettext(
                "replicated in %(n)s place", "replicated in %(n)s places", places
            ) % {"n": places}
        return f"{text}, {self.places[places]}"


def _current_counts(filters: exemplars.Filters) -> tuple[Counter[int], Counter[int]]:
    """The public models and the places replicating them per current unit (merged communes counted
    in the commune formed from them): the two grouped counts and one read of the successions."""
    models, replications = exemplars.public_counts_by_unit(filters=filters)
    current = current_units(set(models) | set(replications))
    models_now: Counter[int] = Counter()
    replications_now: Counter[int] = Counter()
    for unit_id, n in models.items():
        models_now[current[unit_id]] += n
    for unit_id, n in replications.items():
        replications_now[current[unit_id]] += n
    return models_now, replications_now


def _provinces(touched: set[int]) -> dict[int, AdministrativeUnit]:
    """The current provinces of the units that have models or replications (a province-level unit
    itself, another its parent): one query returning the provinces only."""
    units = AdministrativeUnit.objects.filter(pk__in=touched)
    provinces = AdministrativeUnit.objects.filter(
        Q(pk__in=units.filter(level="province").values("pk"))
        | Q(pk__in=units.exclude(level="province").values("parent_id"))
    )
    return {unit.pk: unit for unit in provinces if unit.is_current()}


def province_choice(
    provinces: dict[int, AdministrativeUnit], asked: Any, models_now: Counter[int], query: Any
) -> tuple[int | None, list[dict[str, Any]]]:
    """Which province's map to draw, and the list of provinces to choose from: with one province
    its map; with several, the one asked for (`?tinh=<unit id>`) or none, each listed with its
    number of models (all tiles of a country's 3,000-odd communes were one unreadable, slow page)."""
    if len(provinces) == 1:
        return next(iter(provinces)), []
    chosen = parse_id(asked)
    base = reverse("public:showcase") + "?"
    params = {k: v for k, v in query.items() if k not in ("tinh", "unit", "page") and v}
    parents = dict(AdministrativeUnit.objects.filter(pk__in=list(models_now)).values_list("pk", "parent_id"))
    per_province: Counter[int] = Counter()
    for pk, n in models_now.items():
        province = pk if pk in provinces else parents.get(pk)
        if province is not None:
            per_province[province] += n
    listed = [
        {
            "name": unit.name,
            "models": per_province[unit.pk],
            "url": base + urlencode({**params, "tinh": unit.pk}),
            "chosen": unit.pk == chosen,
        }
        for unit in sorted(provinces.values(), key=lambda u: fold(u.name))
    ]
    return (chosen if chosen in provinces else None), listed


def commune_map(filters: exemplars.Filters, query: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The choropleth of a province (see province_choice) and the provinces to choose from: a tile
    per current commune-level unit coloured by the number of recognised public models of its bodies
    (the communes merged into it included), with the number of places that replicated them; models
    of province-level bodies are counted apart."""
    models_now, replications_now = _current_counts(filters)
    provinces = _provinces(set(models_now) | set(replications_now))
    if not provinces:
        return [], []
    chosen, listed = province_choice(provinces, query.get("tinh"), models_now, query)
    provinces = {chosen: provinces[chosen]} if chosen else {}
    if not provinces:
        return [], listed
    communes = (
        AdministrativeUnit.objects.current()
        .filter(parent_id__in=provinces, level="commune")
        .order_by("code")
        .values_list("id", "name", "parent_id")
    )
    by_province: dict[int, list[dict[str, Any]]] = {pk: [] for pk in provinces}
    base = reverse("public:showcase") + "?"
    params = {k: v for k, v in query.items() if k not in ("unit", "page") and v}
    title = _Titles()
    for pk, name, parent_id in communes:
        count, places = models_now.get(pk, 0), replications_now.get(pk, 0)
        by_province[parent_id].append(
            {
                "label": name,
                "title": title(name, count, places),
                "count": count,
                "replications": places,
                "url": base + urlencode({**params, "unit": pk}) if count else "",
            }
        )
    out = []
    for pk, province in sorted(provinces.items(), key=lambda item: item[1].name):
        cells = by_province[pk]
        grid = tile_grid(cells, columns=8)
        grid.update(
            province=province,
            province_models=models_now.get(pk, 0),
            province_replications=replications_now.get(pk, 0),
            communes=len(cells),
            with_models=[c for c in cells if c["count"] or c["replications"]],
        )
        out.append(grid)
    return out, listed


def showcase(request: HttpRequest) -> HttpResponse:
    filters = exemplars.Filters.from_query(request.GET)
    page = page_of(exemplars.public_list(filters=filters), request.GET.get("page"), 24)
    maps, map_provinces = commune_map(filters, request.GET)
    return render(
        request,
        "public/showcase.html",
        {
            "page": page,
            "maps": maps,
            "map_provinces": map_provinces,
            **_showcase_filters(request, filters),
        },
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


def verify_lookup(request: HttpRequest) -> HttpResponse:
    """The verification box: /xac-minh/?ma=<code> → /xac-minh/<code>/ (an empty box asks again)."""
    code = "".join(ch for ch in (request.GET.get("ma") or "") if ch.isalnum())[:32].upper()
    if code:
        return redirect("public:verify", code)
    return render(request, "public/verify.html", {"found": None, "code": "", "asked": False})


def verify(request: HttpRequest, code: str) -> HttpResponse:
    found = find_verification(code)
    return render(
        request,
        "public/verify.html",
        {"found": found, "code": code, "asked": True},
        status=200 if found else 404,
    )
