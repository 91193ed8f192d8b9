from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dvk.audit.selectors import audit_list
from dvk.core.paging import page_of, querystring


@login_required
def audit_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.view_audit"):
        raise PermissionDenied
    filters = {k: request.GET.get(k, "").strip() for k in ("target_type", "target_id", "actor", "action")}
    qs = audit_list(user=request.user, **filters)
    return render(
        request,
        "audit/list.html",
        {
            "page": page_of(qs, request.GET.get("page")),
            "filters": filters,
            "querystring": querystring(request),
        },
    )
