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


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [{"field": _field(e), "message": _pydantic_message(e)} for e in exc.errors]
        return validation_response(api, request, errors)

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [{"field": f, "message": str(m)} for f, ms in exc.message_dict.items() for m in ms]
        else:
            errors = [{"field": "", "message": str(m)} for m in exc.messages]
        return validation_response(api, request, errors)

    @api.exception_handler(Http404)
    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def on_403(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _("You are not allowed to perform this action.")
        return api.create_response(request, {"detail": message}, status=403)

    @api.exception_handler(WorkflowError)
    def on_workflow(request: HttpRequest, exc: WorkflowError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=409)

    @api.exception_handler(DomainError)
    def on_domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=409)

    @api.exception_handler(HttpError)
    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        defaults = {
            400: _("The request body is not valid JSON."),
            401: _("Authentication required."),
            403: _("You are not allowed to perform this action."),
            404: _("Not found."),
            429: _("Too many requests. Try again later."),
        }
        cause = exc.__cause__  # ninja wraps what the parser raised in "Cannot parse request body"
        if isinstance(cause, BodyTooLarge | RequestDataTooBig):
            return on_too_large(request, cause)
        if isinstance(cause, NotFiniteNumber):
            message = _("Numbers must be finite: NaN, Infinity and 1e400 are not accepted.")
            return api.create_response(request, {"detail": message}, status=400)
        if isinstance(exc, AuthenticationError | Throttled) or str(exc).split(" (")[0] in (
            "Cannot parse request body",
            "Unauthorized",
            "Forbidden",
            "Not Found",
        ):
            message = defaults.get(exc.status_code, str(exc))
        elif str(exc) == "CSRF check Failed":
            message = _("The security check (CSRF) failed: reload the page and try again.")
        else:
            message = str(exc)
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    @api.exception_handler(BodyTooLarge)
    @api.exception_handler(RequestDataTooBig)
    def on_too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": _("The request body is too large.")}, status=413)

    @api.exception_handler(SuspiciousOperation)
    def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return api.create_response(request, {"detail": _("The request is not valid.")}, status=400)

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if settings.DEBUG:
            raise exc  # the developer's traceback page
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        message = _("An unexpected error occurred. It has been recorded; please try again later.")
        return api.create_response(request, {"detail": message}, status=500)
