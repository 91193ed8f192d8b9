"""Bad input on every HTML form (issue 14, "Bad input everywhere").

Generated, like the no-5xx walk it builds on (test_no_server_errors.py: its URL discovery and
crawl): every form every crawled page renders, as the administrator (who reaches every page), is
first read with the values it renders (hidden fields, selected options, text already there), then
posted with one kind of bad value at a time in one field (fields sampled per form, round-robin, not
the cross-product): the field left out, empty, 100,000 characters, NUL bytes, NFD text, emoji,
negative and huge numbers, impossible dates (31/02/2026, 00/13/2026), and the whole body as bytes
that are not UTF-8.

Every answer must be a redirect (accepted), the form again with its errors, or a 4xx, in
Vietnamese; never a 5xx. A refused post changes no row of any domain table (one COUNT query over
every table before and after); what was accepted is stored without NUL and in NFC (every text
column scanned at the end).
"""

from __future__ import annotations

from functools import partial
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.test import Client

from dvk.core.tests import fuzz
from dvk.core.tests.test_no_server_errors import crawl, url_patterns

pytestmark = pytest.mark.django_db
WHO = "admin"
SKIP_ACTIONS = ("/tai-khoan/dang-xuat", "/static/", "/quan-tri/", "/i18n/")
MAX_FORMS_PER_ROUTE = 3  # the same form on a route's several pages is one form
TEXT_TYPES = {"text", "search", "email", "url", "tel", "password", ""}


class _FormReader(HTMLParser):
    """Forms with their fields: kind (text, number, date, choice, check, hidden) and rendered value."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "method": a.get("method", "get").lower(),
                "fields": {},
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select["value"] = a.get("value", "")
            return
        name = a.get("name")
        if not name or tag not in ("input", "select", "textarea"):
            return
        kind = _kind(tag, a)
        if kind is None:
            return
        fields = self._form["fields"]
        if kind == "check":
            if "checked" in a:
                fields.setdefault(name, {"kind": "check", "value": a.get("value", "on")})
            return
        entry = {"kind": kind, "value": a.get("value", ""), "options": []}
        fields.setdefault(name, entry)
        if tag == "select":
            self._select = entry
        elif tag == "textarea":
            self._textarea = entry

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            if not self._select["value"]:
                self._select["value"] = next((o for o in self._select["options"] if o), "")
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _kind(tag: str, a: dict[str, str]) -> str | None:
    kind_attr = a.get("type", "").lower()
    if kind_attr in ("submit", "button", "file", "reset", "image"):
        return None
    hints = " ".join((a.get("class", ""), a.get("placeholder", ""), a.get("data-date", ""), a["name"]))
    if tag == "select" or kind_attr == "radio":
        return "choice"
    if kind_attr == "checkbox":
        return "check"
    if kind_attr == "hidden":
        return "hidden"
    if kind_attr == "date" or "dd/mm/yyyy" in hints or "date" in hints.lower() or a["name"].endswith("_on"):
        return "date"
    if kind_attr == "number" or a.get("inputmode") in ("numeric", "decimal"):
        return "number"
    if tag == "textarea" or kind_attr in TEXT_TYPES:
        return "text"
    return None


VALUES = {
    "text": fuzz.TEXT_VALUES,
    "number": fuzz.NUMBER_VALUES,
    "date": fuzz.DATE_VALUES,
    "choice": fuzz.CHOICE_VALUES,
}


def mutations(fields: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any] | bytes]]:
    """(description, body) of the posts a form gets: each kind of value in one field of its kind
    (round-robin over the fields), one field left out, and a body that is not UTF-8."""
    base = {name: f["value"] for name, f in fields.items()}
    names_by_kind = {kind: [n for n, f in fields.items() if f["kind"] == kind] for kind in VALUES}
    posts: list[tuple[str, dict[str, Any] | bytes]] = list(
        fuzz.one_field_at_a_time(base, names_by_kind, VALUES)
    )
    editable = [n for n, f in fields.items() if f["kind"] in VALUES]
    if editable:
        posts.append((f"{editable[0]} missing", {k: v for k, v in base.items() if k != editable[0]}))
        raw = urlencode({k: v for k, v in base.items() if k != editable[-1]}).encode()
        posts.append(
            (f"{editable[-1]}=invalid UTF-8", raw + b"&" + editable[-1].encode() + b"=" + fuzz.INVALID_UTF8)
        )
    return posts


def _forms_of(client: Client, examples: dict[str, str]) -> list[tuple[str, str, dict[str, Any]]]:
    """(page, action, fields) of every POST form with a field to fuzz, a few per action route."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    per_route: dict[str, set[tuple[str, ...]]] = {}
    for page in sorted(set(examples.values())):
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        reader = _FormReader()
        reader.feed(response.content.decode())
        for form in reader.forms:
            action = urljoin(page, form["action"]) if form["action"] else page
            path = urlsplit(action).path
            if form["method"] != "post" or path.startswith(SKIP_ACTIONS):
                continue
            if not any(f["kind"] in VALUES for f in form["fields"].values()):
                continue
            shapes = per_route.setdefault(path, set())
            shape = tuple(sorted(form["fields"]))
            if shape in shapes or len(shapes) >= MAX_FORMS_PER_ROUTE:
                continue
            shapes.add(shape)
            found.append((page, action, form["fields"]))
    return found


@pytest.fixture
def admin_examples(persona) -> dict[str, str]:
    client = Client(raise_request_exception=False)
    client.force_login(persona(WHO))
    return crawl(client, url_patterns())


def test_every_form_refuses_bad_input_cleanly(persona, admin_examples):
    user = persona(WHO)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    forms = _forms_of(client, admin_examples)
    assert len(forms) >= 30, "the crawl found too few forms: the fuzz would test nothing"
    campaign = fuzz.Campaign("html")
    for _page, action, fields in forms:
        for label, body in mutations(fields):
            client.force_login(user)  # whatever the previous post did to the session
            campaign.send(
                f"POST {urlsplit(action).path} {label}",
                partial(_post, client, action, body),
            )
    campaign.finish(at_least_sent=300, at_least_refused=100)


def _post(client: Client, action: str, body: dict[str, Any] | bytes) -> Any:
    if isinstance(body, bytes):
        return client.post(action, body, content_type="application/x-www-form-urlencoded")
    return client.post(action, body)
