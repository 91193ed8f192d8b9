from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from dvk.plans.importer import parse_docx, parse_text

SEED = Path("/work/shared/seed/000_99272760bf9fca68.txt")
LOCAL_SEED = Path(__file__).resolve().parents[1] / "data" / "ke_hoach_nam_dan_van_kheo_2020.md"


def seed_text() -> str:
    return (SEED if SEED.exists() else LOCAL_SEED).read_text("utf-8")


def outline(plan):
    def walk(section):
        return (section.number, len(section.tasks), [walk(c) for c in section.children])

    return [walk(s) for s in plan.sections]


def test_the_seed_plan_imports_into_its_sections_with_every_bullet_as_a_task():
    plan = parse_text(seed_text())
    assert outline(plan) == [
        ("I", 3, []),
        (
            "II",
            0,
            [
                ("1", 6, []),
                ("2", 0, [("2.1", 3, []), ("2.2", 5, []), ("2.3", 2, [])]),
                ("3", 2, []),
                ("4", 2, []),
            ],
        ),
        ("III", 1, []),  # running text only: the paragraph is the task
        ("IV", 0, [("1", 1, []), ("2", 2, [])]),
    ]
    titles = {s.number: s.title for s in plan.all_sections()}
    assert titles["I"] == "Mục đích, yêu cầu"
    assert titles["2.2"] == "Ủy ban nhân dân các cấp; các ban, sở, ngành"
    assert titles["2.3"] == "Các cơ quan tư pháp"  # italic markers dropped
    assert len(plan.all_tasks()) == 27  # 25 bullets + the running text of III and IV.1
    bullets = sum(1 for line in seed_text().split("Nơi nhận")[0].splitlines() if line.startswith("- "))
    assert bullets == 25


def test_the_seed_plan_reference_title_theme_and_recipients():
    plan = parse_text(seed_text())
    assert plan.title == "Kế hoạch thực hiện chủ đề “Năm dân vận khéo” 2020"
    assert plan.reference_number == "06-KH/BDVTW"
    assert plan.reference_date == dt.date(2020, 2, 19)
    assert plan.reference_issuer == "Ban Dân vận Trung ương"
    assert (plan.theme_name, plan.theme_year) == ("Năm dân vận khéo", 2020)
    assert plan.recipients[0] == "Ban Dân vận Trung ương"
    assert plan.recipients[-1] == "Lưu Văn phòng Tỉnh ủy"


def test_broken_lines_are_joined_and_markdown_is_dropped():
    tasks = [t.title for t in parse_text(seed_text()).all_tasks()]
    assert any("nguyện vọng hợp pháp, chính đáng; khiếu nại" in t for t in tasks)
    assert any("Hướng dẫn số 12-HD/BCĐ, ngày 04/7/2019" in t for t in tasks)
    assert any("“Tháng dân vận” năm 2020" in t for t in tasks)
    assert not any("*" in t for t in tasks)


def test_seed_tasks_suggest_the_right_kinds_of_body():
    plan = parse_text(seed_text())
    kinds = {s.number: s.tasks[0].target_kinds for s in plan.all_sections() if s.tasks}
    assert kinds["1"] in (["party_committee"], [])  # II.1 party committees; IV.1 is reviewed by hand
    assert kinds["2.1"] == ["peoples_council"]
    assert kinds["2.2"] == ["peoples_committee", "department"]
    assert kinds["2.3"] == ["judiciary"]
    assert kinds["3"] == ["armed_forces"]
    assert kinds["4"] == ["front", "mass_organisation"]
    assert kinds["I"] == []


