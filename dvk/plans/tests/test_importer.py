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
