"""The one place that decides what a user may see. Every list, detail, export and API query
starts from `visible(queryset, user)` (or a model's `visible_to(user)`, which calls it).

A user sees the bodies of its memberships and everything below them (path prefix). A province
coordinator or Ban leader sees the whole province: the root of its body's tree. Every prefix is
widened with the bodies that preceded it in a reorganisation, so a commune formed on 1/7/2025
still sees the records of the communes merged into it. The scope is computed once per request
and cached on the user object: one or two small queries, then pure string prefix checks.

What the kit offers a domain (docs/architecture.md, "The scoping module"):

- `Scope.q(path_field, root_field)` — rows in scope; `Scope.q_province(...)` — rows anywhere in
  the provinces the user works in (campaigns and events launched for a whole province);
  `province_root(path)` — the province segment of a path (never slice paths by hand).
- `ExtraGrant` — a domain's own visibility rule (council members see the nominations they
  review; a forwarded case is visible to the receiving body), declared once on the model's
  `ScopedQuerySet.grants` and OR-ed in by `visible()`. Its condition is built once per request
  and cached on the user, so it costs no query per row.
- `reach_of(body)` — the bodies a body may direct (assign work to): its subtree, or the whole
  province for the body the province's coordinators sit in.
- `conflict_of_interest(user, path)` — the user's own body (or a body above it) behind a record,
  widened with predecessors and successors exactly as scope is.

Out of scope is a 404 (the object's existence is not revealed); visible-but-not-allowed is a
403, decided by the named permissions in each app's rules.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.organisations.models import (
    PROVINCE_WIDE_ROLES,
    SEGMENT,
    Membership,
    Organisation,
    OrganisationQuerySet,
    OrganisationSuccession,
)

_CACHE_ATTR = "_dvk_scope"
_GRANTS_ATTR = "_dvk_extra_grants"
_AFFILIATIONS_ATTR = "_dvk_affiliations"
_ATTRS = (_CACHE_ATTR, _GRANTS_ATTR, _AFFILIATIONS_ATTR)

VIEW = "view"


def province_root(path: str) -> str:
    """The province (tree root) segment of a body's path."""
    return path[:SEGMENT]


@dataclass(frozen=True)
class Grant:
    role: str
    organisation_id: int
    prefixes: tuple[str, ...]  # the body's subtree (or province) plus its predecessors' subtrees
    path: str = ""  # the path of the membership's own body


@dataclass(frozen=True)
class Scope:
    everything: bool
    grants: tuple[Grant, ...]

    @property
    def prefixes(self) -> tuple[str, ...]:
        return _minimal({p for g in self.grants for p in g.prefixes})

    @property
    def roots(self) -> tuple[str, ...]:
        """The provinces (tree roots) the scope touches, former provinces included."""
        return tuple(sorted({province_root(p) for p in self.prefixes}))

    def q(self, path_field: str, root_field: str | None = None) -> Q:
        """A Q object matching rows whose `path_field` lies in scope (never matches if empty).

        `root_field`, where a table carries it, is the denormalised province root (the first
        path segment): the equality is implied by the prefix but lets the planner use an index
        that starts with it (province-wide lists ordered by date)."""
        return self._match(self.prefixes, path_field, root_field)

    def q_province(self, path_field: str, root_field: str | None = None) -> Q:
        """Rows anywhere in the provinces of the user's scope (not only its own subtree)."""
        return self._match(self.roots, path_field, root_field)

    def _match(self, prefixes: tuple[str, ...], path_field: str, root_field: str | None) -> Q:
        if self.everything:
            return Q()
        if not prefixes:
            return Q(pk__in=[])
        condition = Q()
        for prefix in prefixes:
            if root_field and prefix == province_root(prefix):
                part = Q(**{root_field: prefix})  # a whole province: the root alone says it
            else:
                part = Q(**{f"{path_field}__under": prefix})
                if root_field:
                    part &= Q(**{root_field: province_root(prefix)})
            condition |= part
        return condition

    def covers(self, path: str) -> bool:
        return self.everything or any(path.startswith(p) for p in self.prefixes)

    def roles_for(self, path: str) -> set[str]:
        """Roles the user holds over a body with this path (own body, an ancestor, or the province)."""
        return {g.role for g in self.grants if any(path.startswith(p) for p in g.prefixes)}

    def grants_over(self, path: str, roles: Iterable[str] | None = None) -> tuple[Grant, ...]:
        """The memberships that reach a body with this path (optionally only with these roles)."""
        wanted = None if roles is None else frozenset(roles)
        return tuple(
            g
            for g in self.grants
            if (wanted is None or g.role in wanted) and any(path.startswith(p) for p in g.prefixes)
        )

    def has_role(self, roles: Iterable[str]) -> bool:
        """Holds one of `roles` anywhere."""
        wanted = frozenset(roles)
        return any(g.role in wanted for g in self.grants)


