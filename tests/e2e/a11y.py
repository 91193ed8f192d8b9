"""axe-core in the browser tests (WCAG 2.1 AA, issue 14).

`install(context)` adds the vendored axe-core (tests/e2e/vendor/axe.min.js, from npm, see package.json)
and `a11y_runner.js` to every document of a Playwright browser context. After each page load the runner
asks this process whether the page's URL pattern (the path with its ids replaced, e.g. /ke-hoach/{}/)
was already checked in this test session; if not it runs axe with the WCAG 2.0/2.1 A and AA rules and
reports the serious and critical violations, which `REGISTRY` keeps for the test that is running. The
e2e conftest fails that test with the rule, the impact, the elements and the help URL of each.

`check(page)` runs the same audit on the page as it is now (after opening a dropdown or a dialog, or
on a form showing its errors) and returns the violations; `assert_clean(page)` fails on any."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
AXE = HERE / "vendor" / "axe.min.js"
RUNNER = HERE / "a11y_runner.js"
# Pages drawn by third-party packages, not by our templates: the API docs (django-ninja's Swagger UI) and
# the Django admin. They are not audited (docs/accessibility.md, "Not covered").
THIRD_PARTY = ("/api/", "/quan-tri/")
_ID = re.compile(r"^(\d+|[0-9a-f]{8}-[0-9a-f-]{27}|[0-9A-Za-z_-]{20,})$")


def pattern(path: str) -> str:
    """The URL pattern of a path: the segments that are ids (numbers, UUIDs, tokens) become {}."""
    return "/".join("{}" if _ID.match(part) else part for part in path.split("/"))


@dataclass
class Registry:
    """What the session has checked, and what it found (test id → violations on each URL)."""

    checked: set[str] = field(default_factory=set)
    found: list[tuple[str, str, list[dict[str, Any]]]] = field(default_factory=list)
    test: str = ""
    auto: bool = True  # False: no automatic audit on load (the caller runs check() itself)

    def wanted(self, path: str) -> bool:
        if path.startswith(THIRD_PARTY):
            return False
        return self.auto and pattern(path) not in self.checked

    def report(self, url: str, path: str, violations: list[dict[str, Any]]) -> None:
        self.checked.add(pattern(path))
        if violations:
            self.found.append((self.test, url, violations))
            keep(f"{self.test} {url}", violations)


REGISTRY = Registry()


def describe(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core: {len(violations)} serious/critical WCAG 2.1 A/AA violation(s) on {url}"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['count']} element(s)) — {v['helpUrl']}")
        for node in v["nodes"][:6]:
            lines.append(f"      {node['target']}  {node['html']}")
    return "\n".join(lines)


def keep(what: str, violations: list[dict[str, Any]]) -> None:
    """Append the full report to var/a11y/violations.jsonl (CI keeps var/ artifacts): every element, not
    only the first few of the failure message."""
    import json

    from django.conf import settings

    folder = Path(settings.BASE_DIR) / "var" / "a11y"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "violations.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps({"page": what, "violations": violations}, ensure_ascii=False) + "\n")


def _wait_pending(context: Any) -> None:
    for pg in context.pages:
        try:
            pg.evaluate("() => window.__dvkA11yPending || null")
        except Exception:  # noqa: S112 (a page navigating or crashed: nothing left to wait for)
            continue


def install(context: Any, registry: Registry = REGISTRY) -> Any:
    """Audit every page this context loads (once per URL pattern per session); returns the context.
    Its close() first lets a running audit finish, so the last page of a test is reported too."""
    if getattr(context, "_dvk_a11y", False):
        return context
    context.add_init_script(path=str(AXE))
    context.add_init_script(path=str(RUNNER))
    context.expose_function("__dvkA11yWanted", registry.wanted)
    context.expose_function("__dvkA11yReport", registry.report)
    original_close = context.close

    def close(*args: Any, **kwargs: Any) -> Any:
        _wait_pending(context)
        return original_close(*args, **kwargs)

    context.close = close
    context._dvk_a11y = True
    return context


def watch(context: Any, test_id: str, registry: Registry = REGISTRY) -> Any:
    """Audit the pages a test opens in `context`; returns the check to call after the context is closed,
    which fails the test with every serious or critical violation found on its pages."""
    install(context, registry)
    registry.test = test_id
    mark = len(registry.found)

    def verify() -> None:
        new = [(url, found) for test, url, found in registry.found[mark:] if test == test_id]
        assert not new, "\n\n".join(describe(url, found) for url, found in new)

    return verify


def check(page: Any) -> list[dict[str, Any]]:
    """The serious and critical violations on the page as it is now (the page's context must be installed)."""
    return page.evaluate("() => window.__dvkA11yCheck()")


def assert_clean(page: Any, what: str = "") -> None:
    found = check(page)
    assert not found, describe(what or page.url, found)
