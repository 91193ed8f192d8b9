from __future__ import annotations

import pytest
from django.test import Client

from dvk.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_token_login_and_me(api_for):
    body = api_for("xa.a").get("/api/v1/me").json()
    assert body["username"] == "xa.a" and body["full_name"] == "Đinh Công Thắng"
    assert body["memberships"] == [
        {
            "organisation": {
                "id": Organisation.objects.get(code="PT-DU-04897").pk,
                "name": "Đảng ủy xã Thịnh Minh",
            },
            "role": "officer",
        }
    ]


def test_wrong_credentials_are_401_in_vietnamese():
    response = Client().post(
        "/api/v1/auth/token", {"username": "xa.a", "password": "x"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Sai tên đăng nhập hoặc mật khẩu."}


def test_unauthenticated_is_401():
    response = Client().get("/api/v1/organisations")
    assert response.status_code == 401 and response.json()["detail"] == "Cần đăng nhập."


def test_malformed_json_is_400():
    response = Client().post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Nội dung yêu cầu không phải JSON hợp lệ."


def test_missing_fields_are_422_with_field_errors():
    response = Client().post("/api/v1/auth/token", {"username": "xa.a"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "password", "message": "Trường này là bắt buộc."}]


def test_logout_revokes_the_token(api_for):
    client = api_for("xa.a")
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/me").status_code == 401


def test_organisation_list_is_scoped_and_filtered(api_for):
    body = api_for("xa.b").get("/api/v1/organisations?limit=200").json()
    names = {o["name"] for o in body["items"]}
    assert body["count"] == len(body["items"]) and "Đảng ủy xã Cao Phong" in names
    assert "Đảng ủy xã Thịnh Minh" not in names
    found = api_for("tinh.bdv").get("/api/v1/organisations", {"q": "dang uy xa thinh minh"}).json()
    assert sorted(o["code"] for o in found["items"]) == [
        "HB-DU-04897",
        "PT-DU-04897",
    ]  # before and after 2025


def test_out_of_scope_and_unknown_ids_are_404(api_for):
    other = Organisation.objects.get(code="PT-DU-04897")
    client = api_for("xa.b")
    assert client.get(f"/api/v1/organisations/{other.pk}").status_code == 404
    assert client.get("/api/v1/organisations/999999").json() == {"detail": "Không tìm thấy."}


def test_limit_is_validated(api_for):
    response = api_for("tinh.bdv").get("/api/v1/organisations?limit=500")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "limit"


def test_units_carry_validity_and_successors(api_for):
    body = api_for("xa.a").get("/api/v1/units", {"q": "hop thanh", "limit": 5}).json()
    unit = next(u for u in body["items"] if u["code"] == "04903")
    assert unit["valid_to"] == "2025-06-30"
    assert [s["name"] for s in unit["successors"]] == ["Xã Thịnh Minh"]


def test_audit_api_is_for_coordinators_and_scoped(api_for, client_for):
    client_for("xa.a")  # a login event (no body attached: visible to the administrator only)
    assert api_for("xa.a").get("/api/v1/audit").status_code == 403
    coordinator = api_for("tinh.bdv").get("/api/v1/audit?limit=200").json()
    assert all(item["action"] != "accounts.login" for item in coordinator["items"])
    admin = api_for("admin").get("/api/v1/audit", {"action": "accounts.login"}).json()
    assert admin["count"] >= 1


def test_openapi_schema_and_local_docs():
    client = Client()
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/organisations" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower()


def test_api_is_throttled_on_token_endpoint():
    client = Client()
    statuses = [
        client.post(
            "/api/v1/auth/token", {"username": "nobody", "password": "x"}, content_type="application/json"
        ).status_code
        for _ in range(25)
    ]
    assert 429 in statuses


def test_list_counts_are_capped(api_for, monkeypatch):
    from dvk.api import pagination

    client = api_for("tinh.bdv")
    exact = client.get("/api/v1/organisations?limit=5").json()
    assert exact["count_exact"] is True and exact["count"] > 5
    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    capped = client.get("/api/v1/organisations?limit=5").json()
    assert capped == {**capped, "count": 10, "count_exact": False}
    last = client.get(f"/api/v1/organisations?limit=5&offset={exact['count'] - 2}").json()
    assert last["count"] == exact["count"] and last["count_exact"] is True and len(last["items"]) == 2
