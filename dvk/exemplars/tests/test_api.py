"""API contract: CRUD, errors (400/422/404/403/409), idempotency, scores, public list."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from dvk.exemplars.models import Exemplar, FieldOfWork
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation


def _payload(**extra) -> dict:
    return {
        "kind": "collective",
        "title": "Mô hình thử qua API",
        "summary": "Tóm tắt",
        "organisation_id": Organisation.objects.get(code="PT-DU-04897").pk,
        "field_id": FieldOfWork.objects.get(code="kinh-te").pk,
        "started_on": (timezone.localdate() - dt.timedelta(days=400)).isoformat(),
        "situation": "Thực trạng",
        "goals": "Mục tiêu",
        "content_method": "Cách làm",
        "forces": [{"name": "Chi bộ", "role": "lead"}],
        "resources": {"funds": "10 triệu"},
        "timeline": [{"date": "2025-01-01", "milestone": "Ra mắt"}],
        **extra,
    }


def test_create_read_patch(api_for):
    api = api_for("xa.a")
    response = api.post("/api/v1/exemplars", _payload(), content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["stage"] == "draft" and body["stage_label"] == "Dự thảo"
    assert "register" in body["available_actions"]
    assert body["forces"] == [{"name": "Chi bộ", "role": "lead", "task": ""}]
    pk = body["id"]
    patched = api.patch(
        f"/api/v1/exemplars/{pk}",
        {"title": "Tên mới", "latitude": 20.8, "longitude": 105.3},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["title"] == "Tên mới"
    assert api.get(f"/api/v1/exemplars/{pk}").json()["latitude"] == 20.8
    api.post(f"/api/v1/exemplars/{pk}/actions/register", {"note": ""}, content_type="application/json")
    refused = api.patch(f"/api/v1/exemplars/{pk}", {"title": "Lại đổi"}, content_type="application/json")
    assert refused.status_code == 409
    assert Exemplar.objects.get(pk=pk).title == "Tên mới"
    events = api.get(f"/api/v1/exemplars/{pk}/events").json()
    assert [e["action"] for e in events] == ["create", "register"]


def test_idempotent_create(api_for):
    api = api_for("xa.a")
    headers = {"Idempotency-Key": "exemplar-create-1"}
    first = api.post(
        "/api/v1/exemplars", _payload(title="Một lần thôi"), content_type="application/json", headers=headers
    )
    second = api.post(
        "/api/v1/exemplars", _payload(title="Một lần thôi"), content_type="application/json", headers=headers
    )
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Exemplar.objects.filter(title="Một lần thôi").count() == 1


def test_malformed_json_is_400(api_for):
    response = api_for("xa.a").post("/api/v1/exemplars", "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]


def test_invalid_input_is_422_and_changes_nothing(api_for):
    before = Exemplar.objects.count()
    api = api_for("xa.a")
    for bad in (
        _payload(title=""),
        _payload(kind="team"),
        _payload(forces=[{"name": "X", "role": "boss"}]),
        _payload(latitude=120),
        _payload(field_id=999999),
        _payload(kind="individual"),
    ):
        response = api.post("/api/v1/exemplars", bad, content_type="application/json")
        assert response.status_code == 422, (bad, response.json())
        assert response.json()["errors"]
    assert Exemplar.objects.count() == before


def test_registering_for_another_body_is_403(api_for):
    response = api_for("xa.a").post(
        "/api/v1/exemplars",
        _payload(organisation_id=Organisation.objects.get(code="PT-TU").pk),
        content_type="application/json",
    )
    assert response.status_code in (403, 422)
    response = api_for("xa.b").post("/api/v1/exemplars", _payload(), content_type="application/json")
    assert response.status_code == 422  # xa.a's body is not even visible to xa.b


def test_visible_but_not_allowed_is_403(make, api_for):
    exemplar = make(Stage.DRAFT)
    response = api_for("tinh.bdv").post(
        f"/api/v1/exemplars/{exemplar.pk}/actions/register", {"note": ""}, content_type="application/json"
    )
    assert response.status_code == 403


def test_wrong_stage_is_409(make, api_for):
    exemplar = make(Stage.DRAFT)
    response = api_for("lanhdao.bdv").post(
        f"/api/v1/exemplars/{exemplar.pk}/actions/recognise", {"note": ""}, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["detail"]


def test_scores_by_a_non_member_are_403_and_bad_scores_422(make, api_for):
    exemplar = make(Stage.UNDER_REVIEW, org_code="PT-DU-05089")
    criteria = list(exemplar.current_nomination.criteria_set.criteria.all())
    good = {"scores": [{"criterion_id": c.pk, "score": c.max_score} for c in criteria]}
    assert (
        api_for("tinh.bdv")
        .post(f"/api/v1/exemplars/{exemplar.pk}/scores", good, content_type="application/json")
        .status_code
        == 403
    )
    too_high = {"scores": [{"criterion_id": c.pk, "score": c.max_score + 1} for c in criteria]}
    member = api_for("hoidong.1")
    assert (
        member.post(
            f"/api/v1/exemplars/{exemplar.pk}/scores", too_high, content_type="application/json"
        ).status_code
        == 422
    )
    partial = {"scores": good["scores"][:1]}
    assert (
        member.post(
            f"/api/v1/exemplars/{exemplar.pk}/scores", partial, content_type="application/json"
        ).status_code
        == 422
    )
    first = member.post(f"/api/v1/exemplars/{exemplar.pk}/scores", good, content_type="application/json")
    again = member.post(f"/api/v1/exemplars/{exemplar.pk}/scores", good, content_type="application/json")
    assert first.status_code == again.status_code == 201 and again.json()["replaced"] is True
    summary = api_for("tinh.bdv").get(f"/api/v1/exemplars/{exemplar.pk}/scores/summary").json()
    assert summary["submitted"] == 1 and summary["quorum_met"] is False and summary["average"] == 100.0


def test_scores_after_the_review_closed_are_refused(make, api_for):
    """Once the review is closed the nomination is no longer the council's to see (outside the
    member's own scope: 404); the Ban, who sees it, cannot score either (409: not under review)."""
    exemplar = make(Stage.RECOGNISED, org_code="PT-DU-05089")
    criteria = exemplar.current_nomination.criteria_set.criteria.all()
    payload = {"scores": [{"criterion_id": c.pk, "score": 1} for c in criteria]}
    url = f"/api/v1/exemplars/{exemplar.pk}/scores"
    assert api_for("hoidong.1").post(url, payload, content_type="application/json").status_code == 404
    assert api_for("tinh.bdv").post(url, payload, content_type="application/json").status_code == 409


