"""One error format for the whole API: {"detail": "<Vietnamese>", "errors": [...]} (api.md).

Every answer of the API is JSON, whatever happens: validation (422), access (401/403/404), domain
rules (409), a body too large (413), a lockout (429) and, under DEBUG=0, an unexpected error (500,
logged with its traceback) — never Django's HTML error page. The JSON parser refuses NaN, Infinity
and numbers too large to be finite (1e400) anywhere in a body, and bodies over API_MAX_BODY_BYTES.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser

from dvk.core.workflow import DomainError, WorkflowError

logger = logging.getLogger("dvk.api")


class BodyTooLarge(Exception):
    """The request body is over API_MAX_BODY_BYTES (HTTP 413)."""


class NotFiniteNumber(ValueError):
    pass


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 reads as inf
        raise NotFiniteNumber(text)
    return value


def _no_constant(text: str) -> Any:
    raise NotFiniteNumber(text)  # NaN, Infinity, -Infinity: not JSON, but Python's json accepts them


class StrictJSONParser(Parser):
    """JSON bodies: bounded in size, numbers finite (one rule for every endpoint and free mapping)."""

    def parse_body(self, request: HttpRequest) -> Any:
        limit = getattr(settings, "API_MAX_BODY_BYTES", 2 * 1024 * 1024)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            raise BodyTooLarge
        body = request.body
        if len(body) > limit:
            raise BodyTooLarge
        return json.loads(body, parse_float=_finite_float, parse_constant=_no_constant)


def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("This field is required."),
        "string_too_short": _("This field may not be empty."),
        "string_too_long": _("This value is too long."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "float_parsing": _("Enter a number."),
        "bool_parsing": _("Enter true or false."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "literal_error": _("Choose one of the allowed values."),
        "enum": _("Choose one of the allowed values."),
        "greater_than_equal": _("The value is too small."),
        "less_than_equal": _("The value is too large."),
        "list_type": _("Enter a list."),
        "dict_type": _("Enter an object."),
        "model_attributes_type": _("Enter an object."),
        "value_error": str(ctx.get("error", "")) or _("Invalid value."),
    }
    return messages.get(kind, _("Invalid value."))


def _field(error: dict[str, Any]) -> str:
    loc = [str(p) for p in error.get("loc", []) if p not in ("body", "payload", "query", "path")]
    return ".".join(loc)


def validation_response(api: NinjaAPI, request: HttpRequest, errors: list[dict[str, str]]) -> HttpResponse:
    return api.create_response(request, {"detail": _("The data is not valid."), "errors": errors}, status=422)


def _validation_errors(exc: Exception) -> list[dict[str, str]]:
    """The field errors of a pydantic (ninja) or a Django ValidationError."""
    if isinstance(exc, ValidationError):
        return [{"field": _field(e), "message": _pydantic_message(e)} for e in exc.errors]
    assert isinstance(exc, DjangoValidationError)
    if hasattr(exc, "error_dict"):
        return [{"field": f, "message": str(m)} for f, ms in exc.message_dict.items() for m in ms]
    return [{"field": "", "message": str(m)} for m in exc.messages]


# ninja's own HttpError texts that get the Vietnamese default of their status code.
NINJA_TEXTS = ("Cannot parse request body", "Unauthorized", "Forbidden", "Not Found")


def _http_error(exc: HttpError) -> tuple[str, int]:
    """(message, status) for an HttpError ninja raised, or one raised by the parser it wraps."""
    cause = exc.__cause__  # ninja wraps what the parser raised in "Cannot parse request body"
    if isinstance(cause, BodyTooLarge | RequestDataTooBig):
        return _("The request body is too large."), 413
    if isinstance(cause, NotFiniteNumber):
        return _("Numbers must be finite: NaN, Infinity and 1e400 are not accepted."), 400
    if isinstance(exc, AuthenticationError | Throttled) or str(exc).split(" (")[0] in NINJA_TEXTS:
        defaults = {
            400: _("The request body is not valid JSON."),
            401: _("Authentication required."),
            403: _("You are not allowed to perform this action."),
            404: _("Not found."),
            429: _("Too many requests. Try again later."),
        }
        return defaults.get(exc.status_code, str(exc)), exc.status_code
    if str(exc) == "CSRF check Failed":
        return _("The security check (CSRF) failed: reload the page and try again."), exc.status_code
    return str(exc), exc.status_code


def _unexpected(request: HttpRequest, exc: Exception) -> tuple[str, int]:
    if settings.DEBUG:
        raise exc  # the developer's traceback page
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return _("An unexpected error occurred. It has been recorded; please try again later."), 500


# Exception class -> (request, exc) -> (detail, status). Looked up along the exception's MRO by
# ninja, so the most specific class answers (Exception last of all: the 500).
DETAILS: dict[type[Exception], Callable[[HttpRequest, Any], tuple[str, int]]] = {
    Http404: lambda request, exc: (_("Not found."), 404),
    PermissionDenied: lambda request, exc: (
        str(exc) or _("You are not allowed to perform this action."),
        403,
    ),
    WorkflowError: lambda request, exc: (str(exc), 409),
    DomainError: lambda request, exc: (str(exc), 409),
    HttpError: lambda request, exc: _http_error(exc),
    BodyTooLarge: lambda request, exc: (_("The request body is too large."), 413),
    RequestDataTooBig: lambda request, exc: (_("The request body is too large."), 413),
    SuspiciousOperation: lambda request, exc: (_("The request is not valid."), 400),
    Exception: _unexpected,
}


def install(api: NinjaAPI) -> None:
    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return validation_response(api, request, _validation_errors(exc))

    def answer(detail: Callable[[HttpRequest, Any], tuple[str, int]]) -> Callable[..., HttpResponse]:
        def handler(request: HttpRequest, exc: Exception) -> HttpResponse:
            message, status = detail(request, exc)
            return api.create_response(request, {"detail": message}, status=status)

        return handler

    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(DjangoValidationError, on_validation)
    for exc_class, detail in DETAILS.items():
        api.add_exception_handler(exc_class, answer(detail))
