"""Demo data of citizen reception: the taxonomy of fields and the legal reception frequencies
(data), the province inspectorate, two demo accounts, reception duties and sessions (one missed
period, one đông người delegation), and cases in every stage — an overdue complaint, a second-round
complaint, a denunciation whose identity is sealed in the vault, an anonymous denunciation kept as
information, a forwarded petition, a published answer the public lookup shows. Everything after
the reference data goes through the services.

Demo accounts (password demo-dvk-2020):
    tiepdan.xa     reception officer of Ủy ban nhân dân xã Thịnh Minh (officer)
    chutich.xa     Chairman of Ủy ban nhân dân xã Thịnh Minh (body leader: reads identities, reopens)
    thanhtra.tinh  inspector of Thanh tra tỉnh Phú Thọ (officer; handles the province's denunciations)
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dvk.accounts.factories import UserFactory
from dvk.accounts.models import User
from dvk.citizens import services
from dvk.citizens.models import (
    Channel,
    Competence,
    Field,
    Policy,
    ReceptionDuty,
    ReceptionFrequency,
    ReceptionSession,
    Visit,
)
from dvk.citizens.workflow import Kind
from dvk.core.demo import DemoContext
from dvk.organisations.models import Membership, Organisation

R = Membership.Role

FIELDS = [
    ("dat-dai", "Đất đai"),
    ("boi-thuong-gpmb", "Bồi thường, giải phóng mặt bằng"),
    ("chinh-sach-xa-hoi", "Chính sách xã hội"),
    ("moi-truong", "Môi trường"),
    ("xay-dung", "Xây dựng, trật tự đô thị"),
    ("tu-phap", "Tư pháp"),
    ("can-bo", "Cán bộ, công chức"),
    ("tai-chinh", "Tài chính, ngân sách"),
    ("khac", "Lĩnh vực khác"),
]
FREQUENCIES = [
    ("chu-tich-ubnd-xa", "Chủ tịch UBND cấp xã", 1, "week", "Luật Tiếp công dân 2013, Điều 15 k2"),
    (
        "bi-thu-cap-uy-xa",
        "Bí thư cấp ủy cấp xã",
        2,
        "month",
        "Quy định 11-QĐi/TW; Kết luận 215-KL/TW (23/11/2025)",
    ),
    ("chu-tich-ubnd-tinh", "Chủ tịch UBND cấp tỉnh", 1, "month", "Luật Tiếp công dân 2013, Điều 13 k2"),
    ("bi-thu-tinh-uy", "Bí thư Tỉnh ủy", 1, "month", "Quy định 11-QĐi/TW; Kết luận 215-KL/TW (23/11/2025)"),
]
INSPECTORATE = "PT-TTT"
COMMUNE_UBND = "PT-UBND-04897"  # Ủy ban nhân dân xã Thịnh Minh
ACCOUNTS = [
    ("tiepdan.xa", "Bùi Thị Hoa", COMMUNE_UBND, R.OFFICER, "Công chức tiếp công dân UBND xã Thịnh Minh"),
    ("chutich.xa", "Đinh Văn Sơn", COMMUNE_UBND, R.LEADER, "Chủ tịch UBND xã Thịnh Minh"),
    ("thanhtra.tinh", "Nguyễn Quang Huy", INSPECTORATE, R.OFFICER, "Thanh tra viên Thanh tra tỉnh Phú Thọ"),
]
DEMO_PHONE = "0912345678"  # the public petition's phone: look it up with its code (seed log)


def reference_data() -> None:
    Policy.current()
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, times, per, ref in FREQUENCIES:
        ReceptionFrequency.objects.get_or_create(
            code=code, defaults={"name": name, "times": times, "per": per, "legal_ref": ref}
        )


def _accounts(ctx: DemoContext) -> None:
    ubnd = ctx.org("PT-UBND")
    Organisation.objects.get_or_create(
        code=INSPECTORATE,
        defaults={
            "name": "Thanh tra tỉnh Phú Thọ",
            "short_name": "TTT",
            "kind": Organisation.Kind.DEPARTMENT,
            "unit": ubnd.unit,
            "parent": ubnd,
            "valid_from": ubnd.valid_from,
        },
    )
    for username, full_name, org_code, role, position in ACCOUNTS:
        user = User.objects.filter(username=username).first() or UserFactory(
            username=username, full_name=full_name
        )
        Membership.objects.get_or_create(
            user=user, organisation=ctx.org(org_code), defaults={"role": role, "position": position}
        )


def seed(ctx: DemoContext) -> None:
    reference_data()
    _accounts(ctx)
    today = timezone.localdate()
    field = {f.code: f for f in Field.objects.all()}
    officer, chair, inspector = ctx.user("tiepdan.xa"), ctx.user("chutich.xa"), ctx.user("thanhtra.tinh")
    commune, inspectorate = ctx.org(COMMUNE_UBND), ctx.org(INSPECTORATE)
    party_commune = ctx.org("PT-DU-04897")
    freq = {f.code: f for f in ReceptionFrequency.objects.all()}

    # --- reception duties and sessions ------------------------------------------------------
    chair_duty, _c = ReceptionDuty.objects.get_or_create(
        organisation=commune,
        title="Chủ tịch UBND xã Thịnh Minh",
        defaults={"frequency": freq["chu-tich-ubnd-xa"], "holder": chair},
    )
    secretary_duty, _c = ReceptionDuty.objects.get_or_create(
        organisation=party_commune,
        title="Bí thư Đảng ủy xã Thịnh Minh",
        defaults={"frequency": freq["bi-thu-cap-uy-xa"], "holder": ctx.user("hoidong.3")},
    )
    ReceptionDuty.objects.get_or_create(
        organisation=ctx.org("PT-UBND"),
        title="Chủ tịch UBND tỉnh Phú Thọ",
        defaults={"frequency": freq["chu-tich-ubnd-tinh"]},
    )
    # Duties exist since long before: the missed-session rule looks at whole past periods.
    ReceptionDuty.objects.filter(pk__in=[chair_duty.pk, secretary_duty.pk]).update(
        created_at=timezone.now() - dt.timedelta(days=120)
    )
    place = "Trụ sở tiếp công dân UBND xã Thịnh Minh"
    for weeks in range(1, 6):  # weekly sessions of the chair, every week up to this one
        services.record_session(
            by=officer,
            organisation=commune,
            duty=chair_duty,
            held_on=today - dt.timedelta(days=7 * (weeks - 1)),
            place=place,
            leader_name="Đinh Văn Sơn, Chủ tịch UBND xã",
        )
    crowd_session = services.record_session(
        by=officer,
        organisation=commune,
        kind=ReceptionSession.Kind.AD_HOC,
        held_on=today - dt.timedelta(days=3),
        place=place,
        leader_name="Đinh Văn Sơn, Chủ tịch UBND xã",
        note="Tiếp đột xuất đoàn đông người xóm Hợp Thành.",
    )
    # A đông người delegation: 14 people, 3 representatives, a first-round complaint opened.
    crowd_visit = services.record_visit(
        by=officer,
        session=crowd_session,
        people_count=14,
        representatives="Xa Văn Tám; Bùi Thị Nụ; Quách Văn Hòa",
        content=(
            "14 hộ dân xóm Hợp Thành khiếu nại quyết định thu hồi đất làm đường liên xóm, cho rằng mức bồi "
            "thường, hỗ trợ chưa đúng quy định và chưa được thông báo trước."
        ),
        field=field["boi-thuong-gpmb"],
        outcome=Visit.Outcome.CASE,
        letter_kind=Kind.COMPLAINT,
        name="Xa Văn Tám",
        phone="0987001122",
    )
    assert crowd_visit.letter is not None
    crowd_case = crowd_visit.letter.cases.get()
    services.assign(by=chair, case=crowd_case, handler=officer)
    services.set_flags(by=officer, case=crowd_case, complex=True)
    services.act(by=officer, case=crowd_case, action="accept")
    services.mark_prolonged(
        by=chair, case=crowd_case, on=True, reason="Đã khiếu nại nhiều lần từ năm 2024, đông người."
    )
    services.record_visit(
        by=officer,
        session=crowd_session,
        people_count=1,
        content="Hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất.",
        field=field["dat-dai"],
        outcome=Visit.Outcome.GUIDED,
    )

    # --- an overdue complaint (received 60 days ago, accepted late, never decided) -------------
    overdue = services.register_letter(
        by=officer,
        organisation=commune,
        received_on=today - dt.timedelta(days=60),
        channel=Channel.POST,
        kind=Kind.COMPLAINT,
        summary="Ông Hà Văn Lợi khiếu nại việc UBND xã không giải quyết hồ sơ tách thửa đã nộp từ tháng 6.",
        field=field["dat-dai"],
        name="Hà Văn Lợi",
        address="Xóm Quang Tiến, xã Thịnh Minh",
        phone="0974111222",
    )
    overdue_case = overdue.cases.get()
    services.assign(by=chair, case=overdue_case, handler=officer)
    services.act(by=officer, case=overdue_case, action="accept", on=today - dt.timedelta(days=48))
    services.act(by=officer, case=overdue_case, action="verify")

    # --- a complaint taken from receipt to closure, then to a second round ------------------
    done = services.register_letter(
        by=officer,
        organisation=commune,
        received_on=today - dt.timedelta(days=20),
        channel=Channel.IN_PERSON,
        kind=Kind.COMPLAINT,
        summary="Bà Lê Thị Hạnh khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng công trình phụ.",
        field=field["xay-dung"],
        name="Lê Thị Hạnh",
        phone="0904333444",
    )
    done_case = done.cases.get()
    for action, note in [
        ("accept", ""),
        ("verify", ""),
        ("dialogue", "Đối thoại ngày làm việc thứ 5 với bà Hạnh tại trụ sở UBND xã."),
        ("decide", "Quyết định giải quyết khiếu nại lần đầu: giữ nguyên quyết định xử phạt."),
        ("close", ""),
    ]:
        services.act(by=officer, case=done_case, action=action, note=note)
    services.act(
        by=officer,
        case=done_case,
        action="appeal",
        note="Bà Hạnh không đồng ý, khiếu nại lần hai lên Chủ tịch UBND tỉnh.",
        to=ctx.org("PT-UBND"),
    )

    # --- a denunciation with the denouncer's identity sealed in the vault --------------------
    denunciation = services.register_letter(
        by=inspector,
        organisation=inspectorate,
        received_on=today - dt.timedelta(days=5),
        channel=Channel.POST,
        kind=Kind.DENUNCIATION,
        summary=(
            "Tố cáo cán bộ địa chính xã có hành vi nhận tiền để hợp thức hóa hồ sơ chuyển mục đích sử dụng đất."
        ),
        field=field["can-bo"],
        name="Trần Văn Bảo",
        address="Xóm Thịnh Lang, xã Thịnh Minh",
        phone="0966555777",
        id_number="017088001234",
    )
    den_case = denunciation.cases.get()
    services.act(by=inspector, case=den_case, action="accept")
    services.act(by=inspector, case=den_case, action="verify")
    services.act(
        by=inspector, case=den_case, action="extend", note="Vụ việc phức tạp, cần xác minh tại nhiều nơi."
    )

    # An anonymous denunciation: information not processed (Điều 25), later an inspection lead.
    services.register_letter(
        by=inspector,
        organisation=inspectorate,
        received_on=today - dt.timedelta(days=2),
        channel=Channel.POST,
        kind=Kind.DENUNCIATION,
        summary="Thư không ký tên phản ánh việc sử dụng xe công vào việc riêng tại một đơn vị sự nghiệp.",
        field=field["can-bo"],
        anonymous=True,
    )

    # --- petitions and reflections ----------------------------------------------------------
    public, _created = services.submit_public(
        organisation=commune,
        kind=Kind.REFLECTION,
        summary="Đèn chiếu sáng đường liên xóm Thịnh Lang – Quang Tiến bị hỏng nhiều ngày, đề nghị sửa chữa.",
        name="Quách Thị Mai",
        phone=DEMO_PHONE,
        token="demo-public-reflection",  # noqa: S106 (a form token, not a secret)
    )
    public_case = public.cases.get()
    services.act(by=officer, case=public_case, action="accept")
    services.act(
        by=officer,
        case=public_case,
        action="answer",
        note="UBND xã đã giao công chức địa chính – xây dựng phối hợp điện lực thay bóng đèn ngày 25/11.",
    )
    services.publish_answer(
        by=officer,
        case=public_case,
        text="UBND xã Thịnh Minh đã phối hợp với Điện lực thay thế đèn chiếu sáng hỏng trên tuyến đường liên xóm.",
    )
    forwarded = services.register_letter(
        by=officer,
        organisation=commune,
        received_on=today - dt.timedelta(days=4),
        channel=Channel.IN_PERSON,
        kind=Kind.PETITION,
        summary="Kiến nghị kiểm tra việc xả thải của cơ sở chế biến gỗ gây ô nhiễm nguồn nước suối.",
        field=field["moi-truong"],
        name="Đinh Công Lực",
        phone="0912000333",
    )
    services.classify_letter(
        by=officer, letter=forwarded, competence=Competence.FORWARD, field=field["moi-truong"]
    )
    services.act(
        by=officer,
        case=forwarded.cases.get(),
        action="forward",
        note="Thuộc thẩm quyền của Sở Nông nghiệp và Môi trường.",
        to=ctx.org("PT-SNNMT"),
    )
    services.register_letter(
        by=officer,
        organisation=commune,
        received_on=today - dt.timedelta(days=1),
        channel=Channel.NATIONAL_PORTAL,
        kind=Kind.PETITION,
        summary="Kiến nghị hỗ trợ kinh phí làm nhà văn hóa xóm Hợp Thành.",
        field=field["chinh-sach-xa-hoi"],
        name="Xa Văn Tám",
        phone="0987001122",
    )
    ctx.log(
        f"  citizens: lookup code {public.lookup_code} with phone {DEMO_PHONE}; "
        "accounts tiepdan.xa, chutich.xa, thanhtra.tinh"
    )
