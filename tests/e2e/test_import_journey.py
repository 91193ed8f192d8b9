"""Import a models register with errors in the browser, read why row by row, fix the file and
import it again (the dry run is checked by the background task; the page follows it with htmx)."""

from __future__ import annotations

import pytest

from dvk.imports.tests.builders import Sheet, xlsx

pytestmark = pytest.mark.browser

HEADER = ["STT", "Tên mô hình", "Đơn vị thực hiện", "Lĩnh vực", "Thời gian bắt đầu"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register(rows) -> bytes:
    return xlsx(
        Sheet(
            "Danh sách",
            [
                ["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO"],
                HEADER,
                ["(1)", "(2)", "(3)", "(4)", "(5)"],
                *rows,
                ["Tổng cộng"],
            ],
            merges=["A1:E1"],
        )
    )


def upload(page, content: bytes) -> None:
    page.goto("/nhap-du-lieu/")
    page.select_option("#id_kind", "exemplars")
    page.set_input_files("#id_file", files=[{"name": "so-mo-hinh.xlsx", "mimeType": XLSX, "buffer": content}])
    page.click("text=Kiểm tra tệp")
    page.wait_for_selector("table")


def test_import_with_errors_then_fixed(page, login):
    from dvk.exemplars.models import Exemplar

    login("xa.a")
    with_errors = [
        [1, "Mô hình trình duyệt A", "Đảng ủy xã Thịnh Minh", "Kinh tế", "05/03/2021"],
        [2, "Mô hình trình duyệt B", "Đảng ủy xã Thịnh Minh", "", "2021-03-05"],
    ]
    upload(page, register(with_errors))
    error_row = page.locator('tr[data-row="5"]')
    assert error_row.get_attribute("data-status") == "error"
    assert "Chưa ghi lĩnh vực" in error_row.inner_text()
    assert "không phải ngày" in error_row.inner_text()
    assert page.locator('tr[data-row="3"]').get_attribute("data-status") == "skip"  # the column numbers
    assert page.get_by_text("Chưa thể nhập khi tệp còn lỗi").is_visible()
    assert page.locator("button", has_text="Nhập").count() == 0

    fixed = [with_errors[0], [2, "Mô hình trình duyệt B", "Đảng ủy xã Thịnh Minh", "Giáo dục", "05/03/2021"]]
    upload(page, register(fixed))
    assert page.locator('tr[data-status="create"]').count() == 2
    page.click("text=Nhập 2 dòng")
    page.wait_for_selector('[data-status="done"]')
    assert page.get_by_text("Đã tạo 2 bản ghi").is_visible()
    assert Exemplar.objects.filter(title__startswith="Mô hình trình duyệt").count() == 2

    upload(page, register(fixed))  # the same file again: nothing new
    assert page.get_by_text("Không có gì mới để nhập").is_visible()
    assert Exemplar.objects.filter(title__startswith="Mô hình trình duyệt").count() == 2
