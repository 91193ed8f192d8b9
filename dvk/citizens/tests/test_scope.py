"""Another body's user gets 404 on every case route (generated from the URLconf and the API
router) and sees none of the body's rows in lists, counts and exports."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import URLPattern

from dvk.citizens import urls as citizen_urls
from dvk.citizens.api import router
from dvk.citizens.models import DuplicateSuggestion, ReceptionSession, Visit
from dvk.citizens.workflow import Kind

OUTSIDER = "xa.b"  # officer of Đảng ủy xã Cao Phong: another commune


@pytest.fixture
def records(letter, persona, org):
    from dvk.citizens import services

    first = letter(
        Kind.COMPLAINT, summary="Khiếu nại việc thu hồi đất làm đường liên xóm Hợp Thành xã Thịnh Minh."
    )
    second = letter(
        Kind.COMPLAINT, summary="Khiếu nại việc thu hồi đất làm đường liên xóm Hợp Thành, xã Thịnh Minh."
    )
    session = services.record_session(
        by=persona("tiepdan.xa"),
        organisation=org("PT-UBND-04897"),
        held_on=first.received_on,
        place="Trụ sở",
        leader_name="Chủ tịch",
    )
    Visit.objects.create(
        organisation=session.organisation, session=session, content="Hỏi thủ tục", outcome="guided"
    )
    return {
        "case": first.cases.get(),
        "letter": first,
        "session": session,
        "suggestion": DuplicateSuggestion.objects.filter(letter=second).first(),
    }


def _object_for(route: str, records: dict):
    if route.startswith("ho-so/"):
        return records["case"]
    if route.startswith("don/"):
        return records["letter"]
    if route.startswith("buoi-tiep/"):
        return records["session"]
    if route.startswith("trung-lap/"):
        return records["suggestion"]
    raise AssertionError(f"no object for route {route}")


ROUTES = [p for p in citizen_urls.urlpatterns if isinstance(p, URLPattern) and "<int:pk>" in str(p.pattern)]


def test_every_object_route_is_covered():
    assert len(ROUTES) >= 9


@pytest.mark.parametrize("pattern", ROUTES, ids=lambda p: str(p.pattern))
def test_another_body_gets_404_on_every_route(pattern, records, client_for):
    route = str(pattern.pattern)
    obj = _object_for(route, records)
    assert obj is not None
    path = "/tiep-cong-dan/" + route.replace("<int:pk>", str(obj.pk)).replace(
        "<slug:action>", "accept"
    ).replace("<slug:decision>", "trung")
    client = client_for(OUTSIDER)
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code in (404, 405), (method, path, response.status_code)
    assert client_for("tiepdan.xa").get(path).status_code in (200, 302, 405)


API_PATHS = sorted(router.path_operations)


@pytest.mark.parametrize("api_path", [p for p in API_PATHS if "{" in p])
def test_another_body_gets_404_on_every_api_route(api_path, records, api_for):
    obj = records["case"] if "case" in api_path else records["letter"]
    path = "/api/v1/citizens" + re.sub(r"\{\w+_id\}", str(obj.pk), api_path).replace("{action}", "accept")
    client = api_for(OUTSIDER)
    operations = router.path_operations[api_path].operations
    for op in operations:
        for method in op.methods:
            response = client.generic(method, path, data="{}", content_type="application/json")
            assert response.status_code == 404, (method, path, response.status_code, response.content[:200])


def test_lists_counts_and_exports_hold_no_row_of_another_body(records, client_for, api_for, org):
    from dvk.accounts.factories import UserFactory
    from dvk.organisations.models import Membership

    number = records["letter"].receipt_number
    client = client_for(OUTSIDER)
    for url in ("/tiep-cong-dan/?open=0", "/tiep-cong-dan/don/", "/tiep-cong-dan/buoi-tiep/"):
        body = client.get(url).content.decode()
        assert "Thịnh Minh" not in body and f">{number}<" not in body, url
    api = api_for(OUTSIDER)
    ids = {c["id"] for c in api.get("/api/v1/citizens/cases?limit=200").json()["items"]}
    assert records["case"].pk not in ids
    letters = {row["id"] for row in api.get("/api/v1/citizens/letters?limit=200").json()["items"]}
    assert records["letter"].pk not in letters
    # A leader of another commune: monitoring counts and the Excel export show nothing of ours.
    leader = UserFactory(username="chutich.caophong")
    Membership.objects.create(user=leader, organisation=org("PT-DU-05089"), role="leader")
    from django.test import Client

    other = Client()
    other.force_login(leader)
    page = other.get("/tiep-cong-dan/theo-doi/")
    assert page.status_code == 200
    assert page.context["totals"]["total"] == 0
    assert "Thịnh Minh" not in page.content.decode()
    export = other.get("/tiep-cong-dan/theo-doi/excel/")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export.content))
    cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "Thịnh Minh" not in cells
    assert api_for("chutich.caophong").get("/api/v1/citizens/monitoring").json()["totals"]["total"] == 0


def test_session_rows_are_scoped(records, persona):
    assert (
        not ReceptionSession.objects.visible_to(persona(OUTSIDER)).filter(pk=records["session"].pk).exists()
    )
