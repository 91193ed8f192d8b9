"""Named permissions of voter meetings and petitions (django-rules).

- the HĐND standing office (an officer or leader of a People's Council body) runs its sessions:
  terms, sessions, deputies, meetings, consolidation, forwarding, closing, publishing;
- a deputy (a `Deputy` row of the term linked to the user) records the meetings of the term
  and their petitions, and records whether voters are satisfied with the answers;
- an answering body's officers and leaders answer what was forwarded to their body;
- the Ban's coordinators read everything in their province (scope), reports included.
The predicates read facts cached on the user object for the request (one query each).
"""

from __future__ import annotations

from typing import Any

import rules

from dvk.organisations.models import Membership, Organisation
from dvk.organisations.predicates import is_any_member, is_coordinator, is_system_admin
from dvk.organisations.scoping import scope_for

Role = Membership.Role
_OFFICE_ATTR = "_dvk_voters_office"
_DEPUTY_ATTR = "_dvk_voters_deputy"


def council_paths(user: Any) -> tuple[str, ...]:
    """Paths of the People's Council bodies the user works for (officer or leader)."""
    cached = getattr(user, _OFFICE_ATTR, None)
    if cached is None:
        cached = ()
        if getattr(user, "is_authenticated", False) and user.is_active:
            cached = tuple(
                user.memberships.filter(
                    role__in=Role.WORK, organisation__kind=Organisation.Kind.PEOPLES_COUNCIL
                ).values_list("organisation__path", flat=True)
            )
        setattr(user, _OFFICE_ATTR, cached)
    return cached


def deputy_terms(user: Any) -> frozenset[int]:
    """Ids of the terms the user sits in as a deputy."""
    cached = getattr(user, _DEPUTY_ATTR, None)
    if cached is None:
        cached = frozenset()
        if getattr(user, "is_authenticated", False) and user.is_active:
            from dvk.voters.models import Deputy

            cached = frozenset(Deputy.objects.filter(user=user).values_list("term_id", flat=True))
        setattr(user, _DEPUTY_ATTR, cached)
    return cached


def _council_path_of(obj: Any) -> str:
    return getattr(obj, "council_path", "") or getattr(obj, "org_path", "")


def _term_of(obj: Any) -> int | None:
    if hasattr(obj, "term_id"):
        return obj.term_id
    return obj.pk if obj.__class__.__name__ == "Term" else None


@rules.predicate
def is_council_office(user: Any, obj: Any = None) -> bool:
    paths = council_paths(user)
    if obj is None:
        return bool(paths)
    path = _council_path_of(obj)
    return bool(path) and any(path.startswith(p) for p in paths)


@rules.predicate
def is_deputy(user: Any, obj: Any = None) -> bool:
    terms = deputy_terms(user)
    if obj is None:
        return bool(terms)
    return _term_of(obj) in terms


@rules.predicate
def is_answering_staff(user: Any, obj: Any = None) -> bool:
    """An officer or leader of the body a petition was forwarded to (or of a body above it)."""
    scope = scope_for(user)
    if obj is None:
        return scope.has_role(Role.WORK)
    return bool(scope.roles_for(obj.org_path) & Role.WORK)


rules.add_perm("voters.view", is_system_admin | is_any_member | is_deputy)
rules.add_perm("voters.manage_session", is_system_admin | is_council_office)
rules.add_perm("voters.record_meeting", is_system_admin | is_council_office | is_deputy)
rules.add_perm("voters.consolidate", is_system_admin | is_council_office)
rules.add_perm("voters.publish", is_system_admin | is_council_office)
rules.add_perm("voters.assess", is_system_admin | is_council_office | is_deputy)
rules.add_perm("voters.answer", is_system_admin | is_answering_staff)
rules.add_perm("voters.view_forwarded", is_system_admin | is_answering_staff)
rules.add_perm("voters.view_report", is_system_admin | is_council_office | is_deputy | is_coordinator)
