"""The deadline engine against scenarios derived from the legal texts. Each id names the rule
applied and the counting rule (BLDS 2015 Điều 147: the start day is not counted; Điều 148: a
calendar-day period ending on a day off ends on the next working day)."""

from __future__ import annotations

import datetime as dt

import pytest

from dvk.deadlines import calendar
from dvk.deadlines.models import CalendarOverride, DeadlineRule, OverrideKind
from dvk.deadlines.services import Deadline, DeadlineError, compute

D = dt.date

# (id with legal reference, rule, start, modifiers, expected due, expected moved_from)
SCENARIOS = [
    ("LKN-D27 10 ngày, ngày thường", "KN.THU_LY_L1", "02/03/2026", {}, D(2026, 3, 12), None),
    (
        "LKN-D27 + BLDS-D148 hạn rơi Chủ nhật",
        "KN.THU_LY_L1",
        "05/03/2026",
        {},
        D(2026, 3, 16),
        D(2026, 3, 15),
    ),
    (
        "LKN-D27 + BLDS-D148 hạn rơi giao thừa Tết 2026",
        "KN.THU_LY_L1",
        "06/02/2026",
        {},
        D(2026, 2, 23),
        D(2026, 2, 16),
    ),
    (
        "LKN-D27 + BLDS-D148 hạn rơi ngày nghỉ hoán đổi 02/01/2026",
        "KN.THU_LY_L1",
        "23/12/2025",
        {},
        D(2026, 1, 5),
        D(2026, 1, 2),
    ),
    (
        "LKN-D27 hạn rơi thứ Bảy làm bù 10/01/2026: không dời",
        "KN.THU_LY_L1",
        "31/12/2025",
        {},
        D(2026, 1, 10),
        None,
    ),
    ("LKN-D36 thụ lý lần hai 10 ngày", "KN.THU_LY_L2", "2026-03-02", {}, D(2026, 3, 12), None),
    ("LKN-D28 giải quyết lần đầu 30 ngày", "KN.GIAI_QUYET_L1", "2026-03-02", {}, D(2026, 4, 1), None),
    ("LKN-D28 phức tạp 45 ngày", "KN.GIAI_QUYET_L1", "2026-03-02", {"complex": True}, D(2026, 4, 16), None),
    (
        "LKN-D28 vùng sâu vùng xa 45 ngày",
        "KN.GIAI_QUYET_L1",
        "2026-03-02",
        {"remote_area": True},
        D(2026, 4, 16),
        None,
    ),
    (
        "LKN-D28 vùng xa + phức tạp 60 ngày, rơi 1/5",
        "KN.GIAI_QUYET_L1",
        "2026-03-02",
        {"complex": True, "remote_area": True},
        D(2026, 5, 4),
        D(2026, 5, 1),
    ),
    (
        "LKN-D28 (L136/2025) tạm đình chỉ 10 ngày không tính",
        "KN.GIAI_QUYET_L1",
        "01/07/2026",
        {"paused_days": 10},
        D(2026, 8, 10),
        None,
    ),
    ("LKN-D28 (L136/2025) không tạm đình chỉ", "KN.GIAI_QUYET_L1", "01/07/2026", {}, D(2026, 7, 31), None),
    (
        "LKN-D37 lần hai 45 ngày, rơi mùng 3 Tết",
        "KN.GIAI_QUYET_L2",
        "05/01/2026",
        {},
        D(2026, 2, 23),
        D(2026, 2, 19),
    ),
    (
        "LKN-D37 lần hai phức tạp 60 ngày",
        "KN.GIAI_QUYET_L2",
        "05/01/2026",
        {"complex": True},
        D(2026, 3, 6),
        None,
    ),
    (
        "LKN-D37 lần hai vùng xa + phức tạp 70 ngày",
        "KN.GIAI_QUYET_L2",
        "05/01/2026",
        {"complex": True, "remote_area": True},
        D(2026, 3, 16),
        None,
    ),
    (
        "LKN-D33 khiếu nại lần hai 30 ngày, rơi 31/8 nghỉ hoán đổi + Quốc khánh",
        "KN.HAN_KHIEU_NAI_L2",
        "01/08/2026",
        {},
        D(2026, 9, 3),
        D(2026, 8, 31),
    ),
    (
        "LKN-D33 khiếu nại lần hai vùng xa 45 ngày",
        "KN.HAN_KHIEU_NAI_L2",
        "01/08/2026",
        {"remote_area": True},
        D(2026, 9, 15),
        None,
    ),
    ("LKN-D9 thời hiệu 90 ngày", "KN.THOI_HIEU", "01/01/2026", {}, D(2026, 4, 1), None),
    (
        "LKN-D9 thời hiệu rơi ngày nghỉ bù Giỗ Tổ 27/4/2026",
        "KN.THOI_HIEU",
        "27/01/2026",
        {},
        D(2026, 4, 28),
        D(2026, 4, 27),
    ),
    (
        "LKN-D9 thời gian trở ngại không tính vào thời hiệu",
        "KN.THOI_HIEU",
        "01/01/2026",
        {"paused_days": 14},
        D(2026, 4, 15),
        None,
    ),
    (
        "LTC-D24k1 07 ngày làm việc, thứ Bảy 10/01/2026 làm bù",
        "TC.XU_LY_BAN_DAU",
        "05/01/2026",
        {},
        D(2026, 1, 13),
        None,
    ),
    ("LTC-D24k1 nhận tố cáo ngày Chủ nhật", "TC.XU_LY_BAN_DAU", "04/01/2026", {}, D(2026, 1, 12), None),
    (
        "LTC-D24k1 qua Tết Dương lịch và ngày nghỉ hoán đổi 02/01",
        "TC.XU_LY_BAN_DAU",
        "31/12/2025",
        {},
        D(2026, 1, 12),
        None,
    ),
    (
        "LTC-D24k1 nhiều địa điểm 10 ngày làm việc",
        "TC.XU_LY_BAN_DAU",
        "05/01/2026",
        {"multi_location": True},
        D(2026, 1, 16),
        None,
    ),
    (
        "LTC-D24k2 chuyển đơn 05 ngày làm việc qua Tết 2026",
        "TC.CHUYEN_DON",
        "12/02/2026",
        {},
        D(2026, 2, 26),
        None,
    ),
    (
        "LTC-D29k4 thông báo thụ lý qua Quốc khánh 2026",
        "TC.THONG_BAO_THU_LY",
        "28/08/2026",
        {},
        D(2026, 9, 9),
        None,
    ),
    ("LTC-D29k4 thứ Bảy 22/08/2026 làm bù", "TC.THONG_BAO_THU_LY", "20/08/2026", {}, D(2026, 8, 26), None),
    ("LTC-D30 giải quyết tố cáo 30 ngày", "TC.GIAI_QUYET", "02/03/2026", {}, D(2026, 4, 1), None),
    (
        "LTC-D30 gia hạn một lần (phức tạp), rơi 1/5",
        "TC.GIAI_QUYET",
        "02/03/2026",
        {"extensions": 1},
        D(2026, 5, 4),
        D(2026, 5, 1),
    ),
    (
        "LTC-D30 gia hạn hai lần (đặc biệt phức tạp) 90 ngày, rơi Chủ nhật",
        "TC.GIAI_QUYET",
        "02/03/2026",
        {"extensions": 2, "complex": True},
        D(2026, 6, 1),
        D(2026, 5, 31),
    ),
    (
        "LTC-D36 tạm đình chỉ không tính vào thời hạn",
        "TC.GIAI_QUYET",
        "02/03/2026",
        {"paused_days": 15},
        D(2026, 4, 16),
        None,
    ),
    (
        "LKN-D27 + BLDS-D148 hạn rơi Tết Đinh Mùi 2027",
        "KN.THU_LY_L1",
        "27/01/2027",
        {},
        D(2027, 2, 11),
        D(2027, 2, 6),
    ),
    (
        "TT05/2021 xử lý đơn 10 ngày làm việc qua Tết 2027",
        "XLD.XU_LY_DON",
        "01/02/2027",
        {},
        D(2027, 2, 22),
        None,
    ),
    (
        "QĐ11-QĐi/TW thông báo 10 ngày làm việc qua Giỗ Tổ, 30/4, 1/5/2026",
        "QD11.THONG_BAO",
        "23/04/2026",
        {},
        D(2026, 5, 12),
        None,
    ),
]


