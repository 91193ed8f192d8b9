"""Scoped reads of bodies and units, and roll-ups that follow successors."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.db.models import QuerySet

from dvk.core.search import search
from dvk.organisations.models import (
    AdministrativeUnit,
    Membership,
    OrganisationQuerySet,
    OrganisationSuccession,
    UnitSuccession,
)
from dvk.organisations.scoping import visible_organisations


def organisation_list(
    *, user: Any, q: str = "", kind: str = "", unit: int | None = None
) -> OrganisationQuerySet:
    qs = visible_organisations(user).select_related("unit", "parent")
    if kind:
        qs = qs.filter(kind=kind)
    if unit:
        qs = qs.filter(unit_id=unit)
    return cast(OrganisationQuerySet, search(qs, q))


def _primary_successors(link_model: Any) -> dict[int, int]:
    return dict(link_model.objects.filter(is_primary=True).values_list("old_id", "new_id"))


def _follow(ids: Iterable[int], successor: Mapping[int, int]) -> dict[int, int]:
    out = {}
    for start in ids:
        current, seen = start, {start}
        while current in successor and successor[current] not in seen:
            current = successor[current]
            seen.add(current)
        out[start] = current
    return out


def current_organisations(ids: Iterable[int]) -> dict[int, int]:
    """Map each body id to the body that carries it on today (itself if never reorganised)."""
    return _follow(ids, _primary_successors(OrganisationSuccession))


def current_units(ids: Iterable[int]) -> dict[int, int]:
    """Map each unit id to its current unit, following primary successor links."""
    return _follow(ids, _primary_successors(UnitSuccession))


def rollup_by_current_unit(counts: Mapping[int, int]) -> Counter[int]:
    """Re-key {unit_id: n} by current unit: records of merged communes count for the new one."""
    mapping = current_units(counts.keys())
    out: Counter[int] = Counter()
    for unit_id, n in counts.items():
        out[mapping[unit_id]] += n
    return out


def rollup_by_current_organisation(counts: Mapping[int, int]) -> Counter[int]:
    mapping = current_organisations(counts.keys())
    out: Counter[int] = Counter()
    for org_id, n in counts.items():
        out[mapping[org_id]] += n
    return out


def unit_list(*, q: str = "", level: str = "", current_only: bool = False) -> QuerySet[AdministrativeUnit]:
    qs = AdministrativeUnit.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if current_only:
        qs = qs.current()
    return search(qs, q)


def units_in_scope(user: Any, level: str = "commune") -> QuerySet[AdministrativeUnit]:
    """Current units that hold at least one current body the user may see (filter drop-downs):
    a province coordinator gets the province's communes, not the whole country's."""
    bodies = visible_organisations(user).current().values("unit_id")
    return AdministrativeUnit.objects.current().filter(level=level, pk__in=bodies).order_by("name")


def members_by_body(organisation_ids: Iterable[int | None], roles: Iterable[str]) -> dict[int, list[int]]:
    """{body id: ids of its active members holding one of `roles`} in one query — who is told,
    reminded or alerted for a body (e.g. `Membership.Role.WORK` for its staff, `.LEAD` for its leaders)."""
    out: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        organisation_id__in={i for i in organisation_ids if i}, role__in=list(roles), user__is_active=True
    ).values_list("organisation_id", "user_id")
    for org_id, user_id in rows:
        out[org_id].append(user_id)
    return out
