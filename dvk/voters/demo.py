"""Demo data: the provincial People's Council of Phú Thọ with its term, deputies and sessions,
voter meetings in two communes and petitions in every status (README, "Demo accounts").

    hdnd.tinh  officer of the HĐND standing office (Văn phòng Đoàn ĐBQH và HĐND tỉnh)
    daibieu.1  a deputy of the term (read-only member of the HĐND body, linked Deputy row)

Session 28 (closed) left unresolved petitions that were carried over when session 29 opened;
session 29 (in session) is the demo session: its petitions are recorded, classified, repeats,
forwarded (on time and overdue), answered with each result, closed, assessed. Session 30 is
planned. The answers of session 28 are published (public page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django.db import transaction
from django.utils import timezone

from dvk.accounts.factories import UserFactory
from dvk.accounts.models import User
from dvk.core.demo import DemoContext
from dvk.core.types import AuthenticatedUser
from dvk.organisations.models import Membership, Organisation
from dvk.voters import services
from dvk.voters.models import Deputy, Forward, Petition, Session, Term
from dvk.voters.services import RowIn
from dvk.voters.workflow import Outcome

K = Organisation.Kind
R = Membership.Role
TERM_NAME = "Khóa XIX, nhiệm kỳ 2021–2026"

DEPUTIES = [
    (
        "daibieu.1",
        "Đinh Thị Phương Thảo",
        "Đơn vị bầu cử số 3 (xã Thịnh Minh, xã Cao Phong)",
        "Ủy viên Ban Văn hóa – Xã hội HĐND tỉnh",
    ),
    (None, "Bùi Đức Hinh", "Đơn vị bầu cử số 3 (xã Thịnh Minh, xã Cao Phong)", "Phó Chủ tịch HĐND tỉnh"),
    (None, "Quách Văn Tuyến", "Đơn vị bầu cử số 3 (xã Thịnh Minh, xã Cao Phong)", "Đại biểu HĐND tỉnh"),
    (None, "Hà Thị Thu", "Đơn vị bầu cử số 5 (xã Đà Bắc)", "Đại biểu HĐND tỉnh"),
]

# What voters raised (pasted minutes lines, with their markers).
MINUTES_28 = """1. Đề nghị sớm sửa chữa tuyến đường liên xã Thịnh Minh – Hợp Thành bị sạt lở sau mưa lũ.
2. Cử tri đề nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ đã sử dụng ổn định trước năm 2004.
- Đề nghị hỗ trợ giống cây trồng cho các hộ bị thiệt hại do rét đậm, rét hại.
a) Kiến nghị: tăng mức phụ cấp cho người hoạt động không chuyên trách ở thôn, xóm.
b) Ý kiến: cử tri hoan nghênh việc cải cách thủ tục hành chính tại Trung tâm phục vụ hành chính công.
3. Đề nghị đầu tư trạm y tế xã Cao Phong đạt chuẩn quốc gia.
4. Đề nghị xử lý dứt điểm tình trạng khai thác cát trái phép trên sông Đà.
5. Đề nghị Trung ương sửa đổi quy định về bảo hiểm xã hội tự nguyện cho lao động tự do."""

MINUTES_29_A = """1. Đề nghị sửa chữa tuyến đường liên xã Thịnh Minh – Hợp Thành bị sạt lở sau mưa lũ.
2. Đề nghị bố trí kinh phí xây dựng nhà văn hóa xóm Quang Tiến.
3. Đề nghị kiểm tra việc thu gom rác thải tại các khu dân cư.
4. Cử tri đề nghị nâng cấp hệ thống kênh mương nội đồng.
5. Đề nghị tăng cường tuần tra, xử lý vi phạm trật tự an toàn giao thông trên quốc lộ 6.
- Ý kiến: cử tri đánh giá cao việc chi trả trợ cấp xã hội qua tài khoản ngân hàng."""

MINUTES_29_B = """1. Đề nghị sớm sửa chữa đường liên xã Thịnh Minh - Hợp Thành bị sạt lở do mưa lũ.
2. Đề nghị hỗ trợ kinh phí xây dựng bếp ăn bán trú cho Trường Tiểu học Cao Phong.
3. Đề nghị giải quyết dứt điểm tranh chấp đất đai giữa các hộ dân xóm Bãi Nai.
4. Đề nghị xem xét điều chỉnh giá điện sinh hoạt bậc thang.
5. Đề nghị có chính sách hỗ trợ người trồng cam khi giá cam xuống thấp."""


def _rows(text: str) -> list[RowIn]:
    from dvk.voters.entry import split_lines

    return [RowIn(text=t, kind=k) for k, t in split_lines(text)]


def _answer(
    by: AuthenticatedUser, f: Forward, outcome: str, answered_on: dt.date | None = None, late: bool = False
) -> None:
    texts: dict[str, str] = {
        Outcome.RESOLVED: "Đã bố trí kinh phí và hoàn thành trong quý này.",
        Outcome.ROADMAP: "Đã đưa vào kế hoạch đầu tư công trung hạn; dự kiến triển khai trong năm tới.",
        Outcome.CANNOT: "Chưa thể giải quyết do chưa cân đối được nguồn lực.",
        Outcome.EXPLAINED: "Đã giải thích rõ quy định hiện hành cho cử tri.",
    }
    services.answer_forward(
        by=by,
        forward=f,
        outcome=outcome,
        answer=texts[outcome],
        target_date=timezone.localdate() + dt.timedelta(days=200) if outcome == Outcome.ROADMAP else None,
        reason="Ngân sách năm nay chưa bố trí được." if outcome == Outcome.CANNOT else "",
        document_number=f"{f.pk}/UBND-TH",
    )
    if answered_on:
        Forward.objects.filter(pk=f.pk).update(answered_on=answered_on)


@dataclass
class _Demo:
    """The records the demo's sessions are built from."""

    ctx: DemoContext
    hdnd: Organisation
    delegation: Organisation
    office: User
    deputy_user: User
    term: Term
    deputies: list[Deputy]
    s28: Session
    s29: Session

    def __post_init__(self) -> None:
        ctx = self.ctx
        self.today = ctx.today
        self.front_a, self.front_b = ctx.org("PT-MTTQ-04897"), ctx.org("PT-MTTQ-05089")
        self.snv, self.snnmt, self.ubnd = ctx.org("PT-SNV"), ctx.org("PT-SNNMT"), ctx.org("PT-UBND")
        self.ubnd_xa = ctx.org("PT-UBND-04897")
        self.so_a, self.admin, self.xa_a = ctx.user("so.a"), ctx.user("admin"), ctx.user("xa.a")

    def answerer(self, f: Forward) -> User:
        """Who answers for the forward's body in the demo."""
        if f.organisation_id == self.snv.pk:
            return self.so_a
        return self.xa_a if f.organisation_id == self.ubnd_xa.pk else self.admin


