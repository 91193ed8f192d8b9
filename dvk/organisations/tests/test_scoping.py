"""The persona cast and what each persona's scope covers (the one scoping module)."""

from __future__ import annotations

import pytest

from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import roles_for, scope_for, visible_organisations

pytestmark = pytest.mark.django_db
R = Membership.Role

CAST = [
    ("tinh.bdv", "PT-BTGDV", R.COORDINATOR),
    ("lanhdao.bdv", "PT-BTGDV", R.BOARD_LEADER),
    ("xa.a", "PT-DU-04897", R.OFFICER),
    ("xa.b", "PT-DU-05089", R.OFFICER),
    ("so.a", "PT-SNV", R.OFFICER),
    ("mttq.tinh", "PT-MTTQ", R.OFFICER),
    ("hoidong.1", "PT-HDTD", R.COUNCIL_MEMBER),
    ("hoidong.2", "PT-HDTD", R.COUNCIL_MEMBER),
    ("hoidong.3", "PT-HDTD", R.COUNCIL_MEMBER),
    ("hoidong.3", "PT-DU-04897", R.LEADER),
]


@pytest.mark.parametrize(("username", "org_code", "role"), CAST)
def test_persona_cast(persona, username, org_code, role):
    user = persona(username)
    assert user.check_password("demo-dvk-2020")
    assert Membership.objects.filter(user=user, organisation__code=org_code, role=role).exists()


def test_admin_is_the_only_system_administrator(persona):
    assert persona("admin").is_superuser
    assert scope_for(persona("admin")).everything
    assert not any(persona(u).is_superuser for u, _o, _r in CAST)


def codes(user) -> set[str]:
    return set(visible_organisations(user).values_list("code", flat=True))


def test_commune_officer_sees_own_commune_and_its_predecessors_only(persona):
    seen = codes(persona("xa.a"))
    assert {"PT-DU-04897", "PT-UBND-04897", "PT-MTTQ-04897", "PT-CS-04897-1"} <= seen
    # Thịnh Minh was formed on 1/7/2025 from Hợp Thành, Quang Tiến and the old Thịnh Minh.
    assert {"HB-DU-04903", "HB-DU-04906", "HB-DU-04897", "HB-UBND-04903"} <= seen
    assert "PT-DU-05089" not in seen and "PT-BTGDV" not in seen and "HB-TU" not in seen
    assert all(code.endswith(("04897", "04903", "04906")) or code.startswith("PT-CS-04897") for code in seen)


def test_other_commune_officer_does_not_see_the_first_commune(persona):
    seen = codes(persona("xa.b"))
    assert "PT-DU-05089" in seen and "HB-DU-05104" in seen  # Hợp Phong merged into Cao Phong
    assert not seen & codes(persona("xa.a"))


def test_province_coordinator_sees_the_province_and_the_former_province(persona):
    seen = codes(persona("tinh.bdv"))
    assert seen == set(Organisation.objects.values_list("code", flat=True))


def test_department_officer_sees_only_its_department(persona):
    assert codes(persona("so.a")) == {"PT-SNV", "HB-SNV"}


def test_roles_cover_descendants_and_province(persona):
    chi_bo = Organisation.objects.get(code="PT-CS-04897-1")
    assert roles_for(persona("xa.a"), chi_bo) == {R.OFFICER}
    assert roles_for(persona("hoidong.3"), chi_bo) == {R.LEADER}
    assert roles_for(persona("tinh.bdv"), chi_bo) == {R.COORDINATOR}
    assert roles_for(persona("xa.b"), chi_bo) == set()


def test_scope_is_computed_once_per_request(persona, django_assert_num_queries):
    user = persona("xa.a")
    with django_assert_num_queries(3):  # memberships + two generations of successions
        scope_for(user)
    with django_assert_num_queries(0):
        scope_for(user)
        roles_for(user, Organisation(path="0002000100010001"))
