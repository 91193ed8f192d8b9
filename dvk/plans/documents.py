"""The "đôn đốc" letter as a Word file in the Party layout (domain.md §7.1, Hướng dẫn 36-HD/VPTW):
issuing body top left with "*" and the number, "ĐẢNG CỘNG SẢN VIỆT NAM" top right with the place
and date in italics, "V/v …" summary, body, signature and "Nơi nhận"."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dvk.organisations.models import Organisation
from dvk.plans.models import UrgeLetter

FONT = "Times New Roman"


def _font(run, size: float, bold: bool = False, italic: bool = False, underline: bool = False) -> None:
    run.font.name = FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline


def _para(
    container,
    text: str,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    underline: bool = False,
    space_after: float = 0,
):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    _font(p.add_run(text), size, bold, italic, underline)
    return p


def _root(org: Organisation) -> Organisation:
    return Organisation.objects.filter(path=org.path[:4]).select_related("unit").first() or org


def _place(org: Organisation) -> str:
    name = _root(org).unit.name
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    return name


def reminder_letter(letter: UrgeLetter) -> bytes:
    issuer = letter.organisation
    root = _root(issuer)
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)

    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].text = ""
    _font(left.paragraphs[0].add_run(f"ĐẢNG BỘ {root.unit.name.upper()}"), 14)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(left, issuer.name.upper(), 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, "*", 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, f"Số {letter.number}", 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, letter.subject, 12, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM"), 15, bold=True, underline=True)
    date = letter.sent_on
    _para(
        right,
        f"{_place(issuer)}, ngày {date:%d} tháng {date:%m} năm {date:%Y}",
        14,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=12,
    )

    recipients = list(letter.recipients.order_by("path"))
    _para(doc, "", 14)
    _para(doc, "Kính gửi:", 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    for org in recipients:
        _para(doc, f"- {org.name},", 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    plan = letter.plan
    when = f", ngày {plan.issued_on:%d/%m/%Y}" if plan.issued_on else ""
    _para(
        doc,
        (
            f"Thực hiện Kế hoạch số {plan.number}{when} về {plan.title[0].lower() + plan.title[1:]}, "
            f"{issuer.name} đã giao nhiệm vụ và đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện. "
            "Đến nay, các cơ quan, đơn vị sau chưa hoàn thành hoặc chưa báo cáo đúng thời hạn:"
        ),
        14,
        space_after=6,
    )
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["TT", "Cơ quan, đơn vị", "Nhiệm vụ", "Hạn"], strict=True):
        _font(cell.paragraphs[0].add_run(text), 13, bold=True)
    for i, a in enumerate(letter.assignments.select_related("organisation", "task").order_by("org_path"), 1):
        row = table.add_row().cells
        values = [
            str(i),
            a.organisation.name,
            a.task.short_title,
            a.due_on.strftime("%d/%m/%Y") if a.due_on else "",
        ]
        for cell, text in zip(row, values, strict=True):
            _font(cell.paragraphs[0].add_run(text), 13)
    if letter.message:
        _para(doc, letter.message, 14, space_after=6)
    _para(
        doc,
        (
            f"{issuer.name} đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện và gửi báo cáo kết quả "
            "qua phần mềm Dân vận khéo trong thời gian sớm nhất."
        ),
        14,
        space_after=12,
    )

    closing = doc.add_table(rows=1, cols=2)
    left, right = closing.rows[0].cells
    _font(left.paragraphs[0].add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for line in ["- Như trên,", f"- Lưu {issuer.short_name or 'VP'}."]:
        _para(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(right.paragraphs[0].add_run("K/T TRƯỞNG BAN"), 14, bold=True)
    _para(right, "PHÓ TRƯỞNG BAN", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
