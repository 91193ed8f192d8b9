"""The models register imported from workbooks built here (.xlsx and a real BIFF8 .xls), against
the demo province: header under merged title rows, a column-numbers row, vertically merged
bodies, the footer and the signature block, every date form, duplicates, TCVN3 and VNI-Windows
files, 2020 communes resolved to today's, idempotency and atomicity."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dvk.exemplars.models import Exemplar
from dvk.imports import engine
from dvk.imports.encodings import encode_tcvn3, encode_vni
from dvk.imports.tests.builders import Sheet, xls, xlsx

pytestmark = pytest.mark.django_db

TITLE_ROWS = [
    ["BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", None, None, None, None, None, None, None],
    ["DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” ĐĂNG KÝ NĂM 2020", None, None, None, None, None, None, None],
    [None] * 8,
]
HEADER = [
    "STT",
    "Tên mô hình",
    "Đơn vị\nthực hiện",
    "Xã",
    "Lĩnh  vực",
    "Thời gian bắt đầu",
    "Kết quả",
    "Ghi chú",
]
NUMBERS = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]
FOOTER = [
    [None] * 8,
    ["Tổng cộng: 5 mô hình", None, None, None, None, None, None, None],
    [None, None, None, None, None, "Hòa Bình, ngày 10 tháng 12 năm 2020", None, None],
    [None, None, None, None, None, "T/M BAN THƯỜNG VỤ", None, None],
    [None, None, None, None, None, "Nguyễn Văn A", None, None],
]


def register(rows: list[list], *, merges: list[str] | None = None, **kw) -> Sheet:
    return Sheet(
        "Danh sách",
        TITLE_ROWS + [HEADER, NUMBERS] + rows + FOOTER,
        merges=["A1:H1", "A2:H2", *(merges or [])],
        **kw,
    )


GOOD = [
    [
        1,
        "Dân vận khéo trong xây dựng nông thôn mới",
        "Đảng ủy xã Thịnh Minh",
        "Thịnh Minh",
        "Kinh tế",
        dt.date(2020, 3, 5),
        "12 km đường",
        "",
    ],
    [
        2,
        "Chi bộ  gương\u00a0mẫu",
        "Đảng ủy xã Thịnh Minh",
        "Hợp Thành",
        "Xây dựng hệ thống chính trị",
        "5/3/2020",
        "",
        "đã nhân rộng",
    ],
    [3, "Tổ hòa giải ở cơ sở", None, None, "Quốc phòng – an ninh", "05-03-2020", None, None],
    [
        4,
        "Khu dân cư không rác thải",
        "Khu dân cư xóm Hợp Thành",
        "Quang Tiến",
        "Môi trường",
        43900,
        None,
        None,
    ],
    [5, "Mô hình không ngày", "Trường Tiểu học Thịnh Minh", None, "Giáo dục", None, None, None],
]
# Row 7 of the sheet is the first data row (3 title rows, header on 4, numbers on 5… see below).


def _first_data_row() -> int:
    return len(TITLE_ROWS) + 2 + 1


def run(content: bytes, user, *, apply: bool = False, sheet: str | None = None) -> engine.Report:
    return engine.run(engine.get_spec("exemplars"), content, user=user, apply=apply, sheet=sheet)


@pytest.fixture
def officer(persona):
    return persona("xa.a")


@pytest.mark.parametrize("fmt", [xlsx, xls])
def test_dry_run_reads_the_register(fmt, officer):
    # Row 3 of the list (row 8 of the sheet) has no body of its own: the cell above is merged down over it.
    content = fmt(register(GOOD, merges=["C7:C8"]))
    before = Exemplar.objects.count()
    report = run(content, officer)
    assert Exemplar.objects.count() == before
    assert report.sheet == "Danh sách" and report.header_row == 4
    first = _first_data_row()
    assert [r["row"] for r in report.records] == [first, first + 1, first + 2, first + 3, first + 4]
    by_row = {r["row"]: r for r in report.records}
    one = by_row[first]
    assert one["title"] == "Dân vận khéo trong xây dựng nông thôn mới"
    assert one["organisation"] == "Đảng ủy xã Thịnh Minh" and one["organisation_id"]
    assert one["commune"] == "Thịnh Minh" and one["commune_code"] == "04897"
    assert one["field"] == "kinh-te" and one["started_on"] == "2020-03-05"
    assert by_row[first + 1]["title"] == "Chi bộ gương mẫu"  # whitespace runs, NBSP → one space
    # a 2020 commune (Hợp Thành, merged into Thịnh Minh on 1/7/2025) resolves to today's unit
    assert by_row[first + 1]["commune_code"] == "04897"
    assert by_row[first + 1]["started_on"] == "2020-03-05"
    assert by_row[first + 2]["organisation"] == "Đảng ủy xã Thịnh Minh"  # filled from the merge
    assert by_row[first + 2]["started_on"] == "2020-03-05"  # dd-mm-yyyy
    assert by_row[first + 3]["started_on"] == "2020-03-10"  # serial 43900
    assert by_row[first + 4]["started_on"] is None
    assert report.errors == []
    skipped = {s["row"]: s["reason"] for s in report.skipped}
    assert skipped[5] == "column_numbers"
    footer_row = first + len(GOOD) + 1
    assert skipped[first + len(GOOD)] == "blank"
    assert skipped[footer_row] == "footer"
    assert {skipped[footer_row + i] for i in (1, 2, 3)} == {"after_footer"}


def test_errors_with_reasons(officer):
    rows = [
        [1, "", "Đảng ủy xã Thịnh Minh", None, "Kinh tế", None, None, None],
        [2, "Mô hình A", "", None, "Kinh tế", None, None, None],
        [3, "Mô hình B", "Đảng ủy xã Thịnh Minh", None, "", None, None, None],
        [4, "Mô hình C", "Đảng ủy xã Thịnh Minh", None, "Kinh tế", "2020/03/05", None, None],
        [5, "Mô hình D", "Đảng ủy xã Thịnh Minh", None, "Kinh tế", "31/02/2020", None, None],
        [6, "Mô  hình  C", "đảng ủy xã thịnh minh", None, "Kinh tế", None, None, None],
        [7, "Mô hình E", "Đảng ủy xã Thinh Mimh", None, "Kinh tế", None, None, None],
        [8, "Mô hình F", "Đảng ủy xã Cao Phong", None, "Kinh tế", None, None, None],
    ]
    report = run(xlsx(register(rows)), officer)
    first = _first_data_row()
    errors = {(e["row"], e["reason"]): e for e in report.errors}
    assert (first, "missing_name") in errors
    assert (first + 1, "missing_unit") in errors
    assert (first + 2, "missing_field") in errors
    assert errors[(first + 3, "unparseable_date")]["value"] == "2020/03/05"
    assert errors[(first + 4, "unparseable_date")]["value"] == "31/02/2020"
    assert errors[(first + 5, "duplicate")]["duplicate_of_row"] == first + 3
    unknown = errors[(first + 6, "unknown_organisation")]
    assert "Đảng ủy xã Thịnh Minh" in unknown["suggestions"]
    assert (first + 7, "unknown_organisation") in errors  # Cao Phong's body is not in xa.a's scope
    assert all(e["message"] for e in report.errors)
    assert report.records == []
    with pytest.raises(engine.ImportRefused):
        run(xlsx(register(rows)), officer, apply=True)
    assert not Exemplar.objects.filter(title__startswith="Mô hình").exists()


def test_apply_is_idempotent_and_creates_through_the_service(officer):
    content = xls(register(GOOD, merges=["C7:C8"]))
    report = run(content, officer, apply=True)
    assert len(report.created) == 5
    created = Exemplar.objects.filter(pk__in=report.created)
    assert {e.stage for e in created} == {"draft"}
    assert {e.organisation.name for e in created} >= {"Đảng ủy xã Thịnh Minh", "Khu dân cư xóm Hợp Thành"}
    from dvk.audit.models import AuditEvent

    assert (
        AuditEvent.objects.filter(
            action="exemplars.create", target_id__in=[str(p) for p in report.created]
        ).count()
        == 5
    )
    again = run(content, officer, apply=True)
    assert again.created == [] and again.records == []
    assert {s["reason"] for s in again.skipped} >= {"already_imported"}
    assert Exemplar.objects.filter(pk__in=report.created).count() == 5


def test_apply_is_atomic(officer, monkeypatch):
    from dvk.exemplars import register_import

    real = register_import.create
    calls = {"n": 0}

    def failing(record, user, ctx):
        calls["n"] += 1
        if calls["n"] == 3:
            from django.core.exceptions import ValidationError

            raise ValidationError("boom")
        return real(record, user, ctx)

    monkeypatch.setattr(register_import.SPEC, "create", failing)
    monkeypatch.setattr(
        register_import.SPEC, "create_batch", None
    )  # the one-by-one path (batches: test_apply_batches)
    before = Exemplar.objects.count()
    with pytest.raises(engine.ImportRefused, match="boom"):
        run(xlsx(register(GOOD, merges=["C7:C8"])), officer, apply=True)
    assert Exemplar.objects.count() == before


@pytest.mark.parametrize("fmt", [xlsx, xls])
@pytest.mark.parametrize("legacy", ["tcvn3", "vni"])
def test_legacy_encodings(fmt, legacy, officer):
    encode, font = (encode_tcvn3, ".VnTime") if legacy == "tcvn3" else (encode_vni, "VNI-Times")
    rows = [
        [
            1,
            encode(GOOD[0][1]),
            encode("Đảng ủy xã Thịnh Minh"),
            encode("Thịnh Minh"),
            encode("Kinh tế"),
            "05/03/2020",
            encode("Đạt kết quả tốt"),
            None,
        ]
    ]
    header = [encode(h) for h in HEADER]
    sheet = Sheet("Sheet1", [["DANH S¸CH" if legacy == "tcvn3" else "DANH SAÙCH"], header, *rows], font=font)
    if legacy == "tcvn3":
        sheet.row_font[1] = ".VnTimeH"
    report = run(fmt(sheet), officer)
    assert report.errors == [], report.errors
    (record,) = report.records
    assert record["title"] == GOOD[0][1]
    assert record["organisation"] == "Đảng ủy xã Thịnh Minh" and record["organisation_id"]
    assert record["results"] == "Đạt kết quả tốt"
    assert record["field"] == "kinh-te"


def test_legacy_text_without_font_is_detected_from_the_bytes(officer):
    rows = [[1, encode_tcvn3("Dân vận khéo"), "Đảng ủy xã Thịnh Minh", None, "Kinh tế", None, None, None]]
    report = run(xlsx(register(rows)), officer)
    assert report.records[0]["title"] == "Dân vận khéo"


def test_unknown_legacy_text_is_refused_with_a_message(officer):
    rows = [[1, "Ðªn vË§ ¤¤", "Đảng ủy xã Thịnh Minh", None, "Kinh tế", None, None, None]]
    report = run(xlsx(register(rows, font="VNI-Times")), officer)
    assert report.errors and report.errors[0]["reason"] == "unknown_encoding"
    assert "Unicode" in report.errors[0]["message"]


def test_nfd_headers_and_text(officer):
    import unicodedata

    nfd = [unicodedata.normalize("NFD", h) if isinstance(h, str) else h for h in HEADER]
    rows = [
        [
            1,
            unicodedata.normalize("NFD", "Dân vận khéo NFD"),
            unicodedata.normalize("NFD", "Đảng ủy xã Thịnh Minh"),
            None,
            "Kinh tế",
            None,
            None,
            None,
        ]
    ]
    report = run(xlsx(Sheet("S", [nfd, *rows])), officer)
    assert report.records[0]["title"] == "Dân vận khéo NFD"
    assert unicodedata.is_normalized("NFC", report.records[0]["title"])


def test_a_title_starting_like_a_total_is_data(officer):
    rows = [[None, "Cộng đồng dân cư tự quản", "Đảng ủy xã Thịnh Minh", None, "Kinh tế", None, None, None]]
    report = run(xlsx(register(rows)), officer)
    assert [r["title"] for r in report.records] == ["Cộng đồng dân cư tự quản"]


def test_data_sheet_found_when_not_first_and_by_name(officer):
    notes = Sheet("Hướng dẫn", [["Điền danh sách ở trang sau"], ["Không sửa tiêu đề cột"]])
    content = xlsx(notes, register(GOOD[:1]))
    assert run(content, officer).sheet == "Danh sách"
    assert run(content, officer, sheet="danh sach").sheet == "Danh sách"
    with pytest.raises(engine.ImportRefused, match="Hướng dẫn"):
        run(content, officer, sheet="Khác")
    with pytest.raises(engine.ImportRefused):
        run(xlsx(notes), officer)
    with pytest.raises(engine.ImportRefused):
        run(b"not a workbook", officer)


def test_command_json(tmp_path: Path, officer):
    path = tmp_path / "so.xlsx"
    path.write_bytes(
        xlsx(
            register(
                GOOD[:2]
                + [[3, "Chi bộ gương mẫu", "Đảng ủy xã Thịnh Minh", None, "Kinh tế", None, None, None]]
            )
        )
    )
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import_register", "exemplars", str(path), "--dry-run", "--json", "--user", "xa.a", stdout=out
        )
    assert exit_.value.code == 1  # one error in the file
    data = json.loads(out.getvalue())
    assert set(data) == {"sheet", "header_row", "records", "errors", "skipped"}
    assert data["header_row"] == 4
    assert set(data["records"][0]) == {
        "row",
        "title",
        "organisation",
        "organisation_id",
        "commune",
        "commune_code",
        "field",
        "started_on",
        "results",
        "note",
    }
    assert (
        data["errors"][0]["reason"] == "duplicate"
        and data["errors"][0]["duplicate_of_row"] == _first_data_row() + 1
    )
    assert all(set(s) == {"row", "reason"} for s in data["skipped"])


def test_command_applies(tmp_path: Path):
    path = tmp_path / "so.xls"
    path.write_bytes(
        xls(
            register(
                [
                    [
                        1,
                        "Mô hình từ dòng lệnh",
                        "Đảng ủy xã Thịnh Minh",
                        None,
                        "Kinh tế",
                        "1/7/2026",
                        None,
                        None,
                    ]
                ]
            )
        )
    )
    out = StringIO()
    call_command("import_register", "exemplars", str(path), "--user", "xa.a", stdout=out)
    assert Exemplar.objects.filter(title="Mô hình từ dòng lệnh", started_on=dt.date(2026, 7, 1)).count() == 1
    call_command("import_register", "exemplars", str(path), "--user", "xa.a", stdout=out)
    assert Exemplar.objects.filter(title="Mô hình từ dòng lệnh").count() == 1


def test_dry_run_query_count_does_not_grow_with_rows(officer):
    def count(n: int) -> int:
        rows = [
            [i, f"Mô hình số {i}", "Đảng ủy xã Thịnh Minh", "Hợp Thành", "Kinh tế", "01/01/2021", None, None]
            for i in range(n)
        ]
        content = xlsx(register(rows))
        with CaptureQueriesContext(connection) as ctx:
            run(content, officer)
        return len(ctx.captured_queries)

    count(1)  # warm the caches (scope, content types)
    assert count(2) == count(40)
