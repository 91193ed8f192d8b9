"""The layout kit every generated Word document uses (python-docx): ONE place for the rules of
Hướng dẫn 36-HD/VPTW (Party) and Nghị định 30/2020/NĐ-CP (State), domain.md §7. The templates of
each kind of document (`dvk.documents.kinds`) and the domains' own modules write only their text.

- A4 portrait (a certificate: landscape); margins top and bottom 20 mm, left 30 mm, right 15 mm
  (inside both ranges: 20–25, 20–25, 30–35, 15–20 mm); Times New Roman 14 pt;
- page numbers in Arabic digits, centred in the top margin, from page 2 on (none on page 1);
- the header: Party — superior body and issuing body (bold) with the "*" line and "Số 06-KH/…"
  (no colon) on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" (bold, underlined) and the italic place and date
  on the right; State — superior and issuing body, a short rule and "Số: 15/QĐ-…" on the left, the
  quốc hiệu, the underlined tiêu ngữ and the italic place and date on the right; secrecy and
  urgency marks under the number;
- the title (type in capitals, summary in bold, "-----" under a Party summary, a short rule under a
  State one), the signature block ("T/M", "K/T", "T/L", "T/UQ" in the Party; "TM.", "KT.", "TL.",
  "TUQ." in the State; "Q." in both) and "Nơi nhận:" (Party, 36-HD/VPTW: upright, underlined, 14,
  entries upright 12, the last "- Lưu Văn phòng …"; State, NĐ 30: bold italic 12, entries upright 11,
  the last "- Lưu: VT, …").

The sizes of each element are the `Rules` of the form (`rules_for`); nothing else names a size.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dvk.documents import numbering
from dvk.documents.models import SECRECY_MARKS, URGENCY_MARKS, Document
from dvk.organisations.models import Organisation

FONT = "Times New Roman"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_SIZE = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
# The ranges both texts allow (mm); the tests hold MARGINS_MM inside them.
MARGIN_RANGES_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
CERTIFICATE_TITLE_SIZE = 30  # "GIẤY KHEN" / "BẰNG KHEN": neither text sets it; printed large
QR_SIZE_MM = 28

LEFT, CENTER, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


@dataclass(frozen=True)
class Rules:
    """The presentation rules of one form: sizes in points, the separators and the prefixes of
    the signing capacity. `PARTY` (36-HD/VPTW, Phụ lục 3) and `STATE` (NĐ 30/2020, Phụ lục I)."""

    form: str
    basis: str
    superior_size: float
    issuer_size: float
    issuer_rule: str  # the line under the issuing body
    number_size: float
    place_date_size: float
    place_date_align: Any
    heading_size: float  # "ĐẢNG CỘNG SẢN VIỆT NAM" / the quốc hiệu
    motto_size: float  # the tiêu ngữ (State only)
    type_size: float  # "KẾ HOẠCH"
    summary_size: float
    summary_rule: str  # the line under the summary
    letter_summary_size: float  # "V/v …" under the number of a công văn
    letter_summary_italic: bool
    body_size: float
    recipients_caption_size: float
    recipients_caption_bold: bool
    recipients_caption_italic: bool
    recipients_caption_underline: bool
    recipients_size: float
    archive_word: str  # the last entry: "- Lưu Văn phòng …" (36-HD) / "- Lưu: VT, …" (NĐ 30)
    authority_size: float  # "T/M BAN THƯỜNG VỤ" / "TM. ỦY BAN NHÂN DÂN" and the position
    name_size: float
    capacity_prefixes: dict[str, str]
    decides: str  # the word before the articles of a decision


PARTY = Rules(
    form="party",
    basis="Hướng dẫn 36-HD/VPTW",
    superior_size=14,
    issuer_size=14,
    issuer_rule="*",
    number_size=14,
    place_date_size=14,
    place_date_align=CENTER,
    heading_size=15,
    motto_size=0,
    type_size=16,
    summary_size=14,
    summary_rule="-----",
    letter_summary_size=12,
    letter_summary_italic=True,
    body_size=14,
    recipients_caption_size=14,
    recipients_caption_bold=False,
    recipients_caption_italic=False,
    recipients_caption_underline=True,
    recipients_size=12,
    archive_word="Lưu",
    authority_size=14,
    name_size=14,
    capacity_prefixes={"TM": "T/M", "KT": "K/T", "Q": "Q.", "TL": "T/L", "TUQ": "T/UQ"},
    decides="QUYẾT ĐỊNH",
)
STATE = Rules(
    form="state",
    basis="Nghị định 30/2020/NĐ-CP",
    superior_size=13,
    issuer_size=13,
    issuer_rule="________",
    number_size=13,
    place_date_size=14,
    place_date_align=CENTER,
    heading_size=13,
    motto_size=14,
    type_size=14,
    summary_size=14,
    summary_rule="________",
    letter_summary_size=12,
    letter_summary_italic=False,
    body_size=14,
    recipients_caption_size=12,
    recipients_caption_bold=True,
    recipients_caption_italic=True,
    recipients_caption_underline=False,
    recipients_size=11,
    archive_word="Lưu:",
    authority_size=14,
    name_size=14,
    capacity_prefixes={"TM": "TM.", "KT": "KT.", "Q": "Q.", "TL": "TL.", "TUQ": "TUQ."},
    decides="QUYẾT ĐỊNH:",
)


def rules_for(form: str | None) -> Rules:
    return STATE if form == "state" else PARTY


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
    capacity: str = ""  # a key of the capacity prefixes ("TM", "KT", …) or ""
    capacity_of: str = ""  # "BAN THƯỜNG VỤ", "TRƯỞNG BAN"
    recipients: Sequence[str] = field(default_factory=tuple)

    def lines(self, form: str = "party") -> list[str]:
        """The upper lines of the block: "T/M BAN THƯỜNG VỤ" / "PHÓ BÍ THƯ" (Party), "KT. GIÁM ĐỐC"
        / "PHÓ GIÁM ĐỐC" (State), "Q. TRƯỞNG BAN", …"""
        prefix = rules_for(form).capacity_prefixes.get(self.capacity, "")
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


def new_document(form: str | None = None, *, landscape: bool = False) -> Any:
    """An empty A4 document with the margins, font and page-number rule of both layouts. The form
    is taken from the header when it is written (`header()`), or given here."""
    doc = new_docx()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = Mm(210), Mm(297)
    else:
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
    doc.dvk_form = form or "party"  # type: ignore[attr-defined]
    return doc


def form_of(doc: Any) -> str:
    return getattr(doc, "dvk_form", "party")


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
    indent: bool = False,
    **kwargs: Any,
) -> Any:
    """A paragraph in `container` (the document or a table cell); `first` reuses a cell's own
    empty first paragraph; `indent` gives the body text its first-line indent (1 cm)."""
    paragraph = container.paragraphs[0] if first and container.paragraphs else container.add_paragraph()
    paragraph.alignment = align
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    if text:
        run(paragraph, text, **kwargs)
    return paragraph


def body_text(doc: Any, text: str, *, bold: bool = False, italic: bool = False, align: Any = JUSTIFY) -> Any:
    """A paragraph of the body: the form's body size, justified, first-line indent."""
    return para(
        doc, text, size=rules_for(form_of(doc)).body_size, bold=bold, italic=italic, align=align, indent=True
    )


