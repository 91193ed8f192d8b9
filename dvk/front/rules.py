"""Named permissions of MTTQ supervision and social critique (django-rules).

Who acts is decided by the body a record names, read from the per-request scope cache (no query):
- the Front committee's officers and leaders (Role.WORK over the record's `organisation`) run its
  programmes, supervisions and critiques, review answers and moderate public comments;
- the body a recommendation is addressed to answers it (`addressee_path`);
- the drafting body sends drafts, answers every comment and publishes the table (`drafting_path`);
- an invited member organisation comments on the critiques it was invited to.
Province coordinators of the Ban see everything in the province (scope) but act on none of it.
"""

from __future__ import annotations

from typing import Any

import rules

from dvk.organisations.models import Membership, Organisation
from dvk.organisations.predicates import is_any_member, is_system_admin, organisation_of
from dvk.organisations.scoping import scope_for

WORK = Membership.Role.WORK


def _works_at(user: Any, path: str) -> bool:
    return bool(path) and bool(scope_for(user).roles_for(path) & WORK)


def _works_anywhere(user: Any) -> bool:
    return any(g.role in WORK for g in scope_for(user).grants)


@rules.predicate
def works_for_front(user: Any, obj: Any = None) -> bool:
    """An officer or leader of the Front committee that owns the record (or of the Front body given)."""
    if obj is None:
        return _works_anywhere(user)
    organisation = organisation_of(obj)
    if organisation is None or organisation.kind != Organisation.Kind.FRONT:
        return False
    return _works_at(user, organisation.path)


@rules.predicate
def works_for_addressee(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return _works_anywhere(user)
    return _works_at(user, getattr(obj, "addressee_path", ""))


@rules.predicate
def works_for_drafting_body(user: Any, obj: Any = None) -> bool:
    """Staff of the drafting body (given as the body itself, a critique, or a comment's critique)."""
    if obj is None:
        return _works_anywhere(user)
    if isinstance(obj, Organisation):
        return _works_at(user, obj.path)
    critique = getattr(obj, "critique", obj)
    return _works_at(user, getattr(critique, "drafting_path", ""))


@rules.predicate
def works_for_invited_body(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return False
    critique = getattr(obj, "critique", obj)
    invited = getattr(critique, "invited_paths", None)
    return callable(invited) and any(_works_at(user, path) for path in invited())


@rules.predicate
def needs_no_team(user: Any, obj: Any = None) -> bool:
    """A review of documents or a commune board's report (no team, no field work)."""
    return obj is not None and getattr(obj, "kind", "") != "team"


rules.add_perm("front.view", is_system_admin | is_any_member)
rules.add_perm("front.manage_supervision", is_system_admin | works_for_front)
rules.add_perm("front.record_report", (is_system_admin | works_for_front) & needs_no_team)
rules.add_perm("front.answer_recommendation", is_system_admin | works_for_addressee)
rules.add_perm("front.review_recommendation", is_system_admin | works_for_front)
rules.add_perm("front.submit_draft", is_system_admin | works_for_drafting_body)
rules.add_perm("front.manage_critique", is_system_admin | works_for_front)
rules.add_perm("front.moderate", is_system_admin | works_for_front)
rules.add_perm("front.comment", is_system_admin | works_for_front | works_for_invited_body)
rules.add_perm("front.answer_comments", is_system_admin | works_for_drafting_body)
