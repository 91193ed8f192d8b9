from __future__ import annotations

import base64
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from dvk.accounts import forms, reauth, second_factor, services
from dvk.core.interfaces import record_audit
from dvk.core.types import AuthenticatedHttpRequest


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        reauth.stamp(self.request)  # the password was just typed
        record_audit(actor=self.request.user, action="accounts.password_change", target=self.request.user)
        return response


def _next(request: HttpRequest) -> str:
    """The same-origin address to return to (the `next` field or parameter), else the dashboard."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def reauthenticate(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The "xác nhận lại mật khẩu" page: the password again (and the TOTP code when the user has one and the
    second factor is on) before a sensitive action; then back to where the user was, never replaying
    a form (dvk/accounts/reauth.py). Failures count towards the log-in lockout (django-axes)."""
    ask_code = settings.DVK_REQUIRE_TOTP and second_factor.confirmed_device(request.user) is not None
    form = forms.ReauthForm(request.POST or None, ask_code=ask_code)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=request.user.get_username(), password=form.cleaned_data["password"]
        )
        device = services.verify_totp(request.user, form.cleaned_data["code"]) if ask_code else None
        if user is None or user.pk != request.user.pk:
            form.add_error("password", _("The password is not right."))
        elif ask_code and device is None:
            form.add_error("code", _("The code is not right or has expired; enter the current code."))
        else:
            reauth.stamp(request)
            if device is not None:
                otp_login(request, device)
            record_audit(actor=request.user, action="accounts.reauth", target=request.user, changes={})
            if request.POST.get("resubmit"):
                messages.info(
                    request, _("Password confirmed. Submit the form again to carry out the action.")
                )
            return redirect(_next(request))
    return render(
        request,
        "accounts/reauthenticate.html",
        {
            "form": form,
            "next": _next(request),
            "resubmit": bool(request.GET.get("resubmit") or request.POST.get("resubmit")),
        },
    )


def _qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff", title="QR")


@login_required
def totp_enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), then enter a first code. A user
    who already has one must pass it first (so a stolen password cannot replace the authenticator)."""
    verified = request.user.is_verified()  # type: ignore[attr-defined]  # set by django_otp's OTPMiddleware
    if second_factor.confirmed_device(request.user) is not None and not verified:
        return redirect(f"{resolve_url('accounts:totp_verify')}?{urlencode({'next': _next(request)})}")
    device = services.start_totp_enrolment(request.user)
    form = forms.TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_enrolment(request.user, device, form.cleaned_data["code"]):
            otp_login(request, device)
            messages.success(
                request, _("The authenticator app is set up. It will ask for a code at each log-in.")
            )
            return redirect(_next(request))
        form.add_error("code", _("The code is not right or has expired; enter the current code."))
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/totp_enrol.html",
        {
            "form": form,
            "next": _next(request),
            "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 (segno's SVG of our own otpauth URL)
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        },
    )


@login_required
def totp_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The code step after the password (second factor)."""
    if second_factor.confirmed_device(request.user) is None:
        return redirect(f"{resolve_url('accounts:totp_enrol')}?{urlencode({'next': _next(request)})}")
    form = forms.TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_totp(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("The code is not right or has expired; enter the current code."))
    return render(request, "accounts/totp_verify.html", {"form": form, "next": _next(request)})
