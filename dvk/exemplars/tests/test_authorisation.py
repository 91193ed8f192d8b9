"""Authorisation holes of issue 8 in the exemplars domain, tested where they arise:

- the record and its dossier (staff detail, every sub-route, events, file downloads) belong to
  the body's scope, its reviewing council and the Ban; the public showcase shows a recognised
  model's public fields only (item 3);
- new records never go to a closed body, and conflicts of interest are widened across a
  reorganisation like the scope (item 2);
- reading the scoring page writes nothing (item 11); notifications stay in the province (item 15).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from dvk.attachments.models import Attachment
from dvk.audit.models import AuditEvent
from dvk.exemplars import services
from dvk.exemplars.models import CouncilExclusion, Exemplar, FieldOfWork
from dvk.exemplars.tests.conftest import add_dossier
from dvk.exemplars.workflow import Stage
from dvk.notifications.models import Notification
from dvk.organisations.models import AdministrativeUnit, Membership, Organisation

pytestmark = pytest.mark.django_db

MISSING = 10**9


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every URL route string of the project (includes expanded)."""
    resolver = resolver or get_resolver()
    out = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            out.extend(_routes(entry, route))
        elif isinstance(entry, URLPattern):
            out.append(route)
    return out


def _record_routes() -> list[str]:
    """The routes that open one exemplar record: HTML sub-routes and API operations."""
    return sorted(
        {
            r
            for r in _routes()
            if re.match(r"^\^?mo-hinh/<int:pk>/", r)
            or re.match(r"^\^?api/v1/exemplars/<(int:)?exemplar_id>", r)
        }
    )


def _url(route: str, exemplar_id: int, decision_id: int) -> str:
    values = {"pk": exemplar_id, "exemplar_id": exemplar_id, "decision_id": decision_id, "action": "withdraw"}

    def fill(match: re.Match[str]) -> str:
        return str(values.get(match.group(2), 1))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route).lstrip("^").rstrip("$")


# (method, route) that work on a public recognised model's public fields (replication crosses scopes).
PUBLIC_FIELDS_ONLY = {
    ("get", "mo-hinh/<int:pk>/nhan-rong/"),
    ("post", "mo-hinh/<int:pk>/nhan-rong/"),
    ("post", "api/v1/exemplars/<exemplar_id>/replications"),
}


@pytest.fixture
def recognised(make, persona) -> Exemplar:
    """A recognised collective model of xa.a's commune (public), with its dossier and a decision."""
    exemplar = make(Stage.RECOGNISED)
    add_dossier(
        exemplar,
        persona("xa.a"),
        kinds=("dossier.proposal", "dossier.report", "dossier.minutes", "evidence", "photo"),
    )
    assert exemplar.is_public
    return exemplar


def test_the_route_list_is_generated_and_complete():
    routes = _record_routes()
    assert "mo-hinh/<int:pk>/" in routes and "api/v1/exemplars/<exemplar_id>/events" in routes
    assert len(routes) >= 15


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_sibling_body_cannot_tell_another_bodys_record_from_a_missing_one(
    recognised, client_for, api_for, method
):
    """xa.b (Cao Phong) on every sub-route of a Thịnh Minh record: the answer is the one a
    missing id gets (404, or 405/422 decided before the lookup), never the record."""
    html, api = client_for("xa.b"), api_for("xa.b")
    decision_id = recognised.decisions.values_list("pk", flat=True).first() or 1
    checked = 0
    for route in _record_routes():
        if (method, route) in PUBLIC_FIELDS_ONLY:
            continue
        client = api if route.startswith("api/") else html
        send = getattr(client, method)
        kwargs = {"content_type": "application/json", "data": {}} if route.startswith("api/") else {}
        real = send(_url(route, recognised.pk, decision_id), **kwargs)
        missing = send(_url(route, MISSING, MISSING), **kwargs)
        assert real.status_code == missing.status_code, (route, real.status_code, missing.status_code)
        assert real.status_code in (404, 405, 422), (route, real.status_code)
        if real.status_code != 405:
            assert recognised.title not in real.content.decode(), route
        checked += 1
    assert checked >= 15


