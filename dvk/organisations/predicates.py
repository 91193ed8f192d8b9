"""Predicates for named permissions (django-rules). They read the per-request scope cache,
so checking many objects on a page costs no queries."""

from __future__ import annotations

from typing import Any

import rules

from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import scope_for

Role = Membership.Role


def organisation_of(obj: Any) -> Organisation | None:
    if obj is None:
        return None
    if isinstance(obj, Organisation):
        return obj
    return getattr(obj, "organisation", None)


def has_role(*roles: str) -> rules.Predicate:
    """True if the user holds one of `roles` over the object's body (directly, through an
    ancestor body, or province-wide). Without an object: holds one of `roles` anywhere."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_role:{'|'.join(sorted(roles))}")
    def check(user: Any, obj: Any = None) -> bool:
        scope = scope_for(user)
        if obj is None:
            return any(g.role in wanted for g in scope.grants)
        organisation = organisation_of(obj)
        if organisation is None:
            return False
        return bool(scope.roles_for(organisation.path) & wanted)

    return check


@rules.predicate
def is_system_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


@rules.predicate
def in_scope(user: Any, obj: Any = None) -> bool:
    organisation = organisation_of(obj)
    return organisation is not None and scope_for(user).covers(organisation.path)


is_coordinator = has_role(Role.COORDINATOR, Role.BOARD_LEADER)
is_board_leader = has_role(Role.BOARD_LEADER)
is_body_staff = has_role(Role.OFFICER, Role.LEADER)
is_body_leader = has_role(Role.LEADER)
is_council_member = has_role(Role.COUNCIL_MEMBER)
is_any_member = has_role(*Role.values)
