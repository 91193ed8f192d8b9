"""Bad input on every API body (issue 14, "Bad input everywhere"): the API half of test_fuzz_forms.py.

Every operation of the OpenAPI schema that takes a body (JSON or multipart) is sent, with real ids
in its path (test_no_server_errors' discovery), a plausible body built from its JSON schema, then
that body with one kind of bad value at a time in one field (fields sampled round-robin): the field
left out, empty, 100,000 characters, NUL bytes, NFD text, emoji, negative and huge numbers (beyond
64 bits, 1e400), impossible dates (31/02/2026, 00/13/2026 and 2026-02-31), and whole bodies that
are not UTF-8, not JSON, empty or of the wrong JSON type. Anonymously (the public letter and
lookup) and as staff.

Every answer: a 2xx, or a 4xx whose JSON `detail` (and every field message) is Vietnamese; never a
5xx. A refused request changes no row of any domain table; what was accepted is stored without NUL
and in NFC.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import pytest

from dvk.core.tests import fuzz
from dvk.core.tests.test_no_server_errors import (
    HUGE,
    _api_client,
    _example_ids,
    _resolve_ref,
    _types,
    _url,
    body_for,
    encode,
)

pytestmark = pytest.mark.django_db
WHO = (None, "tinh.bdv", "xa.a")
SKIP = ("/auth/logout", "/auth/token")  # the session the walk runs in; the token has its own tests
JSON = "application/json"
DATES = [("31/02", "31/02/2026"), ("00/13", "00/13/2026"), ("iso 31/02", "2026-02-31")]
NUMBERS = [("negative", -1), ("very negative", -(10**20)), ("huge", 10**20), ("1e400", HUGE)]
RAW_BODIES = [
    ("invalid UTF-8", b'{"title": "' + fuzz.INVALID_UTF8 + b'"}'),
    ("not JSON", b"{title: 'x',"),
    ("empty body", b""),
    ("a JSON list", b"[]"),
    ("JSON null", b"null"),
]


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    from dvk.api.main import api

    return api.get_openapi_schema()


def _kind(schema: dict[str, Any], spec: dict[str, Any]) -> str:
    s = (_types(schema, spec) or [{}])[0]
    if s.get("format") in ("date", "date-time"):
        return "date"
    if "enum" in s or "const" in s:
        return "choice"
    return {"string": "text", "integer": "number", "number": "number"}.get(s.get("type", ""), "other")


def _mutations(schema: dict[str, Any], spec: dict[str, Any], base: Any) -> list[tuple[str, Any]]:
    """(description, body) per bad value, each in one field of its kind (round-robin)."""
    props = _resolve_ref(schema, spec).get("properties", {}) if isinstance(base, dict) else {}
    kinds: dict[str, list[str]] = {}
    for name, prop in props.items():
        kinds.setdefault(_kind(prop, spec), []).append(name)
    values: dict[str, list[tuple[str, Any]]] = {
        "text": fuzz.TEXT_VALUES,
        "number": NUMBERS + [("as text", "mười")],
        "date": DATES + [("text", "hôm qua")],
        "choice": [("empty", ""), ("unknown", "khong-co"), ("nul", "a\x00")],
    }
    posts: list[tuple[str, Any]] = list(fuzz.one_field_at_a_time(base, kinds, values))
    for name in list(props)[:2]:
        posts.append((f"{name} missing", {k: v for k, v in base.items() if k != name}))
    return posts


def _send(client: Any, method: str, url: str, content_type: str, body: Any) -> Any:
    if isinstance(body, bytes):
        return getattr(client, method)(url, data=body, content_type=content_type)
    if "multipart" in content_type:
        flat = {k: v for k, v in body.items() if not isinstance(v, dict | list)}
        return getattr(client, method)(
            url, data={k: "1e400" if v == HUGE else str(v) for k, v in flat.items()}
        )
    return getattr(client, method)(url, data=encode(body), content_type=JSON)  # HUGE → 1e400


@pytest.mark.parametrize("who", WHO, ids=lambda w: w or "anonymous")
def test_every_api_body_refuses_bad_input_cleanly(who, openapi):
    client = _api_client(who)
    ids = _example_ids(client, openapi) if who else {}
    campaign = fuzz.Campaign("api")
    for path, operations in openapi["paths"].items():
        if path.endswith(SKIP):
            continue
        for method, op in operations.items():
            content = (op.get("requestBody") or {}).get("content", {})
            if method not in ("post", "put", "patch") or not content:
                continue
            params = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            real = {n: ids.get(n, "approve" if n == "action" else 1) for n in params}
            url = _url(path, real)
            for content_type, media in content.items():
                base = body_for(media["schema"], openapi, None, ids)
                posts = _mutations(media["schema"], openapi, base)
                if content_type == JSON:
                    posts += RAW_BODIES
                for label, body in posts:
                    campaign.send(
                        f"{who or 'anonymous'} {method.upper()} {url} {label}",
                        partial(_send, client, method, url, content_type, body),
                    )
    campaign.finish(at_least_sent=100, at_least_refused=50)


def test_raw_bodies_are_what_they_say():
    """Guards the fuzz itself: the 'invalid UTF-8' body really is not UTF-8."""
    with pytest.raises(UnicodeDecodeError):
        RAW_BODIES[0][1].decode("utf-8")
    with pytest.raises(ValueError):
        json.loads(RAW_BODIES[1][1])
