"""Request-level input hygiene that every view gets without asking.

Query strings reach list filters and searches as plain text (`request.GET`), many of them outside any
form. A control character there — above all NUL, which PostgreSQL can neither store nor compare in a
text column — must not turn a search into a server error. The same character rule as stored text
(`dvk.core.text`) is applied to every query-string key and value, once, before the views run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from dvk.core.text import strip_controls


class CleanQueryStringMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.GET and any(strip_controls(k) != k or _dirty(v) for k, v in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(strip_controls(key), [strip_controls(v) for v in values])
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment,misc]
        return self.get_response(request)


def _dirty(values: list[str]) -> bool:
    return any(strip_controls(v) != v for v in values)


class VietnameseLocaleMiddleware:
    """Vietnamese is the language of the platform whatever the browser asks for (`Accept-Language` is
    ignored). A user may switch to English from the user menu (`core:set_language`, Django's view): the
    choice is remembered in the language cookie and is the only thing that changes the language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        code = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)  # type: ignore[attr-defined]
        return response


class DatabaseUnavailableMiddleware:
    """A database outage answers 503 — a Vietnamese page (`templates/503.html`, rendered without
    the database: no user, no menu) or `{"detail": …}` on the API — with `Retry-After`, never a
    traceback or the generic 500. First in MIDDLEWARE, so it also sees the session and
    authentication layers fail. A 500 is turned into a 503 only when the database connection is
    really lost or cannot be opened (a bug stays a 500). Recovery needs nothing: Django drops the
    broken connection at the end of the request and, with CONN_HEALTH_CHECKS, checks a persistent
    one before reusing it, so the first request after the database is back connects again."""

    RETRY_AFTER = "30"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.db import Error

        try:
            response = self.get_response(request)
        except Error:
            if not database_unreachable():
                raise
            return unavailable(request)
        if response.status_code == 500 and database_unreachable():
            return unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import Error

        if isinstance(exception, Error) and database_unreachable():
            return unavailable(request)
        return None


def database_unreachable() -> bool:
    """True when the request failed because the default database connection was lost, or because
    one could not be opened and still cannot.

    A connection found broken, or one that could not be opened in this request, is an outage even if
    the database is back by the time this runs: the request failed on it (a request that started
    during the outage and was answered just after the database returned was a 500 here, seen in CI).
    A broken connection is closed, so the next request connects again."""
    from django.db import DEFAULT_DB_ALIAS, Error, connections

    conn = connections[DEFAULT_DB_ALIAS]
    raw = conn.connection
    if raw is not None:
        if not (getattr(raw, "broken", False) or getattr(raw, "closed", False)):
            return False  # the connection is alive: whatever failed, it was not the database going away
        with contextlib.suppress(Error):  # closing a lost connection may itself fail: dropped anyway
            conn.close()
        return True
    if conn.errors_occurred:
        return True  # no connection, and a database error in this request: it could not be opened
    try:
        conn.ensure_connection()
    except Error:
        return True
    return False


def unavailable(request: HttpRequest) -> HttpResponse:
    from django.conf import settings
    from django.http import JsonResponse
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.translation import gettext

    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    with translation.override(chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": gettext("The database cannot be reached at the moment. Try again in a minute.")},
                status=503,
            )
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = DatabaseUnavailableMiddleware.RETRY_AFTER
    response["Cache-Control"] = "no-store"
    return response
