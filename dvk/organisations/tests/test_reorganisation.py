from __future__ import annotations

import datetime as dt

import pytest

from dvk.audit.models import AuditEvent
from dvk.core.workflow import DomainError
from dvk.organisations.factories import OrganisationFactory, UnitFactory
from dvk.organisations.models import AdministrativeUnit, Organisation, OrganisationSuccession, UnitSuccession
from dvk.organisations.selectors import (
    current_organisations,
    current_units,
    rollup_by_current_organisation,
    rollup_by_current_unit,
)
from dvk.organisations.services import reorganise

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 7, 1)


def test_reference_data_matches_the_resolutions():
    assert AdministrativeUnit.objects.filter(valid_to=dt.date(2025, 6, 30), level="commune").count() == 151
    assert AdministrativeUnit.objects.filter(valid_from=DAY, level="commune").count() == 46
    links = UnitSuccession.objects.filter(reorganisation__resolution="1676/NQ-UBTVQH15")
    assert links.count() == 154
    # three split communes: two successors each, exactly one primary
    vay_nua = AdministrativeUnit.objects.get(code="04891", valid_from__isnull=True)
    assert sorted(vay_nua.successions_out.values_list("new__name", flat=True)) == [
        "Phường Thống Nhất",
        "Xã Tiền Phong",
    ]
    assert vay_nua.successions_out.filter(is_primary=True).count() == 1
    # the 2021 renaming is a link too: xã Sủ Ngòi → phường Quỳnh Lâm → (2025) a commune of Phú Thọ
    su_ngoi = AdministrativeUnit.objects.get(code="04816", valid_to=dt.date(2021, 1, 31))
    assert AdministrativeUnit.objects.get(pk=current_units([su_ngoi.pk])[su_ngoi.pk]).valid_from == DAY


def test_commune_records_roll_up_to_the_merged_commune():
    old = {
        c: AdministrativeUnit.objects.get(code=c, valid_to=dt.date(2025, 6, 30))
        for c in ("04903", "04906", "04897")
    }
    new = AdministrativeUnit.objects.get(code="04897", valid_from=DAY)
    counts = {old["04903"].pk: 2, old["04906"].pk: 3, old["04897"].pk: 4, new.pk: 1}
    assert rollup_by_current_unit(counts) == {new.pk: 10}


def test_bodies_roll_up_and_keep_their_history():
    old = Organisation.objects.get(code="HB-DU-04903")
    new = Organisation.objects.get(code="PT-DU-04897")
    assert old.valid_to == dt.date(2025, 6, 30) and not old.is_current(dt.date(2026, 1, 1))
    assert old.is_current(dt.date(2020, 5, 1))
    assert current_organisations([old.pk]) == {old.pk: new.pk}
    province = Organisation.objects.get(code="HB-TU")
    assert current_organisations([province.pk])[province.pk] == Organisation.objects.get(code="PT-TU").pk
    assert rollup_by_current_organisation({old.pk: 5, new.pk: 2}) == {new.pk: 7}


def test_merge_closes_old_bodies_links_successor_and_audits(persona):
    admin = persona("admin")
    parent = Organisation.objects.get(code="PT-TU")
    unit = UnitFactory()
    a = OrganisationFactory(parent=parent, unit=unit, name="Hội A")
    b = OrganisationFactory(parent=parent, unit=unit, name="Hội B")
    merged = OrganisationFactory(parent=parent, unit=unit, name="Hội A-B")
    reorg = reorganise(
        kind="merge",
        title="Hợp nhất hội A và B",
        effective_on=dt.date(2026, 1, 1),
        organisation_links=[(a, merged, True), (b, merged, True)],
        by=admin,
    )
    a.refresh_from_db()
    merged.refresh_from_db()
    assert a.valid_to == dt.date(2025, 12, 31) and merged.valid_from == dt.date(2026, 1, 1)
    assert OrganisationSuccession.objects.filter(reorganisation=reorg).count() == 2
    assert AuditEvent.objects.filter(action="organisations.reorganise", target_id=str(a.pk)).exists()
    assert AuditEvent.objects.filter(action="organisations.reorganisation", actor=admin).exists()


def test_split_needs_exactly_one_primary_and_changes_nothing_otherwise(persona):
    parent = Organisation.objects.get(code="PT-TU")
    unit = UnitFactory()
    old = OrganisationFactory(parent=parent, unit=unit)
    x, y = OrganisationFactory(parent=parent, unit=unit), OrganisationFactory(parent=parent, unit=unit)
    with pytest.raises(DomainError):
        reorganise(
            kind="split",
            title="Chia",
            effective_on=dt.date(2026, 1, 1),
            organisation_links=[(old, x, True), (old, y, True)],
            by=persona("admin"),
        )
    old.refresh_from_db()
    assert old.valid_to is None and not OrganisationSuccession.objects.filter(old=old).exists()


def test_closing_an_already_closed_body_is_refused(persona):
    old = Organisation.objects.get(code="HB-DU-04903")
    new = Organisation.objects.get(code="PT-DU-04897")
    with pytest.raises(DomainError):
        reorganise(
            kind="merge",
            title="Lặp lại",
            effective_on=dt.date(2026, 1, 1),
            organisation_links=[(old, new, True)],
            by=persona("admin"),
        )