def test_a_sibling_body_cannot_download_another_bodys_dossier(recognised, client_for):
    files = Attachment.objects.filter(object_id=str(recognised.pk), content_type__model="exemplar")
    assert files.count() >= 5
    for attachment in files:
        assert client_for("xa.b").get(f"/tep/{attachment.pk}/tai-ve/").status_code == 404
        assert client_for("xa.a").get(f"/tep/{attachment.pk}/tai-ve/").status_code == 200


def test_own_body_council_and_ban_still_open_the_record(recognised, client_for):
    for username in ("xa.a", "hoidong.3", "tinh.bdv", "lanhdao.bdv"):
        assert client_for(username).get(f"/mo-hinh/{recognised.pk}/").status_code == 200, username


def test_the_public_showcase_still_shows_the_public_fields(recognised, client, client_for):
    for c in (client, client_for("xa.b")):
        response = c.get(f"/dien-hinh/{recognised.pk}/")
        assert response.status_code == 200 and recognised.title in response.content.decode()
        assert "/tep/" not in response.content.decode()
    # Staff of another body find the replication form from the showcase (the record stays closed).
    replicate = f"/mo-hinh/{recognised.pk}/nhan-rong/"
    assert replicate in client_for("xa.b").get(f"/dien-hinh/{recognised.pk}/").content.decode()
    assert replicate not in client.get(f"/dien-hinh/{recognised.pk}/").content.decode()