LAYOUT_DOTS = """ĐẢNG ỦY XÃ THỊNH MINH
KẾ HOẠCH
triển khai “Tháng dân vận” năm 2026

Căn cứ Kế hoạch số 15-KH/BTGDVTU, ngày 02/3/2026 của Ban Tuyên giáo và Dân vận Tỉnh ủy, Đảng ủy xã xây dựng kế hoạch:

1. MỤC ĐÍCH
Phát huy vai trò của Nhân dân.
2. NỘI DUNG
2.1. Tuyên truyền
+ Tổ chức 5 buổi tuyên truyền tại các xóm;
+ Đưa tin trên hệ thống loa truyền thanh.
2.2. Ra quân
a) Vệ sinh môi trường
+ Ra quân dọn vệ sinh các tuyến đường liên xóm.
b) Giao thông nông thôn
+ Vận động Nhân dân hiến đất làm đường.
+ Làm 1 km đường bê tông
xóm Thịnh Lang.
3. TỔ CHỨC THỰC HIỆN
Giao Ban Thường trực Ủy ban MTTQ xã theo dõi.
"""


def test_a_plan_numbered_with_dots_and_plus_bullets():
    plan = parse_text(LAYOUT_DOTS)
    assert outline(plan) == [
        ("1", 1, []),
        ("2", 0, [("2.1", 2, []), ("2.2", 0, [("a", 1, []), ("b", 2, [])])]),
        ("3", 1, []),
    ]
    assert plan.title == "Kế hoạch triển khai “Tháng dân vận” năm 2026"
    assert plan.reference_number == "15-KH/BTGDVTU"
    assert plan.reference_date == dt.date(2026, 3, 2)
    last = plan.sections[1].children[1].children[1].tasks[-1]
    assert last.title == "Làm 1 km đường bê tông xóm Thịnh Lang."


def _docx() -> io.BytesIO:
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH", style="Title")
    document.add_paragraph("tổ chức Hội nghị biểu dương điển hình “Dân vận khéo”")
    document.add_heading("Mục đích, yêu cầu", level=1)
    document.add_paragraph("Biểu dương kịp thời các điển hình.", style="List Bullet")
    document.add_heading("Nội dung", level=1)
    document.add_heading("Công tác chuẩn bị", level=2)
    document.add_paragraph("Lựa chọn 20 điển hình tiêu biểu.", style="List Bullet")
    document.add_paragraph("Chuẩn bị phóng sự về các mô hình.", style="List Bullet")
    document.add_heading("2- Tổ chức hội nghị", level=2)
    document.add_paragraph("- Mời đại biểu các cơ quan, đơn vị dự hội nghị.")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_word_file_with_heading_styles():
    plan = parse_docx(_docx())
    assert outline(plan) == [("", 1, []), ("", 0, [("", 2, []), ("2", 1, [])])]
    assert [s.title for s in plan.all_sections()] == [
        "Mục đích, yêu cầu",
        "Nội dung",
        "Công tác chuẩn bị",
        "Tổ chức hội nghị",
    ]
    assert plan.title == "Kế hoạch tổ chức Hội nghị biểu dương điển hình “Dân vận khéo”"


@pytest.mark.parametrize("text", ["", "   ", "Một đoạn văn không có đề mục nào."])
def test_text_without_structure_is_refused_with_a_vietnamese_message(text):
    with pytest.raises(ValidationError):
        parse_text(text)


def test_a_file_that_is_not_a_word_document_is_refused():
    with pytest.raises(ValidationError):
        parse_docx(io.BytesIO(b"%PDF-1.4 not a docx"))


STATE_LAYOUT = """ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÒA BÌNH\tĐộc lập - Tự do - Hạnh phúc
Số: 215/KH-UBND\tHòa Bình, ngày 15 tháng 3 năm 2020

KẾ HOẠCH
Triển khai thực hiện “Năm dân vận khéo” năm 2020
trong các cơ quan hành chính nhà nước

Thực hiện Kế hoạch số 06-KH/TU ngày 02/3/2020 của Ban Thường vụ Tỉnh ủy về thực hiện chủ đề “Năm dân vận khéo” 2020, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao nhận thức của cán bộ, công chức về công tác dân vận chính quyền.
2. Yêu cầu
Bám sát nội dung Kế hoạch của Ban Thường vụ Tỉnh ủy.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Các sở, ban, ngành
a) Sở Nội vụ chủ trì, tham mưu kiểm tra việc thực hiện Quy chế dân chủ ở cơ sở.
b) Sở Thông tin và Truyền thông chỉ đạo các cơ quan báo chí tuyên truyền
về các điển hình “Dân vận khéo”.
c) Thanh tra tỉnh tham mưu giải quyết kịp thời đơn thư khiếu nại, tố cáo.
2. Ủy ban nhân dân các huyện, thành phố
a) Tổ chức đối thoại với Nhân dân ít nhất mỗi quý một lần.
b) Xây dựng mô hình “Dân vận khéo” trong cải cách hành chính
- Mỗi xã đăng ký ít nhất một mô hình;
- Báo cáo kết quả trước ngày 15/11/2020.
III. TỔ CHỨC THỰC HIỆN
Giao Sở Nội vụ theo dõi, tổng hợp, báo cáo Ủy ban nhân dân tỉnh.

Nơi nhận:
- Ban Dân vận Tỉnh ủy;
- Các sở, ban, ngành;
"""


