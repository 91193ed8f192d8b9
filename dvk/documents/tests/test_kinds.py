"""Every template of dvk.documents.kinds, checked element by element in the Party and the State
layout with python-docx: header texts, number format, type name, fonts and sizes, margins, the
page-number rule, "Kính gửi", the decision's attached list, the minutes' votes, the certificate's
QR code; and rendered to PNG where LibreOffice and poppler are installed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as read_docx
from docx.shared import Pt

from dvk.documents import kinds, layout, render, services
from dvk.documents.kinds import Annex, Grid, Part, Text, Votes

DAY = dt.date(2026, 2, 5)


def _read(doc):
    return read_docx(io.BytesIO(layout.to_bytes(doc)))


def _lines(cell):
    return [p.text for p in cell.paragraphs if p.text]


def _run(container, text):
    return next(r for p in container.paragraphs for r in p.runs if r.text == text)


def _issue(body, code, doc_type, title, **kw):
    return services.issue(
        organisation=body(code), doc_type=doc_type, title=title, by=None, issued_on=DAY, **kw
    )


def _page_rules(doc, *, landscape=False):
    section = doc.sections[0]
    width, height = (297, 210) if landscape else (210, 297)
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (width, height)
    for side, (low, high) in layout.MARGIN_RANGES_MM.items():
        assert low <= round(getattr(section, f"{side}_margin").mm, 1) <= high, side
    assert section.different_first_page_header_footer  # no number on page 1
    assert not "".join(p.text for p in section.first_page_header.paragraphs)
    assert "PAGE" in section.header._element.xml
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
    for paragraph in doc.paragraphs:
        for r in paragraph.runs:
            assert r.font.name == "Times New Roman", r.text


def _texts(doc):
    return [p.text for p in doc.paragraphs if p.text]


@pytest.fixture
def party_report(body):
    return _issue(
        body,
        "PT-BTGDV",
        "BC",
        "sơ kết 6 tháng đầu năm 2026 phong trào thi đua “Dân vận khéo”",
        recipients=["Ban Thường vụ Tỉnh ủy (để b/c)"],
        signer_name="Nguyễn Thị Lan",
    )


def test_report_party_layout(party_report):
    reg = kinds.registered(party_report)
    doc = _read(
        kinds.report(
            reg.heading,
            summary=party_report.title,
            blocks=[
                Part("I. KẾT QUẢ"),
                "Toàn tỉnh có 12 mô hình.",
                Grid(["Lĩnh vực", "Số mô hình"], [["Kinh tế", 1234], ["Văn hóa", 5]], total=["Cộng", 1239]),
                Text("Ghi chú.", italic=True),
            ],
            sign=reg.sign,
            archive=reg.archive,
        )
    )
    _page_rules(doc)
    left, right = doc.tables[0].rows[0].cells
    assert _lines(left) == [
        "ĐẢNG BỘ TỈNH PHÚ THỌ",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY PHÚ THỌ",
        "*",
        "Số 01-BC/BTGDVTU",
    ]
    assert party_report.number == "01-BC/BTGDVTU" and ":" not in _lines(left)[-1]
    assert _lines(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Phú Thọ, ngày 05 tháng 02 năm 2026"]
    assert _run(right, "ĐẢNG CỘNG SẢN VIỆT NAM").font.size == Pt(15)
    assert _run(right, "Phú Thọ, ngày 05 tháng 02 năm 2026").italic
    texts = _texts(doc)
    assert texts[:3] == ["BÁO CÁO", party_report.title, "-----"]
    assert _run(doc, "BÁO CÁO").font.size == Pt(16) and _run(doc, "BÁO CÁO").bold
    assert _run(doc, party_report.title).bold and _run(doc, party_report.title).font.size == Pt(14)
    assert _run(doc, "I. KẾT QUẢ").bold
    stats = doc.tables[1]
    assert [c.text for c in stats.rows[0].cells] == ["Lĩnh vực", "Số mô hình"]
    assert [c.text for c in stats.rows[1].cells] == ["Kinh tế", "1.234"]  # Vietnamese thousands
    assert [c.text for c in stats.rows[3].cells] == ["Cộng", "1.239"]
    assert stats.rows[3].cells[0].paragraphs[0].runs[0].bold
    recipients, signature = doc.tables[2].rows[0].cells
    assert _lines(recipients) == ["Nơi nhận:", "- Ban Thường vụ Tỉnh ủy (để b/c)", "- Lưu BTGDVTU."]
    assert _lines(signature) == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Thị Lan"]


def test_plan_notice_and_proposal_in_the_state_layout(body):
    for doc_type, maker, name in (("KH", kinds.plan, "KẾ HOẠCH"), ("TB", kinds.notice, "THÔNG BÁO")):
        document = _issue(
            body, "PT-SNV", doc_type, "triển khai “Năm dân vận khéo” 2026", signer_name="Trần Văn B"
        )
        reg = kinds.registered(document)
        doc = _read(maker(reg.heading, summary=document.title, blocks=["Nội dung."], sign=reg.sign))
        _page_rules(doc)
        left, right = doc.tables[0].rows[0].cells
        assert _lines(left) == [
            "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ",
            "SỞ NỘI VỤ TỈNH PHÚ THỌ",
            "________",
            f"Số: 01/{doc_type}-SNV",
        ]
        assert _lines(right) == [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Phú Thọ, ngày 05 tháng 02 năm 2026",
        ]
        assert _texts(doc)[:3] == [name, document.title, "________"]
        assert _run(doc, name).font.size == Pt(14)  # NĐ 30: type name 13–14
        _recipients, signature = doc.tables[1].rows[0].cells
        assert _lines(signature)[-1] == "Trần Văn B"
    proposal = _issue(body, "PT-BTGDV", "TTr", "đề nghị tặng Bằng khen", recipients=["Như trên"])
    reg = kinds.registered(proposal)
    doc = _read(
        kinds.proposal(
            reg.heading,
            summary=proposal.title,
            to=["Ban Thường vụ Tỉnh ủy"],
            blocks=["Căn cứ kết quả xét chọn…"],
            sign=reg.sign,
        )
    )
    texts = _texts(doc)
    assert texts[:4] == ["TỜ TRÌNH", proposal.title, "-----", "Kính gửi: Ban Thường vụ Tỉnh ủy"]
    assert _lines(doc.tables[0].rows[0].cells[0])[-1] == "Số 01-TTr/BTGDVTU"


def test_decision_with_its_attached_list(body):
    document = _issue(body, "PT-BTGDV", "QĐ", "công nhận mô hình “Dân vận khéo” năm 2026")
    reg = kinds.registered(document)
    doc = _read(
        kinds.decision(
            reg.heading,
            summary=document.title,
            authority="Ban Tuyên giáo và Dân vận Tỉnh ủy",
            grounds=["Căn cứ Quy chế làm việc của Ban;", "Xét đề nghị của Hội đồng xét công nhận,"],
            articles=["Công nhận 2 mô hình (có danh sách kèm theo).", "Quyết định có hiệu lực từ ngày ký."],
            sign=reg.sign,
            archive=reg.archive,
            annex=Annex(
                "Danh sách",
                "mô hình “Dân vận khéo” được công nhận",
                kinds.attached_to_line(document),
                ["TT", "Tên mô hình", "Đơn vị"],
                [[1, "Mô hình A", "Xã X"], [2, "Mô hình B", "Xã Y"]],
            ),
        )
    )
    texts = _texts(doc)
    assert texts[:4] == ["QUYẾT ĐỊNH", document.title, "-----", "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY"]
    assert "QUYẾT ĐỊNH" in texts[5:] and _run(doc, "Căn cứ Quy chế làm việc của Ban;").italic
    assert "Điều 1. Công nhận 2 mô hình (có danh sách kèm theo)." in texts
    assert _run(doc, "Điều 1. ").bold
    assert "w:br" in doc.element.xml and 'w:type="page"' in doc.element.xml  # the list on a new page
    assert "DANH SÁCH" in texts
    assert (
        f"(Kèm theo Quyết định số {document.number} ngày 05/02/2026 của Ban Tuyên giáo và Dân vận Tỉnh ủy Phú Thọ)"
        in texts
    )
    annex = doc.tables[-1]
    assert [c.text for c in annex.rows[2].cells] == ["2", "Mô hình B", "Xã Y"]


def test_state_decision_says_quyet_dinh_with_a_colon(body):
    document = _issue(body, "PT-SNV", "QĐ", "khen thưởng")
    reg = kinds.registered(document)
    doc = _read(
        kinds.decision(
            reg.heading,
            summary="khen thưởng",
            authority="Giám đốc Sở Nội vụ",
            grounds=[],
            articles=["…"],
            sign=reg.sign,
        )
    )
    assert "QUYẾT ĐỊNH:" in _texts(doc)


def test_minutes_with_votes_and_two_signatures(body):
    document = _issue(body, "PT-HDTD", "BB", "họp Hội đồng xét công nhận", capacity="")
    reg = kinds.registered(document)
    doc = _read(
        kinds.minutes(
            reg.heading,
            summary=document.title,
            opening=["Thời gian: 14 giờ 00, ngày 05/02/2026.", "Thành phần: 3 thành viên."],
            blocks=[Part("I. NỘI DUNG"), "Hội đồng chấm điểm."],
            votes=Votes(members=3, present=3, agreeing=2, pass_line="điểm đạt 80,00% trở lên"),
            signers=(("Thư ký", "Lê Quang Vinh"), ("Chủ tịch Hội đồng", "Phạm Thị Mai")),
        )
    )
    texts = _texts(doc)
    assert texts[:3] == ["BIÊN BẢN", document.title, "-----"]
    assert _lines(doc.tables[0].rows[0].cells[0])[-1] == f"Số {document.number}"
    assert document.number.endswith("-BB/HĐDVK")
    assert any("tán thành (điểm đạt 80,00% trở lên): 2/3, đạt tỷ lệ 66,67%." in t for t in texts)
    left, right = doc.tables[-1].rows[0].cells
    assert _lines(left) == ["THƯ KÝ", "Lê Quang Vinh"] and _lines(right) == [
        "CHỦ TỊCH HỘI ĐỒNG",
        "Phạm Thị Mai",
    ]
    assert "Nơi nhận:" not in doc.element.xml


def test_reminder_letter_has_the_subject_under_the_number(body):
    document = _issue(body, "PT-BTGDV", "CV", "V/v đôn đốc báo cáo kết quả thực hiện kế hoạch")
    reg = kinds.registered(document, summary_under_number=True)
    doc = _read(
        kinds.letter(reg.heading, to=["Các đảng ủy xã", "Sở Nội vụ"], blocks=["Đề nghị…"], sign=reg.sign)
    )
    left = doc.tables[0].rows[0].cells[0]
    assert _lines(left)[-2:] == ["Số 01-CV/BTGDVTU", document.title]
    vv = _run(left, document.title)
    assert vv.italic and vv.font.size == Pt(12)  # 36-HD: V/v italic 12
    assert _texts(doc)[:3] == ["Kính gửi:", "- Các đảng ủy xã;", "- Sở Nội vụ;"]


def test_certificate_is_landscape_with_the_qr_code_of_its_verification_url(body):
    document = _issue(body, "PT-BTGDV", "GK", "tặng Giấy khen", verifiable=True, signer_name="Nguyễn Thị Lan")
    reg = kinds.registered(document)
    url = f"https://dvk.example.vn/xac-minh/{document.verification_code}/"
    doc = _read(
        kinds.certificate(
            reg.heading,
            kind="Giấy khen",
            authority="Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
            awarded_to="Ông Xa Văn Tuấn",
            lines=["Đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm 2026."],
            sign=reg.sign,
            verify_url=url,
            code=document.verification_code,
        )
    )
    _page_rules(doc, landscape=True)
    texts = _texts(doc)
    assert texts[:4] == [
        "GIẤY KHEN",
        "TRƯỞNG BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY",
        "TẶNG",
        "Ông Xa Văn Tuấn",
    ]
    assert _run(doc, "GIẤY KHEN").font.size == Pt(layout.CERTIFICATE_TITLE_SIZE)
    qr_cell, signature = doc.tables[1].rows[0].cells
    assert _lines(qr_cell) == [f"Mã xác minh: {document.verification_code}", url]
    images = [p for p in doc.part.package.parts if p.content_type == "image/png"]
    assert len(images) == 1 and images[0].blob.startswith(b"\x89PNG")
    assert _lines(signature) == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Thị Lan"]
    assert "Nơi nhận:" not in doc.element.xml


def test_pdf_without_a_renderer_says_so_in_vietnamese(monkeypatch):
    monkeypatch.setattr(render, "soffice", lambda: None)
    assert not render.can_render_pdf()
    with pytest.raises(render.RendererMissing) as caught:
        render.to_pdf(b"PK")
    assert "LibreOffice" in str(caught.value)


def test_every_kind_renders_to_png_for_a_look(body, tmp_path):
    """DOCX → PDF (LibreOffice headless) → PNG (pdftoppm) for every template, where the machine has
    them; the PNGs are left in the test's temporary directory for a person to look at."""
    if not render.can_render_pdf() or not render.pdftoppm():
        pytest.skip(
            "LibreOffice (soffice) and poppler (pdftoppm) are not installed on this machine: "
            "apt-get install libreoffice-writer-nogui poppler-utils to render the documents to PNG"
        )
    party = kinds.registered(_issue(body, "PT-BTGDV", "BC", "sơ kết 6 tháng", recipients=["Như trên"]))
    state = kinds.registered(_issue(body, "PT-SNV", "KH", "triển khai kế hoạch"))
    grid = Grid(
        ["Lĩnh vực", "Số mô hình"], [["Kinh tế", 12], ["Văn hóa - xã hội", 1234]], total=["Cộng", 1246]
    )
    made = {
        "bao-cao": kinds.report(
            party.heading,
            summary="sơ kết 6 tháng",
            blocks=[Part("I. KẾT QUẢ"), "Nội dung.", grid],
            sign=party.sign,
        ),
        "ke-hoach": kinds.plan(
            state.heading, summary="triển khai kế hoạch", blocks=["Nội dung."], sign=state.sign
        ),
        "to-trinh": kinds.proposal(
            party.heading, summary="đề nghị", to=["Ban Thường vụ Tỉnh ủy"], blocks=["…"], sign=party.sign
        ),
        "quyet-dinh": kinds.decision(
            party.heading,
            summary="công nhận",
            authority="Ban Tuyên giáo và Dân vận Tỉnh ủy",
            grounds=["Căn cứ …;"],
            articles=["Công nhận …", "Hiệu lực …"],
            sign=party.sign,
            annex=Annex("Danh sách", "mô hình", "(Kèm theo …)", ["TT", "Tên"], [[1, "Mô hình A"]]),
        ),
        "bien-ban": kinds.minutes(
            party.heading,
            summary="họp hội đồng",
            opening=["Thời gian: …"],
            blocks=["…"],
            votes=Votes(3, 3, 3),
        ),
        "cong-van": kinds.letter(party.heading, to=["Các đảng ủy xã"], blocks=["Đề nghị …"], sign=party.sign),
        "giay-khen": kinds.certificate(
            party.heading,
            kind="Giấy khen",
            authority="Trưởng Ban",
            awarded_to="Ông Xa Văn Tuấn",
            lines=["Đã có thành tích …"],
            sign=party.sign,
            verify_url="https://dvk.example.vn/xac-minh/ABCDEFGH23/",
            code="ABCDEFGH23",
        ),
    }
    pdfs = render.to_pdfs({name: layout.to_bytes(doc) for name, doc in made.items()})
    for name, pdf in pdfs.items():
        pages = render.to_png(pdf, tmp_path / name)
        assert pages and pages[0].read_bytes().startswith(b"\x89PNG"), name
    assert len(render.to_png(pdfs["quyet-dinh"], tmp_path / "annex")) == 2  # the attached list: page 2
