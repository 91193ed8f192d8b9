"""Load test personas (locust). Run through `benchmarks/loadtest.py` (`make loadtest`,
`make loadtest-smoke`), which prepares the database, writes the plan this file reads
(LOADTEST_PLAN: the routes of benchmarks/routes.py resolved per persona, API tokens, the
assignments the officer may report on, a body taking public letters) and starts gunicorn.

Every user logs in through the real log-in form (CSRF cookie, POST, redirect), then walks its
persona's pages, with a few writes: the commune officer files a report on an open assignment
through the API (with an Idempotency-Key, then sends it again: the same report, 200), the public
sends a letter through the public API (twice with the same key: one letter). Public letters are
capped (LOADTEST_PUBLIC_LETTERS, default 2) because the endpoint allows 5 per hour and address.

Any status other than the expected one is a failure: the run must end with zero.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ.get("LOADTEST_PLAN", "var/loadtest/plan.json")).read_text())
PASSWORD = PLAN["password"]
WAIT_MIN = float(os.environ.get("LOADTEST_WAIT_MIN", "3"))
WAIT_MAX = float(os.environ.get("LOADTEST_WAIT_MAX", "10"))
LOGIN = PLAN["login_url"]
NEXT_PAGE = re.compile(r"/dang-nhap/")

_lock = threading.Lock()
_assignments: list[int] = list(PLAN.get("assignments", []))
_letters_left = [int(os.environ.get("LOADTEST_PUBLIC_LETTERS", "2"))]


def _take_assignment() -> int | None:
    with _lock:
        return _assignments.pop() if _assignments else None


def _take_letter() -> bool:
    with _lock:
        if _letters_left[0] <= 0:
            return False
        _letters_left[0] -= 1
        return True


def _twice(user: HttpUser, url: str, body: dict, headers: dict[str, str], name: str) -> None:
    """POST once (201), then again with the same Idempotency-Key, as a retried request would: the
    same answer (the stored response replayed, or 200 with the same record), never a second one."""
    key = uuid.uuid4().hex
    first: dict = {}
    for attempt in ("first", "again"):
        with user.client.post(
            url,
            json=body,
            headers={**headers, "Idempotency-Key": key},
            name=f"{name} ({attempt})",
            catch_response=True,
        ) as response:
            if response.status_code not in ((201,) if attempt == "first" else (200, 201)):
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
            elif attempt == "first":
                first = response.json()
            elif response.json() != first:
                response.failure("the repeated request answered a different record")


class Persona(HttpUser):
    abstract = True
    persona = ""
    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self) -> None:
        routes = PLAN["routes"].get(self.persona, [])
        self.pages = [r for r in routes if not r["api"]]
        self.apis = [r for r in routes if r["api"]]
        self.token = PLAN["tokens"].get(self.persona)
        self.username = PLAN["usernames"].get(self.persona)
        if self.username:
            self.log_in()

    def log_in(self) -> None:
        self.client.get(LOGIN, name="log in: form")
        csrf = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            LOGIN,
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": csrf},
            headers={"Referer": self.host + LOGIN},
            name="log in: post",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or NEXT_PAGE.search(response.url or ""):
                response.failure(f"log-in as {self.username} did not leave the log-in page")

    def api_headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **extra}

    @task(10)
    def page(self) -> None:
        if self.pages:
            route = random.choice(self.pages)
            self.client.get(route["url"], name=route["name"])

    @task(3)
    def api(self) -> None:
        if self.apis and self.token:
            route = random.choice(self.apis)
            self.client.get(route["url"], name=route["name"], headers=self.api_headers())

    @task(2)
    def bell(self) -> None:
        if self.username:
            self.client.get(PLAN["bell_url"], name="notification bell", headers={"HX-Request": "true"})


class Coordinator(Persona):
    persona = "coordinator"
    weight = 10


class Council(Persona):
    persona = "council"
    weight = 5


class Officer(Persona):
    persona = "officer"
    weight = 12

    @task(1)
    def file_report(self) -> None:
        assignment = _take_assignment()
        if assignment is None or not self.token:
            return
        url = f"/api/v1/assignments/{assignment}/reports"
        body = {"summary": "Đã tổ chức hội nghị quán triệt (kiểm thử tải).", "progress_percent": 60}
        _twice(self, url, body, self.api_headers(), "API report submit")


class Public(Persona):
    persona = "public"
    weight = 15

    @task(1)
    def letter(self) -> None:
        if not PLAN.get("public_body") or not _take_letter():
            return
        body = {
            "organisation_id": PLAN["public_body"],
            "kind": "petition",
            "summary": "Đề nghị sửa đường liên thôn bị sạt lở sau mưa lớn (kiểm thử tải).",
            "name": "Nguyễn Văn Kiểm",
            "phone": "0912345678",
            "address": "Thôn Mới",
        }
        _twice(self, "/api/v1/citizens/public/letters", body, {}, "API public letter")


class DomainOfficer(Persona):
    """The domains' own generated personas (HĐND office, Front, departments), one class each."""

    abstract = True


def _domain_classes() -> None:
    known = {"coordinator", "council", "officer", "public", "admin"}
    for persona in sorted(set(PLAN["routes"]) - known):
        cls = type(
            "Persona_" + re.sub(r"\W", "_", persona),
            (DomainOfficer,),
            {"persona": persona, "weight": 2, "abstract": False, "__module__": __name__},
        )
        globals()[cls.__name__] = cls


_domain_classes()


@events.quitting.add_listener
def _write_results(environment, **_kwargs) -> None:  # noqa: ANN001 (locust's signature)
    """The final figures, after every user has stopped (the CSV files may be written earlier)."""
    out = os.environ.get("LOADTEST_RESULTS")
    if not out:
        return
    stats = environment.runner.stats
    rows = []
    for entry in [*stats.entries.values(), stats.total]:
        rows.append(
            {
                "type": entry.method or "",
                "name": entry.name,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50_ms": entry.get_response_time_percentile(0.5) or 0,
                "p95_ms": entry.get_response_time_percentile(0.95) or 0,
                "p99_ms": entry.get_response_time_percentile(0.99) or 0,
                "max_ms": round(entry.max_response_time or 0, 1),
                "rps": round(entry.total_rps, 2),
            }
        )
    errors = [
        {"method": e.method, "name": e.name, "error": str(e.error)[:300], "count": e.occurrences}
        for e in stats.errors.values()
    ]
    Path(out).write_text(json.dumps({"stats": rows, "failures": errors}, ensure_ascii=False, indent=1))
