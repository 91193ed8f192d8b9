"""The layout kit every generated Word document uses (python-docx), so templates never repeat the
rules of Hướng dẫn 36-HD/VPTW (Party) and Nghị định 30/2020/NĐ-CP (State), domain.md §7:

- A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt;
- page numbers centred in the top margin from page 2 on (none on page 1);
- the header: Party — superior body and issuing body (bold) with the "*" line and "Số 06-KH/…"
  on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" (underlined) and the italic place and date on the right;
  State — superior and issuing body, "Số: 15/QĐ-…" on the left, the quốc hiệu and the underlined
  tiêu ngữ and the italic place and date on the right; secrecy and urgency marks under the number;
- the title (type in capitals, summary in bold, a short rule), the signature block (T/M, K/T, Q.,
  T/L, T/UQ) and "Nơi nhận:".

Domain modules build their body text with `para`/`run` and call `header`, `title` and `signature`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dvk.documents import numbering
from dvk.documents.models import CAPACITY_PREFIXES, SECRECY_MARKS, URGENCY_MARKS, Document
from dvk.organisations.models import Organisation

FONT = "Times New Roman"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_SIZE = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

LEFT, CENTER, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


@dataclass(frozen=True)
class Heading:
    """What the header shows; built from a register row (`heading_for`) or, for a draft not yet
    numbered, from the issuing body (`draft_heading`)."""

    form: str
    superior: str
    issuer: str
    number_line: str
    place_date: str
    secrecy_mark: str = ""
    urgency_mark: str = ""
    summary_under_number: str = ""  # "V/v …" of a công văn


@dataclass(frozen=True)
class Signature:
    position: str  # "PHÓ TRƯỞNG BAN", "BÍ THƯ"
    name: str = ""
    capacity: str = ""  # a key of CAPACITY_PREFIXES ("TM", "KT", …) or ""
    capacity_of: str = ""  # "BAN THƯỜNG VỤ", "TRƯỞNG BAN"
    recipients: Sequence[str] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        """The upper lines of the block: "T/M BAN THƯỜNG VỤ" / "PHÓ BÍ THƯ", "Q. TRƯỞNG BAN", …"""
        prefix = CAPACITY_PREFIXES.get(self.capacity, "")
        position = self.position.upper()
        if prefix == "Q.":
            return [f"Q. {position}".strip()]
        if prefix and self.capacity_of:
            return (
                [f"{prefix} {self.capacity_of.upper()}", position]
                if position
                else [f"{prefix} {self.capacity_of.upper()}"]
            )
        return [position] if position else []


# --- the document and its text -----------------------------------------------------------


def new_document() -> Any:
    """An empty A4 document with the margins, font and page-number rule of both layouts."""
    doc = new_docx()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_SIZE)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(3)
    _page_numbers_from_page_two(section)
    return doc


def _page_numbers_from_page_two(section: Any) -> None:
    section.different_first_page_header_footer = True  # page 1 keeps an empty header
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        r = paragraph.add_run()
        r.font.name, r.font.size = FONT, Pt(BODY_SIZE)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)


def run(
    paragraph: Any,
    text: str,
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Any:
    r = paragraph.add_run(text)
    r.font.name, r.font.size = FONT, Pt(size)
    r.bold, r.italic, r.underline = bold, italic, underline
    r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return r


def para(
    container: Any,
    text: str = "",
    *,
    align: Any = JUSTIFY,
    space_after: float | None = None,
    first: bool = False,
    **kwargs: Any,
) -> Any:
    """A paragraph in `container` (the document or a table cell); `first` reuses a cell's own
    empty first paragraph."""
    paragraph = container.paragraphs[0] if first and container.paragraphs else container.add_paragraph()
    paragraph.alignment = align
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    if text:
        run(paragraph, text, **kwargs)
    return paragraph


def table_font(table: Any, size: float = 12) -> None:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for r in paragraph.runs:
                    r.font.name, r.font.size = FONT, Pt(size)


def cell_text(cell: Any, text: str, *, size: float = 12, bold: bool = False, align: Any = LEFT) -> None:
    para(cell, text, size=size, bold=bold, align=align, first=True)


def to_bytes(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- header, title, signature -------------------------------------------------------------


def heading_for(document: Document, *, summary_under_number: str = "") -> Heading:
    """The header of a registered document (its number, form, date and marks as registered)."""
    body = document.organisation
    return Heading(
        form=document.form,
        superior=numbering.superior_line(body),
        issuer=body.name.upper(),
        number_line=document.number_line,
        place_date=numbering.date_line(document.place, document.issued_on),
        secrecy_mark=SECRECY_MARKS.get(document.secrecy, ""),
        urgency_mark=URGENCY_MARKS.get(document.urgency, ""),
        summary_under_number=summary_under_number,
    )


def draft_heading(
    body: Organisation, *, doc_type: str, day: dt.date, place: str = "", summary_under_number: str = ""
) -> Heading:
    """The header of a document not (yet) in the register: the number is left blank to be
    written in by hand ("Số     -BB/HĐTĐ")."""
    form = numbering.form_for(body)
    code = numbering.abbreviation_for(body)
    blank = "     "
    number = f"{blank}-{doc_type}/{code}" if form == "party" else f"{blank}/{doc_type}-{code}"
    return Heading(
        form=form,
        superior=numbering.superior_line(body),
        issuer=body.name.upper(),
        number_line=numbering.number_line(form, number),
        place_date=numbering.date_line(place or numbering.place_for(body), day),
        summary_under_number=summary_under_number,
    )


def header(doc: Any, heading: Heading) -> Any:
    """Write the two-column header of the heading's layout; returns the table."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    party = heading.form == "party"
    size = 14 if party else 13
    if heading.superior:
        para(left, heading.superior, align=CENTER, size=size, first=True, space_after=0)
        para(left, heading.issuer, align=CENTER, size=size, bold=True, space_after=0)
    else:
        para(left, heading.issuer, align=CENTER, size=size, bold=True, first=True, space_after=0)
    para(left, "*" if party else "_______", align=CENTER, size=size, space_after=0)
    para(left, heading.number_line, align=CENTER, size=14 if party else 13, space_after=0)
    if heading.summary_under_number:
        para(left, heading.summary_under_number, align=CENTER, size=12, italic=party, space_after=0)
    for mark in (heading.secrecy_mark, heading.urgency_mark):
        if mark:
            para(left, mark, align=CENTER, size=13, bold=True, space_after=0)
    if party:
        para(
            right, PARTY_HEADING, align=CENTER, size=15, bold=True, underline=True, first=True, space_after=6
        )
    else:
        para(right, STATE_MOTTO[0], align=CENTER, size=13, bold=True, first=True, space_after=0)
        para(right, STATE_MOTTO[1], align=CENTER, size=14, bold=True, underline=True, space_after=6)
    para(right, heading.place_date, align=CENTER if party else RIGHT, size=14, italic=True, space_after=0)
    para(doc, "")
    return table


