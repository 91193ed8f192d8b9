"""The layout kit, checked element by element: Party and State headers, number forms, fonts and
sizes, margins, the page-number rule, marks, the signature block and "Nơi nhận"."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document as read_docx
from docx.shared import Pt

from dvk.documents import layout, services


def _render(document, **kwargs) -> object:
    doc = layout.new_document()
    layout.header(doc, layout.heading_for(document, **kwargs))
    layout.title(doc, "Kế hoạch", document.title)
    layout.para(doc, "Nội dung.")
    layout.signature(doc, layout.signature_for(document), archive="VT")
    return read_docx(io.BytesIO(layout.to_bytes(doc)))


def _cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def _run(cell, text):
    return next(r for p in cell.paragraphs for r in p.runs if r.text == text)


def _assert_recipients(cell, *, caption, entries, size) -> None:
    """The "Nơi nhận" block element by element: the caption's (size, bold, italic, underline), then
    each entry's text, size and an upright, plain run, flush left, in Times New Roman."""
    lines = [p for p in cell.paragraphs if p.text]
    assert [p.text for p in lines] == ["Nơi nhận:", *entries]
    head = lines[0].runs
    assert len(head) == 1
    assert (head[0].font.size, bool(head[0].bold), bool(head[0].italic), bool(head[0].underline)) == caption
    assert head[0].font.name == "Times New Roman" and lines[0].alignment == layout.LEFT
    for paragraph in lines[1:]:
        for r in paragraph.runs:
            assert r.font.size == size and r.font.name == "Times New Roman", paragraph.text
            assert not r.bold and not r.italic and not r.underline, paragraph.text
        assert paragraph.alignment == layout.LEFT


