"""Predicates for named permissions (django-rules). They read the per-request scope cache and a
record's denormalised `org_path`, so checking many objects on a page costs no queries.

Role sets come from `Membership.Role` (COORDINATE, DECIDE, LEAD, WORK, STAFF, REVIEW, VIEW):
a domain's rules.py combines these predicates and never lists roles of its own."""

from __future__ import annotations

from typing import Any

import rules

from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import conflict_of_interest, scope_for

Role = Membership.Role


def organisation_of(obj: Any) -> Organisation | None:
    if obj is None:
        return None
    if isinstance(obj, Organisation):
        return obj
    return getattr(obj, "organisation", None)


def object_path(obj: Any) -> str | None:
    """The path of the body that owns `obj`: its denormalised `org_path` when it has one (no
    query), else its organisation's path."""
    if isinstance(obj, Organisation):
        return obj.path
    path = getattr(obj, "org_path", None)
    if path:
        return path
    organisation = organisation_of(obj)
    return organisation.path if organisation is not None else None


def has_role(*roles: str) -> rules.Predicate:
    """True if the user holds one of `roles` over the object's body (directly, through an
    ancestor body, or province-wide). Without an object: holds one of `roles` anywhere."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_role:{'|'.join(sorted(wanted))}")
    def check(user: Any, obj: Any = None) -> bool:
        scope = scope_for(user)
        if obj is None:
            return scope.has_role(wanted)
        path = object_path(obj)
        return bool(path and scope.roles_for(path) & wanted)

    return check


def holds_anywhere(*roles: str) -> rules.Predicate:
    """The user holds one of `roles` somewhere, whatever the object (replication crosses scopes)."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"holds_anywhere:{'|'.join(sorted(wanted))}")
    def check(user: Any, obj: Any = None) -> bool:
        return scope_for(user).has_role(wanted)

    return check


@rules.predicate
def is_system_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


@rules.predicate
def in_scope(user: Any, obj: Any = None) -> bool:
    path = object_path(obj)
    return path is not None and scope_for(user).covers(path)


@rules.predicate
def has_conflict_of_interest(user: Any, obj: Any = None) -> bool:
    """The user belongs to the record's body, a body above it, or a predecessor or successor of
    either (dvk.organisations.scoping.conflict_of_interest)."""
    path = object_path(obj)
    return bool(path) and conflict_of_interest(user, path or "") is not None


is_coordinator = has_role(*Role.COORDINATE)
is_board_leader = has_role(*Role.DECIDE)
is_body_staff = has_role(*Role.WORK)
is_body_leader = has_role(*Role.LEAD)
is_staff = has_role(*Role.STAFF)
is_council_member = has_role(*Role.REVIEW)
is_any_member = has_role(*Role.VIEW)
works_somewhere = holds_anywhere(*Role.STAFF)
