"""Content-Security-Policy: the header on every kind of response, and no inline script, event handler,
`javascript:` URL or inline style in any template or in the pages the main routes render (a crawl of
every parameterless route and one link of each further route it finds, for several personas)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

pytestmark = pytest.mark.django_db

# `<script>` without a src (only JSON data blocks may be inline), `on…=` handler attributes, htmx's
# `hx-on` (inline JS too), `javascript:` URLs, `style=""` attributes and `<style>` elements.
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-z][^>]*\s(on[a-z]+|hx-on[:\-a-z]*)\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)


def inline_problems(html: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(html):
        attrs = match.group(1)
        if re.search(r"\bsrc\s*=", attrs) or re.search(
            r"""type\s*=\s*["']application/(ld\+)?json["']""", attrs
        ):
            continue
        found.append(f"inline script: {match.group(0)[:80]}")
    found += [f"handler: {m.group(0)[-60:]}" for m in HANDLER.finditer(html)]
    found += [f"javascript: URL: {m.group(0)}" for m in JS_URL.finditer(html)]
    found += [f"style attribute: {m.group(0)[-60:]}" for m in STYLE_ATTR.finditer(html)]
    found += ["<style> element" for _ in STYLE_TAG.finditer(html)]
    return found


def test_the_checker_finds_each_kind_of_inline_code():
    page = (
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json" id="d">{}</script>'
        '<a href="javascript:void(0)">x</a><button onclick="go()">y</button>'
        '<div hx-on:click="x()"></div><p style="color:red">z</p><style>p{}</style>'
    )
    kinds = sorted(problem.split(":")[0] for problem in inline_problems(page))
    assert kinds == [
        "<style> element",
        "handler",
        "handler",
        "inline script",
        "javascript",
        "style attribute",
    ]


def project_templates() -> list[Path]:
    roots = [settings.BASE_DIR / "templates", *sorted((settings.BASE_DIR / "dvk").glob("*/templates"))]
    files = [f for root in roots for f in root.rglob("*.html")]
    assert len(files) > 50  # the glob found the project's templates
    return files


def test_no_template_has_inline_script_handler_or_style():
    problems = {
        str(f.relative_to(settings.BASE_DIR)): found
        for f in project_templates()
        if (found := inline_problems(f.read_text(encoding="utf-8")))
    }
    assert problems == {}


def test_no_static_script_uses_eval_or_injects_inline_code():
    scripts = [
        *(settings.BASE_DIR / "static" / "js").glob("*.js"),
        *(settings.BASE_DIR / "dvk").glob("*/static/*/*.js"),
    ]
    assert scripts
    forbidden = re.compile(
        r"\beval\s*\(|new\s+Function\s*\(|setAttribute\(\s*[\"'](style|on[a-z]+)[\"']|\.cssText\b"
    )
    offenders = {str(s.relative_to(settings.BASE_DIR)) for s in scripts if forbidden.search(s.read_text())}
    assert offenders == set()


def assert_policy(response) -> None:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }
    assert directives.get("default-src") == ["'self'"], header
    assert directives.get("script-src") == ["'self'"], header
    assert directives.get("style-src") == ["'self'"], header
    assert directives.get("object-src") == ["'none'"], header
    assert directives.get("base-uri") == ["'self'"], header
    assert directives.get("frame-ancestors") == ["'none'"], header
    assert directives.get("form-action") == ["'self'"], header
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header, header


def test_policy_on_pages_api_errors_and_static_redirects(client, client_for):
    assert_policy(client.get("/tai-khoan/dang-nhap/"))
    assert_policy(client.get("/dien-hinh/"))
    assert_policy(client.get("/khong-co-trang-nay/"))  # 404 page
    assert_policy(client.get("/api/v1/openapi.json"))
    assert_policy(client.get("/api/v1/docs"))
    assert_policy(client.get("/"))  # redirect to the log-in page
    assert_policy(client_for("xa.a").get("/"))


def parameterless_routes() -> list[str]:
    """Every GET route of the URL conf that takes no argument (admin and API excepted: the admin is
    Django's, the API answers JSON)."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and "<" not in route and "(?P" not in route and "^" not in route:
                found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return [r for r in found if not r.startswith(("/quan-tri/", "/api/"))]


HREF = re.compile(r"""href="(/[^"#?]*)""")


def crawl(client: Client, seen_routes: set[str], failures: dict[str, list[str]]) -> int:
    """GET each parameterless route, then the first link of every route not seen yet; check each HTML page."""
    queue = parameterless_routes()
    pages = 0
    while queue:
        url = queue.pop(0)
        try:
            match = resolve(url)
        except Resolver404:
            continue
        key = f"{match.namespace}:{match.url_name}:{match.route}"
        if key in seen_routes or url.startswith(("/quan-tri/", "/api/", "/static/")):
            continue
        seen_routes.add(key)
        if "dang-xuat" in url:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
            continue
        pages += 1
        assert_policy(response)
        html = response.content.decode()
        if problems := inline_problems(html):
            failures[url] = problems
        queue += [h for h in HREF.findall(html) if urlsplit(h).path == h]
    return pages


def test_rendered_pages_of_the_main_routes_have_no_inline_code(client_for):
    failures: dict[str, list[str]] = {}
    pages = 0
    for username in ("tinh.bdv", "xa.a", "tiepdan.xa", "hdnd.tinh", "mttq.tinh"):
        pages += crawl(client_for(username), set(), failures)
    pages += crawl(Client(), set(), failures)  # the public pages
    assert failures == {}
    assert pages > 250  # the crawl reached lists, detail pages and the public site (333 on the demo)


def test_the_administration_pages_have_no_inline_code(client_for, persona):
    client = client_for("admin")
    user = persona("xa.a")
    pages = ["/quan-tri/", "/quan-tri/accounts/user/", f"/quan-tri/accounts/user/{user.pk}/change/"]
    pages += ["/quan-tri/otp_totp/totpdevice/", "/quan-tri/accounts/user/add/"]
    failures = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_policy(response)
        if problems := inline_problems(response.content.decode()):
            failures[url] = problems
    assert failures == {}
