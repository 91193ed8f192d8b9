"""Anonymous pages of social critique: drafts open to public comment and the published tables of
acceptance and explanation (Luật Ban hành VBQPPL 2025, Điều 6: the drafting body publishes how it
handled the critique). They read only published or open-to-the-public critiques through
dvk.front.selectors; the one write, a public comment, goes through dvk.front.services.

Public comments are limited per client address (cache counter), carry a honeypot field (a filled
one is dropped silently) and are kept for moderation: nothing a visitor writes is shown until
the Front approves it. Comments are shown 50 a page (dvk.front.comment_pages), by article: a
draft gathers hundreds, and a page must not read them all.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dvk.core.paging import page_of
from dvk.core.workflow import DomainError
from dvk.front import selectors, services
from dvk.front.comment_pages import CommentPage, comment_page, place_under_units
from dvk.front.forms import PublicCommentForm
from dvk.front.models import Critique
from dvk.front.workflow import CritiqueStage

RATE_LIMIT = 5  # public comments per client address
RATE_WINDOW = 60 * 10  # seconds


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _over_limit(request: HttpRequest) -> bool:
    key = f"front.public_comment:{_client(request)}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT


def public_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.public_critiques().order_by("-received_on", "-id")
    return render(request, "public/front/list.html", {"page": page_of(qs, request.GET.get("page"), 24)})


def _shown_comments(request: HttpRequest, critique: Critique) -> CommentPage:
    """The shown (moderated) comments of the draft, 50 a page in table order, by article."""
    return comment_page(
        selectors.table_comments(critique),
        request.GET,
        prepare=lambda qs: qs.select_related("unit", "organisation"),
        number_rows=False,
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft open to public comment: its latest version with the shown comments of one page under
    their article; a published critique links to its table (the comments are there)."""
    critique = get_object_or_404(selectors.public_critiques(), pk=pk)
    open_now = critique.public_comments and critique.window_open(timezone.localdate())
    context: dict[str, Any] = {
        "c": critique,
        "open_now": open_now,
        "published": critique.stage == CritiqueStage.PUBLISHED,
        "units": [],
        "form": None,
    }
    if open_now:
        version = selectors.latest_version(critique)
        units = selectors.units_of(version) if version else []
        shown = _shown_comments(request, critique)
        context.update(
            units=units,
            form=PublicCommentForm(units=units),
            shown=shown,
            listing=shown,
            general_comments=place_under_units(shown, units),
        )
    return render(request, "public/front/detail.html", context)


@require_POST
def public_comment(request: HttpRequest, pk: int) -> HttpResponse:
    critique: Critique = get_object_or_404(selectors.public_critiques(), pk=pk)
    version = selectors.latest_version(critique)
    units = selectors.units_of(version) if version else []
    form = PublicCommentForm(request.POST, units=units)
    if form.is_bot:  # honeypot filled: pretend it worked, store nothing
        messages.success(request, _("Thank you. Your comment will be shown after moderation."))
        return redirect("public:critique_detail", pk)
    if _over_limit(request):
        messages.error(request, _("Too many comments from your address. Try again later."))
        return redirect("public:critique_detail", pk)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.submit_public_comment(
                critique=critique,
                text=d["text"],
                unit_id=int(d["unit"]) if d.get("unit") else None,
                author_name=d["author_name"],
                # the form's one-time token, or the client's Idempotency-Key: one comment per key
                token=(request.headers.get("Idempotency-Key") or form.once_token or "").strip()[:64],
            )
        except (ValidationError, DomainError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Thank you. Your comment will be shown after moderation."))
    else:
        messages.error(request, _("Write your comment (4,000 characters at most)."))
    return redirect("public:critique_detail", pk)


def public_table(request: HttpRequest, pk: int) -> HttpResponse:
    """The published table of acceptance and explanation, 50 rows a page, by article and by answer,
    each row with its number in the whole table."""
    critique = get_object_or_404(
        Critique.objects.published().select_related("organisation", "drafting_body"), pk=pk
    )
    table = comment_page(
        selectors.table_comments(critique), request.GET, prepare=selectors.with_table_relations
    )
    return render(request, "public/front/table.html", {"c": critique, "table": table, "listing": table})