def _accounts(ctx: DemoContext, hdnd: Organisation) -> tuple[Organisation, User, User]:
    """The National Assembly delegation, the standing office's officer and a deputy's account."""
    delegation = Organisation.objects.filter(code="PT-DDBQH").first() or Organisation.objects.create(
        code="PT-DDBQH",
        name="Đoàn đại biểu Quốc hội tỉnh Phú Thọ",
        short_name="ĐĐBQH",
        kind=K.PEOPLES_COUNCIL,
        unit=hdnd.unit,
        parent=ctx.org("PT-TU"),
        valid_from=hdnd.valid_from,
    )
    office = User.objects.filter(username="hdnd.tinh").first() or cast(
        User, UserFactory(username="hdnd.tinh", full_name="Lê Thị Minh Nguyệt")
    )
    Membership.objects.get_or_create(
        user=office,
        organisation=hdnd,
        defaults={"role": R.OFFICER, "position": "Chuyên viên Văn phòng Đoàn ĐBQH và HĐND tỉnh"},
    )
    deputy_user = User.objects.filter(username="daibieu.1").first() or cast(
        User, UserFactory(username="daibieu.1", full_name=DEPUTIES[0][1])
    )
    Membership.objects.get_or_create(
        user=deputy_user, organisation=hdnd, defaults={"role": R.VIEWER, "position": "Đại biểu HĐND tỉnh"}
    )
    return delegation, office, deputy_user


