"""The kit's rules without the database: legacy encodings, dates, text, footers, large .xls."""

from __future__ import annotations

import datetime as dt

import pytest

from dvk.imports import values
from dvk.imports.encodings import LegacyTextError, decode, encode_tcvn3, encode_vni, guess
from dvk.imports.engine import is_column_numbers, is_footer
from dvk.imports.tests.builders import Sheet, xls
from dvk.imports.workbook import Cell, read

SAMPLES = [
    "Ban Dân vận Tỉnh ủy Hòa Bình",
    "Mô hình “Dân vận khéo” trong xây dựng nông thôn mới",
    "Hội Liên hiệp Phụ nữ; Ủy ban Mặt trận Tổ quốc",
    "quỹ thuộc người Trường, cuối năm: ổn định",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_tcvn3_and_vni_round_trip(text):
    # TCVN3 has no capitals with a tone mark (a .VnTimeH font draws them): only their case is lost
    decoded, encoding = decode(encode_tcvn3(text), ".VnTime")
    assert encoding == "tcvn3" and decoded.lower() == text.lower()
    assert decode(encode_vni(text), "VNI-Times") == (text, "vni")
    assert guess(encode_vni(text)) == "vni"
    assert guess(encode_tcvn3(text)) == "tcvn3"


def test_capitals_font_and_unicode_left_alone():
    assert decode("d©n vËn khÐo", ".VnTimeH")[0] == "DÂN VẬN KHÉO"
    assert decode("Nguyễn Văn A", "Times New Roman") == ("Nguyễn Văn A", "")
    assert guess("© 2020") == "" and guess("Café") == ""
    with pytest.raises(LegacyTextError):
        decode("Ðªn vË§ ¤¤", "VNI-Times")


def test_dates_day_first():
    assert values.date(Cell("5/3/2020")) == dt.date(2020, 3, 5)
    assert values.date(Cell("05-03-2020")) == dt.date(2020, 3, 5)
    assert values.date(Cell("05.03.2020")) == dt.date(2020, 3, 5)
    assert values.date(Cell(43900)) == dt.date(2020, 3, 10)
    assert values.date(Cell(dt.datetime(2020, 3, 5, 8, 30))) == dt.date(2020, 3, 5)
    assert values.date(Cell(None)) is None and values.date(Cell("  ")) is None
    for bad in ("2020-03-05", "31/02/2020", "tháng 3/2020", 2020, True):
        with pytest.raises(values.DateError):
            values.date(Cell(bad))


def test_whitespace_and_nfd():
    assert values.text(Cell("  Chi\u00a0bộ\n\tgương   mẫu ")) == "Chi bộ gương mẫu"
    assert values.text(Cell("Đa\u0300")) == "Đà"
    assert values.text(Cell(12.0)) == "12"


def test_rows():
    assert is_column_numbers([Cell("(1)"), Cell("(2)"), Cell("(3)")])
    assert is_column_numbers([Cell(1), Cell(2), Cell(3)])
    assert not is_column_numbers([Cell(1), Cell("Mô hình")])
    for footer in (
        "Tổng cộng: 5 mô hình",
        "Cộng 4 đơn",
        "Hòa Bình, ngày 10 tháng 12 năm 2020",
        "T/M BAN THƯỜNG VỤ",
    ):
        assert is_footer([Cell(footer)]), footer
    for data in ("Cộng đồng dân cư tự quản", "Tổng số hộ nghèo giảm", "Chủ tịch Hội Nông dân"):
        assert not is_footer([Cell(data)]), data


def test_a_large_xls_spans_several_fat_sectors():
    rows = [[i, f"Mô hình số {i}", dt.date(2021, 1, 1)] for i in range(3000)]
    (grid,) = read(xls(Sheet("S", rows)))
    assert len(grid.rows) == 3000 and grid.rows[-1][1].value == "Mô hình số 2999"
    assert grid.rows[-1][2].value == dt.datetime(2021, 1, 1)
