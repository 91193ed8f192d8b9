"""Templates of the documents the Ban issues, one function per kind, built on the layout kit
(`dvk.documents.layout`, which alone knows sizes, margins, headers and signature rules):

- `plan` (KH), `report` (BC: monthly, 6-month, yearly, period summary), `notice` (TB),
  `proposal` (TTr, "Kính gửi" the level above), `decision` (QĐ, with its attached list),
  `minutes` (BB: opening facts, content, vote counts, two signatures), `letter` (công văn, e.g.
  đôn đốc: "V/v …" under the number, "Kính gửi"), `certificate` (Giấy khen / Bằng khen, landscape,
  with the QR code of the public verification URL).

Each takes a `layout.Heading` and a `layout.Signature` (from the register row: `registered()`)
and the text as blocks — a `str` (a body paragraph), `Part` (a bold heading "I. …"), `Text` (a
paragraph with emphasis), `Grid` (a table) — and returns the python-docx document (`layout.to_bytes`
makes the file). Domain modules choose the words; they never set a size or a header line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from dvk.documents import layout, numbering
from dvk.documents.layout import CENTER, Heading, Signature
from dvk.documents.models import Document


@dataclass(frozen=True)
class Part:
    """A bold heading inside the body: "I. MỤC ĐÍCH, YÊU CẦU", "1. Kết quả"."""

    title: str


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    italic: bool = False
    center: bool = False


@dataclass(frozen=True)
class Grid:
    columns: Sequence[Any]
    rows: Sequence[Sequence[Any]]
    total: Sequence[Any] | None = None
    caption: str = ""  # an italic line above the table ("Đơn vị tính: mô hình")


Block = str | Part | Text | Grid


@dataclass(frozen=True)
class Annex:
    """The list attached to a decision (danh sách kèm theo), printed on a new page."""

    title: str  # "DANH SÁCH"
    summary: str  # "mô hình, điển hình “Dân vận khéo” được công nhận năm 2026"
    attached_to: str  # "(Kèm theo Quyết định số 03-QĐ/BTGDVTU ngày 05/3/2026 của …)"
    columns: Sequence[Any]
    rows: Sequence[Sequence[Any]]


@dataclass(frozen=True)
class Votes:
    """Vote counts of a biên bản: members, present, agreeing (the percentage is computed)."""

    members: int
    present: int
    agreeing: int
    pass_line: str = ""  # e.g. "điểm đạt 80,00% trở lên"

    @property
    def percent(self) -> str:
        return (
            "—" if not self.present else f"{100 * self.agreeing / self.present:.2f}".replace(".", ",") + "%"
        )


@dataclass(frozen=True)
class Registered:
    heading: Heading
    sign: Signature
    archive: str


def registered(document: Document, *, summary_under_number: bool = False) -> Registered:
    """Header, signature and archive line of a register row."""
    return Registered(
        heading=layout.heading_for(
            document, summary_under_number=document.title if summary_under_number else ""
        ),
        sign=layout.signature_for(document),
        archive=numbering.abbreviation_for(document.organisation),
    )


def attached_to_line(document: Document) -> str:
    """ "(Kèm theo Quyết định số 03-QĐ/BTGDVTU ngày 05/3/2026 của Ban …)"."""
    kind = document.get_doc_type_display()
    return (
        f"(Kèm theo {kind} số {document.number} ngày {document.issued_on:%d/%m/%Y} "
        f"của {document.organisation.name})"
    )


def write(doc: Any, blocks: Iterable[Block]) -> None:
    """The body text, block by block."""
    for block in blocks:
        if isinstance(block, str):
            layout.body_text(doc, block)
        elif isinstance(block, Part):
            layout.part_heading(doc, block.title)
        elif isinstance(block, Text):
            layout.body_text(
                doc,
                block.text,
                bold=block.bold,
                italic=block.italic,
                align=CENTER if block.center else layout.JUSTIFY,
            )
        elif isinstance(block, Grid):
            if block.caption:
                layout.para(doc, block.caption, italic=True, size=12, align=layout.RIGHT, space_after=0)
            layout.grid(doc, block.columns, block.rows, total=block.total)
            layout.para(doc, "", space_after=0)


def _standard(
    heading: Heading,
    type_name: str,
    summary: str,
    blocks: Iterable[Block],
    sign: Signature,
    archive: str,
    to: Sequence[str] = (),
) -> Any:
    doc = layout.new_document(heading.form)
    layout.header(doc, heading)
    layout.title(doc, type_name, summary)
    if to:
        layout.addressee(doc, to)
    write(doc, blocks)
    layout.signature(doc, sign, archive=archive)
    return doc


def plan(
    heading: Heading, *, summary: str, blocks: Iterable[Block], sign: Signature, archive: str = ""
) -> Any:
    """KẾ HOẠCH (KH)."""
    return _standard(heading, "Kế hoạch", summary, blocks, sign, archive)


def report(
    heading: Heading, *, summary: str, blocks: Iterable[Block], sign: Signature, archive: str = ""
) -> Any:
    """BÁO CÁO (BC): monthly, 6-month, yearly or a period's summary; the summary names the period."""
    return _standard(heading, "Báo cáo", summary, blocks, sign, archive)


