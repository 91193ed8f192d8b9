"""Request-level input hygiene that every view gets without asking.

Query strings reach list filters and searches as plain text (`request.GET`), many of them outside any
form. A control character there — above all NUL, which PostgreSQL can neither store nor compare in a
text column — must not turn a search into a server error. The same character rule as stored text
(`dvk.core.text`) is applied to every query-string key and value, once, before the views run.
"""

from __future__ import annotations

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
