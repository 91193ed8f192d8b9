"""Bulk-entry parsing: pasted Word lines → rows."""

import pytest

from dvk.voters.entry import split_lines, strip_marker


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1. Sửa đường", "Sửa đường"),
        ("  12) Sửa đường", "Sửa đường"),
        ("(3) Sửa đường", "Sửa đường"),
        ("- Sửa đường", "Sửa đường"),
        ("– Sửa đường", "Sửa đường"),
        ("• Sửa đường", "Sửa đường"),
        ("a) Sửa đường", "Sửa đường"),
        ("đ) Sửa đường", "Sửa đường"),
        ("IV. Sửa đường", "Sửa đường"),
        ("1. - Sửa đường", "Sửa đường"),
        ("Sửa đường 2 km", "Sửa đường 2 km"),
        ("2025 là năm", "2025 là năm"),  # a year is not a list marker
    ],
)
def test_strip_marker(line, expected):
    assert strip_marker(line) == expected


def test_split_lines_one_row_per_line_with_kinds():
    pasted = "1. Đề nghị sửa đường\r\n\r\n  \n- Ý kiến: hoan nghênh cải cách\nb) Kiến nghị: tăng phụ cấp\nYK - đồng tình\n"
    assert split_lines(pasted) == [
        ("petition", "Đề nghị sửa đường"),
        ("opinion", "hoan nghênh cải cách"),
        ("petition", "tăng phụ cấp"),
        ("opinion", "đồng tình"),
    ]


def test_split_lines_normalises_nfd_to_nfc():
    nfd = "1. Đe\u0302\u0300 nghi\u0323"
    assert split_lines(nfd) == [("petition", "Đề nghị")]


def test_split_lines_empty():
    assert split_lines("") == []
    assert split_lines("\n - \n1.\n") == []