def _term(ctx: DemoContext, hdnd: Organisation) -> _Demo:
    """The term, its deputies and sessions 28 (past), 29 (the demo session), 30 and 31 (ahead)."""
    delegation, office, deputy_user = _accounts(ctx, hdnd)
    today = ctx.today
    term = services.create_term(
        by=office, organisation=hdnd, name=TERM_NAME, starts_on=dt.date(2021, 6, 1), delegation=delegation
    )
    deputies = [
        services.add_deputy(
            by=office,
            term=term,
            full_name=name,
            constituency=constituency,
            position=position,
            user=User.objects.get(username=username) if username else None,
        )
        for username, name, constituency, position in DEPUTIES
    ]
    s28 = services.create_session(
        by=office,
        term=term,
        number=28,
        opens_on=today - dt.timedelta(days=190),
        closes_on=today - dt.timedelta(days=188),
    )
    s29 = services.create_session(
        by=office,
        term=term,
        number=29,
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=2),
    )
    services.create_session(
        by=office, term=term, number=30, kind="thematic", opens_on=today + dt.timedelta(days=60)
    )
    services.create_session(by=office, term=term, number=31, opens_on=today + dt.timedelta(days=170))
    return _Demo(
        ctx=ctx,
        hdnd=hdnd,
        delegation=delegation,
        office=office,
        deputy_user=deputy_user,
        term=term,
        deputies=deputies,
        s28=s28,
        s29=s29,
    )


def _session_28(d: _Demo) -> None:
    """Meetings before session 28, forwarded and answered; the rest carried over."""
    office, deputy_user, deputies, s28, s29 = d.office, d.deputy_user, d.deputies, d.s28, d.s29
    front_a, snv, snnmt, ubnd, ubnd_xa, delegation = (
        d.front_a,
        d.snv,
        d.snnmt,
        d.ubnd,
        d.ubnd_xa,
        d.delegation,
    )
    services.open_session(by=office, session=s28)
    m28 = services.create_meeting(
        by=office,
        session=s28,
        held_on=s28.opens_on - dt.timedelta(days=18),
        place="Hội trường UBND xã Thịnh Minh",
        front=front_a,
        voters_present=142,
        deputies=deputies[:3],
    )
    p28 = services.record_petitions(by=deputy_user, meeting=m28, rows=_rows(MINUTES_28)).petitions
    plan28 = [
        ("infrastructure", "province", [ubnd], Outcome.ROADMAP),
        ("land", "province", [snnmt], Outcome.RESOLVED),
        ("agriculture", "province", [snnmt], None),  # never answered: overdue, carried over
        ("social", "province", [snv], Outcome.CANNOT),
        ("administration", "province", None, None),  # an opinion: classified, not forwarded
        ("health", "province", [ubnd], Outcome.EXPLAINED),
        ("environment", "province", [snnmt, ubnd_xa], None),  # one of two bodies answered
        ("social", "central", [delegation], Outcome.EXPLAINED),
    ]
    for p, (field, level, bodies, _outcome) in zip(p28, plan28, strict=True):
        p = services.classify(by=office, petition=p, field=field, level=level)
        if bodies:
            services.forward(by=office, petition=p, bodies=bodies)
    Forward.objects.filter(petition__in=p28).update(
        sent_on=s28.opens_on + dt.timedelta(days=10), due_on=s29.opens_on - dt.timedelta(days=15)
    )
    for p, (_f, _l, _bodies, outcome) in zip(p28, plan28, strict=True):
        for f in Forward.objects.filter(petition=p).select_related("organisation").order_by("id"):
            by = d.answerer(f)
            if outcome:
                _answer(
                    by,
                    f,
                    outcome,
                    answered_on=s29.opens_on - dt.timedelta(days=30 if outcome != Outcome.CANNOT else 2),
                )
            elif f.organisation_id == ubnd_xa.pk:
                _answer(by, f, Outcome.RESOLVED, answered_on=s29.opens_on - dt.timedelta(days=40))
    answered_resolved = Petition.objects.get(pk=p28[1].pk)
    services.assess(by=deputy_user, petition=answered_resolved, satisfied=True, note="Cử tri đồng tình.")
    services.close(by=office, petition=answered_resolved)
    explained = Petition.objects.get(pk=p28[5].pk)
    services.assess(
        by=deputy_user, petition=explained, satisfied=False, note="Cử tri chưa đồng tình với giải thích."
    )
    services.close_session(by=office, session=s28)
    services.publish_answers(by=office, session=s28)


