"""Shared parts of the bad-input fuzz tests (test_fuzz_forms.py, test_fuzz_api.py).

The values every form field and API body field is sent with (`TEXT_VALUES`… by the kind of field
they fit; `one_field_at_a_time` puts them in a body), the judge of an answer (`Verdict`: never 5xx;
a refusal is a 4xx or the form re-rendered with its errors, in Vietnamese) and the two database
checks: a refused request changed no row of a domain table (`fingerprint`, one COUNT query over
every table), and no stored text holds a NUL or text that is not NFC (`stored_text_problems`, a
scan of every text column at the end). `Campaign` runs the requests with those checks and reports.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pytest
from django.apps import apps
from django.db import connection, models, transaction

NFD = unicodedata.normalize("NFD", "Kiểm thử Đảng ủy xã Thịnh Minh")
LONG = "ả" * 100_000  # 100,000 characters (200,000 bytes in UTF-8)
EMOJI = "Kiểm thử 🎉👍🏽‍👩‍👩‍👧 𝕏"
NUL = "Kiểm\x00thử\x00"
# (name, value) by the kind of field they are sent to
TEXT_VALUES = [("empty", ""), ("long", LONG), ("nul", NUL), ("nfd", NFD), ("emoji", EMOJI)]
NUMBER_VALUES = [
    ("negative", "-1"),
    ("very negative", "-99999999999999999999"),
    ("huge", "99999999999999999999999999"),
    ("1e400", "1e400"),
    ("text", "mười"),
]
DATE_VALUES = [
    ("31/02", "31/02/2026"),
    ("00/13", "00/13/2026"),
    ("iso 31/02", "2026-02-31"),
    ("text", "hôm qua"),
]
CHOICE_VALUES = [("empty", ""), ("huge id", "99999999999999999999"), ("nul", "1\x00"), ("negative", "-1")]
INVALID_UTF8 = b"\xff\xfe\xc3\x28 \xed\xa0\x80 \xf0\x28\x8c\xbc"  # bytes no UTF-8 decoder accepts
# Vietnamese letters with marks: a message in Vietnamese has at least one (English ones have none)
VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
# audit rows record refused writes on purpose; sessions and caches are not domain data
UNCOUNTED_APPS = {"audit", "sessions", "admin", "contenttypes", "auth", "axes", "django_tasks_database"}


def one_field_at_a_time(
    base: dict[str, Any],
    names_by_kind: Mapping[str, Sequence[str]],
    values_by_kind: Mapping[str, Sequence[tuple[str, Any]]],
) -> list[tuple[str, dict[str, Any]]]:
    """(description, body) per bad value of a kind: `base` with that value in one field of the kind,
    the kind's fields taken in turn (round-robin, not the cross-product)."""
    return [
        (f"{name}={label}", {**base, name: value})
        for kind, names in names_by_kind.items()
        if names
        for (label, value), name in zip(values_by_kind.get(kind, ()), itertools.cycle(names), strict=False)
    ]


def vietnamese(text: str) -> bool:
    return bool(VIETNAMESE.search(text or ""))


def domain_tables() -> list[str]:
    return sorted(
        m._meta.db_table
        for m in apps.get_models()
        if m._meta.managed
        and not m._meta.proxy
        and m._meta.app_label not in UNCOUNTED_APPS
        and m.__module__.startswith("dvk.")
    )


def fingerprint(tables: list[str]) -> tuple[int, ...]:
    """The row count of every table, in one query: a refused request must change none."""
    q = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT {i}, COUNT(*) FROM {q(t)}" for i, t in enumerate(tables))  # noqa: S608 (model tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(row[1] for row in sorted(cursor.fetchall()))


def changed_tables(tables: list[str], before: tuple, after: tuple) -> list[str]:
    return [t for t, a, b in zip(tables, before, after, strict=True) if a != b]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def stored_text_problems() -> list[str]:
    """Every stored text value (text, char and JSON columns of the dvk apps) with a NUL or not NFC."""
    problems = []
    for model in apps.get_models():
        if not model.__module__.startswith("dvk.") or model._meta.proxy or not model._meta.managed:
            continue
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not isinstance(f, models.FileField)
        ]
        if not names:
            continue
        for row in model._default_manager.all().values("pk", *names).iterator():
            for name in names:
                for text in _strings(row[name]):
                    if "\x00" in text or not unicodedata.is_normalized("NFC", text):
                        problems.append(f"{model._meta.label}.{name} pk={row['pk']}: {text[:60]!r}")
    return problems


