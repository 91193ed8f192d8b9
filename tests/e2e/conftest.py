"""Browser journeys in Debian's Chromium (/usr/bin/chromium) driven by Playwright against
pytest-django's live server. Run with `make test-browser` (marker `browser`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def demo(transactional_db) -> None:
    """live_server tests run outside the session transaction and flush the tables afterwards,
    so load the demo province again when it is missing."""
    from django.core.management import call_command

    from dvk.core.models import SeedRecord

    if not SeedRecord.objects.exists():
        call_command("seed_demo", verbosity=0)


def watch_csp(pg) -> list[str]:
    """Collect the Content-Security-Policy violations Chromium reports on the page's console (an inline
    script, handler or style, eval, a foreign origin): the `page` fixture fails the test on any."""
    found: list[str] = []

    def on_console(message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            found.append(f"{pg.url}: {text}")

    pg.on("console", on_console)
    return found


@pytest.fixture
def page(browser, live_server, demo, request) -> Iterator[object]:
    from tests.e2e import a11y

    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url)
    context.set_default_timeout(15_000)
    # axe-core audits every page the journey opens (once per URL pattern): serious or critical WCAG 2.1
    # A/AA violations fail the test after it ran (tests/e2e/a11y.py, docs/accessibility.md).
    check_a11y = a11y.watch(context, request.node.nodeid)
    pg = context.new_page()
    violations = watch_csp(pg)
    yield pg
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
    check_a11y()


@pytest.fixture
def login(page) -> Callable[[str], object]:
    """Log in through the real form as a demo persona and land on the dashboard."""
    from dvk.accounts.factories import DEMO_PASSWORD

    def do(username: str):
        page.goto("/tai-khoan/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/")
        return page

    return do
