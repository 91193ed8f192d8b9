"""Demo data: the 2020 Hòa Bình theme plan (the seed text, imported and issued to the HB-* bodies
by kind, then closed), and a current-year Phú Thọ plan with assignments for xa.a's and so.a's
bodies, reports submitted, accepted and returned, overdue work, supervision, a "Tháng dân vận"
campaign and events. Everything goes through services except the reference data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction

from dvk.core.demo import DemoContext
from dvk.organisations.models import AdministrativeUnit
from dvk.plans import services
from dvk.plans.importer import parse_text
from dvk.plans.models import Indicator, Plan, Regime, ReminderTier, Task, Theme

SEED_PLAN = Path(__file__).resolve().parent / "data" / "ke_hoach_nam_dan_van_kheo_2020.md"

INDICATORS = [
    ("nguoi-duoc-tuyen-truyen", "Số lượt người được tuyên truyền, vận động", "lượt người"),
    ("kinh-phi-van-dong", "Kinh phí, vật chất vận động được", "đồng"),
    ("mo-hinh-dang-ky", "Số mô hình “Dân vận khéo” đăng ký", "mô hình"),
    ("ngay-cong", "Số ngày công đóng góp", "ngày công"),
    ("hoi-nghi-doi-thoai", "Số hội nghị tiếp xúc, đối thoại với Nhân dân", "hội nghị"),
]
TIERS = [
    (ReminderTier.Kind.BEFORE, 7),
    (ReminderTier.Kind.BEFORE, 2),
    (ReminderTier.Kind.ON_DUE, 0),
    (ReminderTier.Kind.OVERDUE, 7),
]
THEMES = [
    ("Năm dân vận chính quyền", 2018, "Chủ đề năm 2018 của công tác dân vận: dân vận của cơ quan nhà nước."),
    ("Năm dân vận khéo", 2020, "Kế hoạch số 06-KH/BDVTW, ngày 19/02/2020 của Ban Dân vận Trung ương."),
]

# Section number path → who receives its tasks in the 2020 plan (resolved against the HB-* bodies of 2020).
KINDS_2020: dict[str, tuple[list[str], str]] = {
    "II/1": (["party_committee"], ""),
    "II/2/2.1": (["peoples_council"], ""),
    "II/2/2.2": (["peoples_committee", "department"], ""),
    "II/2/2.3": (["judiciary"], ""),
    "II/3": (["armed_forces"], ""),
    "II/4": (["front", "mass_organisation"], ""),
    "III": (["party_committee", "front", "mass_organisation"], "province"),
    "IV/1": (["department", "front", "mass_organisation"], "province"),
}


def reference_data() -> None:
    for order, (code, name, unit) in enumerate(INDICATORS, start=1):
        Indicator.objects.get_or_create(code=code, defaults={"name": name, "unit": unit, "order": order})
    for kind, days in TIERS:
        ReminderTier.objects.get_or_create(kind=kind, days=days)
    for name, year, description in THEMES:
        Theme.objects.get_or_create(name=name, year=year, defaults={"description": description})


def _section_key(task: Task) -> str:
    parts, section = [], task.section
    while section is not None:
        parts.append(section.number)
        section = section.parent
    return "/".join(reversed(parts))


def seed_2020(ctx: DemoContext) -> Plan:
    admin, coordinator = ctx.user("admin"), ctx.user("tinh.bdv")
    hb_tu = ctx.org("HB-TU")
    plan = services.import_plan(
        by=admin,
        organisation=hb_tu,
        parsed=parse_text(SEED_PLAN.read_text("utf-8")),
        number="125-KH/TU",
        issued_on=dt.date(2020, 3, 5),
    )
    hb = AdministrativeUnit.objects.get(pk=hb_tu.unit_id)
    for task in plan.tasks.select_related("section__parent__parent"):
        key = _section_key(task)
        if key in KINDS_2020:
            kinds, level = KINDS_2020[key]
            task.target_kinds, task.target_level = kinds, level
            task.target_unit = hb if level == "province" else None
        elif key != "IV/2":
            continue
        task.due_on, task.regime = dt.date(2020, 11, 30), Regime.YEARLY
        task.save()
        if key == "IV/2":
            task.assignees.set([ctx.org("HB-BDV")])
    services.issue_plan(by=admin, plan=plan, note="Ban hành kèm theo Kế hoạch số 06-KH/BDVTW.")
    # A few bodies' yearly reports, entered afterwards by the administrator and accepted by the Ban.
    sample = plan.assignments.filter(
        organisation__code__in=["HB-DU-04903", "HB-MTTQ", "HB-SNV", "HB-BDV", "HB-HDND", "HB-CA"]
    ).select_related("organisation")
    for i, assignment in enumerate(sample):
        services.submit_report(
            by=admin,
            assignment=assignment,
            progress_percent=100,
            period="2020-Y",
            summary=f"{assignment.organisation.name} đã triển khai, quán triệt kế hoạch; tổ chức các hoạt động "
            "“Dân vận khéo” gắn với kỷ niệm 90 năm Ngày truyền thống công tác dân vận của Đảng.",
            indicators={"nguoi-duoc-tuyen-truyen": 1200 + 150 * i, "mo-hinh-dang-ky": 2 + i % 3},
        )
        services.review_assignment(by=coordinator, assignment=assignment, action="accept")
    services.act_on_plan(by=admin, plan=plan, action="close", note="Tổng kết thực hiện chủ đề năm 2020.")
    return plan


def seed_current(ctx: DemoContext) -> Plan:
    tinh, xa_a, so_a, mttq = ctx.user("tinh.bdv"), ctx.user("xa.a"), ctx.user("so.a"), ctx.user("mttq.tinh")
    year = ctx.today.year
    issuer = ctx.org("PT-BTGDV")
    theme, _created = Theme.objects.get_or_create(
        name="Đẩy mạnh phong trào thi đua “Dân vận khéo”",
        year=year,
        defaults={"description": "Chủ đề công tác dân vận năm của tỉnh Phú Thọ (dữ liệu minh họa)."},
    )
    plan = services.create_plan(
        by=tinh,
        organisation=issuer,
        number=f"{12 + year % 10}-KH/BTGDVTU",
        issued_on=ctx.days_ago(120),
        title=f"Kế hoạch công tác dân vận và phong trào thi đua “Dân vận khéo” năm {year}",
        theme=theme,
        preamble="Thực hiện chương trình công tác năm của Ban Thường vụ Tỉnh ủy, Ban Tuyên giáo và Dân vận Tỉnh ủy "
        "ban hành kế hoạch như sau:",
    )
    indicators = list(
        Indicator.objects.filter(code__in=["nguoi-duoc-tuyen-truyen", "kinh-phi-van-dong", "mo-hinh-dang-ky"])
    )
    t1, _a = services.add_task(
        by=tinh,
        plan=plan,
        title="Xây dựng kế hoạch thực hiện phong trào thi đua “Dân vận khéo” tại cơ quan, "
        "đơn vị và gửi về Ban Tuyên giáo và Dân vận Tỉnh ủy",
        due_on=ctx.days_ago(60),
        assignees=[ctx.org(c) for c in ("PT-DU-04897", "PT-SNV", "PT-DU-05089", "PT-MTTQ")],
    )
    t2, _a = services.add_task(
        by=tinh,
        plan=plan,
        title="Báo cáo kết quả thực hiện phong trào thi đua “Dân vận khéo” hằng quý",
        regime=Regime.QUARTERLY,
        due_on=ctx.days_ahead(35),
        target_kinds=["party_committee"],
        target_level="commune",
        indicators=indicators,
    )
    services.add_task(
        by=tinh,
        plan=plan,
        title="Tổ chức các hoạt động hưởng ứng “Tháng dân vận” và Ngày Dân vận của cả nước (15/10)",
        due_on=ctx.days_ahead(7),
        target_kinds=["front", "mass_organisation"],
        target_level="province",
    )
    t4, _a = services.add_task(
        by=tinh,
        plan=plan,
        title="Rà soát, đăng ký xây dựng mô hình “Dân vận khéo” của cơ quan, đơn vị",
        due_on=ctx.days_ago(5),
        assignees=[ctx.org("PT-DU-04897"), ctx.org("PT-SNV")],
    )
    services.issue_plan(by=tinh, plan=plan)

    def assignment(task: Task, code: str):
        return task.assignments.get(organisation__code=code)

    # xa.a answers with the commune's own implementing plan, reports, and the Ban accepts.
    a1 = assignment(t1, "PT-DU-04897")
    child = services.create_plan(
        by=xa_a,
        organisation=a1.organisation,
        parent_assignment=a1,
        number=f"{3 + year % 5}-KH/ĐU",
        issued_on=ctx.days_ago(70),
        title="Kế hoạch thực hiện phong trào thi đua “Dân vận khéo” của Đảng ủy xã Thịnh Minh",
    )
    services.add_task(
        by=xa_a,
        plan=child,
        title="Mỗi chi bộ đăng ký ít nhất một mô hình “Dân vận khéo”",
        due_on=ctx.days_ahead(20),
        assignees=[ctx.org("PT-CS-04897-1"), ctx.org("PT-CS-04897-2")],
    )
    services.issue_plan(by=xa_a, plan=child)
    services.submit_report(
        by=xa_a,
        assignment=a1,
        progress_percent=100,
        summary="Đã ban hành kế hoạch thực hiện, giao chỉ tiêu cho các chi bộ, khu dân cư.",
    )
    services.review_assignment(by=tinh, assignment=a1, action="accept", note="Kế hoạch cụ thể, phù hợp.")
    # so.a reports; the Ban returns it with a reason.
    services.submit_report(
        by=so_a,
        assignment=assignment(t1, "PT-SNV"),
        progress_percent=60,
        summary="Sở đã dự thảo kế hoạch, đang xin ý kiến các phòng chuyên môn.",
    )
    services.review_assignment(
        by=tinh,
        assignment=assignment(t1, "PT-SNV"),
        action="return",
        note="Đề nghị bổ sung chỉ tiêu mô hình và thời gian hoàn thành.",
    )
    # The provincial Front's report awaits review; xa.b has not reported (overdue).
    services.submit_report(
        by=mttq,
        assignment=assignment(t1, "PT-MTTQ"),
        progress_percent=100,
        summary="Ban Thường trực Ủy ban MTTQ tỉnh đã ban hành kế hoạch thực hiện.",
    )
    # Quarterly report of xa.a's commune with indicators, accepted.
    a2 = assignment(t2, "PT-DU-04897")
    services.submit_report(
        by=xa_a,
        assignment=a2,
        progress_percent=45,
        summary="Tổ chức 12 buổi tuyên truyền tại các xóm; vận động làm đường giao thông nông thôn.",
        indicators={"nguoi-duoc-tuyen-truyen": 1850, "kinh-phi-van-dong": 120_000_000, "mo-hinh-dang-ky": 4},
    )
    services.review_assignment(by=tinh, assignment=a2, action="accept")
    services.start_assignment(by=so_a, assignment=assignment(t4, "PT-SNV"))
    return plan


def seed_supervision(ctx: DemoContext, plan: Plan) -> None:
    tinh, xa_a = ctx.user("tinh.bdv"), ctx.user("xa.a")
    programme = services.create_programme(
        by=tinh,
        organisation=ctx.org("PT-BTGDV"),
        plan=plan,
        starts_on=ctx.days_ago(30),
        ends_on=ctx.days_ago(10),
        title=f"Giám sát việc thực hiện phong trào thi đua “Dân vận khéo” năm {ctx.today.year} tại xã Thịnh Minh",
        team="Bùi Văn Khánh — Phó Trưởng ban, Trưởng đoàn\nNguyễn Thị Hồng Nhung — Chuyên viên, thư ký đoàn",
    )
    visit = services.add_visit(
        by=tinh,
        programme=programme,
        organisation=ctx.org("PT-DU-04897"),
        visited_on=ctx.days_ago(20),
        findings="Đảng ủy xã đã ban hành kế hoạch, 4/4 chi bộ đăng ký mô hình; việc sơ kết chưa kịp thời.",
        recommendations=[
            "Tổ chức sơ kết 6 tháng phong trào thi đua “Dân vận khéo” trước ngày 15 của tháng tới.",
            "Bổ sung hồ sơ minh chứng của các mô hình đã đăng ký.",
        ],
        due_on=ctx.days_ahead(15),
    )
    first = visit.recommendations.order_by("id")[0]
    services.respond_recommendation(
        by=xa_a, recommendation=first, response="Đảng ủy xã đã tổ chức sơ kết, gửi báo cáo kèm theo."
    )
    services.review_recommendation(by=tinh, recommendation=first, action="close")


def seed_campaign_and_events(ctx: DemoContext, plan_2020: Plan) -> None:
    tinh, xa_a = ctx.user("tinh.bdv"), ctx.user("xa.a")
    year = ctx.today.year if ctx.today >= dt.date(ctx.today.year, 10, 16) else ctx.today.year - 1
    campaign = services.create_campaign(
        by=tinh,
        organisation=ctx.org("PT-BTGDV"),
        name=f"“Tháng dân vận” năm {year}",
        starts_on=dt.date(year, 9, 15),
        ends_on=dt.date(year, 10, 15),
        description="Hưởng ứng Ngày truyền thống công tác dân vận của Đảng và Ngày Dân vận của cả nước (15/10).",
    )
    services.record_activity(
        by=xa_a,
        campaign=campaign,
        organisation=ctx.org("PT-DU-04897"),
        held_on=dt.date(year, 9, 20),
        title="Ra quân làm đường giao thông nông thôn xóm Thịnh Lang",
        place="Xóm Thịnh Lang, xã Thịnh Minh",
        participants=230,
        results="Hoàn thành 1,2 km đường bê tông; Nhân dân hiến 600 m² đất.",
        figures={"ngay-cong": 460, "kinh-phi-van-dong": 85_000_000},
    )
    services.record_activity(
        by=tinh,
        campaign=campaign,
        organisation=ctx.org("PT-MTTQ"),
        held_on=dt.date(year, 10, 10),
        title="Ngày hội Đại đoàn kết toàn dân tộc điểm của tỉnh",
        place="Xã Thịnh Minh",
        participants=500,
        results="Trao 10 nhà Đại đoàn kết.",
        figures={"nguoi-duoc-tuyen-truyen": 500},
    )
    hb_bdv = ctx.org("HB-BDV")
    services.save_event(
        by=tinh,
        organisation=hb_bdv,
        kind="commendation",
        plan=plan_2020,
        theme=Theme.objects.filter(name="Năm dân vận khéo", year=2020).first(),
        title="Hội nghị biểu dương điển hình “Dân vận khéo” giai đoạn 2017 – 2020 gắn với kỷ niệm 90 năm Ngày "
        "truyền thống công tác dân vận của Đảng (15/10/1930 – 15/10/2020)",
        held_on=dt.date(2020, 10, 13),
        place="Hội trường Tỉnh ủy Hòa Bình",
        agenda="1. Diễn văn kỷ niệm 90 năm Ngày truyền thống công tác dân vận của Đảng.\n"
        "2. Báo cáo tổng kết phong trào thi đua “Dân vận khéo” giai đoạn 2017 – 2020.\n"
        "3. Tham luận của các điển hình.\n4. Khen thưởng tập thể, cá nhân tiêu biểu.",
        outcomes="Biểu dương các tập thể, cá nhân điển hình “Dân vận khéo” giai đoạn 2017 – 2020 (dữ liệu minh họa).",
        invited=[ctx.org(c) for c in ("HB-TU", "HB-UBND", "HB-MTTQ", "HB-HLHPN", "HB-HND", "HB-DU-04903")],
        invited_exemplars="Hội Liên hiệp Phụ nữ xã Hợp Thành — mô hình “Phụ nữ giúp nhau phát triển kinh tế”\n"
        "Chi bộ xóm Thịnh Lang — mô hình “Dân vận khéo trong xây dựng nông thôn mới”",
    )
    anniversary = ctx.today.year
    services.save_event(
        by=tinh,
        organisation=ctx.org("PT-BTGDV"),
        kind="anniversary",
        title=f"Gặp mặt kỷ niệm {anniversary - 1930} năm Ngày truyền thống công tác dân vận của Đảng "
        f"(15/10/1930 – 15/10/{anniversary})",
        held_on=dt.date(anniversary, 10, 14),
        place="Hội trường Tỉnh ủy Phú Thọ",
        agenda="1. Ôn lại truyền thống.\n2. Biểu dương các mô hình “Dân vận khéo” tiêu biểu.",
        invited=[ctx.org(c) for c in ("PT-MTTQ", "PT-DU-04897", "PT-SNV", "PT-HLHPN")],
    )


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    reference_data()
    plan_2020 = seed_2020(ctx)
    current = seed_current(ctx)
    seed_supervision(ctx, current)
    seed_campaign_and_events(ctx, plan_2020)
    ctx.log(
        f"  plans: {Plan.objects.count()}, assignments: {current.assignments.count() + plan_2020.assignments.count()}"
    )
