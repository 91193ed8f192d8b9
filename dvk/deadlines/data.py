"""The statutory deadline rules and the official calendar changes, as data.

Each row carries its legal reference; rules whose text changed have one row per version with
validity dates (Luật 136/2025/QH15, in force 01/7/2026). `note` says where a figure must still be
checked against the official gazette. The data migration 0002 and the demo seeder insert the rows
that are missing (`ensure()`); editing happens in the Django admin. A later change of the law is a
new version row here plus a data migration that inserts it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

D = dt.date
LKN = "Luật Khiếu nại 02/2011/QH13"
LTC = "Luật Tố cáo 25/2018/QH14"
L136 = (
    "Luật 136/2025/QH15 sửa đổi, bổ sung Luật Tiếp công dân, Luật Khiếu nại, Luật Tố cáo (hiệu lực 01/7/2026)"
)
CHECK_136 = (
    "Phiên bản từ 01/7/2026: thời gian tạm đình chỉ việc giải quyết khiếu nại không tính vào thời hạn "
    "(Luật 136/2025/QH15). Số ngày giữ như điều luật gốc; đối chiếu văn bản gốc trước khi dùng cho cảnh báo chính thức."
)

RULES = [
    {
        "rule_id": "KN.THOI_HIEU",
        "name": "Thời hiệu khiếu nại lần đầu",
        "legal_ref": f"{LKN}, Điều 9: 90 ngày kể từ ngày nhận được quyết định hành chính hoặc biết được quyết định, "
        "hành vi hành chính; thời gian có trở ngại khách quan (ốm đau, thiên tai, địch họa, đi công tác, học tập "
        "ở nơi xa…) không tính vào thời hiệu.",
        "valid_from": D(2012, 7, 1),
        "days": 90,
        "day_type": "calendar",
        "start_event": "Ngày nhận được quyết định hành chính hoặc biết được quyết định, hành vi hành chính",
        "pauses_excluded": True,
    },
    {
        "rule_id": "KN.THU_LY_L1",
        "name": "Thụ lý khiếu nại lần đầu và thông báo bằng văn bản",
        "legal_ref": f"{LKN}, Điều 27: trong 10 ngày kể từ ngày nhận được khiếu nại thuộc thẩm quyền, người giải quyết "
        "lần đầu phải thụ lý và thông báo bằng văn bản; không thụ lý thì nêu rõ lý do.",
        "valid_from": D(2012, 7, 1),
        "days": 10,
        "day_type": "calendar",
        "start_event": "Ngày nhận được đơn khiếu nại lần đầu thuộc thẩm quyền",
    },
    {
        "rule_id": "KN.GIAI_QUYET_L1",
        "name": "Giải quyết khiếu nại lần đầu",
        "legal_ref": f"{LKN}, Điều 28: không quá 30 ngày kể từ ngày thụ lý; vụ việc phức tạp không quá 45 ngày; "
        "vùng sâu, vùng xa đi lại khó khăn không quá 45 ngày, phức tạp không quá 60 ngày.",
        "valid_from": D(2012, 7, 1),
        "valid_to": D(2026, 6, 30),
        "days": 30,
        "day_type": "calendar",
        "start_event": "Ngày thụ lý khiếu nại lần đầu",
        "complex_days": 45,
        "remote_days": 45,
        "remote_complex_days": 60,
    },
    {
        "rule_id": "KN.GIAI_QUYET_L1",
        "name": "Giải quyết khiếu nại lần đầu",
        "legal_ref": f"{LKN}, Điều 28, sửa đổi, bổ sung bởi {L136}: không quá 30 ngày kể từ ngày thụ lý; phức tạp 45 ngày; "
        "vùng sâu, vùng xa 45 ngày, phức tạp 60 ngày; thời gian tạm đình chỉ việc giải quyết khiếu nại không tính "
        "vào thời hạn giải quyết.",
        "valid_from": D(2026, 7, 1),
        "days": 30,
        "day_type": "calendar",
        "start_event": "Ngày thụ lý khiếu nại lần đầu",
        "complex_days": 45,
        "remote_days": 45,
        "remote_complex_days": 60,
        "pauses_excluded": True,
        "note": CHECK_136,
    },
    {
        "rule_id": "KN.HAN_KHIEU_NAI_L2",
        "name": "Thời hạn khiếu nại lần hai (hoặc khởi kiện)",
        "legal_ref": f"{LKN}, Điều 33 k1: 30 ngày kể từ ngày hết thời hạn giải quyết lần đầu mà khiếu nại không được "
        "giải quyết hoặc kể từ ngày nhận được quyết định giải quyết lần đầu; vùng sâu, vùng xa đi lại khó khăn "
        "không quá 45 ngày.",
        "valid_from": D(2012, 7, 1),
        "days": 30,
        "day_type": "calendar",
        "start_event": "Ngày hết thời hạn giải quyết lần đầu hoặc ngày nhận được quyết định giải quyết lần đầu",
        "remote_days": 45,
    },
    {
        "rule_id": "KN.THU_LY_L2",
        "name": "Thụ lý khiếu nại lần hai và thông báo bằng văn bản",
        "legal_ref": f"{LKN}, Điều 36: trong 10 ngày kể từ ngày nhận được khiếu nại lần hai thuộc thẩm quyền, người "
        "giải quyết lần hai phải thụ lý và thông báo bằng văn bản; không thụ lý thì nêu rõ lý do.",
        "valid_from": D(2012, 7, 1),
        "days": 10,
        "day_type": "calendar",
        "start_event": "Ngày nhận được đơn khiếu nại lần hai thuộc thẩm quyền",
    },
    {
        "rule_id": "KN.GIAI_QUYET_L2",
        "name": "Giải quyết khiếu nại lần hai",
        "legal_ref": f"{LKN}, Điều 37: không quá 45 ngày kể từ ngày thụ lý; vụ việc phức tạp không quá 60 ngày; "
        "vùng sâu, vùng xa đi lại khó khăn không quá 60 ngày, phức tạp không quá 70 ngày.",
        "valid_from": D(2012, 7, 1),
        "valid_to": D(2026, 6, 30),
        "days": 45,
        "day_type": "calendar",
        "start_event": "Ngày thụ lý khiếu nại lần hai",
        "complex_days": 60,
        "remote_days": 60,
        "remote_complex_days": 70,
    },
    {
        "rule_id": "KN.GIAI_QUYET_L2",
        "name": "Giải quyết khiếu nại lần hai",
        "legal_ref": f"{LKN}, Điều 37, sửa đổi, bổ sung bởi {L136}: không quá 45 ngày kể từ ngày thụ lý; phức tạp 60 ngày; "
        "vùng sâu, vùng xa 60 ngày, phức tạp 70 ngày; thời gian tạm đình chỉ việc giải quyết khiếu nại không tính "
        "vào thời hạn giải quyết.",
        "valid_from": D(2026, 7, 1),
        "days": 45,
        "day_type": "calendar",
        "start_event": "Ngày thụ lý khiếu nại lần hai",
        "complex_days": 60,
        "remote_days": 60,
        "remote_complex_days": 70,
        "pauses_excluded": True,
        "note": CHECK_136,
    },
    {
        "rule_id": "TC.XU_LY_BAN_DAU",
        "name": "Xử lý ban đầu thông tin tố cáo",
        "legal_ref": f"{LTC}, Điều 24 k1: trong 07 ngày làm việc kể từ ngày nhận được tố cáo phải vào sổ, phân loại, "
        "xử lý ban đầu, kiểm tra, xác minh thông tin về người tố cáo và điều kiện thụ lý; phải kiểm tra, xác "
        "minh tại nhiều địa điểm hoặc phải ủy quyền thì không quá 10 ngày làm việc.",
        "valid_from": D(2019, 1, 1),
        "days": 7,
        "day_type": "working",
        "start_event": "Ngày nhận được tố cáo",
        "multi_location_days": 10,
    },
    {
        "rule_id": "TC.CHUYEN_DON",
        "name": "Chuyển tố cáo không thuộc thẩm quyền và thông báo cho người tố cáo",
        "legal_ref": f"{LTC}, Điều 24 k2: tố cáo không thuộc thẩm quyền thì trong 05 ngày làm việc kể từ ngày nhận "
        "được phải chuyển đến cơ quan, tổ chức, cá nhân có thẩm quyền và thông báo cho người tố cáo.",
        "valid_from": D(2019, 1, 1),
        "days": 5,
        "day_type": "working",
        "start_event": "Ngày nhận được tố cáo",
    },
    {
        "rule_id": "TC.THONG_BAO_THU_LY",
        "name": "Thông báo việc thụ lý tố cáo",
        "legal_ref": f"{LTC}, Điều 29 k4: trong 05 ngày làm việc kể từ ngày ra quyết định thụ lý, người giải quyết "
        "tố cáo thông báo cho người tố cáo (và người bị tố cáo) về việc thụ lý.",
        "valid_from": D(2019, 1, 1),
        "days": 5,
        "day_type": "working",
        "start_event": "Ngày ra quyết định thụ lý tố cáo",
    },
    {
        "rule_id": "TC.GIAI_QUYET",
        "name": "Giải quyết tố cáo",
        "legal_ref": f"{LTC}, Điều 30: không quá 30 ngày kể từ ngày thụ lý; vụ việc phức tạp gia hạn một lần, đặc "
        "biệt phức tạp gia hạn hai lần, mỗi lần không quá 30 ngày (tối đa 90 ngày); việc gia hạn bằng văn bản. "
        "Điều 36: thời gian tạm đình chỉ việc giải quyết tố cáo không tính vào thời hạn giải quyết.",
        "valid_from": D(2019, 1, 1),
        "days": 30,
        "day_type": "calendar",
        "start_event": "Ngày ra quyết định thụ lý tố cáo",
        "extension_days": 30,
        "max_extensions": 2,
        "pauses_excluded": True,
    },
    {
        "rule_id": "XLD.XU_LY_DON",
        "name": "Xử lý đơn khiếu nại, tố cáo, kiến nghị, phản ánh",
        "legal_ref": "Thông tư 05/2021/TT-TTCP (quy trình xử lý đơn), Điều 4 k2 [cần đối chiếu]: trong 10 ngày làm việc "
        "kể từ ngày nhận được đơn phải nghiên cứu, phân loại và xử lý đơn.",
        "valid_from": D(2021, 11, 16),
        "days": 10,
        "day_type": "working",
        "start_event": "Ngày nhận được đơn",
        "note": 'Thủ tục xử lý đơn trên Cổng dịch vụ công quốc gia ghi "10 ngày"; chọn ngày làm việc theo Thông tư. '
        "Đối chiếu văn bản gốc.",
    },
    {
        "rule_id": "QD11.THONG_BAO",
        "name": "Người đứng đầu cấp ủy thông báo cho người phản ánh, kiến nghị",
        "legal_ref": "Quy định 11-QĐi/TW (18/02/2019) của Bộ Chính trị: trong 10 ngày làm việc kể từ ngày nhận phản ánh, "
        "kiến nghị, người đứng đầu cấp ủy thông báo bằng văn bản việc tiếp nhận hoặc chuyển đơn; Kết luận "
        "215-KL/TW (23/11/2025) áp dụng ở cấp tỉnh và cấp xã.",
        "valid_from": D(2019, 2, 18),
        "days": 10,
        "day_type": "working",
        "start_event": "Ngày nhận được phản ánh, kiến nghị",
    },
]

BNV = "Thông báo lịch nghỉ của Bộ Nội vụ cho cán bộ, công chức, viên chức"
OVERRIDES = [
    (
        D(2025, 4, 26),
        "working_day",
        "Làm bù (thứ Bảy) cho ngày nghỉ thứ Sáu 02/05/2025",
        f"{BNV} (30/4 – 1/5/2025)",
    ),
    (D(2025, 5, 2), "day_off", "Nghỉ hoán đổi, làm bù thứ Bảy 26/04/2025", f"{BNV} (30/4 – 1/5/2025)"),
    (
        D(2026, 1, 2),
        "day_off",
        "Nghỉ hoán đổi sau Tết Dương lịch, làm bù thứ Bảy 10/01/2026",
        f"{BNV} (Tết Dương lịch 2026)",
    ),
    (
        D(2026, 1, 10),
        "working_day",
        "Làm bù (thứ Bảy) cho ngày nghỉ thứ Sáu 02/01/2026",
        f"{BNV} (Tết Dương lịch 2026)",
    ),
    (
        D(2026, 8, 22),
        "working_day",
        "Làm bù (thứ Bảy) cho ngày nghỉ thứ Hai 31/08/2026",
        f"{BNV} (Quốc khánh 2026)",
    ),
    (
        D(2026, 8, 31),
        "day_off",
        "Nghỉ hoán đổi trước Quốc khánh, làm bù thứ Bảy 22/08/2026",
        f"{BNV} (Quốc khánh 2026)",
    ),
]


def ensure(rule_model: Any, override_model: Any) -> int:
    """Insert the rules and calendar changes that are missing (never overwrites an edited row).
    Takes the models as arguments so a migration can pass its historical ones."""
    created = 0
    for row in RULES:
        values = dict(row)
        key = {"rule_id": values.pop("rule_id"), "valid_from": values.pop("valid_from")}
        created += rule_model.objects.get_or_create(**key, defaults=values)[1]
    for day, kind, note, ref in OVERRIDES:
        created += override_model.objects.get_or_create(
            date=day, defaults={"kind": kind, "note": note, "legal_ref": ref}
        )[1]
    return created


def seed_demo(ctx: Any = None) -> None:
    """DomainAppConfig.demo_seeder: the rules exist even after a test flushed the tables."""
    from dvk.deadlines.models import CalendarOverride, DeadlineRule

    ensure(DeadlineRule, CalendarOverride)
