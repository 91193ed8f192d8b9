from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from dvk.organisations import lists
from dvk.organisations.models import Organisation
from dvk.organisations.scoping import visible_organisations


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    listing = lists.BODIES.bind(request)
    return render(
        request,
        "organisations/list.html",
        {
            "listing": listing,
            "page": listing.page,
            "kinds": Organisation.Kind.choices,
            "kind": listing.params.get("kind", ""),
            "q": listing.params.get("q", ""),
            "current": "0" if listing.params.get("current") == "0" else "1",
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
