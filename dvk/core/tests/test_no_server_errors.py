"""Generated robustness test: no input ever produces a 5xx.

Nothing here is written per route. The HTML side walks the URL resolver (every pattern of every app,
so a new route is covered as soon as it is mounted), finds a real example of each pattern by crawling
the links a staff persona sees, and then sends it out-of-range and malformed ids, pages and numbers:
in the path, in the query string (every parameter name any module reads from `request.GET`/`POST`
or a `from_query` mapping), and in every form the page renders (each field of each form posted with
malformed values). The API side reads every operation from the OpenAPI schema and does the same
with path ids, query parameters and request bodies built from their JSON schemas (huge integers,
NaN / Infinity / 1e400, control characters, over-long strings).

Each side runs anonymously and as staff personas. A failure lists every request that answered 5xx.
"""

from __future__ import annotations

import functools
import json
import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from dvk.accounts.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

BIG = 10**20  # beyond 64 bits
INT64_OVER = 2**63  # one past the largest BIGINT
INT64_MAX = 2**63 - 1
HUGE = "__HUGE_NUMBER__"  # replaced by the literal 1e400 in JSON bodies (Python cannot hold it)
# Each kind of malformed value once: beyond 64 bits (ids, pages), not a number for int() but a Decimal
# (NaN), finite for Decimal but not for float (1e400), and text with control characters, over-long.
BAD_QUERY = [str(BIG), "NaN", "1e400"]
BAD_FORM = [str(BIG), "NaN", "1e400", "Ki\x0bểm\x00" + "x" * 3000]
BAD_PATH_INTS = [BIG, INT64_OVER, 0]
STAFF = ("tinh.bdv", "xa.a")  # the province coordinator (sees everything in the province) and an officer
HTML_STAFF = ("admin",)  # the HTML walk is the costly half: the persona who reaches every page
CRAWLERS = ("admin", "tinh.bdv", "xa.a")  # whose links give the real example of each route
SKIP_PREFIXES = ("quan-tri/", "api/v1/", "static/")  # Django's admin; the API is walked from its schema
ROOT = Path(__file__).resolve().parents[2]  # the dvk package
PARAM_RE = re.compile(
    r"""(?:GET|POST|query|params|data)\s*(?:\.get|\.getlist|\.pop)?\(\s*["']([a-z_][a-z0-9_]*)["']"""
    r"""|(?:GET|POST)\[\s*["']([a-z_][a-z0-9_]*)["']\s*\]"""
)


# --- discovery ---------------------------------------------------------------------------------------


def url_patterns() -> list[tuple[str, URLPattern]]:
    """Every (route, pattern) the resolver knows, outside the admin and the API."""

    def walk(patterns: list, prefix: str) -> Iterator[tuple[str, URLPattern]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p

    return [(r, p) for r, p in walk(get_resolver().url_patterns, "") if not r.startswith(SKIP_PREFIXES)]


def query_names() -> set[str]:
    """Every parameter name the code reads from a request (GET/POST, a `from_query` mapping...)."""
    names: set[str] = set()
    for source in ROOT.rglob("*.py"):
        if "tests" in source.parts or "migrations" in source.parts:
            continue
        for a, b in PARAM_RE.findall(source.read_text(encoding="utf-8")):
            names.add(a or b)
    return names - {"csrfmiddlewaretoken"}


CONVERTER_RE = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>\w+)>")


def concrete(route: str, values: dict[str, Any]) -> str:
    return "/" + CONVERTER_RE.sub(lambda m: str(values.get(m["name"], "1")), route)


def fill_with(route: str, value: Any, example_kwargs: dict[str, Any]) -> list[str]:
    """The route with each int kwarg in turn set to `value` (others from the real example)."""
    urls = []
    for m in CONVERTER_RE.finditer(route):
        if m["conv"] == "int":
            urls.append(concrete(route, {**example_kwargs, m["name"]: value}))
    return urls