def test_party_header_signature_and_page_rules(body, persona):
    leader = persona("lanhdao.bdv")
    document = services.issue(
        organisation=body("PT-BTGDV"),
        doc_type="KH",
        title="thực hiện “Năm dân vận khéo” 2026",
        by=leader,
        signer=leader,
        recipients=["Ban Thường vụ Tỉnh ủy (để b/c)", "Các đảng ủy xã, phường"],
        secrecy="",
        urgency="khan",
        issued_on=dt.date(2026, 3, 5),
    )
    doc = _render(document)
    section = doc.sections[0]
    mm = {
        name: round(getattr(section, name).mm, 1)
        for name in (
            "page_width",
            "page_height",
            "top_margin",
            "bottom_margin",
            "left_margin",
            "right_margin",
        )
    }
    assert mm == {
        "page_width": 210,
        "page_height": 297,
        "top_margin": 20,
        "bottom_margin": 20,
        "left_margin": 30,
        "right_margin": 15,
    }
    assert section.different_first_page_header_footer  # no page number on page 1
    assert not "".join(p.text for p in section.first_page_header.paragraphs)
    assert "PAGE" in section.header._element.xml
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size == Pt(14)

    left, right = doc.tables[0].rows[0].cells
    assert _cell_lines(left) == [
        "ĐẢNG BỘ TỈNH PHÚ THỌ",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY PHÚ THỌ",
        "*",
        f"Số {document.number}",
        "KHẨN",
    ]
    assert document.number == "01-KH/BTGDVTU"
    assert _run(left, "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY PHÚ THỌ").bold
    assert not _run(left, "ĐẢNG BỘ TỈNH PHÚ THỌ").bold
    assert _cell_lines(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Phú Thọ, ngày 05 tháng 3 năm 2026"]
    heading = _run(right, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert heading.bold and heading.underline and heading.font.size == Pt(15)
    date = _run(right, "Phú Thọ, ngày 05 tháng 3 năm 2026")
    assert date.italic and date.font.size == Pt(14) and date.font.name == "Times New Roman"
    texts = [p.text for p in doc.paragraphs]
    assert "KẾ HOẠCH" in texts and "thực hiện “Năm dân vận khéo” 2026" in texts
    recipients, signature = doc.tables[1].rows[0].cells
    assert _cell_lines(recipients) == [
        "Nơi nhận:",
        "- Ban Thường vụ Tỉnh ủy (để b/c)",
        "- Các đảng ủy xã, phường",
        "- Lưu VT.",
    ]
    # 36-HD/VPTW: "Nơi nhận:" in lower case, 14, upright, underlined; the entries 12, upright
    _assert_recipients(
        recipients,
        caption=(Pt(14), False, False, True),
        entries=["- Ban Thường vụ Tỉnh ủy (để b/c)", "- Các đảng ủy xã, phường", "- Lưu VT."],
        size=Pt(12),
    )
    assert _cell_lines(signature) == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", leader.get_full_name()]


def test_state_header_with_motto_and_colon(body):
    document = services.issue(
        organisation=body("PT-SNV"),
        doc_type="CV",
        title="V/v triển khai mô hình “Dân vận khéo”",
        by=None,
        secrecy="mat",
        issued_on=dt.date(2026, 2, 9),
        signer_name="Nguyễn Văn A",
        signer_position="Giám đốc",
        capacity="",
        recipients=["Như trên"],
    )
    doc = _render(document, summary_under_number=document.title)
    left, right = doc.tables[0].rows[0].cells
    assert _cell_lines(left) == [
        "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ",
        "SỞ NỘI VỤ TỈNH PHÚ THỌ",
        "________",
        "Số: 01/SNV",
        "V/v triển khai mô hình “Dân vận khéo”",
        "MẬT",
    ]
    assert _cell_lines(right) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phú Thọ, ngày 09 tháng 02 năm 2026",
    ]
    motto = _run(right, "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and motto.underline and motto.font.size == Pt(14)
    assert _run(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").font.size == Pt(13)
    assert _run(left, "SỞ NỘI VỤ TỈNH PHÚ THỌ").bold and _run(left, "Số: 01/SNV").font.size == Pt(13)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in doc.tables[0]._element.xml
    recipients, signature = doc.tables[1].rows[0].cells
    assert _cell_lines(signature) == ["GIÁM ĐỐC", "Nguyễn Văn A"]
    # NĐ 30/2020: "Nơi nhận:" 12, bold italic, not underlined; the entries 11, upright; the last
    # entry "Lưu" followed by a colon
    _assert_recipients(
        recipients, caption=(Pt(12), True, True, False), entries=["- Như trên", "- Lưu: VT."], size=Pt(11)
    )


def test_signature_lines_for_each_capacity():
    S = layout.Signature
    assert S(position="Phó Bí thư", capacity="TM", capacity_of="Ban Thường vụ").lines() == [
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
    ]
    assert S(position="Trưởng ban", capacity="Q").lines() == ["Q. TRƯỞNG BAN"]
    assert (
        S(position="Chánh Văn phòng", capacity="TL", capacity_of="Ban Thường vụ").lines()[0]
        == "T/L BAN THƯỜNG VỤ"
    )
    assert S(position="Trưởng phòng", capacity="TUQ", capacity_of="Chủ tịch").lines()[0] == "T/UQ CHỦ TỊCH"
    assert S(position="Giám đốc").lines() == ["GIÁM ĐỐC"]
    # NĐ 30/2020 writes the State prefixes with a full stop: "TM.", "KT.", "TL.", "TUQ."
    state = S(position="Phó Chủ tịch", capacity="KT", capacity_of="Chủ tịch").lines("state")
    assert state == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert S(position="Chủ tịch", capacity="TM", capacity_of="Ủy ban nhân dân").lines("state")[0] == (
        "TM. ỦY BAN NHÂN DÂN"
    )


def test_draft_heading_leaves_the_number_blank(body):
    heading = layout.draft_heading(body("PT-HDTD"), doc_type="BB", day=dt.date(2026, 10, 20))
    assert (
        heading.form == "party"
        and heading.number_line.startswith("Số ")
        and heading.number_line.endswith("-BB/HĐDVK")
    )
    assert heading.place_date == "Phú Thọ, ngày 20 tháng 10 năm 2026"
