"""Routes of the domain apps (exemplars, plans). Filled as their URLs land; see routes.py."""

from __future__ import annotations

DOMAIN: list = []