def test_replication_rules(make, api_for):
    exemplar = make(Stage.RECOGNISED)
    api = api_for("so.a")
    snv = Organisation.objects.get(code="PT-SNV")
    not_mine = Organisation.objects.get(code="PT-MTTQ")
    assert (
        api.post(
            f"/api/v1/exemplars/{exemplar.pk}/replications",
            {"organisation_id": not_mine.pk, "started_on": "2026-05-01"},
            content_type="application/json",
        ).status_code
        == 422
    )  # outside so.a's scope
    ok = api.post(
        f"/api/v1/exemplars/{exemplar.pk}/replications",
        {"organisation_id": snv.pk, "started_on": "2026-05-01", "note": "Áp dụng"},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["adaptations"] == "Áp dụng"
    duplicate = api.post(
        f"/api/v1/exemplars/{exemplar.pk}/replications",
        {"organisation_id": snv.pk, "started_on": "2026-05-01"},
        content_type="application/json",
    )
    assert duplicate.status_code == 409
    assert len(api.get(f"/api/v1/exemplars/{exemplar.pk}/replications").json()) == 1
    in_progress = make(Stage.IN_PROGRESS)
    assert (
        api_for("xa.a")
        .post(
            f"/api/v1/exemplars/{in_progress.pk}/replications",
            {
                "organisation_id": Organisation.objects.get(code="PT-CS-04897-1").pk,
                "started_on": "2026-05-01",
            },
            content_type="application/json",
        )
        .status_code
        == 403
    )


def test_reference_data(api_for):
    api = api_for("xa.a")
    fields = api.get("/api/v1/fields").json()
    roots = {f["name"] for f in fields if f["parent_id"] is None}
    assert roots == {"Kinh tế", "Văn hóa – xã hội", "Quốc phòng – an ninh", "Xây dựng hệ thống chính trị"}
    sets = api.get("/api/v1/criteria-sets").json()
    assert {s["applies_to"] for s in sets} == {"collective", "individual"}
    one = api.get(f"/api/v1/criteria-sets/{sets[0]['id']}").json()
    assert one["criteria"] and {"pass_mark", "quorum", "valid_from"} <= set(one)
    assert api.get("/api/v1/criteria-sets/999999").status_code == 404


def test_public_api_needs_no_login_and_hides_the_unrecognised(make):
    hidden = make(Stage.UNDER_REVIEW, title="Chưa công nhận Xyzabc")
    shown = make(Stage.RECOGNISED, title="Đã công nhận Xyzabc")
    items = Client().get("/api/v1/public/exemplars?q=xyzabc").json()["items"]
    assert [i["id"] for i in items] == [shown.pk]
    assert Client().get(f"/api/v1/public/exemplars/{hidden.pk}").status_code == 404
    assert Client().get("/api/v1/exemplars").status_code == 401


def test_attachments_api_accepts_exemplar_evidence(make, api_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dvk.exemplars.tests.conftest import PDF

    exemplar = make(Stage.IN_PROGRESS)
    response = api_for("xa.a").post(
        "/api/v1/attachments",
        {
            "target_type": "exemplars.exemplar",
            "target_id": exemplar.pk,
            "kind": "evidence",
            "file": SimpleUploadedFile("anh.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 201, response.json()
    assert (
        api_for("xa.b")
        .post(
            "/api/v1/attachments",
            {
                "target_type": "exemplars.exemplar",
                "target_id": exemplar.pk,
                "file": SimpleUploadedFile("anh.pdf", PDF, content_type="application/pdf"),
            },
        )
        .status_code
        == 404
    )
