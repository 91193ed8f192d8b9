"""The shared text-structure reader: plan numbering by default, legal numbering on request."""

from __future__ import annotations

import io

import docx

from dvk.core.structure import classify, clean, lines_from_docx, lines_from_text


def test_plan_numbering_is_unchanged_and_legal_words_are_text_by_default():
    assert (classify("II- Nội dung").scheme, classify("II- Nội dung").number) == ("roman", "II")
    assert classify("2.1- Hội đồng nhân dân").number == "2.1"
    assert classify("a) Điểm").scheme == "letter"
    assert classify("- Gạch đầu dòng").kind == "bullet"
    assert classify("Điều 5. Phạm vi").kind == "text"  # plans do not read articles
    assert classify("Chương I").kind == "text"


def test_legal_numbering():
    line = classify("Điều 5. Phạm vi điều chỉnh", legal=True)
    assert (line.kind, line.scheme, line.number, line.text) == (
        "heading",
        "article",
        "5",
        "Phạm vi điều chỉnh",
    )
    assert classify("Điều 12a: Sửa đổi", legal=True).number == "12a"
    assert (classify("Điều 3", legal=True).scheme, classify("Điều 3", legal=True).text) == ("article", "")
    assert classify("Chương iv", legal=True).number == "IV"
    assert classify("Mục 2. Quy định riêng", legal=True).scheme == "part"
    assert classify("Điều chỉnh giá", legal=True).kind == "text"
    assert classify("1. Khoản một", legal=True).scheme == "arabic"


def test_clean_drops_markdown_and_normalises():
    assert clean("## **Điều  1.**\u00a0Phạm vi") == "Điều 1. Phạm vi"
    assert [ln.kind for ln in lines_from_text("Điều 1. A\n-----\n\nNội dung", legal=True)] == [
        "heading",
        "text",
    ]


def test_word_heading_styles_keep_legal_schemes():
    document = docx.Document()
    document.add_paragraph("Điều 1. Phạm vi", style="Heading 2")
    document.add_paragraph("Tổng quan", style="Heading 1")
    document.add_paragraph("Mục đích", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    lines = lines_from_docx(buffer, legal=True)
    assert [(ln.kind, ln.scheme, ln.level) for ln in lines] == [
        ("heading", "article", 0),
        ("heading", "style", 1),
        ("bullet", "", 0),
    ]
