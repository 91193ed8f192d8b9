from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from dvk.core.paging import page_of, querystring
from dvk.organisations import selectors
from dvk.organisations.models import Organisation
from dvk.organisations.scoping import visible_organisations


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "")
    qs = selectors.organisation_list(user=request.user, q=q, kind=kind)
    if request.GET.get("current", "1") == "1":
        qs = qs.current()
    return render(
        request,
        "organisations/list.html",
        {
            "page": page_of(qs, request.GET.get("page")),
            "kinds": Organisation.Kind.choices,
            "kind": kind,
            "q": q,
            "querystring": querystring(request),
            "current": request.GET.get("current", "1"),
        },
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(visible_organisations(request.user).select_related("unit", "parent"), pk=pk)
    children = visible_organisations(request.user).filter(parent=org).select_related("unit")
    successors = org.successions_out.select_related("new", "reorganisation")
    predecessors = org.successions_in.select_related("old", "reorganisation")
    members = org.memberships.select_related("user")
    return render(
        request,
        "organisations/detail.html",
        {
            "org": org,
            "children": children,
            "successors": successors,
            "predecessors": predecessors,
            "members": members,
        },
    )
