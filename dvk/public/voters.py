"""Public pages of voter petitions (no login): the answers a People's Council released for a
session, searchable with accent folding. They read through dvk.voters.selectors only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from dvk.core.paging import page_of, querystring
from dvk.voters import selectors as voters


def public_sessions(request: HttpRequest) -> HttpResponse:
    return render(request, "public/voters/sessions.html", {"sessions": voters.published_sessions()[:50]})


def public_answers(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(voters.published_sessions(), pk=pk)
    q = request.GET.get("q", "")[:200]
    page = page_of(voters.published_answers(session=session, q=q), request.GET.get("page"), per_page=30)
    voters.with_forwards(page.object_list)
    return render(
        request,
        "public/voters/answers.html",
        {"session": session, "page": page, "q": q, "querystring": querystring(request)},
    )
