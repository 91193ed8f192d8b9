"""The exemplars documents go through the register and the shared templates: the council minutes
(BB) get a number in the council body's register when the review closes (recognised or declined),
once; the decision carries its attached list; the certificate prints the QR code of its public
verification URL."""

from __future__ import annotations

import io

from docx import Document as read_docx

from dvk.documents.models import Document
from dvk.exemplars.documents import certificate_docx, decision_docx, minutes_docx
from dvk.exemplars.models import Decision, Stage
from dvk.exemplars.services import advance_exemplar, submit_scores


def _scored(make, persona, full_scores, share=0.9):
    exemplar = make(Stage.UNDER_REVIEW)
    for member in ("hoidong.1", "hoidong.2"):
        submit_scores(exemplar=exemplar, by=persona(member), scores=full_scores(exemplar, share))
    return exemplar


def _minutes_of(nomination):
    return Document.objects.for_subject(nomination).filter(doc_type="BB")


def test_recognition_registers_the_minutes_once_and_prints_their_number(make, persona, full_scores):
    exemplar = _scored(make, persona, full_scores)
    nomination = exemplar.current_nomination
    exemplar = advance_exemplar(exemplar=exemplar, action="recognise", by=persona("lanhdao.bdv"))
    entered = _minutes_of(nomination).get()
    assert entered.organisation.code == "PT-HDTD" and entered.number.endswith("-BB/HĐDVK")
    advance_exemplar(exemplar=exemplar, action="recognise", by=persona("lanhdao.bdv"))  # repeat: no-op
    assert _minutes_of(nomination).count() == 1
    doc = read_docx(io.BytesIO(minutes_docx(nomination, user=persona("tinh.bdv"))))
    left = doc.tables[0].rows[0].cells[0]
    assert left.paragraphs[-1].text == f"Số {entered.number}"
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[:2] == ["BIÊN BẢN", f"họp xét công nhận điển hình “Dân vận khéo” {nomination.cycle.name}"]
    assert any("tán thành" in t and "2/2" in t and "100,00%" in t for t in texts)

    decision = Decision.objects.get(exemplar=exemplar)
    decided = read_docx(io.BytesIO(decision_docx(decision)))
    texts = [p.text for p in decided.paragraphs if p.text]
    assert texts[0] == "QUYẾT ĐỊNH" and "QUYẾT ĐỊNH" in texts[3:] and "DANH SÁCH" in texts
    assert any(t.startswith(f"(Kèm theo Quyết định số {decision.number} ngày") for t in texts)
    annex = decided.tables[-1]
    assert annex.rows[1].cells[1].text == exemplar.display_title
    assert annex.rows[1].cells[4].text == decision.verification_code

    url = f"https://dvk.example.vn/xac-minh/{decision.verification_code}/"
    cert = read_docx(io.BytesIO(certificate_docx(decision, verify_url=url)))
    assert [p.content_type for p in cert.part.package.parts].count("image/png") == 1
    assert cert.tables[1].rows[0].cells[0].paragraphs[-1].text == url
    assert cert.sections[0].page_width > cert.sections[0].page_height  # landscape


def test_a_declined_review_registers_its_minutes_too(make, persona, full_scores):
    exemplar = _scored(make, persona, full_scores, share=0.3)
    nomination = exemplar.current_nomination
    advance_exemplar(exemplar=exemplar, action="decline", by=persona("lanhdao.bdv"), note="Chưa đạt điểm")
    assert _minutes_of(nomination).count() == 1