def notice(
    heading: Heading, *, summary: str, blocks: Iterable[Block], sign: Signature, archive: str = ""
) -> Any:
    """THÔNG BÁO (TB)."""
    return _standard(heading, "Thông báo", summary, blocks, sign, archive)


def proposal(
    heading: Heading,
    *,
    summary: str,
    to: Sequence[str],
    blocks: Iterable[Block],
    sign: Signature,
    archive: str = "",
) -> Any:
    """TỜ TRÌNH (TTr) to the level above: "Kính gửi" under the title."""
    return _standard(heading, "Tờ trình", summary, blocks, sign, archive, to=to)


def decision(
    heading: Heading,
    *,
    summary: str,
    authority: str,
    grounds: Sequence[str],
    articles: Sequence[str],
    sign: Signature,
    archive: str = "",
    annex: Annex | None = None,
) -> Any:
    """QUYẾT ĐỊNH (QĐ): the deciding authority in capitals, the grounds ("Căn cứ …;") in italic, the
    form's decides line, "Điều 1. …", the signature and, on a new page, the attached list."""
    doc = layout.new_document(heading.form)
    layout.header(doc, heading)
    layout.title(doc, "Quyết định", summary)
    rules = layout.rules_for(heading.form)
    layout.para(doc, authority.upper(), align=CENTER, size=rules.body_size, bold=True, space_after=6)
    for ground in grounds:
        layout.body_text(doc, ground, italic=True)
    layout.para(doc, rules.decides, align=CENTER, size=rules.body_size, bold=True, space_after=6)
    for i, article in enumerate(articles, start=1):
        layout.lead_in(doc, f"Điều {i}.", article)
    layout.signature(doc, sign, archive=archive)
    if annex is not None:
        layout.page_break(doc)
        layout.para(doc, annex.title.upper(), align=CENTER, size=rules.type_size, bold=True, space_after=0)
        layout.para(doc, annex.summary, align=CENTER, size=rules.summary_size, bold=True, space_after=0)
        layout.para(doc, annex.attached_to, align=CENTER, size=rules.body_size, italic=True, space_after=0)
        layout.para(doc, rules.summary_rule, align=CENTER, space_after=6)
        layout.grid(doc, annex.columns, annex.rows)
    return doc


