"""Reads of the register for pages, exports, the API and the domains.

The secrecy rule lives here: `releasable()` is the only queryset exports, e-mails and public pages
start from, and `may_release(document)` is the predicate domains ask before they send or publish
a document themselves."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from dvk.core.search import search
from dvk.core.verification import Verification
from dvk.documents.models import DocType, Document, Secrecy


def register(
    *,
    user: Any,
    organisation: Any = None,
    year: int | None = None,
    doc_type: str = "",
    q: str = "",
) -> models.QuerySet[Document]:
    """The rows of a register page: in the user's scope, of one body (if given) and year."""
    qs = Document.objects.visible_to(user).select_related("organisation", "signer")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if year:
        qs = qs.filter(year=year)
    if doc_type in DocType.values:
        qs = qs.filter(doc_type=doc_type)
    qs = search(qs, q)
    return qs.order_by("-issued_on", "organisation_id", "doc_type", "-sequence", "-id")


def releasable(qs: models.QuerySet | None = None) -> models.QuerySet[Document]:
    """Documents the system may e-mail, export in bulk or publish: never those marked MẬT."""
    base = qs if qs is not None else Document.objects.all()
    return base.filter(secrecy=Secrecy.NORMAL)


def may_release(document: Document | None) -> bool:
    """True when the system may e-mail, bulk-export or publish this document (not marked MẬT)."""
    return document is not None and not document.is_secret


def find_verifiable(code: str) -> Document | None:
    """The document a public verification code belongs to; secret documents are never found."""
    code = (code or "").strip().upper()
    if not code or len(code) > 16:
        return None
    return (
        releasable(Document.objects.filter(verification_code=code))
        .select_related("organisation", "content_type")
        .first()
    )


def for_subject(obj: models.Model) -> models.QuerySet[Document]:
    """The register rows linked to one domain record."""
    return Document.objects.for_subject(obj).order_by("issued_on", "id")


def body_years(*, user: Any, organisation: Any) -> list[int]:
    """The years in which the body issued something the user may see, newest first."""
    qs = Document.objects.visible_to(user).filter(organisation=organisation)
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)


def verification(code: str) -> Verification | None:
    """What the public page /xac-minh/<code>/ shows for any document with a verification code:
    the subject's own account when its model offers one (`public_verification()`, e.g. a
    recognition decision), else the register's facts. Secret documents are never found."""
    document = find_verifiable(code)
    if document is None:
        return None
    subject = document.subject if document.content_type_id else None
    describe = getattr(subject, "public_verification", None)
    if callable(describe):
        return describe()
    return Verification(
        code=document.verification_code or "",
        rows=[
            (_("Document"), f"{document.get_doc_type_display()} {_('No.')} {document.number}"),
            (_("Date of issue"), document.issued_on.strftime("%d/%m/%Y")),
            (_("Issued by"), document.organisation.name),
            (_("Summary"), document.title),
        ],
    )
