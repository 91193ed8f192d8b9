"""The scoping kit a domain plugs into: OrgOwned (org_path/org_root filled in one place), the
province-wide filter, extra grants (declared once, built once per request, widened across a
reorganisation like the scope), who directs whom, conflicts of interest and closed bodies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from dvk.organisations.models import AdministrativeUnit, Membership, Organisation
from dvk.organisations.owned import ScopedQuerySet
from dvk.organisations.scoping import (
    ExtraGrant,
    conflict_of_interest,
    forget,
    granted,
    province_root,
    reach_of,
    require_current,
    scope_for,
    visible,
)
from dvk.plans.models import Activity, Campaign, Plan

pytestmark = pytest.mark.django_db
R = Membership.Role


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


# --- roles declared once --------------------------------------------------------------------


def test_role_sets_are_declared_once_on_the_role_type():
    assert frozenset(R.values) == R.VIEW
    assert R.STAFF == R.WORK | R.COORDINATE
    assert R.BELONG == R.VIEW - R.REVIEW
    assert R.DECIDE <= R.COORDINATE and R.LEAD <= R.WORK
    # sets, not members: the choices a form offers are the six roles only
    assert len(R.choices) == 6
    assert R.OFFICER in R.WORK and "officer" in R.WORK


# --- OrgOwned ---------------------------------------------------------------------------------


def _campaign(organisation: Organisation, name: str = "Tháng dân vận") -> Campaign:
    today = timezone.localdate()
    return Campaign.objects.create(
        organisation=organisation, name=name, starts_on=today, ends_on=today + dt.timedelta(days=30)
    )


def test_org_owned_fills_path_and_root_on_save_and_bulk_create(persona):
    body = org("PT-CS-04897-1")
    campaign = _campaign(org("PT-BTGDV"))
    assert (campaign.org_path, campaign.org_root) == (campaign.organisation.path, province_root(body.path))
    rows = Activity.objects.bulk_create(
        [
            Activity(
                campaign=campaign,
                organisation=body,
                title=f"Hoạt động {i}",
                held_on=timezone.localdate(),
                created_by=persona("xa.a"),
            )
            for i in range(2)
        ]
    )
    stored = set(Activity.objects.filter(pk__in=[a.pk for a in rows]).values_list("org_path", "org_root"))
    assert stored == {(body.path, province_root(body.path))}


def test_every_scoped_table_has_its_root_filled():
    """The data migration filled org_root of rows that existed before it (the demo data)."""
    for model in (Plan, Campaign):
        rows = list(model.objects.values_list("org_path", "org_root"))
        assert rows and all(root == province_root(path) for path, root in rows)


# --- the province-wide filter ----------------------------------------------------------------


@pytest.fixture
def other_province(db) -> Organisation:
    unit = AdministrativeUnit.objects.create(code="99", name="Tỉnh Kiểm Thử", level="province")
    return Organisation.objects.create(
        name="Tỉnh ủy Kiểm Thử", kind=Organisation.Kind.PARTY_COMMITTEE, unit=unit
    )


def test_province_wide_records_reach_the_whole_province_and_no_other(persona, other_province):
    ours = _campaign(org("PT-BTGDV"), "Của tỉnh")
    theirs = _campaign(other_province, "Của tỉnh khác")
    for username in ("xa.a", "so.a", "tinh.bdv"):
        seen = set(Campaign.objects.visible_to(persona(username)).values_list("pk", flat=True))
        assert ours.pk in seen and theirs.pk not in seen, username
    # The province filter covers the former province as well (Hòa Bình merged into Phú Thọ).
    assert set(scope_for(persona("xa.a")).roots) == {org("PT-TU").path[:4], org("HB-TU").path[:4]}


# --- extra grants ----------------------------------------------------------------------------


def _assigned_plan(body: Organisation, issuer: Organisation) -> Plan:
    """A plan of `issuer` (outside every persona's scope) that assigns one task to `body`."""
    from dvk.plans.models import Assignment, Task

    plan = Plan.objects.create(organisation=issuer, title="Kế hoạch của nơi khác")
    task = Task.objects.create(plan=plan, title="Việc được giao")
    Assignment.objects.create(task=task, plan=plan, organisation=body)
    return plan


def test_grant_opens_what_the_scope_does_not(persona, other_province):
    plan = _assigned_plan(org("PT-SNV"), other_province)
    assert Plan.objects.visible_to(persona("so.a")).filter(pk=plan.pk).exists()
    assert not Plan.objects.visible_to(persona("xa.a")).filter(pk=plan.pk).exists()


def test_grant_follows_the_scope_across_a_reorganisation(persona, other_province):
    """Work assigned to a body closed by the merger is visible to the body that carries it on."""
    plan = _assigned_plan(org("HB-SNV"), other_province)
    assert Plan.objects.visible_to(persona("so.a")).filter(pk=plan.pk).exists()  # PT-SNV succeeded HB-SNV
    assert not Plan.objects.visible_to(persona("mttq.tinh")).filter(pk=plan.pk).exists()


def test_grant_is_built_once_per_request(persona, django_assert_max_num_queries):
    calls = []

    def build(user, scope):
        calls.append(user.pk)
        return Q(organisation__code="PT-SNV")

    class Granted(ScopedQuerySet):
        grants = (ExtraGrant("test.counted", build),)

    user = persona("xa.a")
    first = set(visible(Granted(model=Campaign), user, "org_path").values_list("pk", flat=True))
    with django_assert_max_num_queries(1):  # the filtered query itself; scope and grant are cached
        again = set(visible(Granted(model=Campaign), user, "org_path").values_list("pk", flat=True))
    assert first == again and calls == [user.pk]
    forget(user)
    visible(Granted(model=Campaign), user, "org_path").count()
    assert calls == [user.pk, user.pk]


def test_grant_of_another_purpose_is_applied_only_by_granted(persona):
    """E.g. who may read a denouncer's identity: narrower than the record, not part of the scope."""
    leader = persona("hoidong.3")
    mine = _campaign(org("PT-DU-04897"), "Của xã")
    other = _campaign(org("PT-BTGDV"), "Của Ban")

    class Narrow(ScopedQuerySet):
        grants = (ExtraGrant("test.identity", lambda user, scope: Q(pk=mine.pk), purpose="identity"),)

    assert set(granted(Narrow(model=Campaign), leader, "identity").values_list("pk", flat=True)) == {mine.pk}
    seen = set(visible(Narrow(model=Campaign), leader, "org_path").values_list("pk", flat=True))
    assert mine.pk in seen and other.pk not in seen  # only the scope: the identity grant is not a view grant


# --- who directs whom ------------------------------------------------------------------------


def test_reach_of_a_body_is_its_subtree_and_of_the_ban_the_province():
    assert reach_of(org("PT-DU-04897")) == org("PT-DU-04897").path
    assert reach_of(org("PT-BTGDV")) == province_root(org("PT-BTGDV").path)


# --- conflict of interest --------------------------------------------------------------------


def test_conflict_of_interest_is_widened_like_scope(persona):
    leader = persona("hoidong.3")  # leads today's Thịnh Minh, sits on the provincial council
    assert conflict_of_interest(leader, org("PT-CS-04897-1").path) is not None
    # the communes merged into Thịnh Minh on 1/7/2025 (predecessors)
    for code in ("HB-DU-04897", "HB-DU-04903", "HB-DU-04906"):
        found = conflict_of_interest(leader, org(code).path)
        assert found is not None and found.organisation_id == org("PT-DU-04897").pk, code
    assert conflict_of_interest(leader, org("PT-DU-05089").path) is None
    assert conflict_of_interest(persona("hoidong.1"), org("PT-DU-04897").path) is None  # a council seat only


def test_conflict_of_interest_follows_successors(persona):
    """A member still registered on a pre-merger body conflicts with the body that carries it on."""
    user = persona("hoidong.1")
    Membership.objects.create(user=user, organisation=org("HB-DU-04903"), role=R.OFFICER)
    forget(user)
    assert conflict_of_interest(user, org("PT-DU-04897").path) is not None
    assert conflict_of_interest(user, org("PT-DU-05089").path) is None


# --- closed bodies ---------------------------------------------------------------------------


def test_new_records_refuse_a_closed_body():
    closed = org("HB-DU-04897")
    assert closed.valid_to is not None and closed.valid_to < timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        require_current(closed, "organisation_id")
    assert "organisation_id" in caught.value.message_dict
    assert closed.valid_to.strftime("%d/%m/%Y") in caught.value.message_dict["organisation_id"][0]
    require_current(org("PT-DU-04897"))  # in force: no error


def test_every_org_owned_model_is_scoped_through_its_manager():
    from django.apps import apps

    from dvk.organisations.owned import OrgOwned

    owned = [m for m in apps.get_models() if issubclass(m, OrgOwned)]
    assert len(owned) >= 12
    for model in owned:
        assert isinstance(model._default_manager.all(), ScopedQuerySet), model
        assert {"org_path", "org_root"} <= {f.name for f in model._meta.concrete_fields}, model


# --- the subtree lookup -----------------------------------------------------------------------


def test_under_matches_exactly_the_rows_startswith_matches():
    """`path__under` is the kit's subtree condition: the same rows as a prefix test in Python, for
    every body's path, a province root, a prefix ending in the last base-36 digits and none."""
    paths = sorted(Organisation.objects.values_list("path", flat=True))
    prefixes = {p[:n] for p in paths for n in (4, 8, 12)} | {"", "ZZZZ", "0009", "000Z"}
    for prefix in sorted(prefixes):
        found = sorted(Organisation.objects.filter(path__under=prefix).values_list("path", flat=True))
        assert found == [p for p in paths if p.startswith(prefix)], prefix
    # through a relation, as the forms write it
    body = org("PT-CS-04897-1")
    members = Membership.objects.filter(organisation__path__under=body.path[:8])
    assert set(members) == {
        m for m in Membership.objects.all() if m.organisation.path.startswith(body.path[:8])
    }


def test_under_reads_an_index_on_sqlite():
    """SQLite's LIKE is case-insensitive, so `path LIKE 'X%'` on an ordinary column never uses an
    index (it scanned every scoped table); the lookup is a range there, and the plan uses the index."""
    from django.db import connection

    body = org("PT-CS-04897-1")
    qs = Organisation.objects.filter(path__under=body.path).values_list("pk", flat=True)
    sql, _params = qs.query.sql_with_params()
    if connection.vendor != "sqlite":
        assert "LIKE" in sql  # PostgreSQL: the LIKE its pattern-opclass indexes serve
        return
    assert "LIKE" not in sql and ">=" in sql
    plan = qs.explain()
    assert "USING" in plan and "INDEX" in plan, plan
    assert "SCAN" not in plan.replace("SCAN CONSTANT", ""), plan