def minutes(
    heading: Heading,
    *,
    summary: str,
    opening: Sequence[str],
    blocks: Iterable[Block],
    votes: Votes | None = None,
    signers: tuple[tuple[str, str], tuple[str, str]] = (("Thư ký", ""), ("Chủ trì", "")),
    closing: str = "",
) -> Any:
    """BIÊN BẢN (BB): time, place and who attended, the content, the vote counts with the
    percentage agreeing, the closing line and the two signatures (secretary, chair)."""
    doc = layout.new_document(heading.form)
    layout.header(doc, heading)
    layout.title(doc, "Biên bản", summary)
    for line in opening:
        layout.body_text(doc, line)
    write(doc, blocks)
    if votes is not None:
        layout.part_heading(doc, "Kết quả biểu quyết")
        layout.body_text(
            doc,
            f"Số thành viên: {votes.members}; có mặt, tham gia biểu quyết: {votes.present}; "
            f"tán thành{f' ({votes.pass_line})' if votes.pass_line else ''}: {votes.agreeing}/{votes.present}, "
            f"đạt tỷ lệ {votes.percent}.",
        )
    if closing:
        layout.body_text(doc, closing, italic=True)
    (left, left_name), (right, right_name) = signers
    layout.side_by_side_signatures(doc, left, right, (left_name, right_name))
    return doc


def letter(
    heading: Heading, *, to: Sequence[str], blocks: Iterable[Block], sign: Signature, archive: str = ""
) -> Any:
    """CÔNG VĂN (e.g. đôn đốc): no type name; the "V/v …" line is in the heading, under the
    number (`registered(document, summary_under_number=True)`)."""
    doc = layout.new_document(heading.form)
    layout.header(doc, heading)
    if to:
        layout.addressee(doc, to)
    write(doc, blocks)
    layout.signature(doc, sign, archive=archive)
    return doc


def certificate(
    heading: Heading,
    *,
    kind: str,
    authority: str,
    awarded_to: str,
    lines: Sequence[str],
    grounds: str = "",
    sign: Signature,
    verify_url: str,
    code: str,
    verb: str = "Tặng",
) -> Any:
    """GIẤY KHEN / BẰNG KHEN / GIẤY CHỨNG NHẬN (landscape A4): the awarding authority, "TẶNG" (or
    "CHỨNG NHẬN"), the name, what for;
    the QR code of the public verification URL and the code beside the signature; no "Nơi nhận"."""
    doc = layout.new_document(heading.form, landscape=True)
    layout.header(doc, heading)
    rules = layout.rules_for(heading.form)
    layout.para(doc, kind.upper(), align=CENTER, size=layout.CERTIFICATE_TITLE_SIZE, bold=True, space_after=6)
    layout.para(doc, authority.upper(), align=CENTER, size=rules.body_size, bold=True, space_after=0)
    if grounds:
        layout.para(doc, grounds, align=CENTER, size=rules.body_size, italic=True, space_after=0)
    layout.para(doc, verb.upper(), align=CENTER, size=rules.body_size + 2, bold=True, space_after=0)
    layout.para(doc, awarded_to, align=CENTER, size=rules.body_size + 4, bold=True, space_after=3)
    for line in lines:
        layout.para(doc, line, align=CENTER, size=rules.body_size, space_after=0)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    layout.picture(left, layout.qr_png(verify_url), width_mm=layout.QR_SIZE_MM, first=True)
    layout.para(left, f"Mã xác minh: {code}", align=CENTER, size=12, bold=True, space_after=0)
    layout.para(left, verify_url, align=CENTER, size=10, italic=True, space_after=0)
    block = replace(sign, recipients=())
    for i, line in enumerate(block.lines(heading.form)):
        layout.para(
            right, line, align=CENTER, size=rules.authority_size, bold=True, first=i == 0, space_after=0
        )
    for _blank in range(3):
        layout.para(right, "", align=CENTER)
    if block.name:
        layout.para(right, block.name, align=CENTER, size=rules.name_size, bold=True, space_after=0)
    return doc


__all__ = [
    "Annex",
    "Block",
    "Grid",
    "Part",
    "Registered",
    "Text",
    "Votes",
    "attached_to_line",
    "certificate",
    "decision",
    "letter",
    "minutes",
    "notice",
    "plan",
    "proposal",
    "registered",
    "report",
    "write",
]
