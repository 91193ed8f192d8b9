"""TOTP second factor (django-otp): who needs it, and the middleware that holds them at the door.

Who (docs/security.md, "Second factor"): with `DVK_REQUIRE_TOTP` on (the default outside DEBUG and the
tests), every staff user and superuser (the administration) and every member whose role is in
`DVK_TOTP_ROLES` (default: body leaders and the Board's leaders — the people who may read a denouncer's
identity as leaders and who take recognition decisions) must pass a TOTP code after the password, and
enrol an authenticator on first log-in. Anybody else who tries to read an identity (an assigned case
handler) is asked for the code at that moment (`recent_auth_required(second_factor=True)`).

The answer is computed once per log-in and kept in the session, so ordinary pages cost no query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

SESSION_KEY = "dvk_2fa_required"


def requires_second_factor(user: Any) -> bool:
    """Staff, superusers and members holding one of DVK_TOTP_ROLES (one query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    roles = list(getattr(settings, "DVK_TOTP_ROLES", ()))
    memberships = getattr(user, "memberships", None)  # the organisations app's reverse relation
    return bool(roles) and memberships is not None and memberships.filter(role__in=roles).exists()


def confirmed_device(user: Any) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def remember(request: HttpRequest, user: Any) -> None:
    """At log-in: does this session have to pass the second factor? (No query while it is off; the
    question is then asked the first time `pending()` needs it.)"""
    if getattr(settings, "DVK_REQUIRE_TOTP", False):
        request.session[SESSION_KEY] = requires_second_factor(user)
    else:
        request.session.pop(SESSION_KEY, None)


def pending(request: HttpRequest) -> bool:
    """The user is logged in with the password but still owes the TOTP step."""
    if not getattr(settings, "DVK_REQUIRE_TOTP", False):
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified():
        return False
    if SESSION_KEY not in request.session:  # a session opened before the requirement existed
        remember(request, user)
    return bool(request.session[SESSION_KEY])


def step_url(request: HttpRequest, next_url: str) -> str:
    """The enrolment page for a user without an authenticator, else the code page."""
    name = "accounts:totp_verify" if confirmed_device(request.user) else "accounts:totp_enrol"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


# Reachable while the second factor is owed: the step itself, logging out, the language switch.
OPEN_NAMES = {"accounts:totp_enrol", "accounts:totp_verify", "accounts:logout", "core:set_language"}


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware: a session that owes the TOTP step sees only the step's pages;
    an API call with that session gets a JSON 403 (bearer tokens prove the code when they are issued)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith((settings.STATIC_URL, "/healthz", "/favicon.ico"))
            or request.headers.get("Authorization", "").lower().startswith("bearer ")
            or not pending(request)
        ):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.view_name in OPEN_NAMES:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": _(
                        "Enter the code of your authenticator app on the web site first (second factor)."
                    )
                },
                status=403,
            )
        if request.headers.get("HX-Request"):
            # a fragment the page loads by itself (the notification bell): nothing, and no redirect — the
            # step's own pages load it too, and a redirect there would reload them in a loop
            return HttpResponse(status=204)
        return HttpResponseRedirect(
            step_url(request, request.get_full_path() if request.method == "GET" else "/")
        )


def check_api_login(user: Any, code: str) -> bool:
    """`POST /api/v1/auth/token`: a user who needs the second factor gives the current TOTP code as
    `otp`; without an enrolled authenticator no token is issued (enrol on the web site first).
    True when the code was checked (the token then carries `second_factor`)."""
    from django.core.exceptions import PermissionDenied

    from dvk.accounts.services import verify_totp

    if not getattr(settings, "DVK_REQUIRE_TOTP", False) or not requires_second_factor(user):
        return False
    if confirmed_device(user) is None:
        raise PermissionDenied(
            _("This account needs the second factor: set up the authenticator app on the web site first.")
        )
    if verify_totp(user, code) is None:
        raise PermissionDenied(_('Give the current code of your authenticator app as "otp" (second factor).'))
    return True


def check_api_token(user: Any, token_second_factor: bool) -> None:
    """Every API request with a bearer token: a token issued without the second factor is refused
    (403) once the account needs it; no query while DVK_REQUIRE_TOTP is off or the token has it."""
    from django.core.exceptions import PermissionDenied

    if token_second_factor or not getattr(settings, "DVK_REQUIRE_TOTP", False):
        return
    if requires_second_factor(user):
        raise PermissionDenied(
            _(
                "This token was issued without the second factor, which this account now needs: "
                'ask for a new token with the code of your authenticator app as "otp".'
            )
        )
