"""The register page of one body and year (search, filter by type; its Excel export is the list
kit's). Thin: the selectors read, scoping decides what is visible (a body out of scope is a 404)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from dvk.core.types import AuthenticatedHttpRequest
from dvk.documents import lists, selectors
from dvk.documents.models import DocType, Document
from dvk.organisations.models import Organisation

MAX_ID = 2**63 - 1


def _need(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_perm("documents.view_register"):
        raise PermissionDenied


def _body(request: AuthenticatedHttpRequest, org_id: int, year: int) -> Organisation:
    if org_id > MAX_ID or not 1900 <= year <= 2999:
        raise Http404
    return get_object_or_404(Organisation.objects.visible_to(request.user).select_related("unit"), pk=org_id)


def _issuers(user) -> list[Organisation]:
    """Bodies in scope that have issued something, and the user's own bodies."""
    issued = Document.objects.visible_to(user).values("organisation_id").distinct()
    own = user.memberships.values("organisation_id")
    return list(
        Organisation.objects.visible_to(user).filter(Q(pk__in=issued) | Q(pk__in=own)).order_by("path")
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@login_required
def register_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The register chosen in the form (?body=&year=), else the user's own body (or the first body
    with documents) for this year."""
    _need(request)
    body_id = _int(request.GET.get("body"))
    if body_id is None:
        own = request.user.memberships.order_by("organisation__path").values_list(
            "organisation_id", flat=True
        )
        body_id = (
            own.first()
            or Document.objects.visible_to(request.user).values_list("organisation_id", flat=True).first()
        )
    if body_id is None:
        raise Http404
    year = _int(request.GET.get("year")) or timezone.localdate().year
    return _register(request, _body(request, body_id, year), year)


def _filters(request: AuthenticatedHttpRequest) -> tuple[str, str]:
    doc_type = request.GET.get("type", "")
    return (doc_type if doc_type in DocType.values else ""), request.GET.get("q", "")[:200]


@login_required
def register_page(request: AuthenticatedHttpRequest, org_id: int, year: int) -> HttpResponse:
    _need(request)
    return _register(request, _body(request, org_id, year), year)


def _register(request: AuthenticatedHttpRequest, body: Organisation, year: int) -> HttpResponse:
    doc_type, q = _filters(request)
    listing = lists.REGISTER.bind(request, org_id=body.pk, year=year)
    years = selectors.body_years(user=request.user, organisation=body)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return render(
        request,
        "documents/register.html",
        {
            "body": body,
            "year": year,
            "years": years,
            "issuers": _issuers(request.user),
            "types": DocType.choices,
            "doc_type": doc_type,
            "q": q,
            "listing": listing,
            "page": listing.page,
            "querystring": listing.querystring,
        },
    )


@login_required
def register_export(request: AuthenticatedHttpRequest, org_id: int, year: int) -> HttpResponse:
    """The old address of the register's workbook: the one export is the list kit's
    (`/xuat-excel/documents.register/`, the page's Excel button: audited, in the background when
    long, MẬT rows left out and said so); the filters of the old link go with it."""
    _need(request)
    body = _body(request, org_id, year)
    doc_type, q = _filters(request)
    params = {"org_id": body.pk, "year": year, "type": doc_type, "q": q}
    query = urlencode({k: v for k, v in params.items() if v})
    return redirect(f"{reverse('exports:start', args=[lists.REGISTER.name])}?{query}", permanent=True)