def test_the_state_layout_reads_its_number_place_date_issuer_and_points_as_tasks():
    plan = parse_text(STATE_LAYOUT)
    assert plan.layout == "state"
    assert plan.number == "215/KH-UBND"
    assert plan.issued_on == dt.date(2020, 3, 15)
    assert plan.place == "Hòa Bình"
    assert plan.issuer == "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH"
    assert plan.superior == ""
    assert plan.title == (
        "Kế hoạch Triển khai thực hiện “Năm dân vận khéo” năm 2020 trong các cơ quan hành chính nhà nước"
    )
    assert plan.reference_number == "06-KH/TU"
    assert plan.reference_date == dt.date(2020, 3, 2)
    assert plan.reference_issuer == "Ban Thường vụ Tỉnh ủy"
    # a)/b)/c) with nothing under them are tasks of "1."; b) of "2." has bullets, so it stays a section
    assert outline(plan) == [
        ("I", 0, [("1", 1, []), ("2", 1, [])]),
        ("II", 0, [("1", 3, []), ("2", 1, [("b", 2, [])])]),
        ("III", 1, []),
    ]
    tasks = plan.sections[1].children[0].tasks
    assert tasks[1].title == (
        "Sở Thông tin và Truyền thông chỉ đạo các cơ quan báo chí tuyên truyền về các điển hình “Dân vận khéo”."
    )
    assert plan.recipients == ["Ban Dân vận Tỉnh ủy", "Các sở, ban, ngành"]


FRONT_LAYOUT = """ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM
TỈNH HÒA BÌNH
BAN THƯỜNG TRỰC
Số: 12/KH-MTTQ-BTT
Hòa Bình, ngày 05 tháng 02 năm 2020
KẾ HOẠCH
Phối hợp thực hiện chủ đề “Năm dân vận khéo” 2020

Căn cứ Kế hoạch số 06-KH/TU, ngày 02/3/2020 của Ban Thường vụ Tỉnh ủy, Ban Thường trực Ủy ban MTTQ tỉnh xây dựng kế hoạch:

A. MỤC ĐÍCH, YÊU CẦU
I. Mục đích
+ Phát huy vai trò của Mặt trận trong công tác dân vận.
II. Yêu cầu
+ Phối hợp chặt chẽ với các tổ chức thành viên.
B. NỘI DUNG
I. Tuyên truyền, vận động
1.1 Tuyên truyền trên các phương tiện thông tin
+ Đăng tải tin, bài về điển hình “Dân vận khéo”;
+ Tổ chức tọa đàm tại các khu dân cư.
1.2 Vận động Nhân dân
+ Vận động hiến đất làm đường giao thông nông thôn.
II. Giám sát và phản biện xã hội
+ Giám sát việc giải quyết kiến nghị của cử tri.
C. TỔ CHỨC THỰC HIỆN
Các tổ chức thành viên báo cáo kết quả trước ngày 30/11/2020.
"""


