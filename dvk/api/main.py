"""The REST API (v1): wiring only. Each domain app contributes a Router (DomainAppConfig.api_router)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle

from dvk.accounts import second_factor
from dvk.accounts import services as accounts
from dvk.api import errors
from dvk.api.auth import AUTH
from dvk.core.plugins import domain_apps
from dvk.core.validation import text

api = NinjaAPI(
    title="Dân vận khéo API",
    version="1",
    description='REST API v1 — xem docs/api.md. Lỗi trả về {"detail": "…"} bằng tiếng Việt.',
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=errors.StrictJSONParser(),
)
errors.install(api)


class TokenIn(Schema):
    username: text(150)  # type: ignore[valid-type]
    password: str = Field(..., max_length=4096)
    otp: str = Field("", max_length=12, description="TOTP code, for accounts that need the second factor")


class TokenOut(Schema):
    token: str
    expires_at: str


class MembershipOut(Schema):
    organisation: dict
    role: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    is_system_admin: bool
    memberships: list[MembershipOut]


@api.post("/auth/token", auth=None, response=TokenOut, throttle=[AnonRateThrottle("20/m")], tags=["auth"])
def issue_token(request: HttpRequest, payload: TokenIn):
    """Exchange a username and password for a bearer token (401 on wrong credentials)."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        raise HttpError(401, _("Wrong username or password."))
    checked = second_factor.check_api_login(user, payload.otp)  # 403 without the TOTP code when required
    token, raw = accounts.issue_token(user, second_factor=checked)
    return {"token": raw, "expires_at": timezone.localtime(token.expires_at).isoformat()}


@api.post("/auth/logout", response={204: None}, tags=["auth"])
def revoke_token(request: HttpRequest):
    """Revoke the token used for this request (session users are logged out by /tai-khoan/dang-xuat/)."""
    token = getattr(request, "api_token", None)
    if token is not None:
        accounts.revoke_token(token, by=request.user)  # type: ignore[arg-type]
    return Status(204, None)


@api.get("/me", response=MeOut, tags=["auth"])
def me(request: HttpRequest):
    user = request.user
    memberships = user.memberships.select_related("organisation")  # type: ignore[union-attr]
    return {
        "id": user.pk,
        "username": user.get_username(),
        "full_name": user.get_full_name(),  # type: ignore[union-attr]
        "is_system_admin": user.is_superuser,  # type: ignore[union-attr]
        "memberships": [
            {"organisation": {"id": m.organisation_id, "name": m.organisation.name}, "role": m.role}
            for m in memberships
        ],
    }


for _cfg in domain_apps():
    if _cfg.api_router:
        api.add_router(_cfg.api_prefix, import_string(_cfg.api_router))
