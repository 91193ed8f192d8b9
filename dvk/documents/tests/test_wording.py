"""Generated documents' wording: quotation marks never doubled, names cut between words, decimal commas."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dvk.core.text import quoted
from dvk.documents.layout import vn_number
from dvk.plans.models import Task, Theme


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dân vận khéo", "“Dân vận khéo”"),
        ("“Ngày thứ Bảy vì dân” – xã Thịnh Minh", "“Ngày thứ Bảy vì dân” – xã Thịnh Minh"),
        ('Năm "Dân vận khéo"', 'Năm "Dân vận khéo"'),
        ("  Mô hình hiến đất  ", "“Mô hình hiến đất”"),
    ],
)
def test_names_are_quoted_once(name, expected):
    assert quoted(name) == expected


def test_a_theme_named_with_its_own_quotes_is_not_quoted_again():
    assert str(Theme(name="Năm “Dân vận khéo”", year=2026)) == "Năm “Dân vận khéo” 2026"
    assert str(Theme(name="Năm dân vận khéo", year=2020)) == "“Năm dân vận khéo” 2020"


def test_a_long_task_name_is_cut_between_words():
    title = "Tuyên truyền, vận động Nhân dân tham gia xây dựng nông thôn mới " * 3
    short = Task(title=title.strip()).short_title
    assert short.endswith("…") and len(short) <= 90
    assert title.startswith(short[:-1]) and title[len(short) - 1] == " "  # the cut falls on a space


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("18.00"), "18"),
        (Decimal("1.00"), "1"),
        (Decimal("1.50"), "1,5"),
        (Decimal("84.23"), "84,23"),
        (Decimal("1234.5"), "1.234,5"),
        (12345, "12.345"),
        (None, "—"),
    ],
)
def test_numbers_in_documents_use_the_vietnamese_decimal_comma(value, text):
    assert vn_number(value) == text