def part_heading(doc: Any, text: str) -> Any:
    """ "I. MỤC ĐÍCH, YÊU CẦU", "1. Kết quả …": bold, at the body size."""
    return para(doc, text, size=rules_for(form_of(doc)).body_size, bold=True, indent=True, space_after=3)


def lead_in(doc: Any, lead: str, text: str) -> Any:
    """ "Điều 1. …": the lead words in bold, the rest upright."""
    paragraph = para(doc, "", indent=True)
    size = rules_for(form_of(doc)).body_size
    run(paragraph, lead + " ", size=size, bold=True)
    run(paragraph, text, size=size)
    return paragraph


def page_break(doc: Any) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def table_font(table: Any, size: float = 12) -> None:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for r in paragraph.runs:
                    r.font.name, r.font.size = FONT, Pt(size)


def cell_text(cell: Any, text: str, *, size: float = 12, bold: bool = False, align: Any = LEFT) -> None:
    para(cell, text, size=size, bold=bold, align=align, first=True)


TABLE_SIZE = 12


def grid(
    doc: Any,
    columns: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    total: Sequence[Any] | None = None,
    widths_mm: Sequence[float] | None = None,
) -> Any:
    """A statistical table: bold centred header row, numbers right-aligned and written the
    Vietnamese way (1.234; 12,5), an optional bold total row."""
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell_text(cell, str(text), size=TABLE_SIZE, bold=True, align=CENTER)
    for values, bold in [*((r, False) for r in rows), *(((total, True),) if total else ())]:
        cells = table.add_row().cells
        for cell, value in zip(cells, list(values) + [""] * (len(columns) - len(values)), strict=True):
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            cell_text(cell, vn_number(value), size=TABLE_SIZE, bold=bold, align=RIGHT if numeric else LEFT)
    if widths_mm:
        for row in table.rows:
            for cell, width in zip(row.cells, widths_mm, strict=False):
                cell.width = Mm(width)
    return table


