"""The routes the benchmark measures, as data. Imported inside a configured Django process
(benchmarks/probe.py). A route whose app is not installed, or whose URL name does not resolve
yet, is skipped with the reason, never an error.

Each route names its persona, how to build its URL from the database, its own main query (the
queryset the view runs for the page's rows, with the same parameters; its SQL is timed directly
as the floor), and for lists the Django admin changelist showing the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse


class Skip(Exception):
    """This route cannot be measured in this build (app or URL missing); the message says why."""


@dataclass
class Route:
    name: str
    app: str  # app label that must be installed
    persona: str  # coordinator | officer | council | public
    kind: str  # list | detail | dashboard | public | api
    target_ms: int
    url: Callable[[Any], str]  # ctx -> path with query string
    main_query: Callable[[Any], Any] | None = None  # ctx -> QuerySet (already sliced to the page)
    admin: Callable[[Any], str] | None = None  # ctx -> admin changelist path with the same filter
    api: bool = False
    notes: str = ""
    tags: dict[str, Any] = field(default_factory=dict)


def url(name: str, *args: Any, query: str = "") -> str:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch as exc:
        raise Skip(f"URL name {name!r} does not resolve") from exc
    return f"{path}?{query}" if query else path


def need(app_label: str, model: str | None = None) -> Any:
    if not apps.is_installed(f"dvk.{app_label}") and app_label not in {
        c.label for c in apps.get_app_configs()
    }:
        raise Skip(f"app {app_label!r} is not installed")
    if model:
        try:
            return apps.get_model(app_label, model)
        except LookupError as exc:
            raise Skip(f"model {app_label}.{model} does not exist yet") from exc
    return None


def import_or_skip(dotted: str) -> Any:
    from django.utils.module_loading import import_string

    try:
        return import_string(dotted)
    except ImportError as exc:
        raise Skip(f"{dotted} is not available yet ({exc})") from exc


def first(ctx: Any, key: str, rows: Callable[[], Any], missing: str, column: str = "pk") -> Any:
    """`column` of the first of `rows()` (a callable building an ordered queryset), looked up once
    per run (`ctx.memo(key, …)`); Skip(missing) when there is no row."""

    def find() -> Any:
        value = rows().values_list(column, flat=True).first()
        if value is None:
            raise Skip(missing)
        return value

    return ctx.memo(key, find)


# --- foundation -------------------------------------------------------------------------------


def _org_list_query(ctx: Any) -> Any:
    from dvk.organisations import selectors

    return selectors.organisation_list(
        user=ctx.user("coordinator"), q="xa", kind="party_committee"
    ).current()[:51]


def _org_detail_url(ctx: Any) -> str:
    from dvk.organisations.models import Organisation

    pk = first(
        ctx,
        "organisations-commune",
        lambda: Organisation.objects.filter(
            path__startswith=ctx.root_path, kind="party_committee", depth=2
        ).order_by("path"),
        "no commune party committee in the generated province",
    )
    return url("organisations:detail", pk)


def _org_api_query(ctx: Any) -> Any:
    from dvk.organisations import selectors

    return selectors.organisation_list(user=ctx.user("coordinator"), kind="party_committee")[:50]


FOUNDATION = [
    Route("dashboard (coordinator)", "core", "coordinator", "dashboard", 300, lambda ctx: url("core:home")),
    Route("dashboard (commune officer)", "core", "officer", "dashboard", 300, lambda ctx: url("core:home")),
    Route(
        "bodies list ?kind&q",
        "organisations",
        "coordinator",
        "list",
        150,
        lambda ctx: url("organisations:list", query="kind=party_committee&q=xa"),
        main_query=_org_list_query,
        admin=lambda ctx: "/quan-tri/organisations/organisation/?kind__exact=party_committee&q=xa",
    ),
    Route("body detail", "organisations", "coordinator", "detail", 150, _org_detail_url),
    Route(
        "API bodies ?kind",
        "organisations",
        "coordinator",
        "api",
        100,
        lambda ctx: "/api/v1/organisations?kind=party_committee&limit=50",
        main_query=_org_api_query,
        api=True,
        admin=lambda ctx: "/quan-tri/organisations/organisation/?kind__exact=party_committee",
    ),
]


def all_routes() -> list[Route]:
    """Foundation routes, then the domain routes (benchmarks/domain_routes.py)."""
    from benchmarks.citizens_routes import CITIZENS
    from benchmarks.dashboards_routes import DASHBOARDS
    from benchmarks.domain_routes import DOMAIN
    from benchmarks.exports_routes import EXPORTS
    from benchmarks.front_routes import FRONT, FRONT_PUBLIC
    from benchmarks.reports_routes import REPORTS
    from benchmarks.voters_routes import VOTERS, VOTERS_PUBLIC

    return [
        *FOUNDATION,
        *DOMAIN,
        *VOTERS,
        *VOTERS_PUBLIC,
        *FRONT,
        *FRONT_PUBLIC,
        *CITIZENS,
        *EXPORTS,
        *DASHBOARDS,
        *REPORTS,
    ]
