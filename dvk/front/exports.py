"""The comment-by-comment table of a critique (bảng tổng hợp tiếp thu, giải trình) as Word and Excel.

Columns: no., article or paragraph, comment, from, answer (accepted / partly / not accepted),
explanation, and the articles of a later version the comment changed. Times New Roman, dates dd/mm/yyyy.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.documents import layout
from dvk.front.models import Comment, Critique

FONT = "Times New Roman"


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
    """The table as a Word file laid out by the shared kit (A4 landscape, Times New Roman)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    doc = layout.new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for i, line in enumerate(_title(critique)):
        layout.para(doc, line, align=layout.CENTER, size=14 if i == 0 else 13, bold=i == 0, space_after=0)
    layout.para(doc, "")
    table = doc.add_table(rows=1, cols=len(headers()))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers(), strict=True):
        layout.cell_text(cell, text, size=12, bold=True, align=layout.CENTER)
    for i, comment in enumerate(rows, start=1):
        for cell, text in zip(table.add_row().cells, row_values(i, comment), strict=True):
            layout.cell_text(cell, text, size=12)
    layout.para(doc, "")
    for label, n in summary(rows):
        layout.para(doc, f"{label}: {n}", space_after=0)
    layout.para(
        doc, _("Exported on %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}, italic=True
    )
    return layout.to_bytes(doc)


def critique_document_docx(critique: Critique) -> bytes:
    """The văn bản phản biện as registered (its number, date and signature from the register)."""
    document = critique.document
    assert document is not None
    doc = layout.new_document()
    layout.header(doc, layout.heading_for(document, summary_under_number=document.title))
    layout.para(
        doc, _("To: %(body)s") % {"body": critique.drafting_body.name}, align=layout.CENTER, space_after=6
    )
    for paragraph in critique.document_text.splitlines():
        if paragraph.strip():
            layout.para(doc, paragraph.strip(), space_after=6)
    layout.signature(doc, layout.signature_for(document), archive=critique.organisation.short_name or "MTTQ")
    return layout.to_bytes(doc)


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
