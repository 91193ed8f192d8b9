"""Re-authentication before sensitive actions (reading a vault identity, recognising an exemplar,
issuing a document): the password was typed less than `minutes` ago, or the user types it again.

- The time of the last password entry is kept in the session (`dvk_auth_at`): set at log-in (the
  `user_logged_in` signal, dvk/accounts/signals.py) and by the "xác nhận lại mật khẩu" page.
- `recent_auth_required()` (window: settings.DVK_REAUTH_MINUTES, 15) decorates a view. A GET without a recent entry is sent to the
  confirmation page and back to the same address; a POST is **never replayed**: the user is sent to
  the confirmation page and back to the page the form was on (its same-origin Referer, else the
  action's own address), where the form is shown again to be submitted on purpose.
- The API has no password page: `require_recent_auth(request)` refuses with `ReauthenticationRequired`
  (a PermissionDenied: JSON 403 with a Vietnamese detail) when the bearer token was issued — the
  password typed at `POST /api/v1/auth/token` — more than `minutes` ago (or, for the browser session,
  the session's last password entry is). Get a fresh token and retry.
- With `second_factor=True` and `DVK_REQUIRE_TOTP` on, the session must also have passed the TOTP
  step (`dvk.accounts.second_factor`); a user without an authenticator is sent to enrol first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

SESSION_KEY = "dvk_auth_at"


def window() -> int:
    """settings.DVK_REAUTH_MINUTES (15 by default)."""
    return int(getattr(settings, "DVK_REAUTH_MINUTES", 15))


class ReauthenticationRequired(PermissionDenied):
    """The password must be typed again (API: 403 with this message)."""


def stamp(request: HttpRequest) -> None:
    """Record that the user has just typed the password (log-in, the confirmation page)."""
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = int(time.time())


def authenticated_at(request: HttpRequest) -> float | None:
    """When this request's credentials were last proven with the password (epoch seconds)."""
    token = getattr(request, "api_token", None)
    if token is not None:
        return token.created_at.timestamp()
    session = getattr(request, "session", None)
    value = session.get(SESSION_KEY) if session is not None else None
    return float(value) if isinstance(value, int | float) else None


def is_recent(request: HttpRequest, minutes: int | None = None) -> bool:
    minutes = window() if minutes is None else minutes
    at = authenticated_at(request)
    return at is not None and time.time() - at <= minutes * 60


def needs_second_factor(request: HttpRequest) -> bool:
    """True when the TOTP step is required for this action and the session has not passed it."""
    if not getattr(settings, "DVK_REQUIRE_TOTP", False) or getattr(request, "api_token", None) is not None:
        return False
    verified = getattr(request.user, "is_verified", None)
    return not (callable(verified) and verified())


def require_recent_auth(request: HttpRequest, minutes: int | None = None) -> None:
    """For the API and services: refuse unless the password was proven less than `minutes` ago."""
    minutes = window() if minutes is None else minutes
    if not is_recent(request, minutes):
        if getattr(request, "api_token", None) is not None:
            raise ReauthenticationRequired(
                _(
                    "This action needs a recent log-in: the token was issued more than %(minutes)d minutes "
                    "ago. Request a new token with your password (POST /api/v1/auth/token) and try again."
                )
                % {"minutes": minutes}
            )
        raise ReauthenticationRequired(
            _(
                "This action needs a recent log-in: confirm your password again (more than %(minutes)d minutes have passed)."
            )
            % {"minutes": minutes}
        )


def _return_address(request: HttpRequest) -> str:
    """Where to come back after confirming: the same address for a GET; for a POST the page that held
    the form (same-origin Referer), so that the form is shown again instead of being replayed."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def confirm_url(next_url: str, *, resubmit: bool = False) -> str:
    query = {"next": next_url, **({"resubmit": "1"} if resubmit else {})}
    return f"{reverse('accounts:reauthenticate')}?{urlencode(query)}"


def recent_auth_required(
    minutes: int | None = None,
    *,
    when: Callable[..., bool] | None = None,
    second_factor: bool = False,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator (see the module's docstring). `when(request, *args, **kwargs)` limits it to some
    calls of the view (e.g. only the "recognise" action, only a POST)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated or (when is not None and not when(request, *args, **kwargs)):
                return view(request, *args, **kwargs)
            posted = request.method not in ("GET", "HEAD")
            back = _return_address(request)
            if second_factor and needs_second_factor(request):
                messages.info(request, _("Reading this data needs the second factor (authenticator code)."))
                return _redirect(request, f"{reverse('accounts:totp_verify')}?{urlencode({'next': back})}")
            if not is_recent(request, minutes):
                if posted:
                    messages.warning(
                        request,
                        _("Nothing was done yet: confirm your password, then submit the form again."),
                    )
                return _redirect(request, confirm_url(back, resubmit=posted))
            return view(request, *args, **kwargs)

        wrapped.recent_auth_required = True  # type: ignore[attr-defined]
        return wrapped

    return decorator


def posted(request: HttpRequest, *args: Any, **kwargs: Any) -> bool:
    """`when=` helper: only the POSTs of a view that also shows a page on GET."""
    return request.method == "POST"