@pytest.mark.parametrize(
    ("rule", "start", "modifiers", "due", "moved_from"),
    [pytest.param(*row[1:], id=row[0]) for row in SCENARIOS],
)
def test_scenario(db, rule, start, modifiers, due, moved_from):
    result = compute(rule, start, **modifiers)
    assert isinstance(result, Deadline)
    assert (result.due, result.moved_from) == (due, moved_from)
    assert result.rule == rule
    assert result.legal_ref
    # The result is always a day on which the act can still be done.
    assert calendar.is_working_day(result.due)


def test_every_rule_of_the_issue_is_seeded_with_a_reference(db):
    required = {
        "KN.THOI_HIEU", "KN.THU_LY_L1", "KN.GIAI_QUYET_L1", "KN.HAN_KHIEU_NAI_L2", "KN.THU_LY_L2",
        "KN.GIAI_QUYET_L2", "TC.XU_LY_BAN_DAU", "TC.CHUYEN_DON", "TC.THONG_BAO_THU_LY", "TC.GIAI_QUYET",
        "XLD.XU_LY_DON", "QD11.THONG_BAO",
    }  # fmt: skip
    rows = DeadlineRule.objects.filter(rule_id__in=required)
    assert set(rows.values_list("rule_id", flat=True)) == required
    assert all(r.legal_ref and r.start_event and r.days > 0 for r in rows)


