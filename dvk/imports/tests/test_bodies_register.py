"""The bodies list imported from Excel: parents by folded name (also a body earlier in the file),
kinds by label or from the name, permission per parent, idempotent, atomic."""

from __future__ import annotations

import pytest

from dvk.imports import engine
from dvk.imports.tests.builders import Sheet, xls, xlsx
from dvk.organisations.models import Organisation

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Tên cơ quan, đơn vị", "Tên viết tắt", "Loại", "Cơ quan cấp trên", "Xã", "Ngày thành lập"]
ROWS = [
    ["DANH SÁCH CƠ QUAN, ĐƠN VỊ"],
    HEADER,
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
    [
        1,
        "Hội Nông dân xã Thịnh Minh",
        "HND",
        "Tổ chức chính trị - xã hội",
        "Đảng ủy xã Thịnh Minh",
        "Thịnh Minh",
        "01/07/2025",
    ],
    [2, "Chi hội Nông dân xóm Quang Tiến", "", "", "Hội Nông dân xã Thịnh Minh", "", ""],
    [3, "Đoàn Thanh niên xã Thịnh Minh", "ĐTN", "", "đảng ủy xã thịnh minh", "Hợp Thành", ""],
    ["Tổng cộng: 3 đơn vị"],
]


def run(content: bytes, user, apply: bool = False) -> engine.Report:
    return engine.run(engine.get_spec("bodies"), content, user=user, apply=apply)


@pytest.mark.parametrize("fmt", [xlsx, xls])
def test_bodies_dry_run_and_apply(fmt, persona):
    coordinator = persona("tinh.bdv")
    content = fmt(Sheet("Cơ quan", ROWS, merges=["A1:G1"]))
    report = run(content, coordinator)
    assert report.errors == [], report.errors
    assert [r["name"] for r in report.records] == [
        "Hội Nông dân xã Thịnh Minh",
        "Chi hội Nông dân xóm Quang Tiến",
        "Đoàn Thanh niên xã Thịnh Minh",
    ]
    first, second, third = report.records
    assert first["kind"] == "mass_organisation" and first["unit_code"] == "04897" and first["parent_id"]
    assert second["parent_id"] is None  # its parent is the first row of the file
    assert (
        third["kind"] == "mass_organisation" and third["unit_code"] == "04897"
    )  # Hợp Thành (2020) → Thịnh Minh
    applied = run(content, coordinator, apply=True)
    bodies = Organisation.objects.filter(pk__in=applied.created).order_by("pk")
    assert [b.name for b in bodies] == [r["name"] for r in report.records]
    assert bodies[1].parent_id == bodies[0].pk and bodies[1].unit_id == bodies[0].unit_id
    assert bodies[0].valid_from and bodies[0].valid_from.isoformat() == "2025-07-01"
    again = run(content, coordinator, apply=True)
    assert again.created == [] and {s["reason"] for s in again.skipped} >= {"already_imported"}


def test_officer_cannot_add_bodies(persona):
    report = run(xlsx(Sheet("S", ROWS)), persona("xa.a"))
    assert {e["reason"] for e in report.errors} == {"out_of_scope"}
    with pytest.raises(engine.ImportRefused):
        run(xlsx(Sheet("S", ROWS)), persona("xa.a"), apply=True)


def test_missing_and_duplicate(persona):
    rows = ROWS[:3] + [
        [1, "", "", "", "Đảng ủy xã Thịnh Minh", "", ""],
        [2, "Hội Cựu chiến binh xã Thịnh Minh", "", "", "", "", ""],
        [3, "Câu lạc bộ X", "", "", "Đảng ủy xã Thịnh Minh", "", ""],
        [4, "Hội Người cao tuổi xã Thịnh Minh", "", "", "Đảng ủy xã Thịnh Minh", "", ""],
        [5, "Hội  người cao tuổi xã Thịnh Minh", "", "", "Đảng ủy xã Thịnh Minh", "", ""],
    ]
    report = run(xlsx(Sheet("S", rows)), persona("tinh.bdv"))
    reasons = {(e["row"], e["reason"]) for e in report.errors}
    assert {(4, "missing_name"), (5, "missing_unit"), (6, "missing_kind"), (8, "duplicate")} <= reasons
