"""How a domain app plugs into the platform without changing the foundation.

A domain app's AppConfig subclasses `DomainAppConfig` and names, as dotted paths, what it
contributes. The URL conf, the API, the navigation, the home dashboard, `seed_demo`,
`generate_data` and `run_scheduler` all read these lists; see docs/architecture.md
("Adding a domain app").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavItem:
    label: Any  # lazy translated string
    url_name: str
    icon: str = "circle"
    permission: str | None = None  # shown only if user.has_perm(permission)


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    task: str  # dotted path of a django-tasks task
    every_minutes: int
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Attachable:
    """A model that takes files: who may attach (a named object permission) and which kinds.

    `kinds` maps each allowed kind code to its label (lazy); the label is the default label of a
    file of that kind. `dvk.attachments.services.attach()` refuses any other kind.

    `types` narrows, per kind, the MIME types accepted (sniffed from the content; a kind not listed
    takes every type of `dvk.attachments.validators.ALLOWED`); `max_bytes` lowers, per kind, the size
    limit (never above settings.ATTACHMENT_MAX_BYTES)."""

    model: str  # "app_label.model", lower case, as Model._meta.label_lower
    permission: str
    kinds: dict[str, Any] = field(default_factory=dict)
    types: dict[str, frozenset[str]] = field(default_factory=dict)
    max_bytes: dict[str, int] = field(default_factory=dict)


class DomainAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    url_prefix: str | None = None  # mounts "<app>.urls" under this prefix
    api_router: str | None = None  # dotted path of a ninja Router
    api_prefix: str = ""
    nav: tuple[NavItem, ...] = ()
    nav_label: Any = None  # the short name of the app's menu (a lazy string); verbose_name by default
    dashboard: str | None = None  # dotted path: callable(user) -> list[Widget]
    figures: str | None = None  # dotted path: callable(user, period, unit=None, field=None) -> Section
    counters: str | None = None  # dotted path: tuple of dvk.stats.counters.Track (counted on write)
    demo_seeder: str | None = None  # dotted path: callable(ctx: DemoContext) -> None
    demo_order: int = 100
    generator: str | None = None  # dotted path: callable(ctx: GenerationContext) -> None
    generator_order: int = 100
    schedule: tuple[ScheduledJob, ...] = ()
    workflows: tuple[str, ...] = ()  # dotted paths of dvk.core.workflow.Workflow instances
    labels: str | None = None  # dotted path of a module with ACTIONS (and FIELDS): audit labels
    attachables: tuple[Attachable, ...] = ()  # models that take files (dvk.attachments)
    importers: tuple[str, ...] = ()  # dotted paths of dvk.imports.spec.ImportSpec (Excel registers)


def domain_apps() -> list[DomainAppConfig]:
    return [cfg for cfg in apps.get_app_configs() if isinstance(cfg, DomainAppConfig)]


def contributions(attr: str) -> list[Any]:
    """Import and return every domain app's `attr` (a dotted path), skipping apps without one."""
    found = []
    for cfg in domain_apps():
        dotted = getattr(cfg, attr)
        if dotted:
            found.append(import_string(dotted))
    return found
