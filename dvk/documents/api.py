"""REST API of the document register: GET /api/v1/documents (a register's rows, scoped) and
GET /api/v1/documents/{id}. A list is a bulk read: documents marked MẬT are never in it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from dvk.api.pagination import Page, paginate
from dvk.core.types import AuthenticatedHttpRequest
from dvk.documents import selectors
from dvk.documents.models import Document
from dvk.organisations.models import Organisation

router = Router(tags=["documents"])
MAX_ID = 2**63 - 1


class Ref(Schema):
    id: int
    name: str


class DocumentOut(Schema):
    id: int
    number: str
    number_line: str
    doc_type: str
    doc_type_label: str
    year: int
    issued_on: dt.date
    place: str
    title: str
    issuer: Ref
    signer_name: str
    signer_position: str
    capacity: str
    recipients: list[str]
    secrecy: str
    urgency: str
    urgency_mark: str
    verification_code: str | None


class DocumentList(Schema):
    count: int
    count_exact: bool
    items: list[DocumentOut]


class DocumentFilters(Page):
    organisation: int | None = Field(None, ge=1, le=MAX_ID)
    year: int | None = Field(None, ge=1900, le=2999)
    doc_type: str = Field("", max_length=8)
    q: str = Field("", max_length=200)


def _out(d: Document) -> dict:
    return {
        "id": d.pk,
        "number": d.number,
        "number_line": d.number_line,
        "doc_type": d.doc_type,
        "doc_type_label": d.get_doc_type_display(),
        "year": d.year,
        "issued_on": d.issued_on,
        "place": d.place,
        "title": d.title,
        "issuer": {"id": d.organisation_id, "name": d.organisation.name},
        "signer_name": d.signer_name,
        "signer_position": d.signer_position,
        "capacity": d.capacity,
        "recipients": list(d.recipients or []),
        "secrecy": d.secrecy,
        "urgency": d.urgency,
        "urgency_mark": d.urgency_mark,
        "verification_code": d.verification_code,
    }


def _need(request: AuthenticatedHttpRequest) -> None:
    if not request.user.has_perm("documents.view_register"):
        raise PermissionDenied


@router.get("/documents", response=DocumentList)
def list_documents(request: AuthenticatedHttpRequest, filters: Query[DocumentFilters]):
    """Rows of the registers in scope, newest first; filter by body, year, type and folded text."""
    _need(request)
    organisation = None
    if filters.organisation is not None:
        organisation = get_object_or_404(
            Organisation.objects.visible_to(request.user), pk=filters.organisation
        )
    qs = selectors.register(
        user=request.user,
        organisation=organisation,
        year=filters.year,
        doc_type=filters.doc_type,
        q=filters.q,
    )
    return paginate(selectors.releasable(qs), filters, _out)


@router.get("/documents/{document_id}", response=DocumentOut)
def get_document(request: AuthenticatedHttpRequest, document_id: int):
    _need(request)
    if not 1 <= document_id <= MAX_ID:
        raise Http404
    document = get_object_or_404(
        Document.objects.visible_to(request.user).select_related("organisation"), pk=document_id
    )
    return _out(document)
