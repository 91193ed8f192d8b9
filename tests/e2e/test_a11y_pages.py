"""axe-core over every main page (WCAG 2.0/2.1 A and AA rules): no serious or critical violation.

The pages are the public ones and every page of the main personas' menus (as tests/e2e/test_screens.py
reads them), plus the states a journey passes through that a plain load does not show: an open menu,
the user menu, a form showing its errors, the date picker open. Every violation of the sweep is listed
at once (rule, impact, elements, help URL), not only the first."""

from __future__ import annotations

import pytest

from tests.e2e import a11y

pytestmark = pytest.mark.browser

PERSONAS = ("tinh.bdv", "admin", "xa.a", "tiepdan.xa", "hdnd.tinh", "mttq.tinh")
PUBLIC = (
    "/tai-khoan/dang-nhap/",
    "/dien-hinh/",
    "/gui-kien-nghi-phan-anh/",
    "/tra-cuu-don/",
    "/kien-nghi-cu-tri/",
    "/phan-bien-xa-hoi/",
)


def _context(browser, live_server, **extra):
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url, **extra
    )
    context.set_default_timeout(20_000)
    # The explicit checks below cover these pages: no automatic run needed (the sweep lists everything).
    a11y.install(context, a11y.Registry(auto=False))
    return context


def _log_in(page, persona: str) -> None:
    from dvk.accounts.factories import DEMO_PASSWORD

    page.goto("/tai-khoan/dang-nhap/")
    page.fill("#id_username", persona)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def _menu_paths(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "#mainnav a.nav-link[href^='/'], #mainnav a.dropdown-item[href^='/']",
        "els => els.map(e => e.getAttribute('href'))",
    )
    paths = ["/"]
    for href in hrefs:
        if href not in paths and not href.startswith(("/api/", "/quan-tri/")):
            paths.append(href)
    return paths


def _audit(page, what: str, problems: list[str]) -> None:
    found = a11y.check(page)
    if found:
        problems.append(a11y.describe(what, found))
        a11y.keep(what, found)


def _visit(page, path: str, who: str, problems: list[str], seen: set[str]) -> None:
    key = a11y.pattern(path.split("?")[0])
    if key in seen:
        return
    seen.add(key)
    response = page.goto(path)
    assert response is not None and response.status < 500, f"{path}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    _audit(page, f"{who} {path}", problems)


def test_public_and_menu_pages_have_no_serious_violation(browser, live_server, demo):
    problems: list[str] = []
    seen: set[str] = set()
    context = _context(browser, live_server)
    page = context.new_page()
    for path in PUBLIC:
        _visit(page, path, "anonymous", problems, seen)
    context.close()
    for persona in PERSONAS:
        context = _context(browser, live_server)
        page = context.new_page()
        _log_in(page, persona)
        for path in _menu_paths(page):
            _visit(page, path, persona, problems, seen)
        context.close()
    assert len(seen) >= 30, sorted(seen)
    assert not problems, "\n\n".join(problems)


def test_open_menus_errors_and_the_date_picker_have_no_serious_violation(browser, live_server, demo):
    problems: list[str] = []
    context = _context(browser, live_server, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto("/tai-khoan/dang-nhap/")
    page.fill("#id_username", "xa.a")
    page.fill("#id_password", "sai-mat-khau")
    page.click("button[type=submit]")
    page.get_by_role("alert").first.wait_for()
    _audit(page, "log-in with a wrong password", problems)
    _log_in(page, "tinh.bdv")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # the menu is collapsed behind its button at this width
        toggler.click()
        page.locator("#mainnav").wait_for(state="visible")
        _audit(page, "the collapsed menu opened", problems)
    page.locator("#mainnav .dropdown-toggle").first.click()
    page.locator("#mainnav .dropdown-menu.show").wait_for()
    _audit(page, "the first menu group open", problems)
    page.keyboard.press("Escape")
    page.locator(".app-usernav .dropdown-toggle").last.click()
    page.locator(".app-usernav .dropdown-menu.show").wait_for()
    _audit(page, "the user menu open", problems)
    page.keyboard.press("Escape")
    page.goto("/ke-hoach/moi/")
    if not page.locator("#id_organisation").input_value():
        page.locator("#id_organisation").select_option(index=1)
    page.locator("#id_number").fill("99-KH/TEST")
    page.locator("#id_title").fill("Kế hoạch thử")
    page.locator("#id_issued_on").fill("31/02/2026")  # an impossible date: the server refuses it
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    page.locator("[data-error-summary]").wait_for()
    _audit(page, "the new-plan form showing its errors", problems)
    opener = page.locator("[data-datepicker-open]").first
    if opener.count():
        opener.click()
        page.locator(".dvk-datepicker").wait_for()
        _audit(page, "the date picker open", problems)
    context.close()
    assert not problems, "\n\n".join(problems)
