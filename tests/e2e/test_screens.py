"""Every main page at a laptop (1366×768) and a phone (390×844) width, for the main personas:
a screenshot of each into var/screenshots/ (CI keeps the directory as an artifact, .ci/run) and no
page wider than its window (document.documentElement.scrollWidth <= innerWidth).

The main pages are read from each persona's own menu, so a new app's pages are covered as soon as
it adds them to the menu; the public pages are visited without logging in."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("DVK_SCREENSHOTS", settings.BASE_DIR / "var" / "screenshots"))
VIEWPORTS = {"1366x768": {"width": 1366, "height": 768}, "390x844": {"width": 390, "height": 844}}
# The coordinator, the administrator, a commune officer, a citizen-reception officer, the People's
# Council office and the Front: between them every app's menu.
PERSONAS = ("tinh.bdv", "admin", "xa.a", "tiepdan.xa", "hdnd.tinh", "mttq.tinh")
PUBLIC = (
    "/tai-khoan/dang-nhap/",
    "/dien-hinh/",
    "/gui-kien-nghi-phan-anh/",
    "/tra-cuu-don/",
    "/kien-nghi-cu-tri/",
    "/phan-bien-xa-hoi/",
)
WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "tong-quan"


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


def _visit(page, path: str, folder: Path, name: str, too_wide: list[str]) -> None:
    response = page.goto(path)
    assert response is not None and response.status < 500, f"{path}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    scroll, inner = page.evaluate(WIDTH)
    if scroll > inner:
        too_wide.append(f"{name} {path}: {scroll} px in a {inner} px window")
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_main_pages_fit_the_window_and_are_photographed(browser, live_server, demo, size):
    from dvk.accounts.factories import DEMO_PASSWORD

    folder = SHOTS / size
    folder.mkdir(parents=True, exist_ok=True)
    too_wide: list[str] = []
    visited = 0
    for persona in (None, *PERSONAS):
        context = browser.new_context(
            locale="en-US",  # an English browser still gets the Vietnamese platform
            timezone_id="Asia/Ho_Chi_Minh",
            base_url=live_server.url,
            viewport=VIEWPORTS[size],
        )
        context.set_default_timeout(20_000)
        page = context.new_page()
        if persona is None:
            for path in PUBLIC:
                _visit(page, path, folder, f"cong-khai_{_slug(path)}", too_wide)
                visited += 1
        else:
            page.goto("/tai-khoan/dang-nhap/")
            page.fill("#id_username", persona)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/")
            assert page.locator("html").get_attribute("lang") == "vi"
            for path in _menu_paths(page):
                _visit(page, path, folder, f"{persona}_{_slug(path)}", too_wide)
                visited += 1
        context.close()
    assert visited >= 40, visited
    assert not too_wide, "Pages wider than the window:\n" + "\n".join(too_wide)


@pytest.mark.parametrize("persona", ["tinh.bdv", "admin"])
@pytest.mark.parametrize("width", [1024, 1100, 1200, 1280, 1366])
def test_the_menu_never_overflows_and_keeps_the_user_menu_reachable(page, login, persona, width):
    page.set_viewport_size({"width": width, "height": 768})
    login(persona)
    scroll, inner = page.evaluate(WIDTH)
    assert scroll <= inner, f"{scroll} > {inner}"
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # collapsed behind the menu button: it opens, and log-out is there
        toggler.click()
        page.locator("#mainnav").wait_for(state="visible")
    user_menu = page.locator(".app-usernav .dropdown-toggle").last
    user_menu.click()
    logout = page.get_by_role("button", name="Đăng xuất")
    assert logout.is_visible()
    box = logout.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= inner


def test_task_form_receivers_follow_the_choice_and_dates_read_day_first(page, login):
    from dvk.plans.models import Task

    task = Task.objects.filter(plan__organisation__code="PT-BTGDV").order_by("plan_id", "order").first()
    login("tinh.bdv")
    page.goto(f"/ke-hoach/nhiem-vu/{task.pk}/")
    panel = page.locator("#task-targets")
    before = panel.locator(".badge").inner_text()
    page.get_by_label("Cấp ủy").check()  # a kind of body: the panel is refreshed by htmx
    page.wait_for_function(
        "before => document.querySelector('#task-targets .badge').innerText !== before", arg=before
    )
    assert int(panel.locator(".badge").inner_text()) > int(before)
    due = page.locator("#id_due_on")
    assert due.get_attribute("type") == "text" and re.fullmatch(r"\d\d/\d\d/\d{4}|", due.input_value())
    page.locator("[data-datepicker-open]").first.click()
    picker = page.locator(".dvk-datepicker")
    assert picker.is_visible()
    picker.get_by_role("button", name="Hôm nay").click()
    from django.utils import timezone

    assert due.input_value() == timezone.localdate().strftime("%d/%m/%Y")
    due.fill("5/1/2027")
    due.blur()
    assert due.input_value() == "05/01/2027"
