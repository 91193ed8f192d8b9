"""The comment-by-comment table of a critique (bảng tổng hợp tiếp thu, giải trình) as Word and Excel.

Columns: no., article or paragraph, comment, from, answer (accepted / partly / not accepted),
explanation, and the articles of a later version the comment changed. Times New Roman, dates dd/mm/yyyy.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.front.models import Comment, Critique

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "Times New Roman"


def download(content: bytes, filename: str, mime: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def headers() -> list[str]:
    return [
        _("Row no."),
        _("Article, clause, paragraph"),
        _("Comment text"),
        _("Comment from"),
        _("Answer"),
        _("Explanation (giải trình)"),
        _("Changed in"),
    ]


def row_values(i: int, c: Comment) -> list[str]:
    changed = ", ".join(f"{u.label} (v{u.version.number})" for u in c.changed_units.all())
    return [
        str(i),
        c.unit.label if c.unit is not None else _("The draft as a whole"),
        c.text,
        c.author_display,
        c.get_answer_display() if c.answer else _("Not answered yet"),
        c.explanation,
        changed,
    ]


def _title(critique: Critique) -> list[str]:
    lines = [
        _("TABLE OF ACCEPTANCE AND EXPLANATION OF THE SOCIAL CRITIQUE"),
        critique.title,
        _("Drafting body: %(body)s") % {"body": critique.drafting_body.name},
    ]
    if critique.document_number:
        lines.append(
            _("Critique document No. %(number)s of %(date)s by %(front)s")
            % {
                "number": critique.document_number,
                "date": critique.document_date.strftime("%d/%m/%Y") if critique.document_date else "",
                "front": critique.organisation.name,
            }
        )
    return lines


def summary(rows: Sequence[Comment]) -> list[tuple[str, int]]:
    counts = dict.fromkeys(Comment.Answer.values, 0)
    unanswered = 0
    for c in rows:
        if c.answer:
            counts[c.answer] += 1
        else:
            unanswered += 1
    out = [(str(label), counts[value]) for value, label in Comment.Answer.choices]
    out.append((_("Not answered yet"), unanswered))
    return out


def response_table_docx(critique: Critique, rows: Sequence[Comment]) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    for i, line in enumerate(_title(critique)):
        para = document.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(line)
        run.bold = i == 0
        run.font.size = Pt(14 if i == 0 else 13)
    table = document.add_table(rows=1, cols=len(headers()))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers(), strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    for i, comment in enumerate(rows, start=1):
        cells = table.add_row().cells
        for cell, text in zip(cells, row_values(i, comment), strict=True):
            cell.text = text
    document.add_paragraph()
    for label, n in summary(rows):
        document.add_paragraph(f"{label}: {n}")
    para = document.add_paragraph(
        _("Exported on %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}
    )
    para.runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def response_table_xlsx(critique: Critique, rows: Sequence[Comment]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Acceptance table")[:31]
    cols = headers()
    for line in _title(critique):
        ws.append([line])
    ws.append([])
    ws.append(cols)
    header_row = ws.max_row
    for i in range(1, header_row):
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=len(cols))
        ws.cell(i, 1).font = Font(name=FONT, bold=i == 1, size=14 if i == 1 else 12)
        ws.cell(i, 1).alignment = Alignment(horizontal="center")
    for col in range(1, len(cols) + 1):
        ws.cell(header_row, col).font = Font(name=FONT, bold=True)
    for i, comment in enumerate(rows, start=1):
        values: list[object] = [*row_values(i, comment)]
        values[0] = i
        ws.append(values)
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.font = Font(name=FONT)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (6, 28, 60, 28, 18, 60, 28), strict=True):
        ws.column_dimensions[letter].width = width
    ws.append([])
    for label, n in summary(rows):
        ws.append([label, n])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
