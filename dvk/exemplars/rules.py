"""Named permissions of the exemplars domain. Visibility (404) is ExemplarQuerySet.visible_to();
these decide what a visible exemplar allows (403). Predicates read the per-request scope cache
and the exemplar's denormalised org_path, so checking a page of rows costs no queries."""

from __future__ import annotations

from typing import Any

import rules

from dvk.exemplars.workflow import EDITABLE_STAGES, PROGRESS_STAGES, Stage
from dvk.organisations.models import Membership
from dvk.organisations.predicates import organisation_of
from dvk.organisations.scoping import scope_for

Role = Membership.Role


def _path(obj: Any) -> str | None:
    path = getattr(obj, "org_path", None)
    if path:
        return path
    organisation = organisation_of(obj)
    return organisation.path if organisation is not None else None


def role_over(*roles: str) -> rules.Predicate:
    """The user holds one of `roles` over the object's body (or anywhere, without an object)."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"exemplars_role:{'|'.join(sorted(roles))}")
    def check(user: Any, obj: Any = None) -> bool:
        scope = scope_for(user)
        if obj is None:
            return any(g.role in wanted for g in scope.grants)
        path = _path(obj)
        return bool(path and scope.roles_for(path) & wanted)

    return check


def stage_in(*stages: str) -> rules.Predicate:
    allowed = frozenset(stages)

    @rules.predicate(name=f"stage_in:{'|'.join(sorted(allowed))}")
    def check(user: Any, obj: Any = None) -> bool:
        return obj is not None and getattr(obj, "stage", None) in allowed

    return check


@rules.predicate
def sits_on_review_council(user: Any, obj: Any = None) -> bool:
    """The user is a member of the council reviewing the exemplar's current nomination."""
    from dvk.exemplars.models import council_ids_for

    if obj is None or not getattr(user, "is_authenticated", False):
        return False
    nomination = obj.current_nomination if getattr(obj, "current_nomination_id", None) else None
    return bool(nomination and nomination.council_id and nomination.council_id in council_ids_for(user))


@rules.predicate
def is_excluded_from_review(user: Any, obj: Any = None) -> bool:
    if obj is None or not getattr(obj, "current_nomination_id", None):
        return False
    # .all() uses a prefetch_related("current_nomination__exclusions") when the list has one.
    return any(e.user_id == user.pk for e in obj.current_nomination.exclusions.all())


@rules.predicate
def sits_on_any_council(user: Any) -> bool:
    from dvk.exemplars.models import council_ids_for

    return getattr(user, "is_authenticated", False) and bool(council_ids_for(user))


is_staff = role_over(Role.OFFICER, Role.LEADER)
is_coordinator = role_over(Role.COORDINATOR, Role.BOARD_LEADER)
is_board_leader = role_over(Role.BOARD_LEADER)
_STAFF_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.COORDINATOR, Role.BOARD_LEADER})


@rules.predicate
def works_somewhere(user: Any) -> bool:
    """Staff of any body (the object is another body's model: replication crosses scopes)."""
    return any(g.role in _STAFF_ROLES for g in scope_for(user).grants)


rules.add_perm("exemplars.add_exemplar", is_staff | is_coordinator)
rules.add_perm("exemplars.change_exemplar", (is_staff | is_coordinator) & stage_in(*EDITABLE_STAGES))
rules.add_perm("exemplars.register", is_staff)
rules.add_perm("exemplars.review_registration", is_coordinator)
rules.add_perm("exemplars.nominate", is_staff)
rules.add_perm("exemplars.manage_review", is_coordinator)
rules.add_perm("exemplars.decide", is_board_leader)
rules.add_perm("exemplars.withdraw", is_staff | is_coordinator)
rules.add_perm("exemplars.suspend", is_coordinator)
rules.add_perm("exemplars.renew", is_staff)
rules.add_perm("exemplars.add_progress", is_staff & stage_in(*PROGRESS_STAGES))
rules.add_perm(
    "exemplars.attach",
    (is_staff | is_coordinator) & stage_in(*(set(Stage.values) - {Stage.WITHDRAWN})),
)
rules.add_perm(
    "exemplars.score",
    stage_in(Stage.UNDER_REVIEW) & sits_on_review_council & ~is_excluded_from_review,
)
rules.add_perm("exemplars.view_scores", is_coordinator | (sits_on_review_council & ~is_excluded_from_review))
rules.add_perm("exemplars.view_minutes", is_coordinator | (sits_on_review_council & ~is_excluded_from_review))
rules.add_perm("exemplars.commend", is_coordinator & stage_in(Stage.RECOGNISED))
rules.add_perm("exemplars.replicate", works_somewhere & stage_in(Stage.RECOGNISED))
rules.add_perm("exemplars.manage_councils", is_coordinator)
rules.add_perm("exemplars.view_funnel", is_coordinator)
rules.add_perm("exemplars.review_queue", sits_on_any_council)
