"""Word documents in the Party layout (Hướng dẫn 36-HD/VPTW, domain.md §7): the council minutes
(biên bản họp hội đồng) and the recognition certificate carrying the public verification code.
Vietnamese document text is data here, written in Vietnamese, like the names of demo records."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dvk.exemplars.models import Decision, Nomination
from dvk.exemplars.selectors import visible_sheets
from dvk.exemplars.services import summarise

FONT = "Times New Roman"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _document() -> Any:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)  # A4
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(3)
    return doc


def _run(
    paragraph: Any,
    text: str,
    *,
    size: int = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Any:
    run = paragraph.add_run(text)
    run.font.name, run.font.size = FONT, Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def _para(container: Any, text: str = "", *, align: Any = WD_ALIGN_PARAGRAPH.LEFT, **kwargs: Any) -> Any:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    if text:
        _run(paragraph, text, **kwargs)
    return paragraph


def _date_line(place: str, day: Any) -> str:
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def _header(doc: Any, *, superior: str, issuer: str, number: str, place: str, day: Any) -> None:
    """Left: superior body, issuing body (bold), "*", number. Right: the Party heading, place and date."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(left.paragraphs[0], superior.upper())
    _para(left, issuer.upper(), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(left, "*", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, f"Số {number}", align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
    _para(right, "")
    _para(right, _date_line(place, day), align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)
    _para(doc, "")


def _title(doc: Any, kind: str, summary: str) -> None:
    _para(doc, kind.upper(), align=WD_ALIGN_PARAGRAPH.CENTER, size=16, bold=True)
    _para(doc, summary, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _para(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)


def _superior(body: Any) -> str:
    parent = body.parent
    while parent is not None and parent.parent is not None:
        parent = parent.parent
    if parent is None:
        return f"Đảng bộ {body.unit.name}" if body.unit else ""
    return parent.name.replace("Tỉnh ủy", "Đảng bộ tỉnh")


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",") + "%"


def _save(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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
    doc = _document()
    _header(
        doc,
        superior=_superior(body),
        issuer=body.name,
        number=f"{nomination.pk}-BB/{body.short_name or 'HĐ'}",
        place=council.place if council and council.place else body.unit.name,
        day=day,
    )
    _title(doc, "Biên bản", f"họp xét công nhận điển hình “Dân vận khéo” {nomination.cycle.name}")
    _para(doc, f"Mô hình/điển hình: {exemplar.display_title}", bold=True)
    _para(
        doc,
        f"Đơn vị đề nghị: {exemplar.organisation.name}. Lĩnh vực: {exemplar.field.name}. "
        f"Cấp xét: {exemplar.get_level_display()}.",
    )
    _para(
        doc,
        f"Bộ tiêu chí: {nomination.criteria_set} — điểm đạt {_pct(nomination.criteria_set.pass_mark)}, "
        f"số phiếu tối thiểu {nomination.criteria_set.quorum}.",
    )
    _para(doc, "I. THÀNH PHẦN", bold=True)
    members = list(council.members.select_related("user")) if council else []
    submitted = {s.member_id for s in sheets}
    excluded = {e.user_id: e.reason for e in nomination.exclusions.all()}
    for seat in members:
        status = (
            ("không tham gia chấm: " + excluded[seat.user_id])
            if seat.user_id in excluded
            else ("có phiếu chấm" if seat.user_id in submitted else "chưa nộp phiếu")
        )
        _para(doc, f"- {seat.user.get_full_name()} ({seat.get_role_display()}): {status}.")
    _para(doc, "II. KẾT QUẢ CHẤM ĐIỂM", bold=True)
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
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.name, run.font.size = FONT, Pt(12)
    _para(doc, "")
    _para(
        doc,
        f"Số thành viên tham gia xét: {summary.members}; số phiếu chấm: {summary.submitted} "
        f"({'đủ' if summary.quorum_met else 'chưa đủ'} số phiếu tối thiểu {summary.quorum}).",
    )
    _para(
        doc,
        f"Điểm bình quân: {_pct(summary.average)}. Tỷ lệ thành viên tán thành (điểm đạt "
        f"{_pct(summary.pass_mark)} trở lên): {_pct(summary.percent_agreeing)} "
        f"({summary.agreeing}/{summary.submitted}).",
    )
    verdict = "ĐẠT" if summary.passed else "CHƯA ĐẠT"
    _para(doc, f"Kết luận: {verdict} tiêu chí công nhận điển hình “Dân vận khéo”.", bold=True)
    _signatures(doc, left="THƯ KÝ", right="CHỦ TỊCH HỘI ĐỒNG")
    return _save(doc)


def _signatures(doc: Any, *, left: str, right: str) -> None:
    _para(doc, "")
    table = doc.add_table(rows=1, cols=2)
    a, b = table.rows[0].cells
    a.paragraphs[0].alignment = b.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(a.paragraphs[0], left, bold=True)
    _run(b.paragraphs[0], right, bold=True)


def certificate_docx(decision: Decision, *, verify_url: str) -> bytes:
    """Giấy chứng nhận: one per recognised model or person, with the public verification code."""
    exemplar = decision.exemplar
    body = decision.issuing_body
    doc = _document()
    _header(
        doc,
        superior=_superior(body),
        issuer=body.name,
        number=decision.number,
        place=body.unit.name.replace("Tỉnh ", ""),
        day=decision.signed_on,
    )
    _title(doc, "Giấy chứng nhận", f"điển hình “Dân vận khéo” {decision.cycle.name}")
    _para(
        doc,
        f"Căn cứ Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y} của {body.name},",
        italic=True,
    )
    _para(doc, "CHỨNG NHẬN", align=WD_ALIGN_PARAGRAPH.CENTER, size=15, bold=True)
    if exemplar.kind == "individual":
        _para(doc, f"Ông/Bà: {exemplar.person_name}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        if exemplar.person_position:
            _para(doc, f"Chức vụ: {exemplar.person_position}", align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(doc, f"Đơn vị: {exemplar.organisation.name}", align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(
            doc,
            f"là điển hình “Dân vận khéo” cấp {'tỉnh' if decision.level == 'tinh' else 'xã'} với: "
            f"{exemplar.title}",
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
    else:
        _para(doc, f"Mô hình “{exemplar.title}”", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        _para(doc, f"của {exemplar.organisation.name}", align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(
            doc,
            f"đạt danh hiệu mô hình “Dân vận khéo” cấp {'tỉnh' if decision.level == 'tinh' else 'xã'}, "
            f"lĩnh vực {exemplar.field.name}.",
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
    _para(doc, "")
    _para(doc, f"Mã xác minh: {decision.verification_code}", bold=True)
    _para(doc, f"Tra cứu công khai: {verify_url}", italic=True, size=12)
    signer = decision.signed_by.get_full_name() if decision.signed_by else ""
    _signatures(
        doc, left="", right="T/M BAN THƯỜNG VỤ" if body.kind == "party_committee" else "K/T TRƯỞNG BAN"
    )
    if signer:
        _para(doc, signer, align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True)
    return _save(doc)
