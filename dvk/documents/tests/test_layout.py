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
    caption = _run(recipients, "Nơi nhận:")
    assert caption.bold and caption.italic and caption.font.size == Pt(12)
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
        "_______",
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
    assert motto.bold and motto.underline
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in doc.tables[0]._element.xml
    _recipients, signature = doc.tables[1].rows[0].cells
    assert _cell_lines(signature) == ["GIÁM ĐỐC", "Nguyễn Văn A"]


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


def test_draft_heading_leaves_the_number_blank(body):
    heading = layout.draft_heading(body("PT-HDTD"), doc_type="BB", day=dt.date(2026, 10, 20))
    assert (
        heading.form == "party"
        and heading.number_line.startswith("Số ")
        and heading.number_line.endswith("-BB/HĐDVK")
    )
    assert heading.place_date == "Phú Thọ, ngày 20 tháng 10 năm 2026"


def test_render_to_png_for_a_look(body, tmp_path):
    """DOCX → PDF (LibreOffice headless) → PNG (pdftoppm), where the machine has them; the PNG is
    left in the test's temporary directory for a person to look at."""
    import shutil
    import subprocess

    import pytest

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        pytest.skip("LibreOffice (soffice) and poppler (pdftoppm) are not installed on this machine")
    document = services.issue(
        organisation=body("PT-BTGDV"), doc_type="KH", title="thực hiện “Năm dân vận khéo”", by=None
    )
    doc = layout.new_document()
    layout.header(doc, layout.heading_for(document))
    layout.title(doc, "Kế hoạch", document.title)
    layout.signature(doc, layout.signature_for(document), archive="VT")
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(layout.to_bytes(doc))
    subprocess.run(  # noqa: S603 - fixed arguments, tools found on PATH
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    subprocess.run(  # noqa: S603 - fixed arguments, tools found on PATH
        [pdftoppm, "-png", "-r", "60", str(tmp_path / "ke-hoach.pdf"), str(tmp_path / "page")], check=True
    )
    assert list(tmp_path.glob("page*.png"))