def title(doc: Any, kind: str, summary: str = "") -> None:
    """ "KẾ HOẠCH" / summary in bold / a short rule."""
    para(doc, kind.upper(), align=CENTER, size=16, bold=True, space_after=0)
    if summary:
        para(doc, summary, align=CENTER, size=14, bold=True, space_after=0)
    para(doc, "-----", align=CENTER, space_after=6)


def signature_for(document: Document, *, position: str = "") -> Signature:
    """The signature block of a registered document."""
    return Signature(
        position=position or document.signer_position,
        name=document.signer_name,
        capacity=document.capacity,
        capacity_of=document.capacity_of,
        recipients=tuple(document.recipients or ()),
    )


def signature(doc: Any, block: Signature, *, archive: str = "") -> Any:
    """ "Nơi nhận:" and its list (bold italic 12, entries 11) on the left, the signing authority,
    position and name on the right. `archive` adds the closing "- Lưu …" entry."""
    para(doc, "")
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    recipients = list(block.recipients)
    if archive and not any(line.startswith("- Lưu") or line.startswith("Lưu") for line in recipients):
        recipients.append(f"Lưu {archive}.")
    if recipients:
        para(left, "Nơi nhận:", align=LEFT, size=12, bold=True, italic=True, first=True, space_after=0)
        for line in recipients:
            text = line if line.startswith("-") else f"- {line}"
            para(left, text, align=LEFT, size=11, space_after=0)
    lines = block.lines()
    for i, line in enumerate(lines):
        para(right, line, align=CENTER, size=14, bold=True, first=i == 0, space_after=0)
    for _blank in range(3):
        para(right, "", align=CENTER)
    if block.name:
        para(right, block.name, align=CENTER, size=14, bold=True, space_after=0)
    return table


def side_by_side_signatures(
    doc: Any, left_title: str, right_title: str, names: Iterable[str] = ("", "")
) -> Any:
    """Two signatures of equal weight (a biên bản: the secretary and the chair)."""
    para(doc, "")
    table = doc.add_table(rows=1, cols=2)
    cells = table.rows[0].cells
    for cell, caption, name in zip(cells, (left_title, right_title), names, strict=False):
        para(cell, caption.upper(), align=CENTER, bold=True, first=True, space_after=0)
        for _blank in range(3):
            para(cell, "", align=CENTER)
        if name:
            para(cell, name, align=CENTER, bold=True, space_after=0)
    return table