class _Forms(HTMLParser):
    """Collects links and forms (action, method, field names, whether a field is a multi-select)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "method": a.get("method", "get").lower(),
                "fields": {},
            }
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea") and self._form is not None and a.get("name"):
            if a.get("type") in ("submit", "button", "file"):
                return
            self._form["fields"][a["name"]] = "multiple" in a

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def parse(html: str) -> _Forms:
    parser = _Forms()
    parser.feed(html)
    return parser


def crawl(client: Client, patterns: list[tuple[str, URLPattern]], budget: int = 300) -> dict[str, str]:
    """One real URL per pattern, found by following the links and form actions a user sees (BFS from
    every page that needs no argument; each route is visited once, query-string variants are not)."""
    routes = {r for r, _p in patterns}
    examples: dict[str, str] = {}
    queue = deque(concrete(r, {}) for r in routes if "<" not in r)
    queued: set[str] = set()

    def route_of(path: str) -> str | None:
        try:
            r = resolve(path).route
        except Resolver404:
            return None
        return r if r in routes else None

    while queue and budget > 0:
        path = queue.popleft()
        route = route_of(path)
        if route is None or route in queued:
            continue
        queued.add(route)
        examples.setdefault(route, path)
        if "." in path.rsplit("/", 1)[-1]:
            continue  # downloads (.docx, .xlsx): nothing to follow
        budget -= 1
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = parse(response.content.decode())
        for target in [f["action"] for f in page.forms if f["action"]] + page.links:
            parts = urlsplit(urljoin(path, target))
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static/"):
                continue
            found = route_of(parts.path)
            if found is None or found in examples:
                continue
            examples[found] = parts.path
            queue.append(parts.path)
    return examples


class Recorder:
    """Sends requests inside a savepoint (a failed statement must not poison the ones after it,
    on PostgreSQL) and records every 5xx."""

    def __init__(self, client: Client, who: str) -> None:
        self.client, self.who = client, who
        self.failures: list[str] = []

    def send(self, method: str, url: str, **kwargs: Any) -> Any:
        sid = transaction.savepoint()
        response = getattr(self.client, method)(url, **kwargs)
        if response.status_code >= 500:
            transaction.savepoint_rollback(sid)
            detail = kwargs.get("data")
            detail = detail if isinstance(detail, str) else json.dumps(detail, default=str)[:200]
            self.failures.append(f"{self.who} {method.upper()} {url[:160]} {detail} → {response.status_code}")
        else:
            transaction.savepoint_commit(sid)
        return response


def _client(who: str | None, persona: Any) -> Client:
    client = Client(raise_request_exception=False)
    if who:
        client.force_login(persona(who))
    return client


# --- HTML --------------------------------------------------------------------------------------------


def walk_html(who: str | None, persona: Any, staff_examples: dict[str, str]) -> list[str]:
    patterns = url_patterns()
    rec = Recorder(_client(who, persona), who or "anonymous")
    names = sorted(query_names())
    for route, pattern in patterns:
        if pattern.name == "logout":
            continue  # it would end the session the rest of the walk runs in
        if who:
            rec.client.force_login(persona(who))  # whatever the previous route did to the session
        example = staff_examples.get(route) or concrete(route, {})
        try:
            kwargs = resolve(example).kwargs
        except Resolver404:
            kwargs = {}
        # 1. out-of-range ids in the path (GET, and POST for the views that only take POST)
        for url in fill_with(route, BIG, kwargs):
            rec.send("get", url)
            rec.send("post", url, data={})
        # 2. every known query parameter malformed at once, on a real URL
        for bad in BAD_QUERY:
            rec.send("get", f"{example}?{urlencode(dict.fromkeys(names, bad))}")
        for bad in BAD_QUERY[:2]:
            rec.send("post", example, data=dict.fromkeys(names, bad))
        # 3. every form the page renders, each field malformed
        _malformed_forms(rec, example)
    return rec.failures


def _malformed_forms(rec: Recorder, example: str) -> None:
    """Send every form the page at `example` renders with each field malformed (BAD_FORM)."""
    response = rec.client.get(example)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    for form in parse(response.content.decode()).forms:
        action = urljoin(example, form["action"]) if form["action"] else example
        if urlsplit(action).path.startswith(("/tai-khoan/dang-xuat", "/static/")):
            continue
        for bad in BAD_FORM:
            data = {n: [bad, str(BIG)] if multi else bad for n, multi in form["fields"].items()}
            if form["method"] == "get":
                rec.send("get", f"{action.split('?')[0]}?{urlencode(data, doseq=True)}")
            else:
                rec.send("post", action, data=data)


_EXAMPLES: dict[str, str] = {}


@pytest.fixture
def staff_examples(persona) -> dict[str, str]:
    """Crawled once per process: the examples are URLs of the demo data, the same in every test."""
    if not _EXAMPLES:
        client = Client(raise_request_exception=False)
        for who in CRAWLERS:
            client.force_login(persona(who))
            _EXAMPLES.update(crawl(client, [(r, p) for r, p in url_patterns() if r not in _EXAMPLES]))
    return _EXAMPLES


def test_the_crawler_reaches_most_routes(staff_examples):
    """Guards the generator itself: if links stopped being found, the walk would test only 404s."""
    patterns = url_patterns()
    with_args = [r for r, _p in patterns if "<" in r]
    reached = [r for r in with_args if r in staff_examples]
    assert len(reached) >= len(with_args) * 0.6, sorted(set(with_args) - set(reached))


@pytest.mark.parametrize("who", [None, *HTML_STAFF])
def test_no_html_route_answers_5xx(who, persona, staff_examples):
    failures = walk_html(who, persona, staff_examples)
    if failures:
        pytest.fail(f"{len(failures)} requests answered 5xx:\n" + "\n".join(failures), pytrace=False)


# --- API ---------------------------------------------------------------------------------------------


def _resolve_ref(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _types(schema: dict[str, Any], spec: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _resolve_ref(schema, spec)
    if "anyOf" in schema:
        return [s for sub in schema["anyOf"] for s in _types(sub, spec) if s.get("type") != "null"]
    if "allOf" in schema:
        return [s for sub in schema["allOf"] for s in _types(sub, spec)]
    return [schema]


def _string_for(s: dict[str, Any], mutation: str | None) -> str:
    """A date, a date-time or a text (with control characters, or too long, when mutated)."""
    formats = {"date": "2026-06-30", "date-time": "2026-06-30T08:00:00+07:00"}
    if s.get("format") in formats:
        return formats[s["format"]]
    return {"ctrl": "Kiểm\x00thử\x0b\x1f", "long": "x" * 5000}.get(mutation or "", "Kiểm thử")


def body_for(
    schema: dict[str, Any],
    spec: dict[str, Any],
    mutation: str | None,
    ids: dict[str, Any] | None = None,
    name: str = "",
    depth: int = 0,
) -> Any:
    """A body shaped by the JSON schema: plausible values (real ids for `<resource>_id` fields),
    with one kind of value made malformed."""
    ids = ids or {}
    options = _types(schema, spec)
    s = options[0] if options else {}
    kind = s.get("type")
    if "enum" in s or "const" in s:
        return (s.get("enum") or [s.get("const")])[0]
    if kind == "integer":
        real = ids.get(re.sub(r"_ids?$", "", name), 1)
        return {"big": BIG, "int64": INT64_OVER}.get(mutation or "", real)
    if kind == "number":
        return {"nan": float("nan"), "inf": float("inf"), "huge": HUGE, "big": BIG}.get(mutation or "", 1)
    if kind == "string":
        return _string_for(s, mutation)
    if kind == "boolean":
        return False
    if kind == "array":
        return [body_for(s.get("items", {}), spec, mutation, ids, name, depth + 1)] if depth < 4 else []
    if kind == "object" or "properties" in s:
        props = s.get("properties")
        if not props:  # a free mapping (indicator figures...)
            value = {"nan": float("nan"), "inf": float("inf"), "huge": HUGE, "big": BIG}.get(
                mutation or "", 1
            )
            return {"chi_so": value, "\x00": "x" if mutation == "ctrl" else 1}
        return (
            {k: body_for(v, spec, mutation, ids, k, depth + 1) for k, v in props.items()} if depth < 4 else {}
        )
    return 1


def encode(body: Any) -> str:
    return json.dumps(body).replace(f'"{HUGE}"', "1e400")


def _example_ids(client: Client, spec: dict[str, Any]) -> dict[str, Any]:
    """A real id per path parameter, taken from the list operation one level up, and per resource
    ("organisation" from /organisations, ...) for the `<resource>_id` fields of bodies."""
    ids: dict[str, Any] = {}
    for path, operations in spec["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        response = client.get(path)
        data = response.json() if response.status_code == 200 else None
        items = data.get("items") if isinstance(data, dict) else data
        if items and isinstance(items, list) and isinstance(items[0], dict) and "id" in items[0]:
            resource = path.rstrip("/").rsplit("/", 1)[-1].replace("-", "_").removesuffix("s")
            ids.setdefault(resource, items[0]["id"])
    for path in spec["paths"]:
        for m in re.finditer(r"\{(\w+)\}", path):
            name = m[1]
            if name in ids:
                continue
            listing = path[: m.start()].rstrip("/")
            if "{" in listing:
                continue
            response = client.get(listing)
            if response.status_code == 200:
                data = response.json()
                items = data.get("items") if isinstance(data, dict) else data
                if items and isinstance(items[0], dict) and "id" in items[0]:
                    ids[name] = items[0]["id"]
    return ids


def _api_client(who: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if not who:
        return client
    response = client.post(
        "/api/v1/auth/token",
        {"username": who, "password": DEMO_PASSWORD},
        content_type="application/json",
    )
    return Client(
        raise_request_exception=False, headers={"Authorization": f"Bearer {response.json()['token']}"}
    )


def walk_api(who: str | None, spec: dict[str, Any]) -> list[str]:
    client = _api_client(who)
    rec = Recorder(client, who or "anonymous")
    ids = _example_ids(client, spec) if who else {}
    for path, operations in spec["paths"].items():
        if path.endswith(("/auth/logout",)):
            continue
        for method, op in operations.items():
            _walk_operation(rec, spec, ids, path, method, op)
    return rec.failures


def _walk_operation(
    rec: Recorder, spec: dict[str, Any], ids: dict[str, Any], path: str, method: str, op: dict[str, Any]
) -> None:
    """One operation: malformed path ids, query parameters and bodies."""
    params = op.get("parameters", [])
    path_params = {p["name"]: p for p in params if p["in"] == "path"}
    real = {n: ids.get(n, "approve" if n == "action" else 1) for n in path_params}
    query_params = [p for p in params if p["in"] == "query"]
    body_schema = (op.get("requestBody") or {}).get("content", {})

    url = functools.partial(_url, path)
    call = functools.partial(_send, rec, method, body_schema)
    for name, p in path_params.items():
        if any(t.get("type") == "integer" for t in _types(p["schema"], spec)):
            _each(call, [url({**real, name: value}) for value in [*BAD_PATH_INTS, "abc"]])
    if query_params:
        for bad in [*BAD_QUERY, "abc", BAD_FORM[-1]]:
            call(url(real, {p["name"]: bad for p in query_params}))
    if any(p["name"] == "offset" for p in query_params):
        for value in (INT64_MAX, INT64_OVER):
            call(url(real, {"offset": value}))
    for content_type, content in body_schema.items():
        for mutation in (None, "big", "nan", "huge", "ctrl", "long"):
            call(url(real), _encoded(content_type, body_for(content["schema"], spec, mutation, ids)))


def _url(path: str, values: dict[str, Any], query: dict[str, Any] | None = None) -> str:
    u = re.sub(r"\{(\w+)\}", lambda m: str(values[m[1]]), path)
    return f"{u}?{urlencode(query)}" if query else u


def _send(
    rec: Recorder, method: str, body_schema: dict[str, Any], u: str, body: str | dict | None = None
) -> None:
    if body is None:
        rec.send(method, u)
    elif "multipart/form-data" in body_schema:
        rec.send(method, u, data=body)
    else:
        rec.send(method, u, data=body, content_type="application/json")


def _each(call: Any, urls: list[str]) -> None:
    for u in urls:
        call(u)


def _encoded(content_type: str, body: Any) -> Any:
    """A body as sent: JSON text, or the flat fields of a multipart form (1e400 for HUGE)."""
    if "multipart" not in content_type:
        return encode(body)
    form = {k: v for k, v in body.items() if not isinstance(v, dict | list)}
    return {k: str(v) if v != HUGE else "1e400" for k, v in form.items()}