def test_the_rule_valid_on_the_start_date_is_used_luat_136_2025(db):
    before = compute("KN.GIAI_QUYET_L1", "30/06/2026")
    after = compute("KN.GIAI_QUYET_L1", "01/07/2026")
    assert "136/2025" not in before.legal_ref
    assert "136/2025" in after.legal_ref
    # Before 1/7/2026 a suspension of a complaint did not stop the clock: a pause is refused.
    with pytest.raises(DeadlineError) as exc:
        compute("KN.GIAI_QUYET_L1", "30/06/2026", paused_days=5)
    assert exc.value.field == "paused_days"
    assert compute("KN.GIAI_QUYET_L2", "01/07/2026", paused_days=5).due == D(2026, 8, 20)


def test_start_day_is_not_counted_blds_147(db):
    # 7 working days from Monday 02/03/2026: Tuesday is day 1, the next Wednesday day 7.
    assert compute("TC.XU_LY_BAN_DAU", "02/03/2026").due == D(2026, 3, 11)
    assert compute("KN.THU_LY_L1", "01/04/2026").due == D(2026, 4, 13)  # 11/04 is a Saturday → 13/04


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        pytest.param(
            {"rule_id": "KN.KHONG_CO", "start": "01/01/2026"}, "rule", "Không có quy tắc", id="unknown rule"
        ),
        pytest.param({"rule_id": "", "start": "01/01/2026"}, "rule", "mã quy tắc", id="empty rule"),
        pytest.param(
            {"rule_id": "KN.THU_LY_L1", "start": "31/02/2026"}, "start", "không tồn tại", id="31/02"
        ),
        pytest.param(
            {"rule_id": "KN.THU_LY_L1", "start": "2026-13-01"}, "start", "không tồn tại", id="month 13"
        ),
        pytest.param({"rule_id": "KN.THU_LY_L1", "start": "hôm qua"}, "start", "dd/mm/yyyy", id="not a date"),
        pytest.param(
            {"rule_id": "KN.THU_LY_L1", "start": "01/01/2010"}, "start", "hiệu lực", id="before the law"
        ),
        pytest.param(
            {"rule_id": "TC.GIAI_QUYET", "start": "01/03/2026", "extensions": 3},
            "extensions",
            "tối đa 2",
            id="LTC-D30 three extensions",
        ),
        pytest.param(
            {"rule_id": "TC.GIAI_QUYET", "start": "01/03/2026", "extensions": -1},
            "extensions",
            "âm",
            id="negative extensions",
        ),
        pytest.param(
            {"rule_id": "TC.GIAI_QUYET", "start": "01/03/2026", "paused_days": -3},
            "paused_days",
            "âm",
            id="negative pause",
        ),
        pytest.param(
            {"rule_id": "KN.THU_LY_L1", "start": "01/03/2026", "extensions": 1},
            "extensions",
            "không cho phép",
            id="LKN-D27 has no extension",
        ),
        pytest.param(
            {"rule_id": "TC.XU_LY_BAN_DAU", "start": "01/03/2026", "paused_days": 2},
            "paused_days",
            "tạm đình chỉ",
            id="LTC-D24 pause not provided",
        ),
        pytest.param(
            {"rule_id": "TC.GIAI_QUYET", "start": "01/03/2026", "paused_days": 10**9},
            "paused_days",
            "quá lớn",
            id="absurd pause",
        ),
        pytest.param(
            {"rule_id": "TC.GIAI_QUYET", "start": "31/12/9999"}, "start", "ngoài phạm vi", id="end of time"
        ),
    ],
)
def test_bad_input_is_a_vietnamese_error(db, kwargs, field, words):
    with pytest.raises(DeadlineError) as exc:
        compute(**kwargs)
    assert isinstance(exc.value, ValueError)
    assert exc.value.field == field
    assert words in str(exc.value)


def test_rule_ids_are_case_and_space_insensitive(db):
    assert compute(" kn.thu_ly_l1 ", dt.date(2026, 3, 2)).due == D(2026, 3, 12)


