"""One mapping from domain errors to the HTML answer, as dvk.api.errors is for the API.

A view calls one service inside `with handled(form) as outcome:` (or `handled(request)` when there is
no form to re-render); the block decides what the user sees:

- `ValidationError` → the messages on the form (field errors on their fields, the rest on top), so the
  form is re-rendered with what the user typed; without a form, an error message on the next page;
- `WorkflowError`, `DomainError` → the message on top of the form, or as an error message;
- `PermissionDenied` and `Http404` are NOT caught: they reach Django's handlers and the normal 403 and
  404 pages (templates/403.html, 404.html), exactly as for a permission checked in the view itself.

    with handled(form) as outcome:
        plan = services.create_plan(by=request.user, **form.cleaned_data)
    if outcome.ok:
        messages.success(request, _("Saved."))
        return redirect(plan)
    return render(request, "plans/form.html", {"form": form})

`outcome.ok` is False when an error was shown; `outcome.error` holds it. `error_messages(exc)` is the
list of user-facing messages of any of these errors (for toasts, htmx fragments, tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dvk.core.workflow import DomainError, WorkflowError

HANDLED: tuple[type[Exception], ...] = (ValidationError, WorkflowError, DomainError)
"""The errors a view shows to the user; anything else is a bug (500) or an access decision (403/404)."""


@dataclass
class Outcome:
    error: Exception | None = None
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def error_messages(exc: BaseException) -> list[str]:
    """The Vietnamese messages a user should read for `exc`."""
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    return [str(exc) or _("You are not allowed to perform this action.")]


def add_to_form(form: forms.BaseForm, exc: BaseException) -> None:
    """Put the messages of `exc` on `form`: a ValidationError's field errors on their fields (when
    the form has them), everything else as a non-field error."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
        return
    for message in error_messages(exc):
        form.add_error(None, message)


@contextmanager
def handled(target: forms.BaseForm | HttpRequest) -> Iterator[Outcome]:
    """Run the block; show a handled error on the form (re-rendered by the view with the user's
    input) or, given the request, as an error message on the next page."""
    outcome = Outcome()
    try:
        yield outcome
    except HANDLED as exc:
        outcome.error = exc
        outcome.messages = error_messages(exc)
        if isinstance(target, forms.BaseForm):
            add_to_form(target, exc)
        else:
            for message in outcome.messages:
                messages.error(target, message)


def form_errors_text(form: forms.BaseForm) -> str:
    """All errors of an invalid form as one sentence, each prefixed by its field's label (for forms
    posted from a detail page that redirects back instead of re-rendering)."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = ", ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)


def flash_form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    messages.error(request, form_errors_text(form))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): JSON for the API, the page otherwise."""
    if request.path.startswith("/api/"):
        message = _("Too many failed log-in attempts. Wait 15 minutes and try again.")
        return JsonResponse({"detail": message}, status=429)
    return render(request, "accounts/locked_out.html", status=429)
