"""The public page /xac-minh/<code>/ verifies every document with a code, in words that fit any
kind (not only a recognition decision), and never a secret one."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from dvk.documents import services


def test_any_document_with_a_code_is_verified_in_neutral_words(body):
    document = services.issue(
        organisation=body("PT-BTGDV"),
        doc_type="GK",
        title="tặng Giấy khen tập thể Đảng ủy xã Thịnh Minh",
        by=None,
        issued_on=dt.date(2026, 3, 5),
        verifiable=True,
    )
    page = Client().get(f"/xac-minh/{document.verification_code}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Xác minh văn bản" in html and "công nhận" not in html.lower()
    assert document.number in html and "05/03/2026" in html and "tặng Giấy khen tập thể" in html


def test_unknown_code_says_no_document_carries_it(db):
    page = Client().get("/xac-minh/KHONGCOMA/")
    html = page.content.decode()
    assert page.status_code == 404
    assert "Không có văn bản nào mang mã xác minh “KHONGCOMA”." in html
    assert "quyết định công nhận" not in html
