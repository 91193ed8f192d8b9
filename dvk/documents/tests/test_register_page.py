"""The register page of one body and year: scoped (a sibling body's register is a 404), searched
with accent folding, filtered by type, exported; the API list the same way; a nav item."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from dvk.documents import services


def _issue(org, doc_type, title, day=dt.date(2034, 6, 1)):
    return services.issue(organisation=org, doc_type=doc_type, title=title, by=None, issued_on=day)


def test_register_of_a_body_and_year_with_search_and_type_filter(client_for, body):
    commune = body("PT-DU-04897")  # Đảng ủy xã Thịnh Minh (xa.a's body)
    plan = _issue(commune, "KH", "Kế hoạch thực hiện Năm dân vận khéo")
    report = _issue(commune, "BC", "Báo cáo sơ kết 6 tháng đầu năm")
    old = _issue(commune, "BC", "Báo cáo năm trước", day=dt.date(2033, 12, 30))
    client = client_for("xa.a")
    page = client.get(f"/so-van-ban/{commune.pk}/2034/").content.decode()
    assert plan.number in page and report.number in page and old.title not in page
    assert old.number == report.number  # each year's register starts again at 01
    folded = client.get(f"/so-van-ban/{commune.pk}/2034/", {"q": "so ket 6 THANG"}).content.decode()
    assert report.number in folded and plan.number not in folded
    typed = client.get(f"/so-van-ban/{commune.pk}/2034/", {"type": "KH"}).content.decode()
    assert plan.number in typed and report.number not in typed
    assert old.title in client.get(f"/so-van-ban/{commune.pk}/2033/").content.decode()
    own = client.get("/so-van-ban/")  # the menu opens the user's own body, this year
    assert own.status_code == 200 and own.context["body"] == commune
    chosen = client.get("/so-van-ban/", {"body": commune.pk, "year": 2033})
    assert old.title in chosen.content.decode()
    assert f'href="/so-van-ban/{commune.pk}/2034/"' in chosen.content.decode()  # year links


def test_a_sibling_body_sees_neither_the_register_nor_its_rows(client_for, api_for, body):
    commune = body("PT-DU-04897")
    doc = _issue(commune, "TB", "Thông báo nội bộ của xã Thịnh Minh")
    sibling = client_for("xa.b")  # officer of Cao Phong
    assert sibling.get(f"/so-van-ban/{commune.pk}/2034/").status_code == 404
    assert sibling.get(f"/so-van-ban/{commune.pk}/2034/excel/").status_code == 404
    assert sibling.get("/so-van-ban/", {"body": commune.pk}).status_code == 404
    api = api_for("xa.b")
    assert api.get(f"/api/v1/documents?organisation={commune.pk}").status_code == 404
    assert doc.number not in [i["number"] for i in api.get("/api/v1/documents?year=2034").json()["items"]]
    assert api.get(f"/api/v1/documents/{doc.pk}").status_code == 404
    assert api_for("xa.a").get(f"/api/v1/documents/{doc.pk}").json()["number"] == doc.number
    # the province coordinator sees every body of the province
    assert client_for("tinh.bdv").get(f"/so-van-ban/{commune.pk}/2034/").status_code == 200


def test_out_of_range_ids_and_years_are_not_found(client_for):
    client = client_for("tinh.bdv")
    assert client.get(f"/so-van-ban/{10**20}/2034/").status_code == 404
    assert client.get("/so-van-ban/1/99999/").status_code == 404


def test_query_count_does_not_grow_with_rows(client_for, body):
    ban = body("PT-SNV")
    client = client_for("tinh.bdv")
    _issue(ban, "BC", "Một")
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/so-van-ban/{ban.pk}/2034/").status_code == 200
    for i in range(30):
        _issue(ban, "BC", f"Báo cáo số {i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/so-van-ban/{ban.pk}/2034/").status_code == 200
    assert len(many) == len(one)


def test_one_export_the_old_address_redirects_to_the_list_kit_with_its_filters(client_for, body):
    ban = body("PT-SNV")
    doc = _issue(ban, "BC", "Báo cáo kết quả công tác dân vận")
    urgent = services.issue(
        organisation=ban,
        doc_type="BC",
        title="Báo cáo khẩn",
        by=None,
        issued_on=dt.date(2034, 6, 2),
        urgency="khan",
    )
    other = _issue(ban, "KH", "Kế hoạch không xuất")
    client = client_for("so.a")
    page = client.get(f"/so-van-ban/{ban.pk}/2034/", {"type": "BC"})
    export_url = page.context["listing"].export_url
    assert export_url.startswith("/xuat-excel/documents.register/?")
    assert export_url.replace("&", "&amp;").encode() in page.content  # the page's one Excel button
    old = client.get(f"/so-van-ban/{ban.pk}/2034/excel/", {"type": "BC"})
    assert old.status_code == 301
    location = urlsplit(old["Location"])
    assert location.path == "/xuat-excel/documents.register/"
    assert parse_qs(location.query) == parse_qs(urlsplit(export_url).query)  # the same filters
    response = client.get(old["Location"])
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "SỔ VĂN BẢN ĐI"
    assert ws.freeze_panes == "A5"
    header = [c.value for c in ws[4]]
    assert header == ["Số, ký hiệu", "Ngày", "Loại văn bản", "Trích yếu", "Người ký", "Nơi nhận", "Độ khẩn"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows] == [urgent.number, doc.number]  # newest first, as the page
    assert other.number not in [r[0] for r in rows]
    assert rows[1][1] == dt.datetime(2034, 6, 1) and ws["B6"].number_format == "dd/mm/yyyy"
    assert (
        rows[0][6] == urgent.urgency_mark and ws["A4"].font.name == "Times New Roman" and ws["A4"].font.bold
    )


def test_api_list_filters_and_paginates(api_for, body):
    ban = body("PT-SNV")
    a = _issue(ban, "BC", "Báo cáo tháng một")
    b = _issue(ban, "TB", "Thông báo lịch họp")
    api = api_for("so.a")
    data = api.get(f"/api/v1/documents?organisation={ban.pk}&year=2034&doc_type=TB").json()
    assert [i["number"] for i in data["items"]] == [b.number]
    item = api.get(f"/api/v1/documents?organisation={ban.pk}&year=2034&q=thang mot").json()["items"][0]
    assert item["number"] == a.number and item["number_line"] == f"Số: {a.number}"
    assert item["doc_type_label"] == "Báo cáo" and item["issuer"]["id"] == ban.pk
    assert api.get("/api/v1/documents?year=20340").status_code == 422


def test_nav_item_for_members(client_for):
    assert "/so-van-ban/" in client_for("xa.a").get("/").content.decode()
