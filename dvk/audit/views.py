from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dvk.audit.labels import action_choices
from dvk.audit.presentation import describe
from dvk.audit.selectors import audit_list
from dvk.core.paging import page_of, querystring


@login_required
def audit_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.view_audit"):
        raise PermissionDenied
    filters = {k: request.GET.get(k, "").strip() for k in ("target_type", "target_id", "actor", "action")}
    qs = audit_list(user=request.user, **filters)
    page = page_of(qs, request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "rows": describe(page),
            "actions": action_choices(),
            "filters": filters,
            "querystring": querystring(request),
        },
    )
