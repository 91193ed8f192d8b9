"""Demo data of the Front (Phú Thọ, after the 1/7/2025 merger), all through the services:

- the provincial Front's yearly supervision programme with its member organisations;
- a finished supervision of Sở Nội vụ (team, decision, notice, report, two recommendations
  answered by so.a and accepted by mttq.tinh, closed);
- a supervision of Sở Nông nghiệp và Môi trường with one recommendation awaiting its answer and
  one overdue, escalated by the scheduler to the Tỉnh ủy;
- a Ban Thanh tra nhân dân report of xã Thịnh Minh (recorded by xa.a) as a supervision record;
- a critique of a draft resolution from Sở Nông nghiệp và Môi trường (duthao.so): conference, comments
  from Hội LHPN tỉnh (hoiphunu.tinh), an expert and the conference, the critique document, every
  comment answered, version 2 linked to the comments that changed it, published;
- a second draft open to public comments (one public comment awaiting moderation).

Accounts added here (password demo-dvk-2020): duthao.so (officer of the drafting body PT-SNNMT) and
hoiphunu.tinh (officer of the invited member organisation PT-HLHPN).
"""

from __future__ import annotations

from django.db import transaction

from dvk.accounts.factories import UserFactory
from dvk.accounts.models import User
from dvk.core.demo import DemoContext
from dvk.front import services
from dvk.front.models import Comment, Conference, Critique, Programme
from dvk.organisations.models import Membership

R = Membership.Role
ACCOUNTS = [
    (
        "duthao.so",
        "Nguyễn Văn Hải",
        "PT-SNNMT",
        R.OFFICER,
        "Chuyên viên Phòng Pháp chế, Sở Nông nghiệp và Môi trường",
    ),
    ("hoiphunu.tinh", "Đinh Thị Hoa", "PT-HLHPN", R.OFFICER, "Chuyên viên Hội Liên hiệp Phụ nữ tỉnh"),
]

DRAFT_V1 = """DỰ THẢO
NGHỊ QUYẾT
Quy định chính sách hỗ trợ phát triển sản xuất nông nghiệp trên địa bàn tỉnh Phú Thọ
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 2 năm 2025;
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định chính sách hỗ trợ phát triển sản xuất nông nghiệp trên địa bàn tỉnh Phú Thọ.
Điều 2. Đối tượng áp dụng
1. Hộ gia đình, cá nhân trực tiếp sản xuất nông nghiệp.
2. Hợp tác xã, tổ hợp tác hoạt động trong lĩnh vực nông nghiệp.
Chương II
CHÍNH SÁCH HỖ TRỢ
Điều 3. Hỗ trợ giống cây trồng
1. Hỗ trợ 50% chi phí mua giống cây trồng mới cho hộ gia đình.
2. Mức hỗ trợ tối đa không quá 10 triệu đồng/hộ.
Điều 4. Hỗ trợ liên kết sản xuất
1. Hỗ trợ hợp tác xã xây dựng vùng nguyên liệu tập trung.
2. Điều kiện hỗ trợ:
a) Có hợp đồng liên kết tiêu thụ sản phẩm;
b) Quy mô vùng nguyên liệu từ 10 ha trở lên.
Chương III
TỔ CHỨC THỰC HIỆN
Điều 5. Trách nhiệm thi hành
Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.
"""

DRAFT_V2 = DRAFT_V1.replace(
    "1. Hỗ trợ 50% chi phí mua giống cây trồng mới cho hộ gia đình.",
    "1. Hỗ trợ 50% chi phí mua giống cây trồng mới cho hộ gia đình; hộ nghèo, hộ cận nghèo được hỗ trợ 70%.",
).replace(
    "b) Quy mô vùng nguyên liệu từ 10 ha trở lên.",
    "b) Quy mô vùng nguyên liệu từ 5 ha trở lên đối với xã miền núi, từ 10 ha trở lên đối với các xã khác.",
)

