"""Demo data: criteria sets, cycles, the provincial council (hoidong.1-3) and about fifty models
and exemplars across fields, levels and cycles — historical 2017–2020 and 2021–2025 ones on the
Hòa Bình bodies, current ones on the Phú Thọ bodies in every stage. Rows are written directly
(bulk where possible) to stay fast; decisions go through services.issue_decision() so the number
registers are the real ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from dvk.core.demo import DemoContext
from dvk.exemplars import demo_councils
from dvk.exemplars.models import (
    Commendation,
    Council,
    CouncilExclusion,
    CouncilMember,
    CriteriaSet,
    Criterion,
    Cycle,
    Exemplar,
    ExemplarEvent,
    FieldOfWork,
    Kind,
    Level,
    Nomination,
    ProgressUpdate,
    Replication,
    Score,
    ScoreSheet,
)
from dvk.exemplars.services import conflicting_membership, issue_decision, summarise
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation

COLLECTIVE_CRITERIA = [
    ("Sáng tạo, tiết kiệm thời gian, chi phí trong thực hiện nhiệm vụ chính trị", 20, "1"),
    ("Người đứng đầu thuyết phục Nhân dân tự giác chấp hành chủ trương, pháp luật", 20, "1"),
    ("Phối hợp, huy động được nhiều lực lượng cùng tham gia", 20, "1"),
    ("Hài hòa lợi ích tập thể, cá nhân và xã hội; được Nhân dân đồng tình, hưởng ứng", 20, "1"),
    ("Bền vững, lan tỏa, có khả năng kế thừa và nhân rộng", 20, "1"),
]
COLLECTIVE_EXTRA = (
    "Giải quyết được vấn đề khó, bức xúc mà cấp ủy, chính quyền đang tập trung lãnh đạo",
    20,
    "1.5",
)
INDIVIDUAL_CRITERIA = [
    ("Bản thân và gia đình gương mẫu chấp hành chủ trương, chính sách, pháp luật", 10, "1"),
    ("Có sáng kiến, cách làm hay được áp dụng", 10, "1"),
    ("Đề xuất giải pháp tháo gỡ vấn đề bức xúc, tồn đọng ở cơ sở", 10, "1"),
    ("Tận tụy phục vụ Nhân dân, được Nhân dân tin yêu", 10, "1"),
    ("Gia đình đạt danh hiệu “Gia đình văn hóa” hằng năm; hoàn thành tốt nhiệm vụ", 10, "0.5"),
]

# (field code, title, summary)
COLLECTIVE_MODELS = [
    (
        "nong-thon-moi",
        "Vận động Nhân dân hiến đất mở rộng đường giao thông nông thôn",
        "Chi bộ lãnh đạo, cán bộ đảng viên gương mẫu hiến đất trước; Nhân dân hiến hơn 5.000 m² đất làm đường.",
    ),
    (
        "phat-trien-san-xuat",
        "Tổ hợp tác trồng cam theo chuỗi giá trị",
        "Liên kết hộ trồng cam với doanh nghiệp tiêu thụ, áp dụng quy trình VietGAP.",
    ),
    (
        "giam-ngheo",
        "Giúp hộ nghèo thoát nghèo bền vững bằng chăn nuôi bò sinh sản",
        "Hội viên khá giúp hộ nghèo con giống, kỹ thuật; hộ thoát nghèo trao lại bê giống cho hộ khác.",
    ),
    (
        "phat-trien-san-xuat",
        "Hợp tác xã dệt thổ cẩm Mường gắn với du lịch cộng đồng",
        "Giữ nghề dệt truyền thống, tạo việc làm cho phụ nữ nông thôn, đón khách du lịch trải nghiệm.",
    ),
    (
        "kinh-te",
        "Chuyển đổi cây trồng trên đất dốc kém hiệu quả",
        "Vận động hộ dân chuyển từ ngô sang cây ăn quả có giá trị cao.",
    ),
    (
        "moi-truong",
        "Xóm sáng – xanh – sạch – đẹp",
        "Mỗi hộ nhận chăm sóc một đoạn đường hoa; thắp sáng đường quê bằng đèn năng lượng mặt trời.",
    ),
    (
        "moi-truong",
        "Thu gom, phân loại rác thải tại nguồn",
        "Hội Phụ nữ hướng dẫn phân loại rác, ủ phân hữu cơ tại hộ gia đình.",
    ),
    (
        "giao-duc",
        "Bữa cơm có thịt cho học sinh bán trú",
        "Nhà trường phối hợp Hội Cha mẹ học sinh và các nhà hảo tâm hỗ trợ bữa ăn cho học sinh vùng khó.",
    ),
    (
        "an-sinh",
        "Mái ấm tình thương cho hộ có hoàn cảnh khó khăn",
        "Ủy ban MTTQ vận động xã hội hóa xây nhà, các đoàn thể góp ngày công.",
    ),
    (
        "van-hoa-xa-hoi",
        "Giữ gìn và trao truyền chiêng Mường trong thế hệ trẻ",
        "Câu lạc bộ chiêng sinh hoạt định kỳ, nghệ nhân truyền dạy cho thanh thiếu niên.",
    ),
    (
        "y-te",
        "Trạm y tế thân thiện, đồng hành cùng người cao tuổi",
        "Khám sức khỏe định kỳ tại nhà văn hóa, lập sổ theo dõi bệnh mạn tính.",
    ),
    (
        "an-ninh-trat-tu",
        "Tổ tự quản an ninh trật tự khu dân cư",
        "Tổ tự quản tuần tra, hòa giải, kịp thời nắm tình hình ở khu dân cư.",
    ),
    (
        "an-ninh-trat-tu",
        "Camera an ninh – “mắt thần” khu dân cư",
        "Vận động Nhân dân đóng góp lắp camera tại các trục đường chính, kết nối với Công an xã.",
    ),
    (
        "quoc-phong-an-ninh",
        "Vận động thanh niên lên đường nhập ngũ đạt 100% chỉ tiêu",
        "Gặp mặt gia đình thanh niên, tuyên truyền chính sách hậu phương quân đội.",
    ),
    (
        "an-ninh-trat-tu",
        "Tổ hòa giải ở cơ sở giỏi",
        "Hòa giải thành các mâu thuẫn đất đai, gia đình ngay từ cơ sở, không để đơn thư vượt cấp.",
    ),
    (
        "cai-cach-hanh-chinh",
        "Một cửa thân thiện – trả kết quả tại nhà",
        "Công chức bộ phận một cửa hướng dẫn tận tình, trả kết quả qua bưu điện cho người cao tuổi.",
    ),
    (
        "quy-che-dan-chu",
        "Đối thoại định kỳ giữa Bí thư Đảng ủy với Nhân dân",
        "Mỗi quý một buổi đối thoại tại khu dân cư; ý kiến được trả lời công khai.",
    ),
    (
        "xay-dung-he-thong-chinh-tri",
        "Chi bộ mỗi tháng một việc làm vì dân",
        "Mỗi tháng chi bộ chọn một việc cụ thể Nhân dân mong muốn để lãnh đạo thực hiện.",
    ),
    (
        "dan-van-chinh-quyen",
        "Dân vận chính quyền trong giải phóng mặt bằng",
        "Công khai phương án bồi thường, đối thoại từng hộ; bàn giao mặt bằng đúng tiến độ.",
    ),
    (
        "dan-van-chinh-quyen",
        "Nhóm Zalo “Xóm tôi” tiếp nhận phản ánh của người dân",
        "Trưởng xóm, Bí thư chi bộ trả lời phản ánh trong 48 giờ.",
    ),
    (
        "nong-thon-moi",
        "Dân vận khéo xây dựng khu dân cư nông thôn mới kiểu mẫu",
        "Nhân dân góp công, góp đất xây dựng nhà văn hóa, sân thể thao xóm.",
    ),
    (
        "giam-ngheo",
        "Ngân hàng bò của Hội Cựu chiến binh",
        "Hội viên cựu chiến binh góp vốn mua bò giúp hội viên nghèo.",
    ),
]
# (field code, person, position, title)
INDIVIDUALS = [
    ("nong-thon-moi", "Bùi Thị Hoa", "Bí thư chi bộ xóm", "Gương mẫu vận động Nhân dân hiến đất làm đường"),
    ("giam-ngheo", "Đinh Văn Mạnh", "Chi hội trưởng Chi hội Nông dân", "Giúp 12 hộ nghèo thoát nghèo"),
    ("an-ninh-trat-tu", "Xa Văn Long", "Tổ trưởng tổ tự quản", "Hòa giải thành 30 vụ việc ở cơ sở"),
    ("giao-duc", "Quách Thị Nguyệt", "Giáo viên trường tiểu học", "Vận động học sinh bỏ học trở lại lớp"),
    ("an-sinh", "Hà Văn Tiến", "Trưởng xóm", "Vận động xã hội hóa xây 5 nhà tình nghĩa"),
    (
        "cai-cach-hanh-chinh",
        "Nguyễn Thị Thu",
        "Công chức Văn phòng – Thống kê",
        "Hướng dẫn người dân làm thủ tục trực tuyến",
    ),
    ("y-te", "Bạch Công Sơn", "Nhân viên y tế thôn bản", "Chăm sóc sức khỏe người cao tuổi tại nhà"),
    ("moi-truong", "Lò Thị Hương", "Chi hội trưởng Phụ nữ", "Khởi xướng phong trào túi vải thay túi ni-lông"),
]

BASE_POINT = {
    "148": (Decimal("20.81"), Decimal("105.33")),
    "150": (Decimal("20.87"), Decimal("105.05")),
    "154": (Decimal("20.70"), Decimal("105.33")),
}
PATHS: dict[str, list[str]] = {
    Stage.DRAFT: [],
    Stage.REGISTERED: ["register"],
    Stage.IN_PROGRESS: ["register", "accept_registration"],
    Stage.NOMINATED: ["register", "accept_registration", "nominate"],
    Stage.UNDER_REVIEW: ["register", "accept_registration", "nominate", "open_review"],
    Stage.RECOGNISED: ["register", "accept_registration", "nominate", "open_review", "recognise"],
    Stage.NOT_RECOGNISED: ["register", "accept_registration", "nominate", "open_review", "decline"],
    Stage.WITHDRAWN: ["register", "withdraw"],
    Stage.SUSPENDED: ["register", "accept_registration", "nominate", "open_review", "recognise", "suspend"],
}
TARGET = {
    "register": Stage.REGISTERED,
    "accept_registration": Stage.IN_PROGRESS,
    "nominate": Stage.NOMINATED,
    "open_review": Stage.UNDER_REVIEW,
    "recognise": Stage.RECOGNISED,
    "decline": Stage.NOT_RECOGNISED,
    "withdraw": Stage.WITHDRAWN,
    "suspend": Stage.SUSPENDED,
}
NOTES = {
    "decline": "Chưa đủ thời gian để đánh giá tính bền vững.",
    "withdraw": "Đơn vị xin rút để hoàn thiện.",
    "suspend": "Mô hình ngừng duy trì do sáp nhập địa bàn.",
}


def _criteria_set(
    name: str, version: int, kind: str, rows: list, valid_from: dt.date, valid_to: dt.date | None
) -> CriteriaSet:
    cs, created = CriteriaSet.objects.get_or_create(
        applies_to=kind,
        version=version,
        defaults={
            "name": name,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "pass_mark": Decimal("70"),
            "quorum": 2,
            "min_months": 12,
        },
    )
    if created:
        Criterion.objects.bulk_create(
            [
                Criterion(criteria_set=cs, order=i, name=n, max_score=m, weight=Decimal(w))
                for i, (n, m, w) in enumerate(rows, start=1)
            ]
        )
    return cs


class _Seeder:
    def __init__(self, ctx: DemoContext):
        self.ctx = ctx
        self.rng = ctx.rng
        self.fields = {f.code: f for f in FieldOfWork.objects.all()}
        self.officer = ctx.user("xa.a")
        self.coordinator = ctx.user("tinh.bdv")
        self.leader = ctx.user("lanhdao.bdv")
        self.events: list[ExemplarEvent] = []

    def point(self, org: Organisation) -> tuple[Decimal, Decimal]:
        parent = org.unit.parent
        district = parent.code if parent is not None and parent.level == "district" else "148"
        lat, lng = BASE_POINT.get(district, BASE_POINT["148"])
        jitter = lambda: Decimal(self.rng.randint(-900, 900)) / Decimal(10000)  # noqa: E731
        return (lat + jitter()).quantize(Decimal("0.000001")), (lng + jitter()).quantize(Decimal("0.000001"))

    def exemplar(
        self,
        *,
        org: Organisation,
        cycle: Cycle,
        stage: str,
        kind: str,
        field_code: str,
        title: str,
        summary: str,
        started_on: dt.date,
        level: str,
        person: tuple[str, str] | None = None,
        consent: bool = True,
        at: dt.date,
    ) -> Exemplar:
        lat, lng = self.point(org)
        exemplar = Exemplar.objects.create(
            kind=kind,
            stage=stage,
            title=title,
            summary=summary,
            situation=f"Trước khi xây dựng mô hình, địa bàn {org.unit.name} còn nhiều khó khăn; người dân chưa đồng thuận.",
            goals="100% hộ dân được tuyên truyền; ít nhất 80% hộ tham gia; không có đơn thư vượt cấp.",
            content_method="Cấp ủy ra nghị quyết chuyên đề; Mặt trận và các đoàn thể vận động từng hộ; "
            "cán bộ, đảng viên gương mẫu đi đầu.",
            area_beneficiaries=f"{org.unit.name}; các hộ dân trên địa bàn.",
            forces=[
                {"name": "Cấp ủy chi bộ", "role": "lead", "task": "Lãnh đạo, chỉ đạo"},
                {"name": "Ban công tác Mặt trận", "role": "coordinate", "task": "Tuyên truyền, vận động"},
                {"name": "Các chi hội đoàn thể", "role": "take_part", "task": "Góp ngày công, giám sát"},
            ],
            resources={
                "funds": f"{self.rng.randint(2, 60) * 10} triệu đồng",
                "workdays": f"{self.rng.randint(2, 30) * 50} ngày công",
                "socialised": "Nhân dân và doanh nghiệp đóng góp",
            },
            timeline=[
                {"date": started_on.isoformat(), "milestone": "Ra mắt mô hình"},
                {"date": (started_on + dt.timedelta(days=365)).isoformat(), "milestone": "Sơ kết một năm"},
            ],
            expected_outputs="Báo cáo kết quả có số liệu; ảnh tư liệu; biên bản đánh giá của cấp ủy.",
            sustainability="Được đưa vào quy ước khu dân cư; các đơn vị lân cận có thể áp dụng.",
            field=self.fields[field_code],
            level=level,
            cycle=cycle,
            organisation=org,
            started_on=started_on,
            latitude=lat,
            longitude=lng,
            person_name=person[0] if person else "",
            person_position=person[1] if person else "",
            consent_public=consent if person else False,
            registered_on=started_on if stage != Stage.DRAFT else None,
            created_by=self.officer,
        )
        path = PATHS[stage]
        previous = Stage.DRAFT
        for action in path:
            actor = (
                self.coordinator
                if action in ("accept_registration", "open_review", "suspend")
                else (self.leader if action in ("recognise", "decline") else self.officer)
            )
            self.events.append(
                ExemplarEvent(
                    exemplar=exemplar,
                    action=action,
                    from_stage=previous,
                    to_stage=TARGET[action],
                    actor=actor,
                    note=NOTES.get(action, ""),
                )
            )
            previous = TARGET[action]
        Exemplar.objects.filter(pk=exemplar.pk).update(
            updated_at=timezone.make_aware(dt.datetime.combine(at, dt.time(9, 0)))
        )
        return exemplar


def _ensure_fields() -> None:
    """The taxonomy comes from a data migration; a flushed test database lost it, so make sure."""
    import importlib

    from django.apps import apps

    importlib.import_module("dvk.exemplars.migrations.0002_seed_fields").seed(apps, None)


HISTORICAL_EVENTS = {
    2017: "Hội nghị biểu dương điển hình “Dân vận khéo” giai đoạn 2017 – 2020, kỷ niệm 90 năm Ngày "
    "truyền thống công tác Dân vận của Đảng (15/10/1930 – 15/10/2020)",
    2021: "Hội nghị biểu dương điển hình “Dân vận khéo” giai đoạn 2021 – 2025",
}
# Stages of the current cycle that went through a nomination (and so a council, once reviewed).
NOMINATED_STAGES = (
    Stage.NOMINATED,
    Stage.UNDER_REVIEW,
    Stage.RECOGNISED,
    Stage.NOT_RECOGNISED,
    Stage.SUSPENDED,
)
PROGRESS_STAGES = (Stage.IN_PROGRESS, Stage.NOMINATED, Stage.UNDER_REVIEW, Stage.RECOGNISED)
CLOSED_STAGES = (Stage.RECOGNISED, Stage.NOT_RECOGNISED, Stage.SUSPENDED)
OUTCOME_OF: dict[str, str] = {
    Stage.RECOGNISED: Nomination.Outcome.RECOGNISED,
    Stage.SUSPENDED: Nomination.Outcome.RECOGNISED,
    Stage.NOT_RECOGNISED: Nomination.Outcome.DECLINED,
}
# The current cycle on Phú Thọ bodies, every stage: (stage, which body list, index in it).
CURRENT_PLAN = (
    (Stage.DRAFT, "thinh_minh", 1),
    (Stage.DRAFT, "communes", 5),
    (Stage.REGISTERED, "thinh_minh", 2),
    (Stage.REGISTERED, "communes", 9),
    (Stage.REGISTERED, "province", 0),
    (Stage.IN_PROGRESS, "thinh_minh", 0),
    (Stage.IN_PROGRESS, "thinh_minh", 3),
    (Stage.IN_PROGRESS, "communes", 12),
    (Stage.IN_PROGRESS, "province", 1),
    (Stage.IN_PROGRESS, "communes", 20),
    (Stage.NOMINATED, "communes", 15),
    (Stage.NOMINATED, "province", 2),
    (Stage.UNDER_REVIEW, "thinh_minh", 4),
    (Stage.UNDER_REVIEW, "communes", 24),
    (Stage.UNDER_REVIEW, "province", 3),
    (Stage.RECOGNISED, "thinh_minh", 0),
    (Stage.RECOGNISED, "communes", 30),
    (Stage.RECOGNISED, "province", 4),
    (Stage.RECOGNISED, "communes", 33),
    (Stage.NOT_RECOGNISED, "communes", 36),
    (Stage.WITHDRAWN, "communes", 40),
    (Stage.SUSPENDED, "province", 5),
)


def _cycles() -> dict[int, Cycle]:
    cycles = {}
    for start, end in ((2017, 2020), (2021, 2025), (2026, 2030)):
        cycles[start], _c = Cycle.objects.get_or_create(
            name=f"{start}–{end}", defaults={"start_year": start, "end_year": end}
        )
    return cycles


def _criteria_sets() -> dict[tuple[str, int], CriteriaSet]:
    """The criteria sets by (kind, version): version 1 under HD 12-HD/BCĐ (2017–2020), version 2 since."""
    v1 = (dt.date(2017, 1, 1), dt.date(2020, 12, 31))
    v2 = (dt.date(2021, 1, 1), None)
    return {
        (Kind.COLLECTIVE, 1): _criteria_set(
            "Tiêu chí công nhận mô hình “Dân vận khéo” tập thể (theo HD 12-HD/BCĐ)",
            1,
            Kind.COLLECTIVE,
            COLLECTIVE_CRITERIA,
            *v1,
        ),
        (Kind.COLLECTIVE, 2): _criteria_set(
            "Tiêu chí công nhận mô hình “Dân vận khéo” tập thể",
            2,
            Kind.COLLECTIVE,
            [*COLLECTIVE_CRITERIA, COLLECTIVE_EXTRA],
            *v2,
        ),
        (Kind.INDIVIDUAL, 1): _criteria_set(
            "Tiêu chí công nhận điển hình “Dân vận khéo” cá nhân (theo HD 12-HD/BCĐ)",
            1,
            Kind.INDIVIDUAL,
            INDIVIDUAL_CRITERIA,
            *v1,
        ),
        (Kind.INDIVIDUAL, 2): _criteria_set(
            "Tiêu chí công nhận điển hình “Dân vận khéo” cá nhân",
            2,
            Kind.INDIVIDUAL,
            INDIVIDUAL_CRITERIA,
            *v2,
        ),
    }


def _provincial_council(ctx: DemoContext, current: Cycle, members: list[Any]) -> Council:
    """Phú Thọ's council of the current cycle (hoidong.1 chairs, hoidong.2-3 sit on it)."""
    council = Council.objects.create(
        name=f"Hội đồng xét công nhận điển hình “Dân vận khéo” tỉnh Phú Thọ giai đoạn {current.name}",
        organisation=ctx.org("PT-HDTD"),
        deciding_body=ctx.org("PT-BTGDV"),
        level=Level.PROVINCE,
        cycle=current,
        place="Phú Thọ",
    )
    roles = [CouncilMember.Role.CHAIR, CouncilMember.Role.MEMBER, CouncilMember.Role.MEMBER]
    CouncilMember.objects.bulk_create(
        [CouncilMember(council=council, user=u, role=r) for u, r in zip(members, roles, strict=True)]
    )
    return council


