"""Schematic maps without tiles: project latitude/longitude points onto a 600×400 SVG box
(rendered by templates/includes/map.html). Used by staff pages and the public showcase."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def project(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add "x"/"y" to each {"lat", "lng", "label", "origin"[, "url"]} point, north up, with a margin."""
    if not raw:
        return []
    lats = [Decimal(str(p["lat"])) for p in raw]
    lngs = [Decimal(str(p["lng"])) for p in raw]
    pad = Decimal("0.05")
    lat_min, lat_max = min(lats) - pad, max(lats) + pad
    lng_min, lng_max = min(lngs) - pad, max(lngs) + pad
    width, height = Decimal(560), Decimal(360)
    for p in raw:
        p["x"] = round(float(20 + (Decimal(str(p["lng"])) - lng_min) / (lng_max - lng_min) * width), 1)
        p["y"] = round(float(20 + (lat_max - Decimal(str(p["lat"]))) / (lat_max - lat_min) * height), 1)
    return raw


def spread_points(origin: Any, replications: list, others: list | None = None) -> list[dict[str, Any]]:
    """The map of a model: where it was built (`origin`, with latitude/longitude and organisation)
    and where it was replicated, plus any other points."""
    raw: list[dict[str, Any]] = []
    if origin is not None and origin.latitude is not None and origin.longitude is not None:
        raw.append(
            {
                "lat": origin.latitude,
                "lng": origin.longitude,
                "label": origin.organisation.name,
                "origin": True,
            }
        )
    for r in replications:
        if r.latitude is not None and r.longitude is not None:
            raw.append({"lat": r.latitude, "lng": r.longitude, "label": r.organisation.name, "origin": False})
    raw.extend(others or [])
    return project(raw)