def vn_number(value: Any) -> str:
    """1234 → "1.234", 12.5 → "12,5", None → "—"; text as it is."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        whole = f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
        return whole.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if isinstance(value, Decimal) and value.is_finite():
        # 18.00 → "18", 1.50 → "1,5", 84.23 → "84,23": no trailing zeros, decimal comma, dot for thousands
        whole = f"{value.normalize():,f}" if value != value.to_integral() else f"{int(value):,}"
        return whole.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return str(value)


def to_bytes(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def picture(container: Any, png: bytes, *, width_mm: float, align: Any = CENTER, first: bool = False) -> Any:
    paragraph = container.paragraphs[0] if first and container.paragraphs else container.add_paragraph()
    paragraph.alignment = align
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
    return paragraph


def qr_png(text: str) -> bytes:
    """A QR code of `text` (the public verification URL) as PNG bytes (segno, pure Python)."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=2)
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
    """Write the two-column header of the heading's layout; returns the table. The document takes
    the heading's form: the title, body and signature follow its rules."""
    doc.dvk_form = heading.form
    r = rules_for(heading.form)
    party = heading.form == "party"
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    wide = doc.sections[0].page_width > doc.sections[0].page_height
    left.width, right.width = (Mm(110), Mm(140)) if wide else (Mm(75), Mm(90))
    if heading.superior:
        para(left, heading.superior, align=CENTER, size=r.superior_size, first=True, space_after=0)
        para(left, heading.issuer, align=CENTER, size=r.issuer_size, bold=True, space_after=0)
    else:
        para(left, heading.issuer, align=CENTER, size=r.issuer_size, bold=True, first=True, space_after=0)
    para(left, r.issuer_rule, align=CENTER, size=r.issuer_size, space_after=0)
    para(left, heading.number_line, align=CENTER, size=r.number_size, space_after=0)
    if heading.summary_under_number:
        para(
            left,
            heading.summary_under_number,
            align=CENTER,
            size=r.letter_summary_size,
            italic=r.letter_summary_italic,
            space_after=0,
        )
    for mark in (heading.secrecy_mark, heading.urgency_mark):
        if mark:
            para(left, mark, align=CENTER, size=13, bold=True, space_after=0)
    if party:
        para(
            right,
            PARTY_HEADING,
            align=CENTER,
            size=r.heading_size,
            bold=True,
            underline=True,
            first=True,
            space_after=6,
        )
    else:
        para(right, STATE_MOTTO[0], align=CENTER, size=r.heading_size, bold=True, first=True, space_after=0)
        para(right, STATE_MOTTO[1], align=CENTER, size=r.motto_size, bold=True, underline=True, space_after=6)
    para(
        right,
        heading.place_date,
        align=r.place_date_align,
        size=r.place_date_size,
        italic=True,
        space_after=0,
    )
    para(doc, "")
    return table


