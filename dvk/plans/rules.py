"""Named permissions of plans and monitoring (django-rules)."""

from __future__ import annotations

from typing import Any

import rules

from dvk.organisations.models import Membership
from dvk.organisations.predicates import (
    has_role,
    is_any_member,
    is_body_leader,
    is_body_staff,
    is_coordinator,
    is_system_admin,
)
from dvk.organisations.scoping import scope_for

Role = Membership.Role
_REVIEWER_ROLES = frozenset({Role.COORDINATOR, Role.BOARD_LEADER, Role.LEADER, Role.OFFICER})


@rules.predicate
def reviews_for_issuer(user: Any, obj: Any = None) -> bool:
    """Staff of the body that issued the plan (or supervision) review what comes back from bodies."""
    issuer_path = getattr(obj, "issuer_path", "")
    if not issuer_path:
        return False
    return bool(scope_for(user).roles_for(issuer_path) & _REVIEWER_ROLES)


@rules.predicate
def works_for_body(user: Any, obj: Any = None) -> bool:
    """An officer or leader of the assigned body itself (or of a body above it)."""
    if obj is None:
        return is_body_staff(user)
    return is_body_staff(user, obj)


rules.add_perm("plans.view_plans", is_system_admin | is_any_member)
rules.add_perm("plans.add_plan", is_system_admin | is_coordinator)
# Changing and issuing a plan: the coordinator, or the staff of the body whose own (implementing) plan it is.
rules.add_perm("plans.manage_plan", is_system_admin | is_coordinator)
rules.add_perm("plans.change_plan", is_system_admin | is_coordinator | is_body_staff)
rules.add_perm("plans.issue_plan", is_system_admin | is_coordinator | is_body_staff)
rules.add_perm("plans.answer_with_plan", is_system_admin | works_for_body)
rules.add_perm("plans.work_on_assignment", is_system_admin | works_for_body)
rules.add_perm("plans.review_assignment", is_system_admin | reviews_for_issuer)
rules.add_perm("plans.view_matrix", is_system_admin | is_coordinator | is_body_leader)
rules.add_perm("plans.send_reminders", is_system_admin | is_coordinator)
rules.add_perm("plans.manage_supervision", is_system_admin | is_coordinator)
rules.add_perm("plans.view_supervision", is_system_admin | is_coordinator | is_body_staff | is_body_leader)
rules.add_perm("plans.respond_recommendation", is_system_admin | works_for_body)
rules.add_perm("plans.manage_campaigns", is_system_admin | is_coordinator)
rules.add_perm("plans.record_activity", is_system_admin | is_coordinator | is_body_staff)
rules.add_perm("plans.attach_report", is_system_admin | works_for_body)
rules.add_perm(
    "plans.view_dashboard", is_system_admin | has_role(Role.COORDINATOR, Role.BOARD_LEADER, Role.LEADER)
)
