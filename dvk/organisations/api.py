from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from dvk.api.pagination import Page, paginate
from dvk.organisations import selectors
from dvk.organisations.models import AdministrativeUnit
from dvk.organisations.scoping import visible_organisations

router = Router(tags=["organisations"])


class UnitRef(Schema):
    id: int
    code: str
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    code: str | None
    short_name: str
    kind: str
    kind_label: str
    unit: UnitRef
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class OrganisationList(Schema):
    count: int
    count_exact: bool = True
    items: list[OrganisationOut]


class AdministrativeUnitOut(Schema):
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    successors: list[UnitRef]
    predecessors: list[UnitRef]


class UnitList(Schema):
    count: int
    count_exact: bool = True
    items: list[AdministrativeUnitOut]


class OrgFilters(Page):
    q: str = ""
    kind: str = ""
    unit: int | None = None


class UnitFilters(Page):
    q: str = ""
    level: str = ""
    current: bool = False


def _org(o) -> dict:
    return {
        "id": o.pk,
        "name": o.name,
        "code": o.code,
        "short_name": o.short_name,
        "kind": o.kind,
        "kind_label": o.get_kind_display(),
        "unit": {"id": o.unit_id, "code": o.unit.code, "name": o.unit.name},
        "parent_id": o.parent_id,
        "valid_from": o.valid_from,
        "valid_to": o.valid_to,
    }


def _unit(u) -> dict:
    return {
        "id": u.pk,
        "code": u.code,
        "name": u.name,
        "level": u.level,
        "parent_id": u.parent_id,
        "valid_from": u.valid_from,
        "valid_to": u.valid_to,
        "successors": [
            {"id": s.new.pk, "code": s.new.code, "name": s.new.name} for s in u.successions_out.all()
        ],
        "predecessors": [
            {"id": s.old.pk, "code": s.old.code, "name": s.old.name} for s in u.successions_in.all()
        ],
    }


@router.get("/organisations", response=OrganisationList)
def organisation_list(request: HttpRequest, filters: Query[OrgFilters]):
    qs = selectors.organisation_list(user=request.user, q=filters.q, kind=filters.kind, unit=filters.unit)
    return paginate(qs, filters, _org)


@router.get("/organisations/{org_id}", response=OrganisationOut)
def organisation_detail(request: HttpRequest, org_id: int):
    return _org(get_object_or_404(visible_organisations(request.user).select_related("unit"), pk=org_id))


_units = AdministrativeUnit.objects.prefetch_related("successions_out__new", "successions_in__old")


@router.get("/units", response=UnitList)
def unit_list(request: HttpRequest, filters: Query[UnitFilters]):
    qs = selectors.unit_list(q=filters.q, level=filters.level, current_only=filters.current).prefetch_related(
        "successions_out__new", "successions_in__old"
    )
    return paginate(qs, filters, _unit)


@router.get("/units/{unit_id}", response=AdministrativeUnitOut)
def unit_detail(request: HttpRequest, unit_id: int):
    return _unit(get_object_or_404(_units, pk=unit_id))
