"""Generated authorisation matrix: every route × every demo persona × objects in and out of scope.

The routes come from the URL resolver (dvk.core.tests.test_no_server_errors.url_patterns) and the
OpenAPI schema; what each route is lives in ONE table (dvk/core/tests/authz/routes.py) — a route it
does not classify fails `test_every_route_is_classified`. The dataset (dvk/core/tests/authz/world.py)
is the demo province with a marker (`MKR-<body>-<serial>`) in every row of every domain's main
models, plus planted attachments, periodic reports, notifications, audit events and jobs.

For each persona (and anonymous), every route is requested with rows of the persona's own body, of a
sibling body, of a body above and a public row, and each answer is held to the rules:

- out of scope: 404 for GET and for an empty POST (never data, never 5xx), and the POST changes
  nothing (no audit event, which every change writes);
- anonymous on a staff page: the log-in redirect (HTML) or 401 (API);
- no answer (pages, lists, `?q=` searches, exports, downloads — .docx/.xlsx are unzipped —,
  notifications, the audit page, dashboards, API lists) contains the marker of a row the persona may
  not see: neither in its scope (`visible_to`, the one scoping module) nor public.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client

from dvk.core.tests.authz import routes as table
from dvk.core.tests.authz.world import MARKER_RE, World, build, model
from dvk.core.tests.test_no_server_errors import _api_client, concrete, url_patterns

pytestmark = [pytest.mark.django_db, pytest.mark.authz]

# The README's demo accounts ("Tài khoản demo"); test_every_persona_is_in_the_matrix keeps it whole.
PERSONAS = (
    "admin",
    "tinh.bdv",
    "lanhdao.bdv",
    "xa.a",
    "xa.b",
    "so.a",
    "mttq.tinh",
    "hoidong.1",
    "hoidong.2",
    "hoidong.3",
    "mttq.xa",
    "bithu.caophong",
    "mttq.caophong",
    "tiepdan.xa",
    "chutich.xa",
    "thanhtra.tinh",
    "hdnd.tinh",
    "daibieu.1",
    "duthao.so",
    "hoiphunu.tinh",
)
LOGIN = "/tai-khoan/dang-nhap/"
GONE = {404}  # out of scope
NOT_THIS_METHOD = {405}  # a GET on a POST-only action or the reverse: the same for every row
SEARCH = "MKR"


# --- the dataset ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back at the end."""
    from dvk.accounts.models import User

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            users = {u.username: u for u in User.objects.filter(username__in=PERSONAS)}
            yield build(users)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _user(who: str | None) -> Any:
    from dvk.accounts.models import User

    return User.objects.get(username=who) if who else AnonymousUser()


def _own_paths(user: Any) -> tuple[str, ...]:
    if not user.is_authenticated:
        return ()
    from dvk.organisations.models import Membership

    return tuple(Membership.objects.filter(user=user).values_list("organisation__path", flat=True))


def _path(obj: Any) -> str:
    """The owning body's path of a row (its own, its body's or its parent's)."""
    if getattr(obj, "org_path", ""):
        return obj.org_path
    if getattr(obj, "path", "") and obj._meta.label == "organisations.Organisation":
        return obj.path
    for parent in ("organisation", "exemplar", "plan", "critique", "letter"):
        related = getattr(obj, parent, None)
        if related is not None:
            return getattr(related, "org_path", "") or getattr(related, "path", "")
    return ""


_POOLS: dict[str, list[Any]] = {}


def _pool(label: str) -> list[Any]:
    """The rows a route may be asked about: one per owner body (or per user), in a stable order."""
    if label not in _POOLS:
        seen: dict[str, Any] = {}
        for obj in model(label).objects.order_by("pk"):
            owner = _path(obj) or str(getattr(obj, "user_id", ""))
            seen.setdefault(owner, obj)
        _POOLS[label] = list(seen.values())
    return _POOLS[label]