def test_another_body_still_records_a_replication(recognised, client_for, api_for):
    """Replication crosses scopes through the public fields: the page opens, the API records it."""
    assert client_for("xa.b").get(f"/mo-hinh/{recognised.pk}/nhan-rong/").status_code == 200
    body = Organisation.objects.get(code="PT-DU-05089")
    response = api_for("xa.b").post(
        f"/api/v1/exemplars/{recognised.pk}/replications",
        {"organisation_id": body.pk, "started_on": "2026-01-15"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


# --- item 2: closed bodies and conflicts across a reorganisation ------------------------------


def test_no_new_exemplar_on_a_closed_body_through_the_api(api_for):
    closed = Organisation.objects.get(code="HB-DU-04897")  # merged into Thịnh Minh on 1/7/2025
    before = Exemplar.objects.count()
    response = api_for("xa.a").post(
        "/api/v1/exemplars",
        {
            "organisation_id": closed.pk,
            "title": "Mô hình trên đơn vị đã sáp nhập",
            "kind": "collective",
            "level": "tinh",
            "started_on": "2024-01-01",
            "field_id": 1,
        },
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert "30/06/2025" in response.content.decode()
    assert Exemplar.objects.count() == before


def test_no_new_exemplar_on_a_closed_body_through_the_service(persona):
    from django.core.exceptions import ValidationError

    closed = Organisation.objects.get(code="HB-DU-04897")
    with pytest.raises(ValidationError):
        services.create_exemplar(by=persona("xa.a"), organisation=closed, data={"title": "Thử"})


def test_a_predecessor_bodys_nomination_excludes_the_successors_members(make, persona, api_for):
    """A model of the pre-merger commune (historical record) is nominated: the secretary of
    today's Thịnh Minh is excluded when the review opens, and cannot score it."""
    exemplar = make(Stage.NOMINATED, org_code="HB-DU-04897")
    response = api_for("tinh.bdv").post(
        f"/api/v1/exemplars/{exemplar.pk}/actions/open_review", {"note": ""}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    nomination = Exemplar.objects.get(pk=exemplar.pk).current_nomination
    exclusion = CouncilExclusion.objects.get(nomination=nomination, user__username="hoidong.3")
    assert "Thịnh Minh" in exclusion.reason
    assert not CouncilExclusion.objects.filter(nomination=nomination, user__username="hoidong.1").exists()
    criteria = nomination.criteria_set.criteria.all()
    response = api_for("hoidong.3").post(
        f"/api/v1/exemplars/{exemplar.pk}/scores",
        {"scores": [{"criterion_id": c.pk, "score": c.max_score} for c in criteria]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not nomination.score_sheets.filter(member__username="hoidong.3").exists()


def test_a_conflict_found_after_the_review_opened_blocks_scoring_without_writes_on_get(
    make, persona, client_for
):
    """hoidong.1 joins a body of the nominating commune's predecessors after the review opened:
    the rule refuses the page at once (GET writes nothing); the exclusion is recorded once."""
    exemplar = make(Stage.UNDER_REVIEW, org_code="PT-DU-04897")
    Membership.objects.create(
        user=persona("hoidong.1"), organisation=Organisation.objects.get(code="HB-DU-04903"), role="officer"
    )
    client = client_for("hoidong.1")
    audit_before = AuditEvent.objects.count()
    for _i in range(3):
        assert client.get(f"/mo-hinh/{exemplar.pk}/cham-diem/").status_code == 403
    assert AuditEvent.objects.count() == audit_before
    assert not CouncilExclusion.objects.filter(user__username="hoidong.1").exists()
    client.post(f"/mo-hinh/{exemplar.pk}/cham-diem/", {})
    client.post(f"/mo-hinh/{exemplar.pk}/cham-diem/", {})
    assert (
        CouncilExclusion.objects.filter(
            user__username="hoidong.1", nomination=exemplar.current_nomination
        ).count()
        == 1
    )
    assert (
        AuditEvent.objects.filter(
            action="exemplars.exclude_member", target_id=str(exemplar.current_nomination_id)
        ).count()
        == 1
    )


# --- item 11: GET never writes ---------------------------------------------------------------


def test_an_excluded_member_reading_the_scoring_page_writes_no_audit_row(make, persona, client_for):
    exemplar = make(Stage.UNDER_REVIEW)
    CouncilExclusion.objects.create(
        nomination=exemplar.current_nomination,
        user=persona("hoidong.3"),
        reason="Thành viên của đơn vị đề nghị",
    )
    client = client_for("hoidong.3")
    before = AuditEvent.objects.count()
    for _i in range(3):
        assert client.get(f"/mo-hinh/{exemplar.pk}/cham-diem/").status_code == 403
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)[before:]) == []


# --- item 15: notifications are scoped ------------------------------------------------------


def test_a_province_without_coordinator_notifies_no_other_provinces_coordinator(
    persona, django_capture_on_commit_callbacks
):
    from dvk.organisations.scoping import forget

    unit = AdministrativeUnit.objects.create(code="98", name="Tỉnh Không Ban", level="province")
    root = Organisation.objects.create(
        name="Tỉnh ủy Không Ban", kind=Organisation.Kind.PARTY_COMMITTEE, unit=unit
    )
    body = Organisation.objects.create(
        name="Đảng ủy xã Thử", kind=Organisation.Kind.PARTY_COMMITTEE, unit=unit, parent=root
    )
    officer = persona("so.a")
    Membership.objects.create(user=officer, organisation=body, role="officer")
    forget(officer)

    def register(title: str) -> None:
        exemplar = services.create_exemplar(
            by=officer,
            organisation=body,
            data={
                "title": title,
                "situation": "Tình hình",
                "goals": "Mục tiêu",
                "content_method": "Nội dung",
                "field": FieldOfWork.objects.get(code="kinh-te"),
                "started_on": dt.date(2024, 1, 1),
            },
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.advance_exemplar(exemplar=exemplar, action="register", by=officer)

    others = Notification.objects.filter(user__username="tinh.bdv")
    before = others.count()
    register("Mô hình ở tỉnh không có Ban")
    assert others.count() == before
    # Once the province has its own coordinator, that coordinator (only) hears of the next one.
    local = persona("mttq.tinh")
    Membership.objects.create(user=local, organisation=root, role="coordinator")
    theirs = Notification.objects.filter(user=local)
    count = theirs.count()
    register("Mô hình thứ hai")
    assert theirs.count() == count + 1
    assert others.count() == before
