"""Keyboard-only use (WCAG 2.1 AA 2.1.1, 2.1.2, 2.4.1, 2.4.3, 2.4.7): the main journey with Tab, Enter,
the arrow keys and Escape only — log in, the skip link, the menu, a list with filters, a form with errors
and the date picker. Focus is always visible (an outline of at least 2 px), the tab order follows the
page, dropdowns and the calendar close on Escape and give the focus back, nothing traps it."""

from __future__ import annotations

import pytest

from tests.e2e import a11y

pytestmark = pytest.mark.browser

ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || "").trim().slice(0, 80),
    label: el.getAttribute("aria-label") || "", classes: el.className || "",
    outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    visible: box.width > 0 && box.height > 0,
    expanded: el.getAttribute("aria-expanded"),
    inMain: !!el.closest("main"), inNav: !!el.closest("#mainnav"),
    order: Array.prototype.indexOf.call(document.querySelectorAll("*"), el),
  };
}"""


@pytest.fixture
def kpage(browser, live_server, demo):
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        base_url=live_server.url,
        viewport={"width": 1366, "height": 768},
    )
    context.set_default_timeout(15_000)
    a11y.install(context)
    pg = context.new_page()
    yield pg
    context.close()


def active(page) -> dict:
    return page.evaluate(ACTIVE)


def tab(page, shift: bool = False) -> dict:
    page.keyboard.press("Shift+Tab" if shift else "Tab")
    now = active(page)
    assert now is not None, "the focus left the page"
    assert now["visible"], f"focus on an invisible element: {now}"
    assert now["outline"] >= 2, f"no visible focus outline on {now}"
    return now


def tab_until(page, test, limit: int = 60) -> dict:
    seen = []
    for _ in range(limit):
        now = tab(page)
        seen.append(now)
        if test(now):
            return now
    raise AssertionError("never reached by Tab:\n" + "\n".join(str(s) for s in seen))


def log_in_by_keyboard(page, username: str) -> None:
    from dvk.accounts.factories import DEMO_PASSWORD

    page.goto("/tai-khoan/dang-nhap/")
    first = page.evaluate(
        "() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]"
        ".find(e => e.offsetParent !== null || e.matches('.visually-hidden-focusable')).textContent.trim()"
    )
    assert first == "Bỏ qua, đến nội dung chính"  # the skip link is the first focusable element
    assert active(page)["id"] == "id_username"  # the log-in box has the focus
    page.keyboard.type(username)
    assert tab(page)["id"] == "id_password"
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/") and "dang-nhap" not in page.url, page.url
    page.wait_for_load_state("networkidle")  # the bell is loaded by htmx


def test_log_in_skip_link_and_the_menu_by_keyboard(kpage):
    page = kpage
    page.goto("/tai-khoan/dang-nhap/")
    page.keyboard.type("xa.a")
    tab(page)
    page.keyboard.type("sai-mat-khau")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    assert "Sai tên đăng nhập hoặc mật khẩu" in alert.inner_text()
    log_in_by_keyboard(page, "tinh.bdv")

    # The skip link comes first, shows itself when focused, and takes the focus into <main>.
    skip = tab(page)
    assert skip["text"] == "Bỏ qua, đến nội dung chính" and skip["tag"] == "a"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    after = tab(page)
    assert after["inMain"], after  # the next stop is in the content, the menu is skipped

    # The menu: Tab order follows the page, a group opens with Enter, arrows move inside, Escape
    # closes it and gives the focus back to its button.
    page.evaluate("() => document.activeElement.blur()")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.goto("/")
    page.wait_for_load_state("networkidle")  # the bell's first load swaps its link (its id keeps the focus)
    orders: list[int] = []

    def record(now: dict) -> bool:
        orders.append(now["order"])
        if "navbar-toggler" in now["classes"] and now["expanded"] == "false":
            page.keyboard.press("Enter")  # the menu is collapsed at this width: open it from its button
            page.locator("#mainnav").wait_for(state="visible")
        return now["inNav"] and "dropdown-toggle" in now["classes"]

    toggle = tab_until(page, record)
    assert orders == sorted(orders), "Tab order differs from the page order"
    assert page.locator("[tabindex]:not([tabindex='-1']):not([tabindex='0'])").count() == 0  # no tabindex > 0
    page.keyboard.press("Enter")
    assert active(page)["expanded"] == "true" or page.locator("#mainnav .dropdown-menu.show").count() == 1
    a11y.assert_clean(page, "the menu group opened by keyboard")
    page.keyboard.press("ArrowDown")
    item = active(page)
    assert "dropdown-item" in item["classes"], item
    page.keyboard.press("Escape")
    assert page.locator("#mainnav .dropdown-menu.show").count() == 0
    back = active(page)
    assert back["order"] == toggle["order"] and back["expanded"] == "false", back

    # The user menu: Shift+Tab back to it, Enter opens it, Escape closes it, focus returns.
    user = page.locator(".app-usernav .dropdown-toggle").last
    user.focus()
    page.keyboard.press("Enter")
    assert page.locator(".app-usernav .dropdown-menu.show").count() == 1
    page.keyboard.press("ArrowDown")
    assert "dropdown-item" in active(page)["classes"]
    page.keyboard.press("Escape")
    assert page.locator(".app-usernav .dropdown-menu.show").count() == 0
    assert "dropdown-toggle" in active(page)["classes"]

    # Follow a menu link with Enter: the page it opens is the item's.
    toggle_el = page.locator("#mainnav .dropdown-toggle").first
    toggle_el.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href), (page.url, href)


def test_a_list_filtered_by_keyboard(kpage):
    page = kpage
    log_in_by_keyboard(page, "tinh.bdv")
    page.goto("/ke-hoach/")
    search = tab_until(page, lambda now: now["tag"] == "input" and now["inMain"])
    assert search["label"], search  # the search box has a name
    stage = tab(page)
    assert stage["tag"] == "select" and stage["label"], stage
    page.keyboard.press("ArrowDown")  # the first stage after "all stages"
    chosen = page.locator("select[name=stage]").input_value()
    assert chosen
    button = tab(page)
    assert button["tag"] == "button", button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"stage={chosen}" in page.url, page.url
    assert page.locator("select[name=stage]").input_value() == chosen  # the filter is kept in the URL
    # The new page starts again at the skip link; past it, the list's own controls.
    assert tab(page)["text"] == "Bỏ qua, đến nội dung chính"
    page.keyboard.press("Enter")
    after = tab(page)
    assert after["inMain"], after


def test_a_form_with_errors_and_the_date_picker_by_keyboard(kpage):
    page = kpage
    log_in_by_keyboard(page, "tinh.bdv")
    page.goto("/ke-hoach/moi/")
    date = page.locator("input[data-datepicker]").first
    date_id = date.get_attribute("id")

    # The calendar: Enter on its button opens it on a day, the arrows move, Enter chooses and the
    # focus comes back to the box; Escape closes it without choosing.
    date.focus()
    opener = tab(page)
    assert opener["label"] == "Chọn ngày", opener
    page.keyboard.press("Enter")
    picker = page.locator(".dvk-datepicker")
    assert picker.is_visible() and picker.get_attribute("role") == "dialog"
    first_day = page.evaluate("() => document.activeElement.getAttribute('data-date')")
    assert first_day, "the calendar did not take the focus"
    a11y.assert_clean(page, "the date picker open")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    moved = page.evaluate("() => document.activeElement.getAttribute('data-date')")
    import datetime as dt

    assert dt.date.fromisoformat(moved) - dt.date.fromisoformat(first_day) == dt.timedelta(days=8)
    page.keyboard.press("PageDown")
    later = page.evaluate("() => document.activeElement.getAttribute('data-date')")
    assert later[:7] != moved[:7]  # the next month
    for _ in range(12):  # Tab stays inside the open calendar (a modal dialog), Escape leaves it
        tab(page)
        assert page.evaluate("() => !!document.activeElement.closest('.dvk-datepicker')")
    page.keyboard.press("Escape")
    assert picker.count() == 0 and active(page)["id"] == date_id
    assert date.input_value() == ""
    tab(page)
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert page.locator(".dvk-datepicker").count() == 0 and active(page)["id"] == date_id
    expected = dt.date.fromisoformat(first_day) + dt.timedelta(days=1)
    assert date.input_value() == expected.strftime("%d/%m/%Y")

    # Post with an impossible date: the error summary takes the focus, its link leads to the field,
    # which says it is invalid and is described by its message.
    date.fill("31/02/2026")
    page.locator("#id_title").fill("Kế hoạch thử bàn phím")
    if not page.locator("#id_organisation").input_value():
        page.locator("#id_organisation").select_option(index=1)
    page.locator("#id_number").fill("99-KH/TEST")
    page.locator("#id_number").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    a11y.assert_clean(page, "the new-plan form showing its errors")
    link = tab(page)
    assert link["tag"] == "a" and "alert-link" in link["classes"], link
    page.keyboard.press("Enter")
    field = active(page)
    assert field["tag"] in ("input", "select", "textarea"), field
    invalid = page.locator(f"#{field['id']}")
    assert invalid.get_attribute("aria-invalid") == "true"
    described = invalid.get_attribute("aria-describedby") or ""
    error_id = next(i for i in described.split() if i.endswith("_error"))
    assert page.locator(f"#{error_id}").inner_text().strip()


def test_the_bell_keeps_the_focus_when_it_refreshes(kpage):
    """The bell refreshes itself every minute (htmx): a keyboard user resting on it keeps the focus."""
    page = kpage
    log_in_by_keyboard(page, "tinh.bdv")
    page.locator("#dvk-bell").focus()
    page.evaluate(
        """() => new Promise(done => {
             const li = document.getElementById("dvk-bell").parentElement;
             document.body.addEventListener("htmx:afterSettle", () => done(), {once: true});
             htmx.ajax("GET", li.getAttribute("hx-get"), {target: li, swap: "innerHTML"});
           })"""
    )
    now = active(page)
    assert now is not None and now["id"] == "dvk-bell", now