def test_the_front_layout_reads_lettered_parts_roman_and_decimal_items():
    plan = parse_text(FRONT_LAYOUT)
    assert plan.layout == "state"  # the Front's header is the State's: quốc hiệu, "Số: …"
    assert plan.number == "12/KH-MTTQ-BTT"
    assert plan.issued_on == dt.date(2020, 2, 5)
    assert plan.issuer == "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH HÒA BÌNH – BAN THƯỜNG TRỰC"
    assert plan.title == "Kế hoạch Phối hợp thực hiện chủ đề “Năm dân vận khéo” 2020"
    assert outline(plan) == [
        ("A", 0, [("I", 1, []), ("II", 1, [])]),
        ("B", 0, [("I", 0, [("1.1", 2, []), ("1.2", 1, [])]), ("II", 1, [])]),
        ("C", 1, []),
    ]
    assert [s.depth for s in plan.all_sections()] == [1, 2, 2, 1, 2, 3, 3, 2, 1]
    assert plan.reference_number == "06-KH/TU"
    assert (plan.theme_name, plan.theme_year) == ("Năm dân vận khéo", 2020)


PARTY_HEADER = """TỈNH ỦY HÒA BÌNH   ĐẢNG CỘNG SẢN VIỆT NAM
BAN DÂN VẬN
*
Số 06-KH/BDVTU   Hòa Bình, ngày 20 tháng 02 năm 2020
KẾ HOẠCH
thực hiện chủ đề “Năm dân vận khéo” 2020
Thực hiện Kế hoạch số 06-KH/BDVTW, ngày 19/02/2020 của Ban Dân vận Trung ương, Ban Dân vận Tỉnh ủy xây dựng kế hoạch:
I- Mục đích
- Tiếp tục đẩy mạnh công tác dân vận khéo.
"""


def test_the_party_header_gives_superior_issuer_number_without_colon_and_date():
    plan = parse_text(PARTY_HEADER)
    assert (plan.layout, plan.number, plan.issued_on) == ("party", "06-KH/BDVTU", dt.date(2020, 2, 20))
    assert (plan.superior, plan.issuer) == ("TỈNH ỦY HÒA BÌNH", "BAN DÂN VẬN")
    assert plan.title == "Kế hoạch thực hiện chủ đề “Năm dân vận khéo” 2020"
    assert plan.reference_number == "06-KH/BDVTW"


def test_a_word_file_whose_header_is_a_table():
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    cells = [
        ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("XÃ THỊNH MINH", "Độc lập - Tự do - Hạnh phúc"),
        ("Số: 31/KH-UBND", "Thịnh Minh, ngày 09 tháng 4 năm 2026"),
    ]
    for row, (left, right) in zip(table.rows, cells, strict=True):
        row.cells[0].text, row.cells[1].text = left, right
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("tổ chức “Tháng dân vận” năm 2026")
    document.add_paragraph("I. NỘI DUNG")
    document.add_paragraph("1. Ra quân vệ sinh môi trường")
    document.add_paragraph("a) Dọn vệ sinh các tuyến đường liên xóm.")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    plan = parse_docx(buffer)
    assert (plan.number, plan.issued_on, plan.place) == ("31/KH-UBND", dt.date(2026, 4, 9), "Thịnh Minh")
    assert plan.issuer == "ỦY BAN NHÂN DÂN XÃ THỊNH MINH"
    assert plan.title == "Kế hoạch tổ chức “Tháng dân vận” năm 2026"
    assert outline(plan) == [("I", 0, [("1", 1, [])])]


def test_the_seed_has_no_header_and_keeps_its_layout_empty():
    plan = parse_text(seed_text())
    assert (plan.layout, plan.number, plan.issued_on, plan.issuer) == ("", "", None, "")


def test_importing_a_state_plan_takes_number_and_date_from_its_header_and_warns_of_another_issuer(
    client_for, org
):
    from dvk.plans.models import Plan

    response = client_for("tinh.bdv").post(
        "/ke-hoach/nhap/", {"organisation": org("PT-BTGDV").pk, "text": STATE_LAYOUT}, follow=True
    )
    assert response.status_code == 200
    plan = Plan.objects.get(number="215/KH-UBND")
    assert plan.issued_on == dt.date(2020, 3, 15) and plan.reference_number == "06-KH/TU"
    assert plan.tasks.count() == 9 and plan.sections.count() == 8
    page = response.content.decode()
    assert "Văn bản ghi cơ quan ban hành là “ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH”" in page
