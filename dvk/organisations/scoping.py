"""The one place that decides what a user may see. Every list, detail, export and API query
starts from `visible(queryset, user)` (or a model's `visible_to(user)`, which calls it).

A user sees the bodies of its memberships and everything below them (path prefix). A province
coordinator or Ban leader sees the whole province: the root of its body's tree. Every prefix is
widened with the bodies that preceded it in a reorganisation, so a commune formed on 1/7/2025
still sees the records of the communes merged into it. The scope is computed once per request
and cached on the user object: one or two small queries, then pure string prefix checks.

Out of scope is a 404 (the object's existence is not revealed); visible-but-not-allowed is a
403, decided by the named permissions in each app's rules.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from dvk.organisations.models import (
    PROVINCE_WIDE_ROLES,
    SEGMENT,
    Organisation,
    OrganisationQuerySet,
    OrganisationSuccession,
)

_CACHE_ATTR = "_dvk_scope"


@dataclass(frozen=True)
class Grant:
    role: str
    organisation_id: int
    prefixes: tuple[str, ...]  # the body's subtree (or province) plus its predecessors' subtrees


@dataclass(frozen=True)
class Scope:
    everything: bool
    grants: tuple[Grant, ...]

    @property
    def prefixes(self) -> tuple[str, ...]:
        return _minimal({p for g in self.grants for p in g.prefixes})

    def q(self, path_field: str, root_field: str | None = None) -> Q:
        """A Q object matching rows whose `path_field` lies in scope (never matches if empty).

        `root_field`, where a table carries it, is the denormalised province root (the first
        path segment): the equality is implied by the prefix but lets the planner use an index
        that starts with it (province-wide lists ordered by date)."""
        if self.everything:
            return Q()
        prefixes = self.prefixes
        if not prefixes:
            return Q(pk__in=[])
        condition = Q()
        for prefix in prefixes:
            part = Q(**{f"{path_field}__startswith": prefix})
            if root_field:
                part &= Q(**{root_field: prefix[:SEGMENT]})
            condition |= part
        return condition

    def covers(self, path: str) -> bool:
        return self.everything or any(path.startswith(p) for p in self.prefixes)

    def roles_for(self, path: str) -> set[str]:
        """Roles the user holds over a body with this path (own body, an ancestor, or the province)."""
        return {g.role for g in self.grants if any(path.startswith(p) for p in g.prefixes)}


def scope_for(user: Any) -> Scope:
    """The user's scope, computed once and cached on the user object for the request."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        scope = Scope(everything=False, grants=())
    else:
        scope = Scope(everything=bool(user.is_superuser), grants=_grants(user))
    try:
        setattr(user, _CACHE_ATTR, scope)
    except AttributeError:  # AnonymousUser instances are shared; do not cache on them
        pass
    return scope


def forget(user: Any) -> None:
    """Drop the cached scope (after memberships change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def visible(qs: QuerySet, user: Any, path_field: str = "organisation__path") -> QuerySet:
    """Filter `qs` to the rows `user` may see; `path_field` leads to the owning body's path."""
    return qs.filter(scope_for(user).q(path_field))


def visible_organisations(user: Any) -> OrganisationQuerySet:
    return Organisation.objects.visible_to(user)


def roles_for(user: Any, organisation: Organisation) -> set[str]:
    return scope_for(user).roles_for(organisation.path)


def _grants(user: Any) -> tuple[Grant, ...]:
    rows = list(user.memberships.values_list("role", "organisation_id", "organisation__path"))
    if not rows:
        return ()
    base = {
        (role, org_id): (path[:SEGMENT] if role in PROVINCE_WIDE_ROLES else path)
        for role, org_id, path in rows
    }
    pairs = _succession_pairs(set(base.values()))
    return tuple(
        Grant(role=role, organisation_id=org_id, prefixes=_minimal(_with_predecessors(prefix, pairs)))
        for (role, org_id), prefix in base.items()
    )


def _succession_pairs(prefixes: set[str]) -> list[tuple[str, str]]:
    """(successor path, predecessor path) for every body that succeeded into `prefixes`,
    followed transitively (a merger of earlier mergers). One query per generation."""
    pairs: list[tuple[str, str]] = []
    frontier, seen = set(prefixes), set(prefixes)
    while frontier:
        condition = Q()
        for prefix in frontier:
            condition |= Q(new__path__startswith=prefix)
        found = list(OrganisationSuccession.objects.filter(condition).values_list("new__path", "old__path"))
        pairs.extend(found)
        frontier = {old for _new, old in found if old not in seen}
        seen |= frontier
    return pairs


def _with_predecessors(prefix: str, pairs: list[tuple[str, str]]) -> set[str]:
    result, queue = {prefix}, [prefix]
    while queue:
        current = queue.pop()
        for new_path, old_path in pairs:
            if new_path.startswith(current) and old_path not in result:
                result.add(old_path)
                queue.append(old_path)
    return result


def _minimal(prefixes: set[str]) -> tuple[str, ...]:
    """Drop prefixes already covered by a shorter one."""
    out: list[str] = []
    for prefix in sorted(prefixes, key=len):
        if not any(prefix.startswith(p) for p in out):
            out.append(prefix)
    return tuple(sorted(out))
