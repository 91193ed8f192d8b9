"""The whole journey of issue 3 through HTTP and the API with the demo accounts:
xa.a registers → tinh.bdv accepts → xa.a nominates → tinh.bdv opens review → hoidong.1 and
hoidong.2 score, hoidong.3 is refused → lanhdao.bdv recognises → the public showcase and
/xac-minh/<code>/ show it → so.a records a replication."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from docx import Document

from dvk.audit.models import AuditEvent
from dvk.exemplars.models import CouncilExclusion, Decision, Exemplar, FieldOfWork
from dvk.exemplars.tests.conftest import PDF
from dvk.organisations.models import Organisation


def test_register_to_replication(client_for, api_for, persona):
    thinh_minh = Organisation.objects.get(code="PT-DU-04897")
    field = FieldOfWork.objects.get(code="nong-thon-moi")
    started = timezone.localdate() - dt.timedelta(days=500)

    # xa.a registers through the HTML form (then sends the registration)
    xa_a = client_for("xa.a")
    form = {
        "organisation": thinh_minh.pk,
        "kind": "collective",
        "title": "Dân vận khéo trong làm đường giao thông xóm Đồng Chụa",
        "summary": "Nhân dân hiến đất, góp công làm 3 km đường bê tông.",
        "field": field.pk,
        "level": "tinh",
        "cycle": "",
        "started_on": started.isoformat(),
        "situation": "Đường đất lầy lội mùa mưa.",
        "goals": "3 km đường bê tông; 100% hộ đồng thuận.",
        "content_method": "Chi bộ lãnh đạo, Mặt trận vận động.",
        "area_beneficiaries": "Xóm Đồng Chụa, 210 hộ.",
        "expected_outputs": "Biên bản nghiệm thu.",
        "sustainability": "Quy ước bảo dưỡng.",
        "forces_rows-name": ["Chi bộ xóm", "Ban công tác Mặt trận", ""],
        "forces_rows-role": ["lead", "coordinate", ""],
        "forces_rows-task": ["lãnh đạo", "", ""],
        "funds": "600 triệu đồng",
        "workdays": "1.500 ngày công",
        "timeline_rows-date": [f"{started:%d/%m/%Y}"],
        "timeline_rows-milestone": ["Ra mắt mô hình"],
        "latitude": "20.79",
        "longitude": "105.28",
        "form_token": "journey-token-1",
    }
    response = xa_a.post("/mo-hinh/dang-ky/", form)
    assert response.status_code == 302, response.context["form"].errors
    exemplar = Exemplar.objects.get(form_token="journey-token-1")
    assert xa_a.post("/mo-hinh/dang-ky/", form).status_code == 302  # double click: still one row
    assert Exemplar.objects.filter(title=form["title"]).count() == 1
    assert exemplar.forces[0] == {"name": "Chi bộ xóm", "role": "lead", "task": "lãnh đạo"}
    assert exemplar.stage == "draft"
    response = xa_a.post(f"/mo-hinh/{exemplar.pk}/hanh-dong/register/", {"note": ""})
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.stage == "registered"

    # tinh.bdv accepts (HTML)
    coordinator = client_for("tinh.bdv")
    assert exemplar.title in coordinator.get("/mo-hinh/dieu-phoi/").content.decode()
    coordinator.post(f"/mo-hinh/{exemplar.pk}/hanh-dong/accept_registration/", {"note": "Đồng ý"})
    exemplar.refresh_from_db()
    assert exemplar.stage == "in_progress"

    # xa.a reports progress, attaches the dossier and nominates (API)
    xa_a.post(
        f"/mo-hinh/{exemplar.pk}/tien-do/",
        {
            "reported_on": timezone.localdate().isoformat(),
            "summary": "Hoàn thành 2 km",
            "figures_rows-label": ["Km đường", ""],
            "figures_rows-value": ["2", ""],
        },
    )
    assert exemplar.progress_updates.get().figures == {"Km đường": "2"}
    api_a = api_for("xa.a")
    refused = api_a.post(
        f"/api/v1/exemplars/{exemplar.pk}/actions/nominate", {"note": ""}, content_type="application/json"
    )
    assert refused.status_code == 409
    assert "biên bản" in refused.json()["detail"].lower() or "hồ sơ" in refused.json()["detail"].lower()
    for kind in ("dossier.proposal", "dossier.report", "dossier.minutes", "evidence"):
        upload = SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")
        assert (
            xa_a.post(f"/mo-hinh/{exemplar.pk}/tep/", {"kind": kind, "label": "", "file": upload}).status_code
            == 302
        )
    response = api_a.post(
        f"/api/v1/exemplars/{exemplar.pk}/actions/nominate",
        {"note": "Đề nghị công nhận"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["stage"] == "nominated"

    # tinh.bdv opens the council review (API); hoidong.3 leads xa.a's body and is excluded
    response = api_for("tinh.bdv").post(
        f"/api/v1/exemplars/{exemplar.pk}/actions/open_review", {"note": ""}, content_type="application/json"
    )
    assert response.json()["stage"] == "under_review"
    nomination = Exemplar.objects.get(pk=exemplar.pk).current_nomination
    assert CouncilExclusion.objects.filter(nomination=nomination, user__username="hoidong.3").exists()
    criteria = list(nomination.criteria_set.criteria.all())

    # hoidong.1 scores through the HTML form; hoidong.2 through the API
    member1 = client_for("hoidong.1")
    assert exemplar.title in member1.get("/mo-hinh/cham-diem/").content.decode()
    assert member1.get(f"/mo-hinh/{exemplar.pk}/cham-diem/").status_code == 200
    data = {f"c{c.pk}": str(c.max_score * 0.9) for c in criteria} | {"comment": "Hiệu quả rõ rệt"}
    assert member1.post(f"/mo-hinh/{exemplar.pk}/cham-diem/", data).status_code == 302
    api_2 = api_for("hoidong.2")
    scores = {"scores": [{"criterion_id": c.pk, "score": c.max_score * 0.8} for c in criteria], "comment": ""}
    # before submitting, hoidong.2 cannot see hoidong.1's sheet
    assert api_2.get(f"/api/v1/exemplars/{exemplar.pk}/scores").json() == []
    response = api_2.post(f"/api/v1/exemplars/{exemplar.pk}/scores", scores, content_type="application/json")
    assert response.status_code == 201 and response.json()["replaced"] is False
    assert len(api_2.get(f"/api/v1/exemplars/{exemplar.pk}/scores").json()) == 2

    # hoidong.3 is refused, over the API and the form, and the refusal is recorded
    response = api_for("hoidong.3").post(
        f"/api/v1/exemplars/{exemplar.pk}/scores", scores, content_type="application/json"
    )
    assert response.status_code == 403
    assert client_for("hoidong.3").post(f"/mo-hinh/{exemplar.pk}/cham-diem/", data).status_code == 403
    assert (
        AuditEvent.objects.filter(action="exemplars.score_refused", actor__username="hoidong.3").count() == 2
    )

    summary = api_for("tinh.bdv").get(f"/api/v1/exemplars/{exemplar.pk}/scores/summary").json()
    assert summary["members"] == 2 and summary["submitted"] == 2
    assert summary["quorum_met"] is True and summary["passed"] is True
    assert summary["average"] == 85.0

    # lanhdao.bdv recognises: a numbered decision with a verification code
    leader = api_for("lanhdao.bdv")
    assert "recognise" in leader.get(f"/api/v1/exemplars/{exemplar.pk}").json()["available_actions"]
    response = leader.post(
        f"/api/v1/exemplars/{exemplar.pk}/actions/recognise", {"note": ""}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["stage"] == "recognised"
    decision = Decision.objects.get(exemplar_id=exemplar.pk)
    assert body["decision"]["number"] == decision.number
    assert decision.number.endswith("-QĐ/BTGDVTU")
    assert decision.level == "tinh" and decision.signed_on == timezone.localdate()
    code = decision.verification_code
    # a repeated click is harmless
    assert (
        leader.post(
            f"/api/v1/exemplars/{exemplar.pk}/actions/recognise",
            {"note": ""},
            content_type="application/json",
        ).status_code
        == 200
    )
    assert Decision.objects.filter(exemplar_id=exemplar.pk).count() == 1

    # minutes and certificate
    minutes = Document(
        io.BytesIO(client_for("tinh.bdv").get(f"/mo-hinh/{exemplar.pk}/bien-ban.docx").content)
    )
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert "85,00%" in text and "100,00%" in text and "Xa Văn Tuấn" in text
    minutes_number = minutes.tables[0].rows[0].cells[0].paragraphs[-1].text
    assert minutes_number.startswith("Số ") and minutes_number.endswith("-BB/HĐDVK")  # in the register
    certificate = client_for("xa.a").get(f"/mo-hinh/{exemplar.pk}/chung-nhan/{decision.pk}.docx")
    cert_doc = Document(io.BytesIO(certificate.content))
    cert_text = "\n".join(
        [p.text for p in cert_doc.paragraphs]
        + [c.text for t in cert_doc.tables for row in t.rows for c in row.cells]
    )
    assert code in cert_text and decision.number in cert_text

    # the public sees it without login
    anonymous = Client()
    assert exemplar.title in anonymous.get("/dien-hinh/?q=dong chua").content.decode()
    assert anonymous.get(f"/dien-hinh/{exemplar.pk}/").status_code == 200
    page = anonymous.get(f"/xac-minh/{code}/").content.decode()
    assert decision.number in page and exemplar.title in page
    public = anonymous.get("/api/v1/public/exemplars?q=dong chua").json()
    assert [i["id"] for i in public["items"]] == [exemplar.pk]

    # so.a records a replication by Sở Nội vụ
    snv = Organisation.objects.get(code="PT-SNV")
    response = api_for("so.a").post(
        f"/api/v1/exemplars/{exemplar.pk}/replications",
        {
            "organisation_id": snv.pk,
            "started_on": timezone.localdate().isoformat(),
            "note": "Áp dụng trong cơ quan",
            "latitude": 21.32,
            "longitude": 105.4,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    exemplar.refresh_from_db()
    assert exemplar.replication_count == 1
    assert "Sở Nội vụ tỉnh Phú Thọ" in anonymous.get(f"/dien-hinh/{exemplar.pk}/").content.decode()
    assert persona("so.a").has_perm("exemplars.replicate", exemplar)