DRAFT_PUBLIC = """DỰ THẢO
QUYẾT ĐỊNH
Ban hành Quy chế tiếp nhận, xử lý phản ánh, kiến nghị của người dân qua ứng dụng trực tuyến
Điều 1. Phạm vi
Quy chế này quy định việc tiếp nhận, xử lý phản ánh, kiến nghị của người dân qua ứng dụng trực tuyến của tỉnh.
Điều 2. Thời hạn xử lý
1. Phản ánh, kiến nghị được trả lời trong thời hạn 10 ngày làm việc.
2. Trường hợp phức tạp, thời hạn không quá 20 ngày làm việc.
Điều 3. Công khai kết quả
Kết quả xử lý được công khai trên ứng dụng trong thời hạn 3 ngày làm việc.
"""


def _accounts(ctx: DemoContext) -> None:
    for username, full_name, code, role, position in ACCOUNTS:
        user = User.objects.filter(username=username).first() or UserFactory(
            username=username, full_name=full_name
        )
        Membership.objects.get_or_create(
            user=user, organisation=ctx.org(code), defaults={"role": role, "position": position}
        )


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    _accounts(ctx)
    mttq, so_a, duthao, phunu, xa_a = (
        ctx.user(u) for u in ("mttq.tinh", "so.a", "duthao.so", "hoiphunu.tinh", "xa.a")
    )
    front = ctx.org("PT-MTTQ")
    year = ctx.today.year
    if Programme.objects.filter(organisation=front, year=year).exists():
        return
    programme = services.create_programme(
        by=mttq,
        organisation=front,
        year=year,
        title=f"Chương trình giám sát năm {year} của Ủy ban MTTQ Việt Nam tỉnh Phú Thọ",
        description="Giám sát việc thực hiện chính sách, pháp luật liên quan trực tiếp đến quyền và lợi ích "
        "hợp pháp của Nhân dân; phối hợp với các tổ chức chính trị - xã hội thành viên.",
        members=[ctx.org(c) for c in ("PT-HLHPN", "PT-HND", "PT-TD", "PT-LDLD", "PT-HCCB")],
    )

    # 1. A finished supervision of Sở Nội vụ.
    s1 = services.create_supervision(
        by=mttq,
        organisation=front,
        supervised=ctx.org("PT-SNV"),
        title="Giám sát việc thực hiện chính sách đối với cán bộ không chuyên trách cấp xã sau sắp xếp",
        programme=programme,
        plan="Nghiên cứu báo cáo của Sở; làm việc trực tiếp; khảo sát tại 3 xã.",
        starts_on=ctx.days_ago(90),
        ends_on=ctx.days_ago(60),
    )
    services.set_team(
        by=mttq,
        supervision=s1,
        members=[
            {"name": "Trần Văn Bình", "position": "Phó Chủ tịch Ủy ban MTTQ tỉnh", "is_lead": True},
            {"name": "Hà Thị Thu Trang", "position": "Chuyên viên Ủy ban MTTQ tỉnh", "organisation": front},
            {"name": "Đinh Thị Hoa", "position": "Hội LHPN tỉnh", "organisation": ctx.org("PT-HLHPN")},
        ],
    )
    services.act_on_supervision(
        by=mttq,
        supervision=s1,
        action="form_team",
        decision_number="15/QĐ-MTTQ-BTT",
        decision_date=ctx.days_ago(95),
    )
    services.act_on_supervision(by=mttq, supervision=s1, action="notify", notice_on=ctx.days_ago(92))
    services.act_on_supervision(by=mttq, supervision=s1, action="start")
    services.act_on_supervision(
        by=mttq,
        supervision=s1,
        action="report",
        findings="Sở đã tham mưu kịp thời chính sách; còn 12 trường hợp chưa được giải quyết chế độ đúng hạn.",
        recommendations=[
            "Hoàn thành giải quyết chế độ cho 12 trường hợp còn tồn đọng.",
            "Công khai tiến độ giải quyết chế độ trên Cổng thông tin điện tử của Sở.",
        ],
        reported_on=ctx.days_ago(58),
        due_on=ctx.days_ago(28),
    )
    for rec in s1.recommendations.order_by("number"):
        services.answer_recommendation(
            by=so_a, recommendation=rec, response="Sở đã hoàn thành và báo cáo kết quả."
        )
        services.review_recommendation(by=mttq, recommendation=rec, action="accept", note="Đạt yêu cầu.")
    services.act_on_supervision(by=mttq, supervision=s1, action="close")

    # 2. Open recommendations: one awaiting its answer, one overdue and escalated by the scheduler.
    s2 = services.create_supervision(
        by=mttq,
        organisation=front,
        supervised=ctx.org("PT-SNNMT"),
        title="Giám sát việc bồi thường, hỗ trợ tái định cư dự án đường liên xã",
        programme=programme,
        kind="documents",
    )
    services.act_on_supervision(
        by=mttq,
        supervision=s2,
        action="record",
        findings="Hồ sơ bồi thường của 8 hộ chưa được niêm yết công khai đủ thời gian.",
        recommendations=["Niêm yết công khai lại phương án bồi thường của 8 hộ."],
        reported_on=ctx.days_ago(45),
        due_on=ctx.days_ago(15),
    )
    services.escalate_overdue(ctx.today)
    extra = services.create_supervision(
        by=mttq,
        organisation=front,
        supervised=ctx.org("PT-SNNMT"),
        title="Giám sát việc thực hiện chính sách hỗ trợ giống cây trồng năm nay",
        programme=programme,
        kind="documents",
    )
    services.act_on_supervision(
        by=mttq,
        supervision=extra,
        action="record",
        findings="Một số xã chưa nhận được giống đúng thời vụ.",
        recommendations=["Bảo đảm cung ứng giống đúng thời vụ vụ Đông."],
        due_on=ctx.days_ahead(5),
    )

    # 3. A commune-level Ban Thanh tra nhân dân report as a supervision record.
    commune_front = ctx.org("PT-MTTQ-04897")
    s3 = services.create_supervision(
        by=xa_a,
        organisation=commune_front,
        supervised=ctx.org("PT-UBND-04897"),
        title="Báo cáo của Ban Thanh tra nhân dân xã về việc thu, chi quỹ phòng, chống thiên tai",
        kind="people_inspection",
    )
    services.act_on_supervision(
        by=xa_a,
        supervision=s3,
        action="record",
        findings="Việc thu, chi cơ bản đúng quy định; chưa công khai quyết toán quý III.",
        recommendations=["Công khai quyết toán quỹ quý III tại nhà văn hóa các xóm."],
    )

    # 4. A critique from draft to the published table.
    critique = services.request_critique(
        by=duthao,
        drafting_body=ctx.org("PT-SNNMT"),
        front=front,
        title="Dự thảo Nghị quyết quy định chính sách hỗ trợ phát triển sản xuất nông nghiệp",
        explanatory_note="Tờ trình số 102/TTr-SNNMT: sự cần thiết ban hành, phạm vi, đối tượng và kinh phí thực hiện.",
        text=DRAFT_V1,
        received_on=ctx.days_ago(40),
    )
    services.decide_critique(
        by=mttq,
        critique=critique,
        form=Critique.Form.CONFERENCE,
        lead=mttq,
        window_opens=ctx.days_ago(38),
        window_closes=ctx.days_ago(20),
        invite=[ctx.org("PT-HLHPN"), ctx.org("PT-HND")],
        experts=["TS. Lê Văn Nam (Trường Đại học Nông Lâm)"],
    )
    critique.refresh_from_db()
    units = {u.key: u for u in critique.versions.get(number=1).units.all()}
    # Comments are recorded while the window was open: the Front records them on behalf of each source.
    services.add_comment(
        by=mttq,
        critique=critique,
        text="Đề nghị nâng mức hỗ trợ cho hộ nghèo, hộ cận nghèo lên 70% chi phí giống.",
        unit_id=units["d3/k1"].pk,
        source=Comment.Source.MEMBER,
        organisation=ctx.org("PT-HLHPN"),
    )
    services.add_comment(
        by=mttq,
        critique=critique,
        text="Quy mô 10 ha là quá lớn với các xã miền núi; đề nghị giảm xuống 5 ha.",
        unit_id=units["d4/k2/pb"].pk,
        source=Comment.Source.EXPERT,
        author_name="TS. Lê Văn Nam",
    )
    services.add_comment(
        by=mttq,
        critique=critique,
        text="Đề nghị bổ sung hỗ trợ bảo hiểm nông nghiệp.",
        unit_id=units["d3"].pk,
        source=Comment.Source.CONFERENCE,
        author_name="Đại biểu Hội Nông dân tỉnh",
    )
    services.record_conference(
        by=mttq,
        critique=critique,
        held_on=ctx.days_ago(22),
        chair="Trần Văn Bình, Phó Chủ tịch Ủy ban MTTQ tỉnh",
        place="Hội trường Ủy ban MTTQ tỉnh",
        minutes="Hội nghị có 35 đại biểu; 6 ý kiến phát biểu; thống nhất các nội dung phản biện.",
        steps=[{"done": True, "note": ""} for _step in Conference.STEPS],
    )
    services.send_critique(
        by=mttq,
        critique=critique,
        text="Ủy ban MTTQ Việt Nam tỉnh cơ bản đồng tình với dự thảo và đề nghị cơ quan soạn thảo tiếp thu các ý kiến sau…",
        document_date=ctx.days_ago(18),
    )
    answers = {
        "d3/k1": (
            Comment.Answer.ACCEPTED,
            "Đã bổ sung mức hỗ trợ 70% cho hộ nghèo, hộ cận nghèo tại khoản 1 Điều 3.",
        ),
        "d4/k2/pb": (
            Comment.Answer.PARTLY,
            "Tiếp thu cho các xã miền núi; giữ quy mô 10 ha với các xã khác.",
        ),
        "d3": (
            Comment.Answer.NOT_ACCEPTED,
            "Bảo hiểm nông nghiệp đã được quy định tại Nghị định 58/2018/NĐ-CP.",
        ),
    }
    for comment in critique.comments.select_related("unit"):
        assert comment.unit is not None
        answer, explanation = answers[comment.unit.key]
        services.answer_comment(by=duthao, comment=comment, answer=answer, explanation=explanation)
    v2 = services.add_version(by=duthao, critique=critique, text=DRAFT_V2, note="Tiếp thu ý kiến phản biện.")
    new_units = {u.key: u for u in v2.units.all()}
    by_key = {c.unit.key: c.pk for c in critique.comments.select_related("unit") if c.unit is not None}
    services.link_changes(
        by=duthao,
        version=v2,
        links={new_units["d3"].pk: [by_key["d3/k1"]], new_units["d4"].pk: [by_key["d4/k2/pb"]]},
    )
    services.complete_answers(by=duthao, critique=critique)
    services.publish(by=duthao, critique=critique)

    # 5. A draft open to public comments now.
    open_critique = services.request_critique(
        by=duthao,
        drafting_body=ctx.org("PT-SNNMT"),
        front=front,
        title="Dự thảo Quy chế tiếp nhận, xử lý phản ánh, kiến nghị của người dân qua ứng dụng trực tuyến",
        text=DRAFT_PUBLIC,
        received_on=ctx.days_ago(3),
    )
    services.decide_critique(
        by=mttq,
        critique=open_critique,
        form=Critique.Form.WRITTEN,
        lead=mttq,
        window_opens=ctx.days_ago(2),
        window_closes=ctx.days_ahead(20),
        public_comments=True,
        invite=[ctx.org("PT-HLHPN"), ctx.org("PT-TD")],
    )
    services.add_comment(
        by=phunu,
        critique=open_critique,
        text="Đề nghị quy định rõ kênh phản hồi cho người không dùng điện thoại thông minh.",
    )
    services.submit_public_comment(
        critique=open_critique,
        text="Thời hạn 10 ngày làm việc là dài, đề nghị rút xuống 7 ngày.",
        unit_id=open_critique.versions.get(number=1).units.get(key="d2/k1").pk,
        author_name="Nguyễn Văn An",
    )
    ctx.log(
        f"  front: {Programme.objects.count()} programmes, "
        f"{Critique.objects.count()} critiques (accounts duthao.so, hoiphunu.tinh)"
    )
