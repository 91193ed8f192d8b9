"""The register's numbers: one sequence per body, type and year (restarting every year), in the
Party form ("Số 06-KH/BDVTW", no colon) or the State form ("Số: 15/QĐ-UBND") by the kind of body;
no gap and no duplicate when documents are issued at the same moment (threads, PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections, transaction

from dvk.documents import numbering, services
from dvk.documents.models import Counter, Document, IssuerProfile
from dvk.organisations.models import Organisation


def _issue(org, doc_type="KH", day=dt.date(2031, 3, 5), **kwargs):
    return services.issue(
        organisation=org,
        doc_type=doc_type,
        title="Thực hiện “Năm dân vận khéo”",
        by=None,
        issued_on=day,
        **kwargs,
    )


def test_sequence_per_body_type_and_year_restarting_each_year(body):
    ban, snv = body("PT-BTGDV"), body("PT-SNV")
    numbers = [_issue(ban).sequence for _i in range(3)]
    assert numbers == [1, 2, 3]
    assert _issue(ban, "BC").sequence == 1  # another type: its own register
    assert _issue(snv).sequence == 1  # another body: its own register
    assert _issue(ban, day=dt.date(2032, 1, 2)).sequence == 1  # a new year starts at 01
    assert _issue(ban, day=dt.date(2031, 12, 31)).sequence == 4
    assert Counter.objects.get(organisation=ban, doc_type="KH", year=2031).last_number == 4


def test_party_and_state_forms_of_the_number(body):
    party = _issue(body("PT-BTGDV"))
    assert party.form == "party"
    assert party.number == "01-KH/BTGDVTU" and party.number_line == "Số 01-KH/BTGDVTU"
    commune = _issue(body("PT-DU-04897"), "QĐ")
    assert commune.number_line == "Số 01-QĐ/ĐU"
    state = _issue(body("PT-UBND"), "QĐ")
    assert state.form == "state" and state.number_line == "Số: 01/QĐ-UBND"
    letter = _issue(body("PT-UBND"), "CV")
    assert letter.number_line == "Số: 01/UBND"  # a State công văn carries no type code
    assert _issue(body("PT-UBND"), "CV", drafting_unit="VP").number == "02/UBND-VP"
    front = _issue(body("PT-MTTQ"), "TB")
    assert front.form == "state" and front.number == "01/TB-MTTQ"
    for _i in range(9):
        last = _issue(body("PT-SNV"), "BC")
    assert last.number == "09/BC-SNV"
    assert _issue(body("PT-SNV"), "BC").number == "10/BC-SNV"  # no leading zero from 10 on


def test_a_council_writes_as_the_body_that_set_it_up(body):
    council = body("PT-HDTD")  # the recognition council of the Ban Tuyên giáo và Dân vận
    assert numbering.form_for(council) == "party"
    assert _issue(council, "BB").number_line.startswith("Số 01-BB/")


def test_abbreviation_is_data_with_defaults(body):
    ubnd = body("PT-UBND")
    IssuerProfile.objects.create(organisation=ubnd, abbreviation="UBND-VX")
    ubnd.refresh_from_db()
    assert _issue(ubnd, "TB").number == "01/TB-UBND-VX"
    unnamed = Organisation.objects.create(
        name="Đảng ủy Khối các cơ quan tỉnh", kind="party_committee", unit=ubnd.unit, parent=body("PT-TU")
    )
    assert numbering.abbreviation_for(unnamed) == "ĐUKCCQT"  # initials, keeping Đ
    council = Organisation.objects.create(
        name="Ủy ban nhân dân xã Mới", kind="peoples_committee", unit=ubnd.unit
    )
    assert numbering.abbreviation_for(council) == "UBND"  # by kind of body


def test_place_and_date_line():
    assert numbering.date_line("Phú Thọ", dt.date(2026, 3, 5)) == "Phú Thọ, ngày 05 tháng 3 năm 2026"
    assert numbering.date_line("Phú Thọ", dt.date(2026, 2, 19)) == "Phú Thọ, ngày 19 tháng 02 năm 2026"
    assert numbering.date_line("Phú Thọ", dt.date(2026, 1, 9)) == "Phú Thọ, ngày 09 tháng 01 năm 2026"
    assert numbering.date_line("Thịnh Minh", dt.date(2026, 12, 15)) == "Thịnh Minh, ngày 15 tháng 12 năm 2026"
    assert numbering.place_name("Tỉnh Phú Thọ") == "Phú Thọ"
    assert numbering.place_name("Xã Thịnh Minh") == "Thịnh Minh"
    assert numbering.place_name("Thành phố Hòa Bình") == "Hòa Bình"
    assert numbering.place_name("Phường 5") == "Phường 5"


def test_issued_document_carries_place_signer_and_recipients(body, persona):
    leader = persona("lanhdao.bdv")
    document = services.issue(
        organisation=body("PT-BTGDV"),
        doc_type="KH",
        title="  thực hiện “Năm dân vận khéo” 2026 ",
        by=leader,
        signer=leader,
        recipients=["Ban Thường vụ Tỉnh ủy", " ", "Các đảng ủy xã, phường"],
        urgency="khan",
        issued_on=dt.date(2026, 3, 5),
    )
    assert document.place == "Phú Thọ" and document.title == "thực hiện “Năm dân vận khéo” 2026"
    assert document.signer_name == leader.get_full_name()
    assert (document.capacity, document.capacity_of, document.signer_position) == (
        "KT",
        "TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
    )
    assert document.recipients == ["Ban Thường vụ Tỉnh ủy", "Các đảng ủy xã, phường"]
    assert document.urgency_mark == "KHẨN" and not document.is_secret
    tu = services.issue(
        organisation=body("PT-TU"), doc_type="NQ", title="Nghị quyết", by=None, issued_on=dt.date(2026, 3, 5)
    )
    assert (tu.capacity_prefix, tu.capacity_of, tu.signer_position) == ("T/M", "BAN THƯỜNG VỤ", "BÍ THƯ")


def test_unknown_type_capacity_or_empty_summary_is_refused(body):
    with pytest.raises(ValidationError):
        services.issue(organisation=body("PT-SNV"), doc_type="XYZ", title="x", by=None)
    with pytest.raises(ValidationError):
        services.issue(organisation=body("PT-SNV"), doc_type="BC", title="   ", by=None)
    with pytest.raises(ValidationError):
        services.issue(organisation=body("PT-SNV"), doc_type="BC", title="x", by=None, capacity="ZZ")
    assert not Counter.objects.filter(organisation=body("PT-SNV"), doc_type__in=["XYZ", "BC"]).exists()


def test_a_rolled_back_document_leaves_no_gap(body):
    ban = body("PT-BTGDV")
    first = _issue(ban, "TB")
    with pytest.raises(RuntimeError), transaction.atomic():
        _issue(ban, "TB")
        raise RuntimeError("the domain's write failed after numbering")
    assert _issue(ban, "TB").sequence == first.sequence + 1


def test_superior_body_line_one_rule(body):
    assert numbering.superior_line(body("PT-BTGDV")) == "ĐẢNG BỘ TỈNH PHÚ THỌ"  # a Ban of the Tỉnh ủy
    assert numbering.superior_line(body("PT-DU-04897")) == "ĐẢNG BỘ TỈNH PHÚ THỌ"  # a commune's Đảng ủy
    assert numbering.superior_line(body("PT-TU")) == "ĐẢNG BỘ TỈNH PHÚ THỌ"  # the top committee itself
    assert numbering.superior_line(body("PT-SNV")) == "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ"  # a Sở: its UBND
    assert numbering.superior_line(body("PT-UBND")) == ""  # above it is a Party body: no line
    old_commune = (
        Organisation.objects.filter(
            kind="party_committee", parent__kind="party_committee", parent__parent__isnull=False
        )
        .select_related("unit")
        .first()
    )
    if old_commune is not None:  # before 2025 a commune sat under a district committee
        parent = old_commune.parent
        assert numbering.superior_line(old_commune) == f"ĐẢNG BỘ {parent.unit.name}".upper()
    IssuerProfile.objects.create(organisation=body("PT-UBND"), superior="Chính phủ")
    assert numbering.superior_line(body("PT-UBND")) == "CHÍNH PHỦ"


def test_parse_number_reads_both_forms():
    assert numbering.parse_number("3-QĐ/BTGDVTU") == numbering.ParsedNumber("party", 3, "QĐ", "BTGDVTU")
    assert numbering.parse_number("Số 06-KH/BDVTW").sequence == 6
    assert numbering.parse_number("Số: 15/QĐ-UBND") == numbering.ParsedNumber("state", 15, "QĐ", "UBND")
    assert numbering.parse_number("123/UBND-VP") is not None
    assert numbering.parse_number("không số") is None


def test_concurrent_documents_get_distinct_consecutive_numbers(postgres_then_reseed, transactional_db):
    ban = Organisation.objects.get(code="PT-BTGDV")
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():  # a domain's transaction around the register's
                results.append(_issue(ban, "TB", day=dt.date(2040, 5, 1)).number)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [f"{n:02d}-TB/BTGDVTU" for n in range(1, 9)]
    sequences = sorted(
        Document.objects.filter(organisation=ban, doc_type="TB", year=2040).values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, 9))