def title(doc: Any, kind: str, summary: str = "", *, size: float | None = None) -> None:
    """ "KẾ HOẠCH" / summary in bold / the form's rule under it."""
    r = rules_for(form_of(doc))
    para(doc, kind.upper(), align=CENTER, size=size or r.type_size, bold=True, space_after=0)
    if summary:
        para(doc, summary, align=CENTER, size=r.summary_size, bold=True, space_after=0)
    para(doc, r.summary_rule, align=CENTER, space_after=6)


def addressee(doc: Any, names: Sequence[str]) -> None:
    """ "Kính gửi: …" (one name on the line, several as a list)."""
    size = rules_for(form_of(doc)).body_size
    if len(names) == 1:
        para(doc, f"Kính gửi: {names[0]}", align=CENTER, size=size, space_after=6)
        return
    para(doc, "Kính gửi:", align=CENTER, size=size, space_after=0)
    for name in names:
        para(doc, f"- {name};", align=CENTER, size=size, space_after=0)
    para(doc, "")


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
    """ "Nơi nhận:" and its list on the left, the signing authority, position and name on the
    right, in the form's sizes. `archive` adds the closing "- Lưu …" entry."""
    r = rules_for(form_of(doc))
    para(doc, "")
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    recipients = list(block.recipients)
    if archive and not any(line.startswith("- Lưu") or line.startswith("Lưu") for line in recipients):
        recipients.append(f"{r.archive_word} {archive}.")
    if recipients:
        para(
            left,
            "Nơi nhận:",
            align=LEFT,
            size=r.recipients_caption_size,
            bold=r.recipients_caption_bold,
            italic=r.recipients_caption_italic,
            underline=r.recipients_caption_underline,
            first=True,
            space_after=0,
        )
        for line in recipients:
            text = line if line.startswith("-") else f"- {line}"
            para(left, text, align=LEFT, size=r.recipients_size, space_after=0)
    lines = block.lines(r.form)
    for i, line in enumerate(lines):
        para(right, line, align=CENTER, size=r.authority_size, bold=True, first=i == 0, space_after=0)
    for _blank in range(3):
        para(right, "", align=CENTER)
    if block.name:
        para(right, block.name, align=CENTER, size=r.name_size, bold=True, space_after=0)
    return table


def side_by_side_signatures(
    doc: Any, left_title: str, right_title: str, names: Iterable[str] = ("", "")
) -> Any:
    """Two signatures of equal weight (a biên bản: the secretary and the chair)."""
    r = rules_for(form_of(doc))
    para(doc, "")
    table = doc.add_table(rows=1, cols=2)
    cells = table.rows[0].cells
    for cell, caption, name in zip(cells, (left_title, right_title), names, strict=False):
        para(cell, caption.upper(), align=CENTER, size=r.authority_size, bold=True, first=True, space_after=0)
        for _blank in range(3):
            para(cell, "", align=CENTER)
        if name:
            para(cell, name, align=CENTER, size=r.name_size, bold=True, space_after=0)
    return table


# --- a draft edited in Word and uploaded back ---------------------------------------------------


def find_header(doc: Any) -> tuple[Any, Any] | None:
    """(number paragraph, place-and-date paragraph) of the header table `header()` wrote, found
    again in a document an officer edited in Word; None when the header is gone."""
    if not doc.tables:
        return None
    row = doc.tables[0].rows[0].cells
    if len(row) < 2:
        return None
    number = next((p for p in row[0].paragraphs if p.text.strip().startswith("Số")), None)
    date = next((p for p in row[1].paragraphs if "ngày" in p.text and "năm" in p.text), None)
    if number is None or date is None:
        return None
    return number, date


def _retext(paragraph: Any, text: str) -> None:
    runs = paragraph.runs
    if not runs:
        paragraph.add_run(text)
        return
    runs[0].text = text
    for r in runs[1:]:
        r.text = ""


def stamp(docx: bytes, heading: Heading) -> bytes:
    """Write the registered number and date of `heading` into a draft edited in Word (the rest
    of the officer's text and formatting is kept). ValueError when the header is gone."""
    doc = new_docx(io.BytesIO(docx))
    found = find_header(doc)
    if found is None:
        raise ValueError("the draft has lost its header")
    number, date = found
    _retext(number, heading.number_line)
    _retext(date, heading.place_date)
    return to_bytes(doc)
