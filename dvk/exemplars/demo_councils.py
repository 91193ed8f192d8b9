"""Demo: a commune council for each demo commune (Thịnh Minh, Cao Phong), formed by its Đảng ủy
xã through the service, and a commune-level model of Thịnh Minh nominated and waiting for its
review — the path the province council cannot take (issue 10, item 1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dvk.core.demo import DemoContext
from dvk.exemplars.models import (
    Council,
    CouncilMember,
    CriteriaSet,
    Cycle,
    Exemplar,
    ExemplarEvent,
    Kind,
    Level,
    Nomination,
)
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Membership, Organisation

R = Membership.Role
# username, full name, body code, role, position
COUNCIL_ACCOUNTS = [
    ("mttq.xa", "Hoàng Văn Bình", "PT-MTTQ-04897", R.LEADER, "Chủ tịch Ủy ban MTTQ xã Thịnh Minh"),
    ("bithu.caophong", "Bùi Văn Lực", "PT-DU-05089", R.LEADER, "Bí thư Đảng ủy xã Cao Phong"),
    ("mttq.caophong", "Quách Thị Hằng", "PT-MTTQ-05089", R.LEADER, "Chủ tịch Ủy ban MTTQ xã Cao Phong"),
]
# commune code, place, decision number, [(username, role)]
COMMUNE_COUNCILS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "04897",
        "Thịnh Minh",
        "125-QĐ/ĐU",
        [
            ("hoidong.3", CouncilMember.Role.CHAIR),
            ("xa.a", CouncilMember.Role.SECRETARY),
            ("mttq.xa", "member"),
        ],
    ),
    (
        "05089",
        "Cao Phong",
        "88-QĐ/ĐU",
        [
            ("bithu.caophong", CouncilMember.Role.CHAIR),
            ("xa.b", CouncilMember.Role.SECRETARY),
            ("mttq.caophong", CouncilMember.Role.MEMBER),
        ],
    ),
]
WAITING_TITLE = "Chi bộ xóm Quang Tiến vận động Nhân dân giữ gìn vệ sinh môi trường"


def _account(username: str, full_name: str, org_code: str, role: str, position: str, ctx: DemoContext) -> Any:
    from dvk.accounts.factories import UserFactory
    from dvk.accounts.models import User

    user = User.objects.filter(username=username).first() or UserFactory(
        username=username, full_name=full_name
    )
    Membership.objects.get_or_create(
        user=user, organisation=ctx.org(org_code), defaults={"role": role, "position": position}
    )
    return user


def seed(ctx: DemoContext, cycle: Cycle | None = None) -> None:
    from dvk.exemplars.services import Seat, save_council

    cycle = cycle or Cycle.current(ctx.today)
    if cycle is None:
        return
    for username, full_name, org_code, role, position in COUNCIL_ACCOUNTS:
        _account(username, full_name, org_code, role, position, ctx)
    for code, place, number, seats in COMMUNE_COUNCILS:
        committee = ctx.org(f"PT-DU-{code}")
        if Council.objects.filter(organisation=committee, level=Level.COMMUNE, cycle=cycle).exists():
            continue
        former = ctx.user(seats[1][0])  # the secretary, an officer of the Đảng ủy, enters it
        save_council(
            by=former,
            name=f"Hội đồng xét công nhận mô hình “Dân vận khéo” xã {place} giai đoạn {cycle.name}",
            organisation=committee,
            level=Level.COMMUNE,
            cycle=cycle,
            seats=[Seat(user=ctx.user(u), role=r) for u, r in seats],
            decision_number=number,
            decision_date=dt.date(cycle.start_year, 2, 10),
            place=place,
        )
    _waiting_commune_model(ctx, cycle)
    ctx.log(
        f"  exemplars: {len(COMMUNE_COUNCILS)} commune councils (accounts mttq.xa, bithu.caophong, mttq.caophong)"
    )


def _waiting_commune_model(ctx: DemoContext, cycle: Cycle) -> None:
    """A commune-level model of Thịnh Minh, nominated with its dossier, for its commune council."""
    criteria_set = CriteriaSet.in_force(Kind.COLLECTIVE, ctx.today)
    if criteria_set is None or Exemplar.objects.filter(title=WAITING_TITLE).exists():
        return
    from dvk.exemplars.models import FieldOfWork

    body: Organisation = ctx.org("PT-CS-04897-2")
    officer = ctx.user("xa.a")
    started = ctx.today - dt.timedelta(days=500)
    exemplar = Exemplar.objects.create(
        kind=Kind.COLLECTIVE,
        stage=Stage.NOMINATED,
        title=WAITING_TITLE,
        summary="Mỗi tháng hai buổi tổng vệ sinh đường làng; phân loại rác tại hộ gia đình.",
        situation="Rác thải sinh hoạt đổ bừa bãi ven suối.",
        goals="100% hộ phân loại rác; không còn điểm rác tự phát.",
        content_method="Chi bộ ra nghị quyết chuyên đề; các đoàn thể nhận đoạn đường tự quản.",
        area_beneficiaries="Xóm Quang Tiến, 180 hộ.",
        forces=[{"name": "Chi bộ xóm Quang Tiến", "role": "lead", "task": "Lãnh đạo"}],
        field=FieldOfWork.objects.get(code="moi-truong"),
        level=Level.COMMUNE,
        cycle=cycle,
        organisation=body,
        started_on=started,
        registered_on=started,
        created_by=officer,
    )
    nomination = Nomination.objects.create(
        exemplar=exemplar,
        cycle=cycle,
        level=Level.COMMUNE,
        criteria_set=criteria_set,
        nominated_by=officer,
        nominated_on=timezone.localdate() - dt.timedelta(days=3),
    )
    Exemplar.objects.filter(pk=exemplar.pk).update(current_nomination=nomination)
    coordinator = ctx.user("tinh.bdv")
    ExemplarEvent.objects.bulk_create(
        [
            ExemplarEvent(exemplar=exemplar, action=a, from_stage=f, to_stage=t, actor=who)
            for a, f, t, who in (
                ("register", Stage.DRAFT, Stage.REGISTERED, officer),
                ("accept_registration", Stage.REGISTERED, Stage.IN_PROGRESS, coordinator),
                ("nominate", Stage.IN_PROGRESS, Stage.NOMINATED, officer),
            )
        ]
    )
