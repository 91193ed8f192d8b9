from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dvk.organisations.factories import OrganisationFactory
from dvk.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_list_shows_only_bodies_in_scope(client_for):
    html = client_for("xa.b").get("/don-vi/?current=0").content.decode()
    assert "Đảng ủy xã Cao Phong" in html
    assert "Đảng ủy xã Thịnh Minh" not in html
    assert "Sở Nội vụ" not in html


def test_search_folds_accents_and_d(client_for):
    for q in ("dang uy xa cao phong", "ĐẢNG ỦY XÃ CAO PHONG", "Đảng ủy xã Cao Phong"):
        html = client_for("tinh.bdv").get("/don-vi/", {"q": q}).content.decode()
        assert "Đảng ủy xã Cao Phong" in html, q


def test_search_treats_nfd_like_nfc(client_for):
    import unicodedata

    q = unicodedata.normalize("NFD", "Thịnh Minh")
    html = client_for("xa.a").get("/don-vi/", {"q": q}).content.decode()
    assert "Đảng ủy xã Thịnh Minh" in html


def test_detail_of_another_commune_is_404(client_for):
    other = Organisation.objects.get(code="PT-DU-04897")
    assert client_for("xa.b").get(f"/don-vi/{other.pk}/").status_code == 404
    assert client_for("xa.a").get(f"/don-vi/{other.pk}/").status_code == 200


def test_detail_of_a_merged_body_shows_its_successor(client_for):
    old = Organisation.objects.get(code="HB-DU-04903")
    html = client_for("xa.a").get(f"/don-vi/{old.pk}/").content.decode()
    assert "Đảng ủy xã Thịnh Minh" in html and "1676/NQ-UBTVQH15" in html


def test_anonymous_is_sent_to_login(client):
    response = client.get("/don-vi/")
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# The audit page is filtered to the rows the test writes: its query count depends on the kinds of
# record the changes name (one query per related model for the page, dvk.audit.presentation), not
# on the number of rows; dvk/audit/tests/test_labels.py checks it with changes that name bodies.
@pytest.mark.parametrize("url", ["/don-vi/?q=thu", "/nhat-ky/?action=test.", "/thong-bao/", "/"])
def test_query_count_is_constant(client_for, persona, url):
    """1 row vs 50 rows: the same number of queries."""
    from dvk.audit.services import record
    from dvk.notifications.models import Notification

    user = persona("tinh.bdv")
    parent = Organisation.objects.get(code="PT-DU-04897")
    client = client_for("tinh.bdv")
    OrganisationFactory(parent=parent, unit=parent.unit, name="Chi bộ thử 0")
    Notification.objects.create(user=user, title="Thông báo 0")
    record(actor=user, action="test.one", target=parent, organisation=parent)
    few = _queries(client, url)
    for i in range(1, 50):
        OrganisationFactory(parent=parent, unit=parent.unit, name=f"Chi bộ thử {i}")
        Notification.objects.create(user=user, title=f"Thông báo {i}")
        record(actor=user, action="test.one", target=parent, organisation=parent)
    assert _queries(client, url) == few
