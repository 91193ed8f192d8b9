"""Writes for units and bodies: creation and reorganisation (merge, split), audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dvk.core.interfaces import record_audit
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError
from dvk.organisations.models import (
    AdministrativeUnit,
    Organisation,
    OrganisationSuccession,
    Reorganisation,
    UnitSuccession,
)

# (old, new, is_primary): a merger is many olds → one new; a split is one old → many news,
# exactly one of them primary (where the old body's records roll up).
Link = tuple[Any, Any, bool]


@transaction.atomic
def reorganise(
    *,
    kind: str,
    title: str,
    effective_on: dt.date,
    resolution: str = "",
    unit_links: Iterable[Link] = (),
    organisation_links: Iterable[Link] = (),
    by: AuthenticatedUser | None = None,
) -> Reorganisation:
    """Close the old units/bodies the day before `effective_on` and link them to their successors.

    Successors must already exist (create them first); they are opened on `effective_on` if they
    have no start date. Historical records keep pointing at the old rows; roll-ups follow the links.
    """
    reorg = Reorganisation.objects.create(
        kind=kind, title=title, resolution=resolution, effective_on=effective_on, performed_by=by
    )
    closing = effective_on - dt.timedelta(days=1)
    for model, link_model, links in (
        (AdministrativeUnit, UnitSuccession, list(unit_links)),
        (Organisation, OrganisationSuccession, list(organisation_links)),
    ):
        _check_primaries(links)
        for old, new, is_primary in links:
            if old.valid_from and old.valid_from > closing:
                raise DomainError(_("%(name)s did not exist before the effective date.") % {"name": old})
            if old.valid_to and old.valid_to < closing:
                raise DomainError(_("%(name)s was already closed before the effective date.") % {"name": old})
            if old.pk != new.pk and old.valid_to != closing:
                old.valid_to = closing
                old.save()
            if new.valid_from is None:
                new.valid_from = effective_on
                new.save()
            extra = {"whole": is_primary} if link_model is UnitSuccession else {}
            link_model.objects.get_or_create(
                old=old, new=new, defaults={"reorganisation": reorg, "is_primary": is_primary, **extra}
            )
            record_audit(
                actor=by,
                action=f"{model._meta.app_label}.reorganise",
                target=old,
                changes={"valid_to": [None, closing.isoformat()], "successor": new.pk, "primary": is_primary},
                organisation=old if isinstance(old, Organisation) else None,
            )
    record_audit(
        actor=by, action="organisations.reorganisation", target=reorg, changes={"kind": kind, "title": title}
    )
    return reorg


def _check_primaries(links: list[Link]) -> None:
    primaries: dict[int, int] = {}
    for old, _new, is_primary in links:
        primaries[old.pk] = primaries.get(old.pk, 0) + (1 if is_primary else 0)
    if any(count != 1 for count in primaries.values()):
        raise DomainError(_("Each old unit or body needs exactly one primary successor."))


ADD_BODY = "organisations.add_body"


@transaction.atomic
def create_organisation(
    *,
    by: AuthenticatedUser,
    name: str,
    kind: str,
    unit: AdministrativeUnit,
    parent: Organisation | None,
    short_name: str = "",
    code: str | None = None,
    valid_from: dt.date | None = None,
    email: str = "",
) -> Organisation:
    """Create a body under `parent` (a body in force the user may add bodies to; a root body only
    for a system administrator), audited as `organisations.create`."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from dvk.organisations.scoping import require_current

    if not by.has_perm(ADD_BODY, parent) or (parent is None and not getattr(by, "is_superuser", False)):
        raise PermissionDenied(_("You are not allowed to perform this action."))
    if kind not in Organisation.Kind.values:
        raise ValidationError({"kind": [_("Choose one of the allowed values.")]})
    if parent is not None:
        require_current(parent, "parent")
    if code and Organisation.objects.filter(code=code).exists():
        raise ValidationError({"code": [_("A body with this code already exists.")]})
    body = Organisation.objects.create(
        name=name,
        kind=kind,
        unit=unit,
        parent=parent,
        short_name=short_name,
        code=code or None,
        valid_from=valid_from,
        email=email,
    )
    record_audit(
        actor=by,
        action="organisations.create",
        target=body,
        changes={"name": body.name, "parent": parent.pk if parent else None},
        organisation=body,
    )
    return body