def _historical_councils(hb_bdv: Organisation, cycles: dict[int, Cycle]) -> dict[int, Council]:
    """Hòa Bình's steering committee, which recognised the 2017–2020 and 2021–2025 models."""
    return {
        start: Council.objects.create(
            name=f"Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh Hòa Bình giai đoạn {cycles[start].name}",
            organisation=hb_bdv,
            deciding_body=hb_bdv,
            level=Level.PROVINCE,
            cycle=cycles[start],
            place="Hòa Bình",
        )
        for start in (2017, 2021)
    }


def _by_code(pattern: str) -> list[Organisation]:
    return list(Organisation.objects.filter(code__regex=pattern).order_by("code"))


def _phu_tho_bodies(ctx: DemoContext) -> dict[str, list[Organisation]]:
    """The Phú Thọ bodies the current cycle's models belong to (CURRENT_PLAN names the lists)."""
    return {
        "thinh_minh": [
            ctx.org("PT-DU-04897"),
            *[ctx.org(f"PT-CS-04897-{i}") for i in range(1, 5)],
            ctx.org("PT-MTTQ-04897"),
            ctx.org("PT-UBND-04897"),
        ],
        "communes": _by_code(r"^PT-(DU|MTTQ|UBND)-\d+$"),
        "province": [
            ctx.org(c) for c in ("PT-SNV", "PT-MTTQ", "PT-HLHPN", "PT-HND", "PT-TD", "PT-CA", "PT-SGDDT")
        ],
    }


