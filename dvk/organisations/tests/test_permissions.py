"""Role × action matrix for the foundation's named permissions and predicates."""

from __future__ import annotations

import pytest

from dvk.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "tinh.bdv", "lanhdao.bdv", "xa.a", "xa.b", "so.a", "mttq.tinh", "hoidong.1", "hoidong.3"]

# permission, object code (None = global), personas allowed
MATRIX = [
    ("audit.view_audit", None, {"admin", "tinh.bdv", "lanhdao.bdv"}),
    ("organisations.reorganise", None, {"admin"}),
    ("organisations.manage_structure", None, {"admin"}),
    (
        "organisations.view_organisation",
        "PT-DU-04897",
        {"admin", "tinh.bdv", "lanhdao.bdv", "xa.a", "hoidong.3"},
    ),
    (
        "organisations.view_organisation",
        "HB-DU-04903",
        {"admin", "tinh.bdv", "lanhdao.bdv", "xa.a", "hoidong.3"},
    ),
    ("organisations.view_organisation", "PT-SNV", {"admin", "tinh.bdv", "lanhdao.bdv", "so.a"}),
    (
        "organisations.view_organisation",
        "PT-HDTD",
        {"admin", "tinh.bdv", "lanhdao.bdv", "hoidong.1", "hoidong.3"},
    ),
]


@pytest.mark.parametrize(("perm", "code", "allowed"), MATRIX)
@pytest.mark.parametrize("username", PERSONAS)
def test_permission_matrix(persona, perm, code, allowed, username):
    obj = Organisation.objects.get(code=code) if code else None
    user = persona(username)
    assert user.has_perm(perm, obj) is (username in allowed)


def test_anonymous_has_no_permission():
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("audit.view_audit")
    assert not AnonymousUser().has_perm("organisations.view_organisation", Organisation(path="0001"))
