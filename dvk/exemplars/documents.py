"""Word documents in the Party layout (Hướng dẫn 36-HD/VPTW, domain.md §7): the council minutes
(biên bản họp hội đồng) and the recognition certificate carrying the public verification code.
Vietnamese document text is data here, written in Vietnamese, like the names of demo records."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from dvk.documents import layout, numbering
from dvk.documents.layout import CENTER, DOCX_MIME

__all__ = ["DOCX_MIME", "certificate_docx", "minutes_docx"]
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


def minutes_docx(nomination: Nomination, *, user: Any) -> bytes:
    """Biên bản họp hội đồng: members present, every score, the average and the percentage agreeing."""
    council = nomination.council
    exemplar = nomination.exemplar
    summary = summarise(nomination)
    sheets = visible_sheets(user=user, nomination=nomination)
    criteria = list(nomination.criteria_set.criteria.all())
    body = council.organisation if council else exemplar.organisation
    held_at = nomination.closed_at or nomination.review_opened_at
    day = held_at.date() if held_at else nomination.nominated_on
    doc = layout.new_document()
    # The minutes are printed for signing before they are filed: the number is written in by hand.
    layout.header(
        doc,
        layout.draft_heading(body, doc_type="BB", day=day, place=council.place if council else ""),
    )
    layout.title(doc, "Biên bản", f"họp xét công nhận điển hình “Dân vận khéo” {nomination.cycle.name}")
    layout.para(doc, f"Mô hình/điển hình: {exemplar.display_title}", bold=True)
    layout.para(
        doc,
        f"Đơn vị đề nghị: {exemplar.organisation.name}. Lĩnh vực: {exemplar.field.name}. "
        f"Cấp xét: {exemplar.get_level_display()}.",
    )
    layout.para(
        doc,
        f"Bộ tiêu chí: {nomination.criteria_set} — điểm đạt {_pct(nomination.criteria_set.pass_mark)}, "
        f"số phiếu tối thiểu {nomination.criteria_set.quorum}.",
    )
    layout.para(doc, "I. THÀNH PHẦN", bold=True)
    members = list(council.members.select_related("user")) if council else []
    submitted = {s.member_id for s in sheets}
    excluded = {e.user_id: e.reason for e in nomination.exclusions.all()}
    for seat in members:
        status = (
            ("không tham gia chấm: " + excluded[seat.user_id])
            if seat.user_id in excluded
            else ("có phiếu chấm" if seat.user_id in submitted else "chưa nộp phiếu")
        )
        layout.para(doc, f"- {seat.user.get_full_name()} ({seat.get_role_display()}): {status}.")
    layout.para(doc, "II. KẾT QUẢ CHẤM ĐIỂM", bold=True)
    table = doc.add_table(rows=1, cols=len(criteria) + 2)
    table.style = "Table Grid"
    head = table.rows[0].cells
    head[0].text = "Thành viên"
    for i, criterion in enumerate(criteria, start=1):
        head[i].text = f"{criterion.name} (tối đa {criterion.max_score}, hệ số {criterion.weight:g})"
    head[-1].text = "Tỷ lệ điểm"
    for sheet in sheets:
        cells = table.add_row().cells
        cells[0].text = sheet.member.get_full_name()
        by_criterion = {s.criterion_id: s.score for s in sheet.scores.all()}
        for i, criterion in enumerate(criteria, start=1):
            value = by_criterion.get(criterion.pk)
            cells[i].text = "—" if value is None else f"{value:g}"
        cells[-1].text = _pct(sheet.percent)
    layout.table_font(table, 12)
    layout.para(doc, "")
    layout.para(
        doc,
        f"Số thành viên tham gia xét: {summary.members}; số phiếu chấm: {summary.submitted} "
        f"({'đủ' if summary.quorum_met else 'chưa đủ'} số phiếu tối thiểu {summary.quorum}).",
    )
    layout.para(
        doc,
        f"Điểm bình quân: {_pct(summary.average)}. Tỷ lệ thành viên tán thành (điểm đạt "
        f"{_pct(summary.pass_mark)} trở lên): {_pct(summary.percent_agreeing)} "
        f"({summary.agreeing}/{summary.submitted}).",
    )
    verdict = "ĐẠT" if summary.passed else "CHƯA ĐẠT"
    layout.para(doc, f"Kết luận: {verdict} tiêu chí công nhận điển hình “Dân vận khéo”.", bold=True)
    layout.side_by_side_signatures(doc, "Thư ký", "Chủ tịch Hội đồng")
    return layout.to_bytes(doc)


def certificate_docx(decision: Decision, *, verify_url: str) -> bytes:
    """Giấy chứng nhận: one per recognised model or person, with the public verification code."""
    exemplar = decision.exemplar
    body = decision.issuing_body
    doc = layout.new_document()
    layout.header(doc, _decision_heading(decision))
    layout.title(doc, "Giấy chứng nhận", f"điển hình “Dân vận khéo” {decision.cycle.name}")
    layout.para(
        doc,
        f"Căn cứ Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y} của {body.name},",
        italic=True,
    )
    layout.para(doc, "CHỨNG NHẬN", align=CENTER, size=15, bold=True)
    if exemplar.kind == "individual":
        layout.para(doc, f"Ông/Bà: {exemplar.person_name}", align=CENTER, bold=True)
        if exemplar.person_position:
            layout.para(doc, f"Chức vụ: {exemplar.person_position}", align=CENTER)
        layout.para(doc, f"Đơn vị: {exemplar.organisation.name}", align=CENTER)
        layout.para(
            doc,
            f"là điển hình “Dân vận khéo” cấp {'tỉnh' if decision.level == 'tinh' else 'xã'} với: "
            f"{exemplar.title}",
            align=CENTER,
        )
    else:
        layout.para(doc, f"Mô hình “{exemplar.title}”", align=CENTER, bold=True)
        layout.para(doc, f"của {exemplar.organisation.name}", align=CENTER)
        layout.para(
            doc,
            f"đạt danh hiệu mô hình “Dân vận khéo” cấp {'tỉnh' if decision.level == 'tinh' else 'xã'}, "
            f"lĩnh vực {exemplar.field.name}.",
            align=CENTER,
        )
    layout.para(doc, "")
    layout.para(doc, f"Mã xác minh: {decision.verification_code}", bold=True)
    layout.para(doc, f"Tra cứu công khai: {verify_url}", italic=True, size=12)
    if decision.document_id:
        block = layout.signature_for(decision.document)  # type: ignore[arg-type]
    else:
        capacity, capacity_of, position = numbering.signing_for(body)
        signer = decision.signed_by.get_full_name() if decision.signed_by else ""
        block = layout.Signature(position=position, name=signer, capacity=capacity, capacity_of=capacity_of)
    layout.signature(doc, replace(block, recipients=()))  # a certificate has no "Nơi nhận"
    return layout.to_bytes(doc)