def scope_for(user: Any) -> Scope:
    """The user's scope, computed once and cached on the user object for the request."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        scope = Scope(everything=False, grants=())
    else:
        scope = Scope(everything=bool(user.is_superuser), grants=_grants(user))
    _cache(user, _CACHE_ATTR, scope)
    return scope


def forget(user: Any) -> None:
    """Drop everything cached for the user (after memberships or council seats change)."""
    for attr in _ATTRS:
        if hasattr(user, attr):
            delattr(user, attr)


def _cache(user: Any, attr: str, value: Any) -> None:
    try:
        setattr(user, attr, value)
    except AttributeError:  # AnonymousUser instances are shared; do not cache on them
        pass


# --- extra grants: a domain's own visibility rule ------------------------------------------------


@dataclass(frozen=True)
class ExtraGrant:
    """A visibility rule a domain adds to the scope of one model, declared once on its queryset:

        council_review = ExtraGrant("exemplars.council_review", lambda user, scope: Q(...))

        class ExemplarQuerySet(ScopedQuerySet):
            grants = (council_review,)

    `build(user, scope)` returns the Q of the extra rows. It runs once per request (the Q is
    cached on the user object), so it may run one small query (a list of ids) but never one per
    row; a condition on another denormalised path is simply `scope.q("receiving_path")`, which
    is widened with predecessors like the scope itself. `purpose` "view" widens `visible()`;
    any other purpose (e.g. "identity") is only applied by `granted()`, for data narrower than
    the record (who may read a denouncer's identity)."""

    name: str
    build: Callable[[Any, Scope], Q]
    purpose: str = VIEW


def grant_q(user: Any, grant: ExtraGrant) -> Q:
    """The grant's condition for this user, built once per request."""
    cache: dict[str, Q] | None = getattr(user, _GRANTS_ATTR, None)
    if cache is None:
        cache = {}
        _cache(user, _GRANTS_ATTR, cache)
    if grant.name not in cache:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            cache[grant.name] = Q(pk__in=[])
        else:
            cache[grant.name] = grant.build(user, scope_for(user))
    return cache[grant.name]


def grants_of(qs: QuerySet) -> tuple[ExtraGrant, ...]:
    return tuple(getattr(qs, "grants", ()))


def visible(
    qs: QuerySet,
    user: Any,
    path_field: str = "organisation__path",
    *,
    root_field: str | None = None,
    province_wide: bool = False,
    grants: Iterable[ExtraGrant] | None = None,
) -> QuerySet:
    """Filter `qs` to the rows `user` may see; `path_field` leads to the owning body's path.

    `province_wide` widens the scope to the whole provinces the user works in; `grants` (by
    default the queryset's declared `grants`) add the domain's own rules of purpose "view"."""
    scope = scope_for(user)
    if scope.everything:
        return qs
    condition = (scope.q_province if province_wide else scope.q)(path_field, root_field)
    if getattr(user, "is_authenticated", False):
        for grant in grants_of(qs) if grants is None else tuple(grants):
            if grant.purpose == VIEW:
                condition |= grant_q(user, grant)
    return qs.filter(condition)


def granted(qs: QuerySet, user: Any, purpose: str) -> QuerySet:
    """Rows of `qs` one of its declared grants of `purpose` opens to the user (the scope itself
    grants nothing here): e.g. `Case.objects.filter(pk=…)` → `granted(…, user, "identity")`."""
    if scope_for(user).everything:
        return qs
    condition = Q(pk__in=[])
    for grant in grants_of(qs):
        if grant.purpose == purpose:
            condition |= grant_q(user, grant)
    return qs.filter(condition)


def visible_organisations(user: Any) -> OrganisationQuerySet:
    return Organisation.objects.visible_to(user)


def roles_for(user: Any, organisation: Organisation) -> set[str]:
    return scope_for(user).roles_for(organisation.path)


# --- who directs whom ----------------------------------------------------------------------------


def reach_of(organisation: Organisation) -> str:
    """The path prefix of the bodies `organisation` may direct (assign work to): its own subtree;
    the whole province for a body the province's coordinators sit in (the Ban). One query."""
    hosts_coordinators = Membership.objects.filter(
        organisation_id=organisation.pk, role__in=PROVINCE_WIDE_ROLES
    ).exists()
    return province_root(organisation.path) if hosts_coordinators else organisation.path


# --- conflict of interest ------------------------------------------------------------------------


@dataclass(frozen=True)
class Affiliation:
    """A body the user belongs to (not a council seat), with every prefix that counts as it."""

    organisation_id: int
    name: str
    prefixes: tuple[str, ...]


def affiliations_for(user: Any) -> tuple[Affiliation, ...]:
    """The user's own bodies (roles in Role.BELONG, below the province root), each widened with
    its predecessors and successors: the member of today's commune is also a member of the
    communes merged into it, and the other way round. Cached per request; two or three queries."""
    cached = getattr(user, _AFFILIATIONS_ATTR, None)
    if cached is not None:
        return cached
    rows: list[tuple[int, str, str]] = []
    if getattr(user, "is_authenticated", False):
        rows = [
            (org_id, name, path)
            for org_id, name, path in Membership.objects.filter(
                user=user, role__in=Membership.Role.BELONG
            ).values_list("organisation_id", "organisation__name", "organisation__path")
            if len(path) > SEGMENT  # the province root itself would conflict with everything
        ]
    paths = {path for _i, _n, path in rows}
    predecessors = _succession_pairs(paths)
    successors = _successor_pairs(paths)
    result = tuple(
        Affiliation(
            organisation_id=org_id,
            name=name,
            prefixes=_minimal(
                {p for p in _closure(path, predecessors) | _closure(path, successors) if len(p) > SEGMENT}
            ),
        )
        for org_id, name, path in rows
    )
    _cache(user, _AFFILIATIONS_ATTR, result)
    return result


def conflict_of_interest(user: Any, path: str) -> Affiliation | None:
    """The user's own body behind a record with this `path` (the body itself, a body above it,
    or one that preceded or succeeded either in a reorganisation), else None."""
    for affiliation in affiliations_for(user):
        if any(path.startswith(p) for p in affiliation.prefixes):
            return affiliation
    return None


# --- internals -----------------------------------------------------------------------------------


def _grants(user: Any) -> tuple[Grant, ...]:
    rows = list(user.memberships.values_list("role", "organisation_id", "organisation__path"))
    if not rows:
        return ()
    base = {
        (role, org_id): (province_root(path) if role in PROVINCE_WIDE_ROLES else path, path)
        for role, org_id, path in rows
    }
    pairs = _succession_pairs({prefix for prefix, _path in base.values()})
    return tuple(
        Grant(
            role=role,
            organisation_id=org_id,
            prefixes=_minimal(_closure(prefix, pairs)),
            path=path,
        )
        for (role, org_id), (prefix, path) in base.items()
    )


def _succession_pairs(prefixes: set[str]) -> list[tuple[str, str]]:
    """(successor path, predecessor path) for every body that succeeded into `prefixes`,
    followed transitively (a merger of earlier mergers). One query per generation."""
    return _follow(prefixes, "new__path", "old__path")


def _successor_pairs(prefixes: set[str]) -> list[tuple[str, str]]:
    """(predecessor path, successor path) for every body `prefixes` (or bodies below them) were
    succeeded by, followed transitively. One query per generation."""
    return _follow(prefixes, "old__path", "new__path")


def _follow(prefixes: set[str], from_field: str, to_field: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    frontier, seen = set(prefixes), set(prefixes)
    while frontier:
        condition = Q()
        for prefix in frontier:
            condition |= Q(**{f"{from_field}__under": prefix})
        found = list(OrganisationSuccession.objects.filter(condition).values_list(from_field, to_field))
        pairs.extend(found)
        frontier = {other for _start, other in found if other not in seen}
        seen |= frontier
    return pairs


def _closure(prefix: str, pairs: list[tuple[str, str]]) -> set[str]:
    """`prefix` and every path the (start, other) pairs lead to from it or from below it."""
    result, queue = {prefix}, [prefix]
    while queue:
        current = queue.pop()
        for start, other in pairs:
            if start.startswith(current) and other not in result:
                result.add(other)
                queue.append(other)
    return result


def _minimal(prefixes: set[str]) -> tuple[str, ...]:
    """Drop prefixes already covered by a shorter one."""
    out: list[str] = []
    for prefix in sorted(prefixes, key=len):
        if not any(prefix.startswith(p) for p in out):
            out.append(prefix)
    return tuple(sorted(out))


# --- dated bodies --------------------------------------------------------------------------------


def require_current(
    organisation: Organisation, field: str = "organisation", on: dt.date | None = None
) -> None:
    """New records go to bodies in force: a body closed by a reorganisation (valid_to in the past)
    takes none (its records stay where they are; new ones go to the body that carries it on).
    `on` is the record's own date when it has one (a 2020 plan of a body closed in 2025 may be
    entered into the archive; a plan of today may not); by default today. The one rule for
    forms and the API: services call it before they create."""
    on = on or timezone.localdate()
    if organisation.valid_to is not None and organisation.valid_to < on:
        closed = organisation.valid_to.strftime("%d/%m/%Y")
        raise ValidationError(
            {
                field: [
                    _("%(body)s was closed on %(date)s: new records go to the body that carries it on.")
                    % {"body": organisation.name, "date": closed}
                ]
            }
        )
