"""Named permissions of citizen reception and cases (django-rules).

The predicates read the per-request scope cache and the record's denormalised `org_path`, so
checking every row of a page costs no query. Roles come from `Membership.Role` (WORK, LEAD,
COORDINATE); nothing here lists roles of its own.
"""

from __future__ import annotations

from typing import Any

import rules

from dvk.organisations.models import Membership, Organisation
from dvk.organisations.predicates import is_system_admin
from dvk.organisations.scoping import granted, scope_for

Role = Membership.Role


def _path(obj: Any) -> str:
    if obj is None:
        return ""
    if isinstance(obj, Organisation):
        return obj.path
    return getattr(obj, "org_path", "") or ""


def _roles(user: Any, obj: Any) -> set[str]:
    path = _path(obj)
    return scope_for(user).roles_for(path) if path else set()


@rules.predicate
def works_for_body(user: Any, obj: Any = None) -> bool:
    """An officer or leader of the record's own body (or a body above it)."""
    if obj is None:
        return scope_for(user).has_role(Role.WORK)
    return bool(_roles(user, obj) & Role.WORK)


@rules.predicate
def leads_body(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return scope_for(user).has_role(Role.LEAD)
    return bool(_roles(user, obj) & Role.LEAD)


@rules.predicate
def coordinates(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return scope_for(user).has_role(Role.COORDINATE)
    return bool(_roles(user, obj) & Role.COORDINATE)


@rules.predicate
def member(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return scope_for(user).has_role(Role.BELONG)
    return bool(_roles(user, obj) & Role.BELONG)


@rules.predicate
def may_act_on_case(user: Any, case: Any = None) -> bool:
    """The body's staff act on a case; once a handler is assigned, only that handler and the
    body's leader do."""
    if case is None:
        return works_for_body(user)
    roles = _roles(user, case)
    if roles & Role.LEAD:
        return True
    if not roles & Role.WORK:
        return False
    return case.handler_id is None or case.handler_id == user.pk


@rules.predicate
def reads_identity(user: Any, letter: Any = None) -> bool:
    """Only the assigned handler of one of the letter's cases and the leader of its body
    (Luật Tố cáo 2018, Điều 47–48); nobody else, system administrators included."""
    if letter is None or not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    from dvk.citizens.models import Case

    return granted(Case.objects.filter(letter_id=letter.pk), user, "identity").exists()


@rules.predicate
def not_a_denunciation(user: Any, letter: Any = None) -> bool:
    """A denunciation's scans bear the denouncer's handwriting: they go to the vault's sealed
    files, never to ordinary attachments (Luật Tố cáo 2018, Điều 47–48)."""
    return letter is None or (
        getattr(letter, "kind", "") != "denunciation" and not getattr(letter, "identity_ref", None)
    )


rules.add_perm("citizens.view", is_system_admin | member)
rules.add_perm("citizens.register_letter", is_system_admin | works_for_body)
rules.add_perm("citizens.manage_reception", is_system_admin | works_for_body)
rules.add_perm("citizens.handle_case", may_act_on_case)
rules.add_perm("citizens.lead_case", leads_body)
rules.add_perm("citizens.assign_case", is_system_admin | leads_body)
rules.add_perm("citizens.flag_case", is_system_admin | leads_body | coordinates)
rules.add_perm("citizens.publish_answer", may_act_on_case)
rules.add_perm("citizens.confirm_duplicate", is_system_admin | works_for_body)
rules.add_perm("citizens.read_identity", reads_identity)
rules.add_perm("citizens.monitor", is_system_admin | coordinates | leads_body)
rules.add_perm("citizens.urge", is_system_admin | coordinates)
rules.add_perm("citizens.attach", (is_system_admin | works_for_body) & not_a_denunciation)
