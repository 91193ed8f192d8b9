"""Named permissions of the exemplars domain. Visibility (404) is ExemplarQuerySet.visible_to();
these decide what a visible exemplar allows (403). Predicates read the per-request scope cache
and the exemplar's denormalised org_path, so checking a page of rows costs no queries."""

from __future__ import annotations

from typing import Any

import rules

from dvk.exemplars.workflow import EDITABLE_STAGES, PROGRESS_STAGES, Stage
from dvk.organisations.models import Membership
from dvk.organisations.predicates import (
    is_board_leader,
    is_body_staff,
    is_coordinator,
    works_somewhere,
)


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


@rules.predicate
def is_commune_level(user: Any, obj: Any = None) -> bool:
    return obj is not None and getattr(obj, "level", None) == "xa"


def works_for_commune_committee(*roles: str) -> rules.Predicate:
    """The user holds one of `roles` in the commune Party committee behind the object: above an
    exemplar of commune level, or the body that formed a commune council. Without an object: in
    any commune Party committee. Reads the per-request cache (models.commune_committees_for)."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"commune_committee:{'|'.join(sorted(wanted))}")
    def check(user: Any, obj: Any = None) -> bool:
        from dvk.exemplars.models import commune_committees_for

        committees = [(pk, path) for pk, path, role in commune_committees_for(user) if role in wanted]
        if obj is None:
            return bool(committees)
        if getattr(obj, "level", None) != "xa":
            return False
        path = getattr(obj, "org_path", None)
        if path:  # an exemplar
            return any(path.startswith(prefix) for _pk, prefix in committees)
        return any(pk == getattr(obj, "organisation_id", None) for pk, _path in committees)  # a council

    return check


@rules.predicate
def has_review_conflict(user: Any, obj: Any = None) -> bool:
    """A conflict of interest with the nomination under review (the reviewing council's own forming
    body is no conflict for the bodies below it: services.councils.conflicting_membership)."""
    from dvk.exemplars.services.councils import conflicting_membership

    if obj is None or not getattr(obj, "org_path", None):
        return False
    nomination = obj.current_nomination if getattr(obj, "current_nomination_id", None) else None
    council = nomination.council if nomination is not None and nomination.council_id else None
    return conflicting_membership(user, obj, council) is not None


Role = Membership.Role
forms_commune_councils = works_for_commune_committee(*Role.WORK)
leads_commune_committee = works_for_commune_committee(*Role.LEAD)
is_staff = is_body_staff
# Kept out of a review: an exclusion row (decided when the review opened), or a conflict of
# interest found since (a seat or a membership added later), with the same widening as scope.
is_kept_out = is_excluded_from_review | has_review_conflict


rules.add_perm("exemplars.add_exemplar", is_staff | is_coordinator)
rules.add_perm("exemplars.change_exemplar", (is_staff | is_coordinator) & stage_in(*EDITABLE_STAGES))
rules.add_perm("exemplars.register", is_staff)
rules.add_perm("exemplars.review_registration", is_coordinator | forms_commune_councils)
rules.add_perm("exemplars.nominate", is_staff)
rules.add_perm("exemplars.manage_review", is_coordinator | forms_commune_councils)
# The Ban's leader signs province-level recognitions; the commune Party committee's leader the
# commune-level ones (its register numbers them: the council's deciding body).
rules.add_perm("exemplars.decide", (is_board_leader & ~is_commune_level) | leads_commune_committee)
rules.add_perm(
    "exemplars.change_level",
    (is_staff | is_coordinator) & stage_in(Stage.DRAFT, Stage.REGISTERED, Stage.IN_PROGRESS, Stage.NOMINATED),
)
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
    stage_in(Stage.UNDER_REVIEW) & sits_on_review_council & ~is_kept_out,
)
rules.add_perm("exemplars.view_scores", is_coordinator | (sits_on_review_council & ~is_kept_out))
rules.add_perm("exemplars.view_minutes", is_coordinator | (sits_on_review_council & ~is_kept_out))
rules.add_perm("exemplars.commend", is_coordinator & stage_in(Stage.RECOGNISED))
rules.add_perm("exemplars.replicate", works_somewhere & stage_in(Stage.RECOGNISED))
# Councils are formed by the body they belong to: the Ban for the province, the commune Party
# committee for its commune (without an object: may open the councils page).
rules.add_perm("exemplars.manage_councils", (is_coordinator & ~is_commune_level) | forms_commune_councils)
rules.add_perm("exemplars.view_funnel", is_coordinator)
rules.add_perm("exemplars.review_queue", sits_on_any_council)
