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


# --- commune-level choropleth as a tile grid -------------------------------------------------
# No boundary geometry of the 2025 communes ships with the platform (shared reference data holds
# names, codes and successions only), so the province is drawn as one square tile per commune,
# ordered by official code — the communes of one former district stay together — and coloured
# by count. A schematic, not a geographic map; the page says so.

TILE, GAP, PAD = 44, 4, 8
CLASSES = (  # (lowest count, fill, label text colour)
    (0, "#f1f3f5", "#6c757d"),
    (1, "#f8d7da", "#58151c"),
    (2, "#ea868f", "#58151c"),
    (4, "#dc3545", "#ffffff"),
    (8, "#842029", "#ffffff"),
)


def _class_of(count: int) -> tuple[int, str, str]:
    chosen = CLASSES[0]
    for entry in CLASSES:
        if count >= entry[0]:
            chosen = entry
    return chosen


def tile_grid(cells: list[dict[str, Any]], columns: int = 8) -> dict[str, Any]:
    """Lay `cells` ({"label", "short", "count", "replications"[, "url"]}) out as a grid of tiles.
    Returns {"tiles": […with x, y, fill, ink, cx, cy], "width", "height", "legend": […]}."""
    columns = max(1, min(columns, len(cells) or 1))
    tiles = []
    for i, cell in enumerate(cells):
        row, col = divmod(i, columns)
        x, y = PAD + col * (TILE + GAP), PAD + row * (TILE + GAP)
        _low, fill, ink = _class_of(int(cell.get("count") or 0))
        tiles.append(
            {
                **cell,
                "x": x,
                "y": y,
                "fill": fill,
                "ink": ink,
                "tx": x + TILE / 2,
                "ty": y + TILE / 2 + 4,
                "dx": x + TILE - 8,
                "dy": y + 8,
            }
        )
    rows = (len(cells) + columns - 1) // columns
    legend = []
    for i, (low, fill, _ink) in enumerate(CLASSES):
        high = CLASSES[i + 1][0] - 1 if i + 1 < len(CLASSES) else None
        text = str(low) if high == low else f"{low}–{high}" if high is not None else f"≥ {low}"
        legend.append({"fill": fill, "text": text})
    return {
        "tiles": tiles,
        "width": PAD * 2 + columns * TILE + (columns - 1) * GAP,
        "height": PAD * 2 + rows * TILE + max(rows - 1, 0) * GAP,
        "tile": TILE,
        "legend": legend,
    }