def test_modifiers_the_rule_does_not_provide_for_change_nothing(db):
    # Complexity does not lengthen the acceptance period (Luật KN Điều 27).
    plain = compute("KN.THU_LY_L1", "02/03/2026")
    assert compute("KN.THU_LY_L1", "02/03/2026", complex=True, remote_area=True, multi_location=True) == plain


def test_rules_are_data_an_edited_row_changes_the_result(db):
    rule = DeadlineRule.objects.get(rule_id="TC.CHUYEN_DON")
    rule.days = 6
    rule.save()
    assert compute("TC.CHUYEN_DON", "02/03/2026").due == D(2026, 3, 10)


def test_overlapping_versions_are_refused(db):
    from django.core.exceptions import ValidationError

    rule = DeadlineRule.objects.get(rule_id="TC.CHUYEN_DON")
    clash = DeadlineRule(
        rule_id="TC.CHUYEN_DON", name="x", legal_ref="x", valid_from=D(2025, 1, 1), days=3,
        day_type="working", start_event="x",
    )  # fmt: skip
    with pytest.raises(ValidationError):
        clash.full_clean()
    rule.valid_to = D(2024, 12, 31)
    rule.save()
    clash.full_clean()  # now the versions follow each other


class TestCalendar:
    @pytest.mark.parametrize(
        ("day", "working"),
        [
            pytest.param(D(2026, 1, 1), False, id="Tết Dương lịch"),
            pytest.param(D(2026, 1, 2), False, id="nghỉ hoán đổi 02/01/2026"),
            pytest.param(D(2026, 1, 10), True, id="thứ Bảy làm bù 10/01/2026"),
            pytest.param(D(2026, 1, 17), False, id="thứ Bảy thường"),
            pytest.param(D(2026, 2, 16), False, id="giao thừa Bính Ngọ"),
            pytest.param(D(2026, 2, 20), False, id="mùng 4 Tết"),
            pytest.param(D(2026, 2, 23), True, id="đi làm sau Tết 2026"),
            pytest.param(D(2026, 4, 27), False, id="nghỉ bù Giỗ Tổ 2026"),
            pytest.param(D(2027, 4, 16), False, id="Giỗ Tổ 2027 (10/3 âm lịch)"),
            pytest.param(D(2027, 2, 8), False, id="Tết Đinh Mùi 2027"),
            pytest.param(D(2026, 8, 22), True, id="thứ Bảy làm bù 22/08/2026"),
            pytest.param(D(2026, 8, 31), False, id="nghỉ hoán đổi 31/08/2026"),
            pytest.param(D(2026, 9, 2), False, id="Quốc khánh"),
            pytest.param(D(2026, 9, 3), True, id="thứ Năm sau Quốc khánh"),
        ],
    )
    def test_day(self, db, day, working):
        assert calendar.is_working_day(day) is working

    def test_add_and_next(self, db):
        assert calendar.add_working_days(D(2026, 2, 13), 0) == D(2026, 2, 13)
        assert calendar.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
        assert calendar.next_working_day(D(2026, 2, 14)) == D(2026, 2, 23)
        assert calendar.next_working_day(D(2026, 2, 23)) == D(2026, 2, 23)
        assert calendar.working_days_between(D(2026, 2, 13), D(2026, 2, 24)) == 2
        with pytest.raises(ValueError):
            calendar.add_working_days(D(2026, 2, 13), -1)

    def test_an_override_applies_at_once_and_is_forgotten_when_deleted(self, db):
        day = D(2026, 3, 3)
        assert calendar.is_working_day(day)
        row = CalendarOverride.objects.create(date=day, kind=OverrideKind.DAY_OFF, note="Nghỉ đột xuất")
        assert not calendar.is_working_day(day)
        assert compute("TC.CHUYEN_DON", "02/03/2026").due == D(2026, 3, 10)
        row.delete()
        assert calendar.is_working_day(day)
        # A holiday the package lists wrongly can be turned back into a working day.
        CalendarOverride.objects.create(date=D(2026, 11, 24), kind=OverrideKind.WORKING_DAY)
        assert calendar.is_working_day(D(2026, 11, 24))

    def test_days_off_lists_the_swaps(self, db):
        listed = dict(calendar.days_off(2026))
        assert D(2026, 1, 2) in listed and D(2026, 1, 10) in listed
        assert "làm bù" in listed[D(2026, 1, 10)].lower()


def test_rules_and_calendar_are_read_once_per_process(db, django_assert_num_queries):
    compute("KN.THU_LY_L1", "02/03/2026")  # loads the rule table and the calendar changes
    with django_assert_num_queries(0):
        for day in range(1, 28):
            compute("TC.XU_LY_BAN_DAU", dt.date(2026, 2, day), multi_location=True)
            compute("KN.GIAI_QUYET_L2", dt.date(2026, 2, day), complex=True)
