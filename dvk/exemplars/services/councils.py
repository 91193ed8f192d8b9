"""Review councils: setting one up, and keeping members with a conflict of interest out of a review."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.actors import is_system
from dvk.core.text import nfc
from dvk.exemplars.models import (
    Council,
    CouncilExclusion,
    CouncilMember,
    Cycle,
    Exemplar,
    Level,
    Nomination,
    forget_councils,
)
from dvk.organisations.models import Organisation
from dvk.organisations.scoping import (
    Affiliation,
    conflict_of_interest,
)


def conflicting_membership(user: Any, exemplar: Exemplar) -> Affiliation | None:
    """The user's own body behind the nomination: the nominating body or a body above it (below
    the province root), widened with predecessors and successors exactly as scope is — today's
    commune is also the communes merged into it (dvk.organisations.scoping.conflict_of_interest)."""
    return conflict_of_interest(user, exemplar.org_path)


def _exclude(
    *, nomination: Nomination, user: Any, conflict: Affiliation, by: Any, exemplar: Exemplar
) -> CouncilExclusion:
    """Keep a council member out of a review: one row and one audit event, when it is decided."""
    reason = _("Member of the nominating body: %(body)s") % {"body": conflict.name}
    exclusion, created = CouncilExclusion.objects.get_or_create(
        nomination=nomination, user=user, defaults={"reason": reason}
    )
    if created:
        record(
            actor=by,
            action="exemplars.exclude_member",
            target=nomination,
            changes={"member": user.get_username(), "reason": reason},
            organisation=exemplar.organisation,
        )
    return exclusion


@transaction.atomic
def create_council(
    *,
    by: Any,
    name: str,
    organisation: Organisation,
    deciding_body: Organisation,
    level: str,
    cycle: Cycle,
    members: list[tuple[Any, str]] | None = None,
    place: str = "",
) -> Council:
    """Set up a council (scheduled or imported set-ups run as SYSTEM; nobody else without the
    named permission). Members are (user, role) pairs, each user once."""
    if not (is_system(by) or (by is not None and by.has_perm("exemplars.manage_councils"))):
        raise PermissionDenied(_("Only the coordinating level sets up councils."))
    errors: dict[str, list[str]] = {}
    if not nfc(name):
        errors["name"] = [_("This field is required.")]
    if level not in Level.values:
        errors["level"] = [_("Choose one of the allowed values.")]
    seats = list(members or [])
    if any(role not in CouncilMember.Role.values for _user, role in seats):
        errors["members"] = [_("Choose one of the allowed values.")]
    elif len({user.pk for user, _role in seats}) != len(seats):
        errors["members"] = [_("Each member sits on the council once.")]
    if errors:
        raise ValidationError(errors)
    council = Council.objects.create(
        name=nfc(name),
        organisation=organisation,
        deciding_body=deciding_body,
        level=level,
        cycle=cycle,
        place=nfc(place),
    )
    for user, role in seats:
        CouncilMember.objects.create(council=council, user=user, role=role)
        forget_councils(user)
    record(
        actor=by,
        action="exemplars.council",
        target=council,
        changes={"members": [u.get_username() for u, _r in seats]},
        organisation=organisation,
    )
    return council
