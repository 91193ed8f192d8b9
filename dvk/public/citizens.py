"""Public pages of citizen reception (no account): send a kiến nghị or phản ánh, and look a letter
up by its code and phone. They read through dvk.citizens.selectors and write only through
dvk.citizens.services.submit_public.

Protection: a per-address hourly limit (the policy's `public_hourly_limit`, counted in the
cache) and a budget of files per address and hour (the files themselves go through
dvk.attachments.services.attach_public), a honeypot field people never see, and a one-time form
token (or an `Idempotency-Key` header) so a double click or a retried request creates one letter.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from dvk.citizens import selectors, services
from dvk.citizens.forms import LookupForm, PublicLetterForm
from dvk.citizens.models import Policy

FILES_PER_HOUR = 10  # public attachments per hour and address
LOOKUP_LIMIT = 30  # lookups per hour and address: enough for a person, too few to guess codes


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")[:64]


def over_limit(request: HttpRequest, bucket: str, limit: int) -> bool:
    """Count one attempt of this address in this hour's bucket; True once over `limit`."""
    key = f"citizens:{bucket}:{client_address(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


def files_over_limit(request: HttpRequest, count: int) -> bool:
    """Files count against their own hourly budget per address (FILES_PER_HOUR), on top of the
    letters' limit; a letter without files spends none."""
    if not count:
        return False
    key = f"citizens:intake-files:{client_address(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        total = cache.incr(key, count)
    except ValueError:
        cache.set(key, count, timeout=3600)
        total = count
    return total > FILES_PER_HOUR


def _guidance() -> list[tuple[str, str]]:
    return [
        (
            _("Complaints (khiếu nại)"),
            _(
                "A complaint must be signed and sent, in writing or in person, to the body or person who "
                "issued the decision or did the act you complain about (Luật Khiếu nại 2011, Điều 7–8), "
                "within 90 days of learning of it. Take it to the citizen reception office of that body."
            ),
        ),
        (
            _("Denunciations (tố cáo)"),
            _(
                "A denunciation must carry your full name, address and signature and be filed with the "
                "competent body (Luật Tố cáo 2018, Điều 22–23), so that your identity can be protected as "
                "the law requires. Anonymous denunciations are not processed (Điều 25). Go to the citizen "
                "reception office or send a signed letter by post."
            ),
        ),
    ]


def _submit(request: HttpRequest, form: PublicLetterForm) -> HttpResponse | None:
    """Register the letter (one per form token or Idempotency-Key) and go to the receipt page; None
    with the service's refusals on the form."""
    d = form.cleaned_data
    token = (request.headers.get("Idempotency-Key") or form.once_token or "").strip()[:64]
    try:
        letter, _created = services.submit_public(
            organisation=d["organisation"],
            kind=d["kind"],
            summary=d["summary"],
            name=d["name"],
            phone=d["phone"],
            address=d["address"],
            token=token,
            files=d["uploads"],
        )
    except ValidationError as exc:
        for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            for error in errors:
                field = "uploads" if field == "files" else field
                form.add_error(field if field in form.fields else None, error)
        return None
    request.session["citizens_sent"] = {
        "code": letter.lookup_code,
        "number": letter.receipt_number,
        "body": letter.organisation.name,
    }
    return redirect("public:citizen_intake_done")


def _province_chosen(request: HttpRequest) -> HttpResponse:
    """Without script, the province's "Show its bodies" button: the page again with what was typed
    (files aside) and the bodies of that province; nothing is checked or sent yet."""
    typed = {k: v for k, v in request.POST.dict().items() if k not in ("csrfmiddlewaretoken", "form_token")}
    form = PublicLetterForm(initial=typed, province=request.POST.get("province", ""))
    return render(request, "public/citizens/intake.html", {"form": form, "guidance": _guidance()})


@never_cache
def intake(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "choose_province" in request.POST:
        return _province_chosen(request)
    form = PublicLetterForm(request.POST or None, request.FILES or None, province=request.GET.get("province"))
    status = 200
    if request.method == "POST":
        if form.data.get("website"):  # the honeypot: a bot filled the hidden field
            return redirect("public:citizen_intake_done")
        if over_limit(request, "intake", Policy.current().public_hourly_limit):
            form.add_error(None, _("Too many letters from your connection. Try again in an hour."))
            status = 429
        elif form.is_valid() and files_over_limit(request, len(form.cleaned_data["uploads"])):
            form.add_error("uploads", _("Too many files from your connection. Try again in an hour."))
            status = 429
        elif form.is_valid():
            sent = _submit(request, form)
            if sent is not None:
                return sent
            status = 422
        else:
            status = 422
    return render(
        request, "public/citizens/intake.html", {"form": form, "guidance": _guidance()}, status=status
    )


@never_cache
def intake_done(request: HttpRequest) -> HttpResponse:
    sent: dict[str, Any] | None = request.session.get("citizens_sent")
    return render(request, "public/citizens/intake_done.html", {"sent": sent})


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    result = None
    status = 200
    searched = False
    if request.method == "POST":
        if over_limit(request, "lookup", LOOKUP_LIMIT):
            form.add_error(None, _("Too many lookups from your connection. Try again in an hour."))
            status = 429
        elif form.is_valid():
            searched = True
            result = selectors.public_status(form.cleaned_data["code"], form.cleaned_data["phone"])
    return render(
        request,
        "public/citizens/lookup.html",
        {"form": form, "result": result, "searched": searched},
        status=status,
    )
