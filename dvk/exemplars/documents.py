"""Word documents of the exemplars domain, on the shared templates (dvk.documents.kinds: the
layout rules of 36-HD/VPTW and NĐ 30/2020 live there, not here): the council minutes (biên bản,
numbered in the council's register when the review closes), the recognition decision with its
attached list and the certificate with the QR code of its public verification page. Vietnamese
document text is data here, written in Vietnamese, like the names of demo records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from dvk.core.text import quoted
from dvk.documents import kinds, layout, numbering
from dvk.documents import selectors as register
from dvk.documents.kinds import Grid, Part, Text, Votes
from dvk.documents.layout import DOCX_MIME, vn_number

__all__ = ["DOCX_MIME", "certificate_docx", "decision_docx", "minutes_docx"]
from dvk.exemplars.models import Decision, Nomination
from dvk.exemplars.selectors import visible_sheets
from dvk.exemplars.services import summarise


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",") + "%"


def _decision_heading(decision: Decision) -> layout.Heading:
    """The header of a decision: from its register row (every decision has one since the register
    took the old ones over; the fallback keeps a decision of a half-loaded database printable)."""
    if decision.document_id:
        return layout.heading_for(decision.document)  # type: ignore[arg-type]
    body = decision.issuing_body
    form = numbering.form_for(body)
    return layout.Heading(
        form=form,
        superior=numbering.superior_line(body),
        issuer=body.name.upper(),
        number_line=numbering.number_line(form, decision.number),
        place_date=numbering.date_line(numbering.place_for(body), decision.signed_on),
    )


def _decision_signature(decision: Decision) -> layout.Signature:
    if decision.document_id:
        return layout.signature_for(decision.document)  # type: ignore[arg-type]
    capacity, capacity_of, position = numbering.signing_for(decision.issuing_body)
    signer = decision.signed_by.get_full_name() if decision.signed_by else ""
    return layout.Signature(position=position, name=signer, capacity=capacity, capacity_of=capacity_of)


def _level(decision: Decision) -> str:
    return "tỉnh" if decision.level == "tinh" else "xã"


def minutes_docx(nomination: Nomination, *, user: Any) -> bytes:
    """Biên bản họp hội đồng: members present, every score, the average and the percentage agreeing.
    The number is the one the council's register gave when the review closed; an open review prints
    a blank number to be written in by hand."""
    council = nomination.council
    exemplar = nomination.exemplar
    summary = summarise(nomination)
    sheets = visible_sheets(user=user, nomination=nomination)
    criteria = list(nomination.criteria_set.criteria.all())
    body = council.organisation if council else exemplar.organisation
    held_at = nomination.closed_at or nomination.review_opened_at
    day = held_at.date() if held_at else nomination.nominated_on
    entered = register.for_subject(nomination).filter(doc_type="BB").first()
    heading = (
        layout.heading_for(entered)
        if entered is not None
        else layout.draft_heading(body, doc_type="BB", day=day, place=council.place if council else "")
    )
    members = list(council.members.select_related("user")) if council else []
    submitted = {s.member_id for s in sheets}
    excluded = {e.user_id: e.reason for e in nomination.exclusions.all()}
    attendance = []
    for seat in members:
        status = (
            ("không tham gia chấm: " + excluded[seat.user_id])
            if seat.user_id in excluded
            else ("có phiếu chấm" if seat.user_id in submitted else "chưa nộp phiếu")
        )
        attendance.append(f"- {seat.user.get_full_name()} ({seat.get_role_display()}): {status}.")
    columns = [
        "Thành viên",
        *(f"{c.name} (tối đa {vn_number(c.max_score)}, hệ số {vn_number(c.weight)})" for c in criteria),
        "Tỷ lệ điểm",
    ]
    rows = []
    for sheet in sheets:
        by_criterion = {s.criterion_id: s.score for s in sheet.scores.all()}
        values = [by_criterion.get(c.pk) for c in criteria]
        rows.append(
            [
                sheet.member.get_full_name(),
                *(vn_number(v) for v in values),
                _pct(sheet.percent),
            ]
        )
    verdict = "ĐẠT" if summary.passed else "CHƯA ĐẠT"
    doc = kinds.minutes(
        heading,
        summary=f"họp xét công nhận điển hình “Dân vận khéo” {nomination.cycle.name}",
        opening=[
            f"Mô hình/điển hình: {exemplar.display_title}.",
            f"Đơn vị đề nghị: {exemplar.organisation.name}. Lĩnh vực: {exemplar.field.name}. "
            f"Cấp xét: {exemplar.get_level_display()}.",
            f"Bộ tiêu chí: {nomination.criteria_set} — điểm đạt {_pct(nomination.criteria_set.pass_mark)}, "
            f"số phiếu tối thiểu {nomination.criteria_set.quorum}.",
        ],
        blocks=[
            Part("I. THÀNH PHẦN"),
            *attendance,
            Part("II. KẾT QUẢ CHẤM ĐIỂM"),
            Grid(columns, rows),
            f"Số thành viên tham gia xét: {summary.members}; số phiếu chấm: {summary.submitted} "
            f"({'đủ' if summary.quorum_met else 'chưa đủ'} số phiếu tối thiểu {summary.quorum}).",
            f"Điểm bình quân: {_pct(summary.average)}. Tỷ lệ thành viên tán thành (điểm đạt "
            f"{_pct(summary.pass_mark)} trở lên): {_pct(summary.percent_agreeing)} "
            f"({summary.agreeing}/{summary.submitted}).",
            Text(f"Kết luận: {verdict} tiêu chí công nhận điển hình “Dân vận khéo”.", bold=True),
        ],
        votes=Votes(
            members=summary.members,
            present=summary.submitted,
            agreeing=summary.agreeing,
            pass_line=f"điểm đạt {_pct(summary.pass_mark)} trở lên",
        ),
        signers=(("Thư ký", ""), ("Chủ tịch Hội đồng", "")),
    )
    return layout.to_bytes(doc)


def decision_docx(decision: Decision) -> bytes:
    """Quyết định công nhận with its attached list (danh sách kèm theo) on a new page."""
    exemplar = decision.exemplar
    body = decision.issuing_body
    what = "điển hình" if exemplar.kind == "individual" else "mô hình"
    heading = _decision_heading(decision)
    attached = (
        kinds.attached_to_line(decision.document)  # type: ignore[arg-type]
        if decision.document_id
        else f"(Kèm theo Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y} của {body.name})"
    )
    doc = kinds.decision(
        heading,
        summary=f"về việc công nhận {what} “Dân vận khéo” cấp {_level(decision)} {decision.cycle.name}",
        authority=body.name,
        grounds=[
            "Căn cứ Quy chế làm việc của cơ quan;",
            "Căn cứ hướng dẫn xét công nhận mô hình, điển hình “Dân vận khéo”;",
            f"Xét đề nghị của Hội đồng xét công nhận (điểm bình quân {_pct(decision.average)}, "
            f"tỷ lệ tán thành {_pct(decision.percent_agreeing)}),",
        ],
        articles=[
            f"Công nhận {what} “Dân vận khéo” cấp {_level(decision)} {decision.cycle.name} "
            "(có danh sách kèm theo).",
            "Quyết định có hiệu lực kể từ ngày ký.",
            "Văn phòng và các cơ quan, đơn vị có tên tại Điều 1 căn cứ Quyết định thi hành.",
        ],
        sign=_decision_signature(decision),
        archive=numbering.abbreviation_for(body),
        annex=kinds.Annex(
            "Danh sách",
            f"{what} “Dân vận khéo” được công nhận",
            attached,
            ["TT", "Tên mô hình, điển hình", "Cơ quan, đơn vị", "Lĩnh vực", "Mã xác minh"],
            [
                [
                    1,
                    exemplar.display_title,
                    exemplar.organisation.name,
                    exemplar.field.name,
                    decision.verification_code,
                ]
            ],
        ),
    )
    return layout.to_bytes(doc)


def certificate_docx(decision: Decision, *, verify_url: str) -> bytes:
    """Giấy chứng nhận: one per recognised model or person, with the public verification code and
    its QR code."""
    exemplar = decision.exemplar
    body = decision.issuing_body
    if exemplar.kind == "individual":
        awarded_to = f"Ông/Bà {exemplar.person_name}"
        lines = [
            *([f"Chức vụ: {exemplar.person_position}"] if exemplar.person_position else []),
            f"Đơn vị: {exemplar.organisation.name}",
            f"là điển hình “Dân vận khéo” cấp {_level(decision)} với: {exemplar.title}",
        ]
    else:
        awarded_to = f"Mô hình {quoted(exemplar.title)}"
        lines = [
            f"của {exemplar.organisation.name}",
            f"đạt danh hiệu mô hình “Dân vận khéo” cấp {_level(decision)}, lĩnh vực {exemplar.field.name}.",
        ]
    doc = kinds.certificate(
        _decision_heading(decision),
        kind="Giấy chứng nhận",
        authority=body.name,
        grounds=f"Căn cứ Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y} của {body.name},",
        verb="Chứng nhận",
        awarded_to=awarded_to,
        lines=lines,
        sign=_decision_signature(decision),
        verify_url=verify_url,
        code=decision.verification_code,
    )
    return layout.to_bytes(doc)