def _dt(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class _Demo:
    """One run of the exemplars demo: the seeder, the cycles, criteria sets and councils, and the
    stock of model titles and people the exemplars draw from in order."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.cycles = _cycles()
        self.current = Cycle.current(ctx.today) or self.cycles[2026]
        self.criteria = _criteria_sets()
        self.members = [ctx.user("hoidong.1"), ctx.user("hoidong.2"), ctx.user("hoidong.3")]
        self.council = _provincial_council(ctx, self.current, self.members)
        self.hb_bdv = ctx.org("HB-BDV")
        self.old_councils = _historical_councils(self.hb_bdv, self.cycles)
        self.s = _Seeder(ctx)
        self.models_iter = iter(COLLECTIVE_MODELS * 3)
        self.people_iter = iter(INDIVIDUALS * 4)
        self.recognised: list[tuple[Exemplar, Nomination | None]] = []
        self.progress: list[ProgressUpdate] = []

    def pick(self, kind: str) -> tuple[str, str, str, tuple[str, str] | None]:
        if kind == Kind.INDIVIDUAL:
            field_code, name, position, title = next(self.people_iter)
            return field_code, title, f"{name}, {position}: {title.lower()}.", (name, position)
        field_code, title, summary = next(self.models_iter)
        return field_code, title, summary, None

    # --- historical cycles on Hòa Bình bodies -----------------------------------------------

    def historical(self, start: int, n: int, bodies: list[Organisation]) -> None:
        for i in range(n):
            self._historical_one(start, i, bodies[i % len(bodies)])

    def _historical_one(self, start: int, i: int, org: Organisation) -> None:
        cycle, rng = self.cycles[start], self.rng
        kind = Kind.INDIVIDUAL if i % 4 == 3 else Kind.COLLECTIVE
        field_code, title, summary, person = self.pick(kind)
        stage = Stage.NOT_RECOGNISED if i % 7 == 5 else (Stage.SUSPENDED if i % 9 == 8 else Stage.RECOGNISED)
        level = Level.PROVINCE if _province_body(org) or i % 3 == 0 else Level.COMMUNE
        started = dt.date(start, rng.randint(1, 6), rng.randint(1, 28))
        signed = dt.date(cycle.end_year - (i % 2), rng.choice([9, 10]), rng.randint(1, 28))
        e = self.s.exemplar(
            org=org,
            cycle=cycle,
            stage=stage,
            kind=kind,
            field_code=field_code,
            title=title,
            summary=summary,
            started_on=started,
            level=level,
            person=person,
            at=signed,
        )
        nomination = Nomination.objects.create(
            exemplar=e,
            cycle=cycle,
            level=level,
            criteria_set=self.criteria[kind, 1 if start == 2017 else 2],
            council=self.old_councils[start],
            nominated_by=self.s.officer,
            nominated_on=signed - dt.timedelta(days=45),
            review_opened_at=_dt(signed - dt.timedelta(days=30), 8),
            closed_at=_dt(signed, 8),
            outcome=OUTCOME_OF[stage],
        )
        Exemplar.objects.filter(pk=e.pk).update(current_nomination=nomination)
        if stage == Stage.NOT_RECOGNISED:
            return
        issue_decision(
            exemplar=e,
            nomination=nomination,
            issuing_body=self._historical_issuer(org, level),
            level=level,
            cycle=cycle,
            signed_on=signed,
            by=self.s.leader,
        )
        self.recognised.append((e, nomination))

    def _historical_issuer(self, org: Organisation, level: str) -> Organisation:
        """The province's committee for a provincial recognition, else the commune's Party committee."""
        if level == Level.PROVINCE:
            return self.hb_bdv
        issuer = org if (org.code or "").startswith("HB-DU-") else org.parent
        assert issuer is not None
        return issuer

    # --- outstanding, commended and replicated historical models ----------------------------

    def commend(self) -> None:
        """Outstanding and commended: the 2017–2020 period conference (seed plan §III–IV) and 2021–2025."""
        commended_numbers = {2017: 0, 2021: 0}
        for e, _n in self.recognised:
            if e.stage != Stage.RECOGNISED or self.rng.random() > 0.5:
                continue
            start = e.cycle.start_year
            Exemplar.objects.filter(pk=e.pk).update(
                outstanding=True, outstanding_event=HISTORICAL_EVENTS[start]
            )
            if self.rng.random() < 0.6:
                commended_numbers[start] += 1
                self._commendation(e, commended_numbers[start], HISTORICAL_EVENTS[start])

    def _commendation(self, e: Exemplar, n: int, event: str) -> None:
        bang = n % 2 == 1  # odd ones a bằng khen of the provincial People's Committee
        Commendation.objects.create(
            exemplar=e,
            form=Commendation.Form.PROVINCIAL_MERIT if bang else Commendation.Form.CERTIFICATE_OF_MERIT,
            authority="Chủ tịch UBND tỉnh Hòa Bình" if bang else "Ban Thường vụ Tỉnh ủy Hòa Bình",
            decision_number=f"{2100 + n * 7}/QĐ-UBND" if bang else f"{300 + n}-QĐ/TU",
            awarded_on=dt.date(e.cycle.end_year, 10, 10),
            event=event,
            created_by=self.s.coordinator,
        )

    def replicate(self, communes: list[Organisation]) -> None:
        """Replications of historical recognised models by today's bodies."""
        rng, replications = self.rng, []
        counts: dict[int, int] = {}
        for e, _n in self.recognised[::2]:
            if e.stage != Stage.RECOGNISED:
                continue
            for org in rng.sample(communes, rng.randint(1, 3)):
                lat, lng = self.s.point(org)
                replications.append(
                    Replication(
                        exemplar=e,
                        organisation=org,
                        org_path=org.path,
                        started_on=self.ctx.days_ago(rng.randint(60, 500)),
                        adaptations="Điều chỉnh phù hợp với địa bàn sau sáp nhập xã.",
                        results=f"{rng.randint(40, 400)} hộ tham gia",
                        latitude=lat,
                        longitude=lng,
                        created_by=self.s.coordinator,
                    )
                )
                counts[e.pk] = counts.get(e.pk, 0) + 1
        Replication.objects.bulk_create(replications)
        for pk, n in counts.items():
            Exemplar.objects.filter(pk=pk).update(replication_count=n)

    # --- the current cycle on Phú Thọ bodies: every stage -----------------------------------

    def current_cycle(self, bodies: dict[str, list[Organisation]]) -> None:
        first_day = dt.date(self.current.start_year, 1, 15)
        for i, (stage, group, index) in enumerate(CURRENT_PLAN):
            self._current_one(i, stage, bodies[group][index], first_day)

    def _current_one(self, i: int, stage: str, org: Organisation, first_day: dt.date) -> None:
        rng = self.rng
        kind = Kind.INDIVIDUAL if i % 5 == 4 else Kind.COLLECTIVE
        field_code, title, summary, person = self.pick(kind)
        provincial = stage in NOMINATED_STAGES or _province_body(org)
        level = Level.PROVINCE if provincial else Level.COMMUNE
        started = self.ctx.days_ago(rng.randint(400, 900))
        when = max(first_day, self.ctx.days_ago(rng.randint(1, 120)))
        e = self.s.exemplar(
            org=org,
            cycle=self.current,
            stage=stage,
            kind=kind,
            field_code=field_code,
            title=title,
            summary=summary,
            started_on=started,
            level=level,
            person=person,
            consent=i % 3 != 1,
            at=when,
        )
        if stage in PROGRESS_STAGES:
            self._progress(e, when)
        if stage in NOMINATED_STAGES:
            self._current_nomination(e, stage, kind, level, when)

    def _progress(self, e: Exemplar, when: dt.date) -> None:
        for k in range(2):
            self.progress.append(
                ProgressUpdate(
                    exemplar=e,
                    reported_on=when - dt.timedelta(days=90 * (k + 1)),
                    created_by=self.s.officer,
                    summary="Tổ chức sinh hoạt chuyên đề, vận động các hộ tham gia; sơ kết kết quả quý.",
                    figures={
                        "Hộ tham gia": str(self.rng.randint(50, 300)),
                        "Ngày công": str(self.rng.randint(100, 900)),
                    },
                )
            )

    def _current_nomination(self, e: Exemplar, stage: str, kind: str, level: str, when: dt.date) -> None:
        reviewed = stage != Stage.NOMINATED
        nomination = Nomination.objects.create(
            exemplar=e,
            cycle=self.current,
            level=level,
            criteria_set=self.criteria[kind, 2],
            council=self.council if reviewed else None,
            nominated_by=self.s.officer,
            nominated_on=when - dt.timedelta(days=40),
            review_opened_at=timezone.now() - dt.timedelta(days=30) if reviewed else None,
            closed_at=timezone.now() - dt.timedelta(days=2) if stage in CLOSED_STAGES else None,
            outcome=OUTCOME_OF.get(stage, Nomination.Outcome.PENDING),
        )
        Exemplar.objects.filter(pk=e.pk).update(current_nomination=nomination)
        if stage == Stage.UNDER_REVIEW:
            self._exclusions(e, nomination)
        if reviewed:
            scorers = self.members[:2] if stage != Stage.UNDER_REVIEW else self.members[:1]
            _score(nomination, scorers, self.rng, low=stage == Stage.NOT_RECOGNISED)
        if stage in (Stage.RECOGNISED, Stage.SUSPENDED):
            issue_decision(
                exemplar=e,
                nomination=nomination,
                issuing_body=self.council.deciding_body,
                level=level,
                cycle=self.current,
                signed_on=when,
                by=self.s.leader,
                summary=summarise(nomination),
            )

    def _exclusions(self, e: Exemplar, nomination: Nomination) -> None:
        for member in self.members:
            conflict = conflicting_membership(member, e)
            if conflict is not None:
                CouncilExclusion.objects.create(
                    nomination=nomination,
                    user=member,
                    reason=f"Thành viên của đơn vị đề nghị: {conflict.name}",
                )


def seed(ctx: DemoContext) -> None:
    _ensure_fields()
    demo = _Demo(ctx)
    hb_communes = list(Organisation.objects.filter(code__startswith="HB-DU-").order_by("code"))
    hb_other = _by_code(r"^HB-(MTTQ|UBND)-\d+$")
    hb_province = [ctx.org(c) for c in ("HB-SNV", "HB-MTTQ", "HB-HLHPN", "HB-HND", "HB-HCCB", "HB-CA")]
    pt = _phu_tho_bodies(ctx)
    demo.historical(2017, 14, hb_communes[:10] + hb_province[:3])
    demo.historical(2021, 12, hb_communes[10:20] + hb_other[:4] + hb_province[3:])
    demo.commend()
    demo.replicate(pt["communes"])
    demo.current_cycle(pt)
    ProgressUpdate.objects.bulk_create(demo.progress)
    ExemplarEvent.objects.bulk_create(demo.s.events)
    demo_councils.seed(ctx, demo.current)  # a commune council per demo commune (issue 10)
    ctx.log(f"  exemplars: {Exemplar.objects.count()} models, {Replication.objects.count()} replications")


def _province_body(org: Organisation) -> bool:
    return org.code is not None and org.code.count("-") == 1


def _score(nomination: Nomination, members: list[Any], rng: Any, low: bool = False) -> None:
    criteria = list(nomination.criteria_set.criteria.all())
    total_weight = sum((c.weight for c in criteria), Decimal(0))
    scores = []
    for member in members:
        values = {
            c.pk: Decimal(rng.randint(int(c.max_score * (0.4 if low else 0.75)), c.max_score))
            for c in criteria
        }
        percent = (
            sum((values[c.pk] / c.max_score * c.weight for c in criteria), Decimal(0)) * 100 / total_weight
        )
        sheet = ScoreSheet.objects.create(
            nomination=nomination,
            member=member,
            percent=percent.quantize(Decimal("0.01")),
            comment="Mô hình có hiệu quả, được Nhân dân đồng tình.",
        )
        scores += [Score(sheet=sheet, criterion_id=pk, score=v) for pk, v in values.items()]
    Score.objects.bulk_create(scores)