ERROR_MARKERS = ("is-invalid", "invalid-feedback", "errorlist", "alert-danger", 'role="alert"')
_ERROR_TEXT = re.compile(
    r'class="[^"]*(?:invalid-feedback|errorlist|alert-danger)[^"]*"[^>]*>(.*?)</(?:div|ul|p|span)>', re.S
)
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class Verdict:
    """The failures found so far, one line each."""

    failures: list[str] = field(default_factory=list)

    def fail(self, what: str, response: Any, why: str) -> None:
        self.failures.append(f"{what} → {response.status_code}: {why}")

    def html(self, what: str, response: Any) -> str:
        """Judge an answer to a form post: 'refused', 'accepted' or 'failed'."""
        status = response.status_code
        if status >= 500:
            self.fail(what, response, "server error")
            return "failed"
        if status in (301, 302, 303, 307, 308):
            return "accepted"
        body = response.content.decode("utf-8", "replace") if not response.streaming else ""
        if status >= 400:
            if "html" in response.get("Content-Type", "") and not vietnamese(_TAGS.sub(" ", body)):
                self.fail(what, response, "a refusal without a Vietnamese message")
            return "refused"
        if status == 200 and any(m in body for m in ERROR_MARKERS):
            texts = [_TAGS.sub(" ", t).strip() for t in _ERROR_TEXT.findall(body)]
            english = [t for t in texts if t and not vietnamese(t) and re.search("[a-z]{3}", t)]
            if english:
                self.fail(what, response, f"error message not in Vietnamese: {english[0][:120]!r}")
            return "refused"
        return "accepted"

    def api(self, what: str, response: Any) -> str:
        status = response.status_code
        if status >= 500:
            self.fail(what, response, "server error")
            return "failed"
        if status < 400:
            return "accepted"
        try:
            data = json.loads(response.content)
        except ValueError:
            self.fail(what, response, "a refusal that is not JSON")
            return "refused"
        detail = data.get("detail", "") if isinstance(data, dict) else ""
        if not vietnamese(str(detail)):
            self.fail(what, response, f"detail not in Vietnamese: {str(detail)[:120]!r}")
        for error in data.get("errors", []) if isinstance(data, dict) else []:
            message = str(error.get("message", "")) if isinstance(error, dict) else str(error)
            if not vietnamese(message):
                self.fail(what, response, f"field message not in Vietnamese: {message[:120]!r}")
                break
        return "refused"


@dataclass
class Campaign:
    """Sends the fuzz's requests one by one and keeps the score. Each request runs in a savepoint:
    judged (`Verdict.html` or `Verdict.api`), a refused one must have changed no domain row, a
    failed one is rolled back (so that the next ones run on a sane database), the others kept."""

    judge: Literal["html", "api"]
    tables: list[str] = field(default_factory=domain_tables)
    verdict: Verdict = field(default_factory=Verdict)
    sent: int = 0
    refused: int = 0

    def send(self, what: str, request: Callable[[], Any]) -> None:
        before = fingerprint(self.tables)
        sid = transaction.savepoint()
        response = request()
        outcome = getattr(self.verdict, self.judge)(what, response)
        self.sent += 1
        if outcome == "refused":
            self.refused += 1
            changed = changed_tables(self.tables, before, fingerprint(self.tables))
            if changed:
                self.verdict.fail(what, response, f"refused, yet rows changed in {', '.join(changed)}")
        if outcome == "failed":
            transaction.savepoint_rollback(sid)
        else:
            transaction.savepoint_commit(sid)

    def finish(self, at_least_sent: int, at_least_refused: int) -> None:
        """Fails with every problem found (answers, then stored text), or if too few were sent."""
        problems = stored_text_problems()
        assert self.sent > at_least_sent and self.refused > at_least_refused, (self.sent, self.refused)
        report = self.verdict.failures + [f"stored: {p}" for p in problems]
        if report:
            head = f"{len(report)} problems in {self.sent} requests:\n"
            pytest.fail(head + "\n".join(report[:200]), pytrace=False)