def samples(w: World, user: Any, label: str) -> tuple[list[Any], list[tuple[str, Any]]]:
    """([a row of the persona's own body or else one it sees], [(relation, row out of its scope)]):
    a sibling body's, a body above's, a public one and, failing those, any other."""
    visible, public = w.visible(user, label), w.public(label)
    pool = _pool(label)
    mine = _own_paths(user)
    seen = [o for o in pool if o.pk in visible]
    own = [o for o in seen if any(_path(o).startswith(p) for p in mine)] or seen
    hidden = [o for o in pool if o.pk not in visible]
    picked: list[tuple[str, Any]] = []

    def pick(relation: str, rows: list[Any]) -> None:
        for o in rows:
            if all(o.pk != p.pk for _r, p in picked):
                picked.append((relation, o))
                return

    pick("sibling", [o for o in hidden if any(_path(o)[:-4] == p[:-4] and _path(o) for p in mine)])
    pick("above", [o for o in hidden if any(p.startswith(_path(o)) and _path(o) for p in mine)])
    pick("public", [o for o in hidden if o.pk in public])
    pick("other", hidden)
    return own[:1], picked[:2]


# --- responses -----------------------------------------------------------------------------------


def content_of(response: Any) -> str:
    """The text of an answer; the members of a .docx/.xlsx archive read out."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                raw = b"".join(archive.read(n) for n in archive.namelist())
        except zipfile.BadZipFile:
            pass
    return raw.decode("utf-8", errors="ignore")


class Matrix:
    """Sends the requests of one persona and collects every broken rule."""

    def __init__(self, w: World, who: str | None, client: Client) -> None:
        self.world, self.who, self.client = w, who or "anonymous", client
        self.user = _user(who)
        self.allowed = w.allowed(self.user)
        self.failures: list[str] = []
        self.requests = 0

    def send(self, method: str, url: str, **kwargs: Any) -> tuple[int, str]:
        self.requests += 1
        sid = transaction.savepoint()
        response = getattr(self.client, method)(url, **kwargs)
        status = response.status_code
        text = content_of(response) if status < 300 or status >= 400 else ""
        transaction.savepoint_rollback(sid) if status >= 500 else transaction.savepoint_commit(sid)
        if status >= 500:
            self.fail(method, url, f"answered {status}")
        leaked = sorted(set(MARKER_RE.findall(text)) - self.allowed)
        if leaked:
            rows = ", ".join(
                f"{t} ({self.world.markers.get(t, ('?', '?'))[0]} #{self.world.markers.get(t, ('?', '?'))[1]})"
                for t in leaked[:4]
            )
            self.fail(method, url, f"shows {len(leaked)} out-of-scope rows: {rows}")
        self.last = response
        return status, text

    def fail(self, method: str, url: str, what: str) -> None:
        self.failures.append(f"{self.who} {method.upper()} {url[:150]} {what}")

    def expect(self, method: str, url: str, allowed: set[int], why: str, **kwargs: Any) -> int:
        status, _text = self.send(method, url, **kwargs)
        if status not in allowed and status < 500:
            self.fail(method, url, f"answered {status}, expected {sorted(allowed)} ({why})")
        return status


def _audit_count() -> int:
    return model("audit.AuditEvent").objects.count()


# --- classification --------------------------------------------------------------------------------


def _api_spec() -> dict[str, Any]:
    from dvk.api.main import api

    return api.get_openapi_schema()


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m.upper(), p, op) for p, ops in spec["paths"].items() for m, op in ops.items()]


def test_every_route_is_classified():
    """A route the table does not list (or a listed one that no longer exists) fails here."""
    html = {route for route, _p in url_patterns()}
    api = {f"{m} {p}" for m, p, _op in _operations(_api_spec())}
    problems = [f"unclassified HTML route {r!r}" for r in sorted(html - set(table.HTML))]
    problems += [f"unclassified API operation {o!r}" for o in sorted(api - set(table.API))]
    problems += [f"stale HTML entry {r!r}" for r in sorted(set(table.HTML) - html)]
    problems += [f"stale API entry {o!r}" for o in sorted(set(table.API) - api)]
    assert not problems, "dvk/core/tests/authz/routes.py:\n" + "\n".join(problems)


def test_every_persona_is_in_the_matrix(db):
    from dvk.accounts.models import User

    assert set(User.objects.values_list("username", flat=True)) == set(PERSONAS)


def test_the_dataset_is_not_vacuous(world, persona):
    """Every model a route is about has rows, every marked model carries markers, and the scoping
    the oracle reads keeps the two sibling communes apart (so "out of scope" is not empty)."""
    labels = {k.model for k in [*table.HTML.values(), *table.API.values()] if isinstance(k, table.Obj)}
    empty = sorted(label for label in labels if not _pool(label))
    assert not empty, f"no rows to ask about: {empty}"
    marked = {label for label, _pk in world.markers.values()}
    assert {
        "exemplars.Exemplar",
        "citizens.Case",
        "attachments.Attachment",
        "notifications.Notification",
    } <= marked
    a, b = persona("xa.a"), persona("xa.b")
    for label in ("exemplars.Exemplar", "plans.Assignment", "citizens.Case"):
        assert world.visible(a, label) - world.visible(b, label), label
    assert world.visible(b, "plans.Assignment") - world.visible(a, "plans.Assignment")
    assert len(world.allowed(AnonymousUser())) < len(world.allowed(a)) < len(world.allowed(persona("admin")))


# --- HTML ----------------------------------------------------------------------------------------


def _html_route(m: Matrix, route: str, kind: Any, deferred: list[tuple[str, str]]) -> None:
    anonymous = not m.user.is_authenticated
    if isinstance(kind, table.Skip):
        return
    if kind is table.PUBLIC:
        if route == "xac-minh/<str:code>/":
            for code in (
                model("documents.Document")
                .objects.exclude(verification_code="")
                .values_list("verification_code", flat=True)[:1]
            ):
                m.send("get", concrete(route, {"code": code}))
            return
        m.send("get", concrete(route, {}))
        return
    if kind is table.PAGE:
        url = concrete(route, {})
        if anonymous:
            m.expect("get", url, {302}, "anonymous on a staff page")
            if m.last.status_code == 302 and not m.last["Location"].startswith(LOGIN):
                m.fail("get", url, f"redirects anonymous to {m.last['Location']}, not to the log-in page")
            return
        _status, text = m.send("get", url)
        if 'name="q"' in text:  # a list with a search box: search for every marker
            m.send("get", f"{url}?{urlencode({'q': SEARCH})}")
        return
    if isinstance(kind, table.Exports):
        from dvk.core import listing

        for spec in listing.all_specs():
            url = concrete(route, {"name": spec.name})
            if anonymous:
                m.expect("get", url, {302}, "anonymous on an export")
            else:
                m.send("get", url)
        return
    assert isinstance(kind, table.Obj), route
    own, hidden = samples(m.world, m.user, kind.model)
    if kind.public:
        public = m.world.public(kind.model)
        for obj in _pool(kind.model)[:6]:
            expected = {200, 302, 405} if obj.pk in public else GONE
            m.expect("get", concrete(route, kind.kwargs(obj)), expected, "public page of a row")
        return
    if anonymous:
        for obj in _pool(kind.model)[:1]:
            url = concrete(route, kind.kwargs(obj))
            m.expect("get", url, {302}, "anonymous on a staff page")
            m.expect("post", url, {302}, "anonymous on a staff page")
        return
    for obj in own:
        m.send("get", concrete(route, kind.kwargs(obj)))
    for relation, obj in hidden:
        url = concrete(route, kind.kwargs(obj))
        m.expect("get", url, GONE | NOT_THIS_METHOD, f"a {relation} body's {kind.model} #{obj.pk}")
    for relation, obj in hidden[:1]:  # the write side: one row out of scope per route
        deferred.append((concrete(route, kind.kwargs(obj)), f"a {relation} body's {kind.model} #{obj.pk}"))


def _empty_posts(m: Matrix, posts: list[tuple[str, str]]) -> None:
    """An empty POST on a row out of scope: 404 (or 405), and nothing changes."""
    for url, why in posts:
        before = _audit_count()
        m.expect("post", url, GONE | NOT_THIS_METHOD, why, data={})
        if _audit_count() != before:
            m.fail("post", url, f"changed something ({why})")


@pytest.mark.parametrize("who", [None, *PERSONAS])
def test_html_matrix(who, world):
    client = Client(raise_request_exception=False)
    if who:
        client.force_login(_user(who))
    m = Matrix(world, who, client)
    posts: list[tuple[str, str]] = []
    for route, _pattern in url_patterns():
        kind = table.HTML.get(route)
        if kind is not None:
            _html_route(m, route, kind, posts)
    _empty_posts(m, posts)
    if m.failures:
        pytest.fail(
            f"{len(m.failures)} of {m.requests} requests broke the matrix:\n" + "\n".join(m.failures),
            pytrace=False,
        )


def test_the_admin_site_is_for_administrators_only(world):
    for who in [None, *PERSONAS]:
        client = Client(raise_request_exception=False)
        user = _user(who)
        if who:
            client.force_login(user)
        response = client.get("/quan-tri/")
        if getattr(user, "is_staff", False):
            assert response.status_code == 200, who
        else:
            assert response.status_code == 302 and "/quan-tri/login/" in response["Location"], who


# --- API -----------------------------------------------------------------------------------------


def _api_url(path: str, values: dict[str, Any], query: dict[str, Any] | None = None) -> str:
    import re

    url = re.sub(r"\{(\w+)\}", lambda g: str(values.get(g[1], 1)), path)
    return f"{url}?{urlencode(query)}" if query else url


def _api_operation(m: Matrix, method: str, path: str, op: dict[str, Any], kind: Any, posts: list) -> None:
    anonymous = not m.user.is_authenticated
    call = method.lower()
    body = {"data": "{}", "content_type": "application/json"} if call != "get" else {}
    if "multipart/form-data" in (op.get("requestBody") or {}).get("content", {}):
        body = {"data": {}}
    query_names = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
    query = {k: v for k, v in (("limit", 200), ("q", SEARCH)) if k in query_names}
    if isinstance(kind, table.Skip):
        return
    if kind is table.PUBLIC:
        m.send(call, _api_url(path, {}, query), **body)
        if "q" in query:
            m.send(call, _api_url(path, {}, {"limit": 200} if "limit" in query else None), **body)
        return
    if kind is table.PAGE:
        values = {"kind": "exemplars"}
        if anonymous:
            m.expect(call, _api_url(path, values, query), {401}, "anonymous on the API", **body)
            return
        m.send(call, _api_url(path, values, query), **body)
        if "q" in query:
            m.send(call, _api_url(path, values, {"limit": 200} if "limit" in query else None), **body)
        return
    assert isinstance(kind, table.Obj), path
    own, hidden = samples(m.world, m.user, kind.model)
    if kind.public:
        public = m.world.public(kind.model)
        for obj in _pool(kind.model)[:6]:
            expected = {200} if obj.pk in public else GONE
            m.expect(call, _api_url(path, kind.kwargs(obj)), expected, "public row", **body)
        return
    if anonymous:
        for obj in _pool(kind.model)[:1]:
            m.expect(call, _api_url(path, kind.kwargs(obj)), {401}, "anonymous on the API", **body)
        return
    if call == "get":
        for obj in own:
            m.send("get", _api_url(path, kind.kwargs(obj)))
        for relation, obj in hidden:
            m.expect(
                "get", _api_url(path, kind.kwargs(obj)), GONE, f"a {relation} body's {kind.model} #{obj.pk}"
            )
        return
    for relation, obj in hidden[:1]:
        posts.append((call, path, kind, obj, relation, body))


def _api_posts(m: Matrix, posts: list) -> None:
    """A write on a row out of scope: 404, or the very answer a row that does not exist gets (a body
    refused before the row is looked up reveals nothing); and nothing changes."""
    for call, path, kind, obj, relation, body in posts:
        missing = {**kind.kwargs(obj), kind.kw: 2**62}
        baseline = m.send(call, _api_url(path, missing), **body)[0]
        before = _audit_count()
        why = f"a {relation} body's {kind.model} #{obj.pk}"
        allowed = GONE | ({baseline} if baseline in (400, 405, 422) else set())
        m.expect(call, _api_url(path, kind.kwargs(obj)), allowed, why, **body)
        if _audit_count() != before:
            m.fail(call, path, f"changed something ({why})")


@pytest.mark.parametrize("who", [None, *PERSONAS])
def test_api_matrix(who, world):
    m = Matrix(world, who, _api_client(who))
    posts: list = []
    for method, path, op in _operations(_api_spec()):
        kind = table.API.get(f"{method} {path}")
        if kind is not None:
            _api_operation(m, method, path, op, kind, posts)
    _api_posts(m, posts)
    if m.failures:
        pytest.fail(
            f"{len(m.failures)} of {m.requests} requests broke the matrix:\n" + "\n".join(m.failures),
            pytrace=False,
        )


def test_markers_are_found_in_answers(world, persona):
    """Guards the search itself: a persona's own rows' markers do appear (HTML, a .xlsx export, API)."""
    client = Client()
    client.force_login(persona("xa.a"))
    page = content_of(client.get("/mo-hinh/"))
    own = set(MARKER_RE.findall(page))
    assert own and own <= world.allowed(persona("xa.a"))
    api = _api_client("xa.a")
    assert MARKER_RE.search(json.dumps(api.get("/api/v1/exemplars?limit=200").json()))
    export = content_of(client.get("/xuat-excel/exemplars.list/"))
    assert MARKER_RE.search(export), "the .xlsx export is read"