def _session_29(d: _Demo) -> None:
    """The demo session: opened (session 28's unresolved items came over), petitions in every status."""
    office, deputy_user, deputies, s29, today = d.office, d.deputy_user, d.deputies, d.s29, d.today
    front_a, front_b, snv, snnmt, ubnd, ubnd_xa = d.front_a, d.front_b, d.snv, d.snnmt, d.ubnd, d.ubnd_xa
    delegation = d.delegation
    services.open_session(by=office, session=s29)
    m29a = services.create_meeting(
        by=deputy_user,
        session=s29,
        held_on=s29.opens_on - dt.timedelta(days=12),
        place="Nhà văn hóa xóm Thịnh Lang, xã Thịnh Minh",
        front=front_a,
        voters_present=96,
        deputies=deputies[:2],
    )
    m29b = services.create_meeting(
        by=office,
        session=s29,
        held_on=s29.opens_on - dt.timedelta(days=10),
        place="Hội trường UBND xã Cao Phong",
        front=front_b,
        voters_present=118,
        deputies=[deputies[0], deputies[2]],
    )
    pa = services.record_petitions(by=deputy_user, meeting=m29a, rows=_rows(MINUTES_29_A)).petitions
    pb = services.record_petitions(by=office, meeting=m29b, rows=_rows(MINUTES_29_B)).petitions
    # pa[0] and pb[0] repeat the road petition: confirmed as one group; pa[5] is an opinion left recorded.
    services.classify(by=office, petition=pa[0], field="infrastructure", level="province")
    services.mark_repeat(by=office, petition=pb[0], of=pa[0], note="Cùng nội dung tuyến đường liên xã.")
    plan29 = [
        (pa[0], "infrastructure", "province", [ubnd], Outcome.ROADMAP, False),
        (pa[1], "culture", "commune", [ubnd_xa], Outcome.RESOLVED, False),
        (pa[2], "environment", "commune", [ubnd_xa], None, False),
        (pa[3], "agriculture", "province", [snnmt], Outcome.CANNOT, False),
        (pa[4], "security", "province", None, None, False),  # classified only
        (pb[1], "education", "province", [snv, ubnd], Outcome.RESOLVED, True),
        (pb[2], "land", "commune", None, None, False),
        (pb[3], "economy", "central", [delegation], Outcome.EXPLAINED, False),
    ]
    for p, field, level, bodies, outcome, close_it in plan29:
        p = services.classify(by=office, petition=p, field=field, level=level)
        if not bodies:
            continue
        services.forward(by=office, petition=p, bodies=bodies)
        for f in Forward.objects.filter(petition=p).order_by("id"):
            by = d.answerer(f)
            if outcome:
                _answer(by, f, outcome)
        if close_it:
            p = Petition.objects.get(pk=p.pk)
            services.assess(by=deputy_user, petition=p, satisfied=True)
            services.close(by=office, petition=p)
    # An overdue forward in session 29: sent early, due date passed, still unanswered.
    Forward.objects.filter(petition=pa[2]).update(
        sent_on=today - dt.timedelta(days=30), due_on=today - dt.timedelta(days=3)
    )


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    hdnd = ctx.org("PT-HDND")
    if Term.objects.filter(organisation=hdnd, name=TERM_NAME).exists():
        return
    d = _term(ctx, hdnd)
    _session_28(d)
    _session_29(d)
    term = d.term
    ctx.log(
        f"  voters: {Petition.objects.filter(organisation=hdnd).count()} petitions, "
        f"{Forward.objects.filter(council_path=hdnd.path).count()} forwards, {Deputy.objects.filter(term=term).count()} deputies"
    )
