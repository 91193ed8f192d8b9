"""Home dashboard widgets. Each app contributes `dashboard = "<app>.dashboard.widgets"` on its
DomainAppConfig: a callable(user) returning Widgets with real, scoped counts. The kernel only defines
the Widget and composes them (dvk.core.views.home); it counts nothing itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Widget:
    title: Any
    value: Any
    url: str = ""
    icon: str = "bar-chart"
    detail: Any = ""
    rows: list[tuple[Any, Any]] = field(default_factory=list)
    order: int = 100
