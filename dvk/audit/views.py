from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dvk.audit.labels import action_choices
from dvk.audit.lists import AUDIT, FILTERS


@login_required
def audit_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.view_audit"):
        raise PermissionDenied
    filters = {k: request.GET.get(k, "").strip() for k in FILTERS}
    listing = AUDIT.bind(request)
    return render(
        request,
        "audit/list.html",
        {
            "listing": listing,
            "page": listing.page,
            "rows": listing.rows,
            "actions": action_choices(),
            "filters": filters,
            "querystring": listing.querystring,
        },
    )
