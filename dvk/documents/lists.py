"""The document register of one body and year as a list of the list kit (dvk.core.listing).
Its Excel export holds only releasable rows: a document marked MẬT is never exported in bulk."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dvk.core.listing import DATE, Column, Filter, ListSpec, Params, register
from dvk.core.validation import parse_id
from dvk.documents import selectors
from dvk.documents.models import DocType
from dvk.organisations.models import Organisation


def _year(params: Params) -> int:
    raw = str(params.get("year", ""))
    year = int(raw) if raw.isdigit() and len(raw) == 4 else 0
    if not 1900 <= year <= 2999:
        raise Http404
    return year


def _register(user: Any, params: Params) -> Any:
    if not user.has_perm("documents.view_register"):
        raise PermissionDenied
    org_id = parse_id(params.get("org_id"))
    if org_id is None:
        raise Http404
    body = get_object_or_404(Organisation.objects.visible_to(user), pk=org_id)
    doc_type = params.get("type", "")
    return selectors.register(
        user=user,
        organisation=body,
        year=_year(params),
        doc_type=doc_type if doc_type in DocType.values else "",
        q=params.get("q", ""),
    )


def _filename(params: Params) -> str:
    org = Organisation.objects.filter(pk=parse_id(params.get("org_id")) or 0).first()
    name = (org.short_name or org.name) if org else ""
    return f"{_('Document register')} {name} {params.get('year', '')}".strip()


REGISTER = register(
    ListSpec(
        name="documents.register",
        title=_("Document register"),
        build=_register,
        kwargs=("org_id", "year"),
        columns=(
            Column("number", _("Number and symbol"), "number", sort="sequence"),
            Column("date", _("Date"), "issued_on", sort="issued_on", kind=DATE),
            Column("type", _("Document type"), "get_doc_type_display", sort="doc_type"),
            Column("title", pgettext_lazy("document", "Summary"), "title", sort="title", width=60),
            Column("signer", _("Signed by"), "signer_name", sort="signer_name"),
            Column("recipients", _("Recipients"), lambda d: "; ".join(d.recipients or []), width=40),
            Column("urgency", _("Urgency"), "urgency_mark", show=False),
        ),
        filters=(Filter("q", _("Search")), Filter("type", _("Document type"), DocType.choices)),
        default_order=("-issued_on", "organisation_id", "doc_type", "-sequence", "-id"),
        exportable=selectors.releasable,
        export_note=_(
            "Documents marked secret are listed here for the officers in charge but are never e-mailed,"
            " exported or published by the system."
        ),
        filename=_filename,
    )
)
