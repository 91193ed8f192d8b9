"""Named permissions of plans and monitoring (django-rules). Role sets come from
Membership.Role (declared once); predicates read the per-request scope cache."""

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
from dvk.plans.workflow import ReportStage

Role = Membership.Role


@rules.predicate
def reviews_for_issuer(user: Any, obj: Any = None) -> bool:
    """Staff of the body that asked for the work (the plan's or the supervision's issuer) review
    what comes back — through a membership that is not the submitting body itself (or a body
    below it): a body never reviews its own report."""
    issuer_path = getattr(obj, "issuer_path", "")
    if not issuer_path:
        return False
    submitting_path = getattr(obj, "org_path", "") or None
    return any(
        submitting_path is None or not g.path.startswith(submitting_path)
        for g in scope_for(user).grants_over(issuer_path, Role.STAFF)
    )


_SUBMITTED_ATTR = "_dvk_plans_submitted"


def submitted_by(user: Any) -> frozenset[int]:
    """Assignments with a report the user filed that awaits review: one query per request
    (cached on the user), so checking the review actions on a list costs no query per row."""
    cached = getattr(user, _SUBMITTED_ATTR, None)
    if cached is None:
        from dvk.plans.models import Report

        cached = frozenset(
            Report.objects.filter(stage=ReportStage.SUBMITTED, submitted_by=user).values_list(
                "assignment_id", flat=True
            )
        )
        try:
            setattr(user, _SUBMITTED_ATTR, cached)
        except AttributeError:
            pass
    return cached


def forget_submissions(user: Any) -> None:
    if hasattr(user, _SUBMITTED_ATTR):
        delattr(user, _SUBMITTED_ATTR)


@rules.predicate
def submitted_it(user: Any, obj: Any = None) -> bool:
    """The user filed the report awaiting review (of this report, or of this assignment)."""
    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    if hasattr(obj, "submitted_by_id"):
        return obj.submitted_by_id == user.pk
    if hasattr(obj, "issuer_path") and hasattr(obj, "reports"):  # an assignment
        return obj.pk in submitted_by(user)
    return False


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
# Never the submitter, and never the submitting body: the assigning body's staff review.
rules.add_perm("plans.review_assignment", (is_system_admin | reviews_for_issuer) & ~submitted_it)
rules.add_perm("plans.view_matrix", is_system_admin | is_coordinator | is_body_leader)
rules.add_perm("plans.send_reminders", is_system_admin | is_coordinator)
rules.add_perm("plans.manage_supervision", is_system_admin | is_coordinator)
rules.add_perm("plans.view_supervision", is_system_admin | is_coordinator | is_body_staff | is_body_leader)
rules.add_perm("plans.respond_recommendation", is_system_admin | works_for_body)
rules.add_perm("plans.manage_campaigns", is_system_admin | is_coordinator)
rules.add_perm("plans.record_activity", is_system_admin | is_coordinator | is_body_staff)
rules.add_perm("plans.attach_report", is_system_admin | works_for_body)
rules.add_perm("plans.view_dashboard", is_system_admin | has_role(*(Role.COORDINATE | Role.LEAD)))
