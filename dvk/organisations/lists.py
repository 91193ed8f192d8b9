"""The bodies list, declared for the list kit (dvk.core.listing): sortable, paged with a total,
filters in the URL, exported to Excel exactly as shown."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from dvk.core.listing import DATE, Column, Filter, ListSpec, Params, register
from dvk.organisations import selectors
from dvk.organisations.models import Organisation

CURRENT_CHOICES = (("1", _("Current bodies")), ("0", _("Including historical bodies")))


def _bodies(user: Any, params: Params) -> Any:
    kind = params.get("kind", "")
    qs = selectors.organisation_list(
        user=user, q=params.get("q", ""), kind=kind if kind in Organisation.Kind.values else ""
    )
    return qs.current() if params.get("current", "1") != "0" else qs


def _validity(o: Organisation) -> str:
    start = f"{o.valid_from:%d/%m/%Y}" if o.valid_from else "…"
    end = f"{o.valid_to:%d/%m/%Y}" if o.valid_to else ""
    return f"{start} – {end}"


BODIES = register(
    ListSpec(
        name="organisations.bodies",
        title=_("Bodies"),
        build=_bodies,
        columns=(
            Column("name", _("Name"), "name", sort="name"),
            Column("kind", _("Kind"), "get_kind_display", sort="kind"),
            Column("unit", _("Administrative unit"), "unit.name", sort="unit__name"),
            Column("valid", _("Valid"), _validity, sort="valid_from"),
            Column("valid_from", _("Valid from"), "valid_from", kind=DATE, show=False),
            Column("valid_to", _("Valid to"), "valid_to", kind=DATE, show=False),
            Column("code", _("Code"), "code", show=False),
        ),
        filters=(
            Filter("q", _("Search")),
            Filter("kind", _("Kind"), Organisation.Kind.choices),
            Filter("current", _("Validity"), CURRENT_CHOICES),
        ),
        default_order=("path",),
    )
)
