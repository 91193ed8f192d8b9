"""One error format for the whole API: {"detail": "<Vietnamese>", "errors": [...]} (api.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from dvk.core.workflow import DomainError, WorkflowError


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
        if isinstance(exc, AuthenticationError | Throttled) or str(exc) in (
            "Cannot parse request body",
            "Unauthorized",
            "Forbidden",
            "Not Found",
        ):
            message = defaults.get(exc.status_code, str(exc))
        else:
            message = str(exc)
        return api.create_response(request, {"detail": message}, status=exc.status_code)
