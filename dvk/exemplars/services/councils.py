"""Review councils: setting one up, and keeping members with a conflict of interest out of a review."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.actors import SystemActor, is_system
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
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
    SEGMENT,
    Affiliation,
    affiliations_for,
    conflict_of_interest,
    province_root,
)


def conflicting_membership(
    user: AuthenticatedUser, exemplar: Exemplar, council: Council | None = None
) -> Affiliation | None:
    """The user's own body behind the nomination: the nominating body or a body above it (below
    the province root), widened with predecessors and successors exactly as scope is — today's
    commune is also the communes merged into it (dvk.organisations.scoping.conflict_of_interest).

    The body that forms the reviewing council is not a conflict for the nominations of the bodies
    below it: a commune council is formed by the Đảng ủy xã from its own members and reviews the
    commune's models (its own models, nominated by itself, stay a conflict)."""
    if council is not None and council.organisation_id != exemplar.organisation_id:
        for affiliation in affiliations_for(user):
            if affiliation.organisation_id == council.organisation_id:
                continue
            if any(exemplar.org_path.startswith(p) for p in affiliation.prefixes):
                return affiliation
        return None
    return conflict_of_interest(user, exemplar.org_path)


def reviewing_council(*, level: str, cycle: Cycle, org_path: str) -> Council | None:
    """The council that reviews a nomination of `level` in `cycle` from the body at `org_path`:
    for the commune level, the council formed by the commune Party committee above the body (the
    nearest); for the province level, a council of the same province."""
    if level == Level.COMMUNE:
        ancestors = [org_path[:end] for end in range(SEGMENT, len(org_path) + 1, SEGMENT)]
        candidates = list(
            Council.objects.filter(level=level, cycle=cycle, organisation__path__in=ancestors).select_related(
                "organisation"
            )
        )
        candidates.sort(key=lambda c: (-len(c.organisation.path), c.pk))
        return candidates[0] if candidates else None
    roots = _province_roots(province_root(org_path))
    province_councils = (
        Council.objects.filter(level=level, cycle=cycle).select_related("organisation").order_by("id")
    )
    matches = [c for c in province_councils if province_root(c.organisation.path) in roots]
    # today's province first (a merged province's records go to the council of its successor)
    matches.sort(key=lambda c: (roots.index(province_root(c.organisation.path)) * -1, c.pk))
    return matches[0] if matches else None


def _province_roots(root: str) -> list[str]:
    """The province root and the roots it was merged into (Hòa Bình → Phú Thọ), oldest first."""
    from dvk.organisations.models import OrganisationSuccession

    found = [root]
    while True:
        nxt = [
            province_root(p)
            for p in OrganisationSuccession.objects.filter(old__path=found[-1]).values_list(
                "new__path", flat=True
            )
        ]
        nxt = [p for p in nxt if p not in found]
        if not nxt:
            return found
        found.append(nxt[0])


def commune_committee_name(org_path: str) -> str:
    """The name of the commune Party committee above a body (for messages), else ""."""
    ancestors = [org_path[:end] for end in range(SEGMENT, len(org_path) + 1, SEGMENT)]
    body = (
        Organisation.objects.filter(
            path__in=ancestors, kind=Organisation.Kind.PARTY_COMMITTEE, unit__level="commune"
        )
        .order_by("-path")
        .first()
    )
    return body.name if body is not None else ""


def declared_conflict(seat: CouncilMember, exemplar: Exemplar) -> Any:
    """The body among the member's declared conflicts behind the nomination (the body itself or
    one above it), else None. Reads the prefetched `declared_conflicts` when there is one."""
    for body in seat.declared_conflicts.all():
        if exemplar.org_path.startswith(body.path):
            return body
    return None


def _exclude(
    *,
    nomination: Nomination,
    user: AuthenticatedUser,
    conflict: Affiliation | None,
    by: AuthenticatedUser,
    exemplar: Exemplar,
    declared: Any = None,
) -> CouncilExclusion:
    """Keep a council member out of a review: one row and one audit event, when it is decided."""
    if conflict is not None:
        reason = _("Member of the nominating body: %(body)s") % {"body": conflict.name}
    else:
        reason = _("Declared a conflict of interest: %(body)s") % {"body": getattr(declared, "name", "")}
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
    by: AuthenticatedUser | SystemActor | None,
    name: str,
    organisation: Organisation,
    deciding_body: Organisation,
    level: str,
    cycle: Cycle,
    members: list[tuple[Any, str]] | None = None,
    place: str = "",
) -> Council:
    """Set up a council (scheduled or imported set-ups run as SYSTEM; nobody else without the
    named permission on it: the Ban for a province council, the commune Party committee for its
    commune council). Members are (user, role) pairs, each user once."""
    if level not in Level.values:
        raise ValidationError({"level": [_("Choose one of the allowed values.")]})
    candidate = Council(organisation=organisation, level=level, cycle=cycle)
    if not (is_system(by) or (by is not None and by.has_perm("exemplars.manage_councils", candidate))):
        raise PermissionDenied(
            _("Province councils are formed by the Ban; a commune council by the commune Party committee.")
        )
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
