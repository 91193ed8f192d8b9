"""Scale data for the exemplars domain (DomainAppConfig.generator, run by `generate_data`).

Every exemplar is consistent with the workflow: its event rows replay a valid path from draft to
its stage (workflow.TRANSITIONS); nominated and later ones have a nomination (current_nomination);
province-level reviews have council score sheets with one score per criterion (recognised above
the pass mark, declined below); recognised and suspended ones have a decision numbered
consecutively in the issuing body's document register (dvk.documents: one register row per
decision, and the register's counter continues after them) with a
unique verification code. Text is NFC; org_path and search_text are what Exemplar.save() sets.
Audit events are written for every tenth exemplar's actions (the full trail would double the
largest table; the events table holds every action).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from dvk.audit.models import AuditEvent
from dvk.core.text import nfc
from dvk.documents.models import Counter as RegisterCounter
from dvk.documents.models import Document as RegisterDocument
from dvk.documents.numbering import SIGNING_DEFAULTS, format_number
from dvk.exemplars.models import (
    Commendation,
    Council,
    CouncilMember,
    CriteriaSet,
    Criterion,
    Cycle,
    Decision,
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
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Membership
from dvk.organisations.scoping import province_root
from dvk.scale import names
from dvk.scale.context import GenerationContext

S = Stage
# Share of each final stage (per cent).
STAGE_MIX = {
    S.DRAFT: 9,
    S.REGISTERED: 7,
    S.IN_PROGRESS: 33,
    S.NOMINATED: 5,
    S.UNDER_REVIEW: 4,
    S.RECOGNISED: 30,
    S.NOT_RECOGNISED: 4,
    S.WITHDRAWN: 4,
    S.SUSPENDED: 4,
}
# The action path from draft to each stage (withdrawn picks a prefix first).
PATHS = {
    S.DRAFT: [],
    S.REGISTERED: ["register"],
    S.IN_PROGRESS: ["register", "accept_registration"],
    S.NOMINATED: ["register", "accept_registration", "nominate"],
    S.UNDER_REVIEW: ["register", "accept_registration", "nominate", "open_review"],
    S.RECOGNISED: ["register", "accept_registration", "nominate", "open_review", "recognise"],
    S.NOT_RECOGNISED: ["register", "accept_registration", "nominate", "open_review", "decline"],
    S.SUSPENDED: ["register", "accept_registration", "nominate", "open_review", "recognise", "suspend"],
}
TARGET = {
    "register": S.REGISTERED,
    "accept_registration": S.IN_PROGRESS,
    "nominate": S.NOMINATED,
    "open_review": S.UNDER_REVIEW,
    "recognise": S.RECOGNISED,
    "decline": S.NOT_RECOGNISED,
    "withdraw": S.WITHDRAWN,
    "suspend": S.SUSPENDED,
}
BY_BODY = {"register", "nominate", "withdraw"}  # done by the body's own staff; the rest by the province
GAPS = {  # days between the previous step and this one
    "register": (1, 30),
    "accept_registration": (3, 30),
    "nominate": (120, 500),
    "open_review": (5, 40),
    "recognise": (5, 40),
    "decline": (5, 40),
    "withdraw": (5, 200),
    "suspend": (100, 500),
}
NOTES = {
    "decline": "Chưa đủ thời gian thực hiện và kết quả chưa rõ nét.",
    "withdraw": "Đơn vị xin rút để tiếp tục hoàn thiện mô hình.",
    "suspend": "Mô hình không còn duy trì hoạt động thường xuyên.",
}
# (field code, title) for collective models; {h} is a hamlet, {c} the commune.
COLLECTIVE_TITLES = (
    (
        "nong-thon-moi",
        "Mô hình \u201cDân vận khéo\u201d trong vận động Nhân dân hiến đất làm đường giao thông ở {h}",
    ),
    ("nong-thon-moi", "Mô hình \u201cThắp sáng đường quê\u201d {h}"),
    ("nong-thon-moi", "Mô hình \u201cCon đường hoa\u201d của Chi hội Phụ nữ {h}"),
    ("moi-truong", "Mô hình \u201cPhân loại rác thải tại nguồn\u201d {h}"),
    ("moi-truong", "Mô hình \u201cNhà sạch, vườn đẹp\u201d {h}"),
    ("moi-truong", "Mô hình \u201cNgày thứ bảy xanh\u201d của Đoàn Thanh niên {c}"),
    ("giam-ngheo", "Mô hình \u201cHũ gạo tình thương\u201d {h}"),
    ("giam-ngheo", "Mô hình \u201cTiết kiệm vì phụ nữ nghèo\u201d {c}"),
    ("giam-ngheo", "Mô hình \u201cĐổi công giúp nhau làm nhà\u201d {h}"),
    ("phat-trien-san-xuat", "Mô hình \u201cTổ hợp tác trồng cây ăn quả\u201d {h}"),
    ("phat-trien-san-xuat", "Mô hình \u201cCựu chiến binh giúp nhau phát triển kinh tế\u201d {c}"),
    ("phat-trien-san-xuat", "Mô hình liên kết sản xuất lúa hữu cơ {h}"),
    ("an-sinh", "Mô hình \u201cBữa sáng yêu thương\u201d cho học sinh khó khăn {c}"),
    ("an-sinh", "Mô hình \u201cMái ấm nghĩa tình\u201d {c}"),
    ("giao-duc", "Mô hình \u201cKhuyến học, khuyến tài\u201d của dòng họ {h}"),
    ("y-te", "Mô hình \u201cTủ thuốc cộng đồng\u201d {h}"),
    ("an-ninh-trat-tu", "Mô hình \u201cTổ tự quản an ninh trật tự\u201d {h}"),
    ("an-ninh-trat-tu", "Mô hình \u201cCamera an ninh\u201d {h}"),
    ("an-ninh-trat-tu", "Mô hình \u201cKhu dân cư không có ma túy\u201d {h}"),
    ("an-ninh-trat-tu", "Mô hình \u201cDòng họ không có người vi phạm pháp luật\u201d {h}"),
    ("cai-cach-hanh-chinh", "Mô hình \u201cDân vận khéo\u201d tại Bộ phận một cửa {c}"),
    ("cai-cach-hanh-chinh", "Mô hình \u201cCán bộ đến từng nhà hướng dẫn dịch vụ công trực tuyến\u201d {c}"),
    ("quy-che-dan-chu", "Mô hình \u201cDân biết, dân bàn, dân làm, dân kiểm tra\u201d {h}"),
    ("quy-che-dan-chu", "Mô hình \u201cĐối thoại định kỳ giữa chính quyền với Nhân dân\u201d {c}"),
    ("dan-van-chinh-quyen", "Mô hình \u201cChi bộ bốn tốt\u201d {h}"),
    ("dan-van-chinh-quyen", "Mô hình \u201cCán bộ bám địa bàn, gần dân\u201d {c}"),
)
INDIVIDUAL_TITLES = (
    ("nong-thon-moi", "Gương điển hình vận động Nhân dân hiến đất làm đường ở {h}"),
    ("phat-trien-san-xuat", "Gương điển hình phát triển kinh tế, giúp đỡ hộ nghèo ở {h}"),
    ("an-ninh-trat-tu", "Gương điển hình hòa giải ở cơ sở, giữ bình yên {h}"),
    ("an-sinh", "Gương điển hình trong công tác an sinh xã hội {c}"),
    ("giao-duc", "Gương điển hình vận động học sinh đến trường ở {h}"),
    (
        "cai-cach-hanh-chinh",
        "Gương điển hình \u201cDân vận khéo\u201d trong giải quyết thủ tục hành chính {c}",
    ),
)
POSITIONS = (
    "Trưởng thôn",
    "Bí thư chi bộ",
    "Chi hội trưởng Phụ nữ",
    "Công an xã",
    "Công chức Tư pháp – Hộ tịch",
    "Cựu chiến binh",
    "Giáo viên",
    "Người có uy tín trong đồng bào dân tộc thiểu số",
    "Nông dân",
)
SUMMARIES = (
    "Vận động {n} hộ dân cùng tham gia, cùng làm, cùng hưởng lợi; đến nay {p}% hộ đồng thuận.",
    "Phát huy vai trò chi bộ, Ban công tác Mặt trận và các đoàn thể; huy động {n} ngày công của Nhân dân.",
    "Lấy người dân làm trung tâm; cán bộ đến từng nhà tuyên truyền, {p}% hộ dân hưởng ứng.",
    "Huy động xã hội hóa {n} triệu đồng; kết quả được Nhân dân ghi nhận và nhân rộng.",
)
SITUATIONS = (
    "Trước khi có mô hình, đường giao thông nội đồng xuống cấp, người dân đi lại khó khăn.",
    "Tình trạng rác thải sinh hoạt vứt bừa bãi gây ô nhiễm môi trường khu dân cư.",
    "Một số hộ còn khó khăn, thiếu vốn và kinh nghiệm sản xuất.",
    "Tình hình an ninh trật tự có thời điểm phức tạp, trộm cắp vặt xảy ra.",
    "Người dân còn ngại đến cơ quan nhà nước làm thủ tục, hồ sơ phải đi lại nhiều lần.",
)
METHODS = (
    "Chi bộ ra nghị quyết chuyên đề; Ban công tác Mặt trận chủ trì vận động; các chi hội cùng tham gia.",
    "Họp dân công khai, bàn bạc dân chủ; phân công đảng viên phụ trách nhóm hộ.",
    "Tuyên truyền trên loa truyền thanh, mạng xã hội; biểu dương kịp thời gương người tốt, việc tốt.",
)
OUTPUTS = (
    "Biên bản nghiệm thu; ảnh trước và sau; danh sách hộ tham gia.",
    "Báo cáo sơ kết một năm; số liệu hộ thoát nghèo; xác nhận của UBND xã.",
)
SUSTAIN = (
    "Có quy ước, hương ước và quỹ duy trì hằng năm; các thôn lân cận có thể áp dụng.",
    "Giao chi hội phụ trách duy trì; đưa vào nghị quyết chi bộ hằng năm.",
)
CRITERIA = (
    ("Tính thiết thực, hiệu quả của mô hình", 30),
    ("Sự tham gia, đồng thuận của Nhân dân", 25),
    ("Cách làm sáng tạo, phù hợp thực tiễn", 20),
    ("Khả năng duy trì và nhân rộng", 15),
    ("Sự lãnh đạo, chỉ đạo của cấp ủy", 10),
)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def verification_code(n: int) -> str:
    """Unique per n: an odd multiplier is a bijection modulo 32**10."""
    value = (n * 0x9E3779B97F4A7C15 + 0x2545F4914F6CDD1D) % 32**10
    out = ""
    for _ in range(10):
        value, rem = divmod(value, 32)
        out += ALPHABET[rem]
    return out


def _reference(ctx: GenerationContext) -> dict:
    using = ctx.using
    cycles = {
        "old": Cycle.objects.using(using).get_or_create(
            name="2021–2025", defaults={"start_year": 2021, "end_year": 2025}
        )[0],
        "current": Cycle.objects.using(using).get_or_create(
            name="2026–2030", defaults={"start_year": 2026, "end_year": 2030}
        )[0],
    }
    sets = {}
    for kind in (Kind.COLLECTIVE, Kind.INDIVIDUAL):
        found = CriteriaSet.in_force(kind, on=dt.date(2021, 6, 1))
        if found is None or not found.criteria.exists():
            version = (
                CriteriaSet.objects.using(using)
                .filter(applies_to=kind)
                .order_by("-version")
                .values_list("version", flat=True)
                .first()
                or 0
            ) + 1
            found = CriteriaSet.objects.using(using).create(
                name=f"Tiêu chí công nhận {'mô hình' if kind == Kind.COLLECTIVE else 'điển hình cá nhân'} \u201cDân vận khéo\u201d",
                version=version,
                applies_to=kind,
                pass_mark=Decimal("70"),
                quorum=3,
                min_months=12,
                valid_from=dt.date(2021, 1, 1),
            )
            for order, (name, max_score) in enumerate(CRITERIA, start=1):
                Criterion.objects.using(using).create(
                    criteria_set=found, order=order, name=name, max_score=max_score
                )
        criteria = list(found.criteria.order_by("order", "id"))
        sets[kind] = (found, criteria)
    fields = {f.code: f.pk for f in FieldOfWork.objects.using(using).all()}
    if not fields:
        fields = {"kinh-te": FieldOfWork.objects.using(using).create(name="Kinh tế", code="kinh-te").pk}
    return {"cycles": cycles, "sets": sets, "fields": fields}


def _councils(ctx: GenerationContext, cycles: dict) -> dict[tuple[int, str], tuple[int, list[int]]]:
    """One provincial council per province and cycle, seated by the province's council members."""
    out: dict[tuple[int, str], tuple[int, list[int]]] = {}
    created = ctx.now - dt.timedelta(days=400)
    with (
        ctx.writer(
            Council,
            [
                "created_at",
                "updated_at",
                "name",
                "organisation_id",
                "deciding_body_id",
                "level",
                "cycle_id",
                "place",
            ],
            label="councils",
        ) as councils,
        ctx.writer(CouncilMember, ["council_id", "user_id", "role"], label="council members") as members,
    ):
        for province in ctx.provinces:
            seated = [u.id for u in ctx.users_with_role(Membership.Role.COUNCIL_MEMBER, province.index)]
            for key, cycle in cycles.items():
                council_id = councils.add(
                    [
                        created,
                        created,
                        f"Hội đồng xét công nhận điển hình \u201cDân vận khéo\u201d tỉnh {province.name} "
                        f"giai đoạn {cycle.name}",
                        province.bodies["HDTD"].id,
                        province.bodies["BTGDV"].id,
                        Level.PROVINCE,
                        cycle.pk,
                        province.name,
                    ]
                )
                for i, user_id in enumerate(seated):
                    members.add(
                        [council_id, user_id, "chair" if i == 0 else ("secretary" if i == 1 else "member")]
                    )
                out[(province.index, key)] = (council_id, seated)
    return out


def generate(ctx: GenerationContext) -> None:
    rng = ctx.rng_for("exemplars")
    total = ctx.count("exemplars")
    ref = _reference(ctx)
    cycles, sets, fields = ref["cycles"], ref["sets"], ref["fields"]
    councils = _councils(ctx, cycles)
    field_ids = list(fields.values())

    # Who acts: the body's commune staff, the province's coordinators and board leaders.
    commune_staff: dict[int, list[int]] = {}
    province_staff: dict[int, list[int]] = {}
    leaders: dict[int, list[int]] = {}
    for u in ctx.users:
        if u.body.commune is not None:
            if u.role in Membership.Role.WORK:  # viewers and council seats do not register models
                commune_staff.setdefault(u.body.commune, []).append(u.id)
        elif u.role == Membership.Role.COORDINATOR:
            province_staff.setdefault(u.body.province, []).append(u.id)
        elif u.role == Membership.Role.BOARD_LEADER:
            leaders.setdefault(u.body.province, []).append(u.id)
    submitters = [b for b in ctx.bodies if b.commune is not None] * 9 + [
        b for b in ctx.bodies if b.commune is None and b.suffix not in {"TU", "BTGDV", "HDTD"}
    ]
    hamlets: dict[int, list[str]] = {}
    stages, weights = list(STAGE_MIX), list(STAGE_MIX.values())
    counters: dict[tuple[int, int], int] = {}  # (issuing body, year) -> last sequence

    w_ex = ctx.writer(
        Exemplar,
        [
            "created_at",
            "updated_at",
            "kind",
            "stage",
            "title",
            "summary",
            "situation",
            "goals",
            "content_method",
            "area_beneficiaries",
            "forces",
            "resources",
            "timeline",
            "expected_outputs",
            "sustainability",
            "field_id",
            "level",
            "cycle_id",
            "organisation_id",
            "org_path",
            "org_root",
            "started_on",
            "latitude",
            "longitude",
            "person_name",
            "person_position",
            "consent_public",
            "outstanding",
            "outstanding_event",
            "registered_on",
            "current_nomination_id",
            "replication_count",
            "created_by_id",
            "form_token",
            "search_text",
        ],
        total=total,
        label="exemplars",
    )
    w_ev = ctx.writer(
        ExemplarEvent,
        ["exemplar_id", "action", "from_stage", "to_stage", "actor_id", "note", "at"],
        label="exemplar events",
    )
    w_nom = ctx.writer(
        Nomination,
        [
            "created_at",
            "updated_at",
            "exemplar_id",
            "cycle_id",
            "level",
            "criteria_set_id",
            "council_id",
            "nominated_by_id",
            "nominated_on",
            "review_opened_at",
            "closed_at",
            "outcome",
        ],
        label="nominations",
    )
    w_sheet = ctx.writer(
        ScoreSheet,
        ["created_at", "updated_at", "nomination_id", "member_id", "comment", "percent"],
        label="score sheets",
    )
    w_score = ctx.writer(Score, ["sheet_id", "criterion_id", "score"], label="scores")
    decision_content_type = ContentType.objects.db_manager(ctx.using).get_for_model(Decision).pk
    full_names = {u.id: u.full_name for u in ctx.users}
    w_doc = ctx.writer(
        RegisterDocument,
        [
            "created_at",
            "updated_at",
            "organisation_id",
            "org_path",
            "doc_type",
            "year",
            "sequence",
            "number",
            "form",
            "issued_on",
            "place",
            "title",
            "signer_id",
            "signer_name",
            "capacity",
            "capacity_of",
            "signer_position",
            "recipients",
            "content_type_id",
            "object_id",
            "verification_code",
            "created_by_id",
            "search_text",
        ],
        label="register documents",
    )
    w_dec = ctx.writer(
        Decision,
        [
            "created_at",
            "updated_at",
            "exemplar_id",
            "nomination_id",
            "issuing_body_id",
            "document_id",
            "number",
            "signed_on",
            "signed_by_id",
            "level",
            "cycle_id",
            "average",
            "percent_agreeing",
            "verification_code",
        ],
        label="decisions",
    )
    w_rep = ctx.writer(
        Replication,
        [
            "created_at",
            "updated_at",
            "exemplar_id",
            "organisation_id",
            "org_path",
            "started_on",
            "adaptations",
            "results",
            "latitude",
            "longitude",
            "created_by_id",
        ],
        label="replications",
    )
    w_prog = ctx.writer(
        ProgressUpdate,
        ["created_at", "updated_at", "exemplar_id", "reported_on", "summary", "figures", "created_by_id"],
        label="progress updates",
    )
    w_com = ctx.writer(
        Commendation,
        [
            "created_at",
            "updated_at",
            "exemplar_id",
            "form",
            "authority",
            "decision_number",
            "awarded_on",
            "event",
            "created_by_id",
        ],
        label="commendations",
    )
    w_audit = ctx.writer(
        AuditEvent,
        [
            "at",
            "actor_id",
            "actor_name",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "organisation_id",
            "changes",
            "ip_address",
        ],
        label="audit events (exemplars)",
    )
    usernames = {u.id: u.username for u in ctx.users}
    body_by_id = {b.id: b for b in ctx.bodies}

    for _i in range(total):
        body = rng.choice(submitters)
        province = ctx.provinces[body.province]
        commune = ctx.communes[body.commune] if body.commune is not None else None
        staff = (
            commune_staff.get(body.commune, [])
            if body.commune is not None  # i.e. `commune` is set
            else province_staff.get(body.province, [])
        )
        staff = staff or province_staff[body.province]
        coordinators = province_staff[body.province]
        stage = rng.choices(stages, weights)[0]
        path = list(PATHS.get(stage, []))
        if stage == S.WITHDRAWN:
            path = PATHS[rng.choice([S.DRAFT, S.REGISTERED, S.IN_PROGRESS, S.NOMINATED])] + ["withdraw"]
        level = (
            Level.PROVINCE
            if stage == S.UNDER_REVIEW or body.commune is None or rng.random() < 0.25
            else Level.COMMUNE
        )
        individual = rng.random() < 0.22
        kind = Kind.INDIVIDUAL if individual else Kind.COLLECTIVE
        # Timeline: steps spaced by realistic gaps, ending before now.
        gaps = [rng.randint(*GAPS[a]) for a in path]
        span = sum(gaps) + rng.randint(0, 60)
        start = ctx.now - dt.timedelta(days=span + rng.randint(0, 30), hours=rng.randint(0, 8))
        old_cycle = (
            start.year <= 2025
            and stage in {S.RECOGNISED, S.NOT_RECOGNISED, S.SUSPENDED, S.WITHDRAWN}
            and rng.random() < 0.6
        )
        cycle_key = "old" if old_cycle else "current"
        cycle = cycles[cycle_key]
        # Text.
        place = commune.name if commune else f"tỉnh {province.name}"
        pool = hamlets.setdefault(
            body.commune if body.commune is not None else -1 - body.province,
            [names.hamlet_name(rng) for _ in range(6)],
        )
        hamlet = f"{rng.choice(pool)}, {place}"
        field_code, pattern = rng.choice(INDIVIDUAL_TITLES if individual else COLLECTIVE_TITLES)
        title = nfc(pattern.format(h=hamlet, c=place))
        n_households = rng.randint(40, 900)
        summary = nfc(rng.choice(SUMMARIES).format(n=rng.randint(50, 3000), p=rng.randint(80, 100)))
        area = f"{hamlet}; {n_households} hộ dân"
        person_name = position = ""
        if individual:
            person_name = names.person_name(rng)[0]
            position = rng.choice(POSITIONS)
        search_text = names.fast_fold(" ".join([title, summary, person_name, area]))
        forces = [
            {"name": f"Chi bộ {hamlet.split(',')[0]}", "role": "lead"},
            {"name": "Ban công tác Mặt trận", "role": "coordinate"},
            {"name": "Các chi hội đoàn thể", "role": "take_part"},
        ]
        resources = {
            "funds": f"{rng.randint(20, 900)} triệu đồng",
            "workdays": f"{rng.randint(100, 3000)} ngày công",
        }
        started_on = (start - dt.timedelta(days=rng.randint(30, 400))).date()
        timeline = [{"date": started_on.isoformat(), "milestone": "Ra mắt mô hình"}]
        lat = lng = None
        if rng.random() < 0.3:
            lat = Decimal(f"{rng.uniform(8.6, 23.3):.6f}")
            lng = Decimal(f"{rng.uniform(102.2, 109.4):.6f}")
        creator = rng.choice(staff)

        exemplar_id = ctx.next_id(Exemplar)
        at = start
        events = []
        current = S.DRAFT
        registered_on = None
        nomination_id = None
        nominated_on = opened = closed = None
        for action, gap in zip(path, gaps, strict=True):
            at = at + dt.timedelta(days=gap, minutes=rng.randint(0, 600))
            actor = (
                rng.choice(staff)
                if action in BY_BODY
                else rng.choice(
                    leaders.get(body.province, coordinators)
                    if action in {"recognise", "decline"}
                    else coordinators
                )
            )
            target = TARGET[action]
            events.append((action, current, target, actor, NOTES.get(action, ""), at))
            if action == "register":
                registered_on = at.date()
            elif action == "nominate":
                nominated_on = at
            elif action == "open_review":
                opened = at
            elif action in {"recognise", "decline"}:
                closed = at
            current = target
        updated = events[-1][5] if events else start

        council_id = None
        seated: list[int] = []
        sheet_total = None
        decision_row = None
        if nominated_on is not None:
            if level == Level.PROVINCE:
                council_id, seated = councils[(body.province, cycle_key)]
            nomination_id = ctx.next_id(Nomination)
            criteria_set, criteria = sets[kind]
            outcome = {
                S.RECOGNISED: "recognised",
                S.SUSPENDED: "recognised",
                S.NOT_RECOGNISED: "declined",
                S.WITHDRAWN: "withdrawn",
            }.get(stage, "pending")
            w_nom.add(
                [
                    nominated_on,
                    closed or opened or nominated_on,
                    exemplar_id,
                    cycle.pk,
                    level,
                    criteria_set.pk,
                    council_id,
                    rng.choice(staff),
                    nominated_on.date(),
                    opened,
                    closed if stage != S.WITHDRAWN else updated,
                    outcome,
                ],
                row_id=nomination_id,
            )
            if council_id and opened is not None:
                # Under review: some members have scored; decided: a quorum or more has.
                if stage == S.UNDER_REVIEW:
                    n_sheets = rng.randint(0, min(len(seated), 4))
                else:
                    n_sheets = rng.randint(min(3, len(seated)), min(len(seated), 6))
                passed = stage in {S.RECOGNISED, S.SUSPENDED}
                percents = []
                for member in rng.sample(seated, n_sheets):
                    low, high = (
                        (0.72, 0.98)
                        if passed
                        else ((0.35, 0.68) if stage == S.NOT_RECOGNISED else (0.5, 0.95))
                    )
                    scores = [
                        round(max_score * rng.uniform(low, high) * 2) / 2
                        for max_score in (c.max_score for c in criteria)
                    ]
                    weight_sum = sum(float(c.weight) * c.max_score for c in criteria)
                    percent = round(
                        sum(s * float(c.weight) for s, c in zip(scores, criteria, strict=True))
                        / weight_sum
                        * 100,
                        2,
                    )
                    percents.append(percent)
                    when = opened + dt.timedelta(days=rng.randint(1, 4))
                    sheet_id = w_sheet.add([when, when, nomination_id, member, "", Decimal(f"{percent:.2f}")])
                    for s, c in zip(scores, criteria, strict=True):
                        w_score.add([sheet_id, c.pk, Decimal(f"{s:.2f}")])
                sheet_total = (
                    (sum(percents) / len(percents), 100.0 * sum(p >= 70 for p in percents) / len(percents))
                    if percents
                    else None
                )
            if stage in {S.RECOGNISED, S.SUSPENDED} and closed is not None:
                issuer = (
                    province.bodies["BTGDV"]
                    if level == Level.PROVINCE
                    else commune.party
                    if commune
                    else province.bodies["BTGDV"]
                )
                signed_on = closed.date()
                key = (issuer.id, signed_on.year)
                counters[key] = counters.get(key, 0) + 1
                seq = counters[key]
                issuer_row = body_by_id[issuer.id]
                code = "BTGDVTU" if issuer_row.suffix == "BTGDV" else "ĐU"
                number = format_number("party", seq, "QĐ", code)
                code_v = verification_code(exemplar_id + ctx.seed * 7919)
                decision_id = ctx.next_id(Decision)
                signer = rng.choice(leaders.get(body.province, coordinators))
                what = "điển hình" if kind == Kind.INDIVIDUAL else "mô hình"
                summary_line = f"Công nhận {what} “Dân vận khéo” {cycle.name}: {title}"[:500]
                capacity, capacity_of, position = SIGNING_DEFAULTS.get(issuer_row.kind, ("", "", ""))
                document_id = w_doc.add(
                    [
                        closed,
                        closed,
                        issuer.id,
                        issuer_row.path,
                        "QĐ",
                        signed_on.year,
                        seq,
                        number,
                        "party",
                        signed_on,
                        province.name if level == Level.PROVINCE else (commune.name if commune else ""),
                        summary_line,
                        signer,
                        full_names.get(signer, ""),
                        capacity,
                        capacity_of,
                        position,
                        [body.name],
                        decision_content_type,
                        decision_id,
                        code_v,
                        signer,
                        names.fast_fold(f"{number} {summary_line}"),
                    ]
                )
                decision_row = [
                    closed,
                    closed,
                    exemplar_id,
                    nomination_id,
                    issuer.id,
                    document_id,
                    number,
                    signed_on,
                    signer,
                    level,
                    cycle.pk,
                    Decimal(f"{sheet_total[0]:.2f}") if sheet_total else None,
                    Decimal(f"{sheet_total[1]:.2f}") if sheet_total else None,
                    code_v,
                ]
                w_dec.add(decision_row, row_id=decision_id)

        outstanding = stage == S.RECOGNISED and rng.random() < 0.06
        replications = 0
        if stage == S.RECOGNISED and kind == Kind.COLLECTIVE and rng.random() < 0.12 and commune is not None:
            adopters = rng.sample(province.communes, min(2, len(province.communes)))
            seen = set()
            for adopter in adopters:
                target_body = adopter.party
                if target_body.id in seen or target_body.id == body.id:
                    continue
                seen.add(target_body.id)
                when = updated + dt.timedelta(days=rng.randint(10, 200))
                when = min(when, ctx.now)
                w_rep.add(
                    [
                        when,
                        when,
                        exemplar_id,
                        target_body.id,
                        target_body.path,
                        when.date(),
                        "Điều chỉnh cho phù hợp với điều kiện địa phương.",
                        "Được Nhân dân đồng tình hưởng ứng.",
                        None,
                        None,
                        rng.choice(commune_staff.get(adopter.index) or staff),
                    ]
                )
                replications += 1
        if outstanding:
            when = min(updated + dt.timedelta(days=rng.randint(10, 120)), ctx.now)
            w_com.add(
                [
                    when,
                    when,
                    exemplar_id,
                    rng.choice(["giay_khen", "bang_khen", "bieu_duong"]),
                    f"Ban Thường vụ Tỉnh ủy {province.name}",
                    f"{rng.randint(1, 999)}-QĐ/TU",
                    when.date(),
                    "Hội nghị biểu dương điển hình \u201cDân vận khéo\u201d",
                    rng.choice(coordinators),
                ]
            )
        if stage == S.IN_PROGRESS and rng.random() < 0.5:
            when = min(updated + dt.timedelta(days=rng.randint(30, 180)), ctx.now)
            w_prog.add(
                [
                    when,
                    when,
                    exemplar_id,
                    when.date(),
                    f"Đã vận động thêm {rng.randint(5, 120)} hộ tham gia.",
                    {"households": rng.randint(20, 600)},
                    rng.choice(staff),
                ]
            )
            updated = max(updated, when)

        w_ex.add(
            [
                start,
                updated,
                kind,
                stage,
                title,
                summary,
                rng.choice(SITUATIONS),
                "Huy động 100% hộ dân tham gia.",
                rng.choice(METHODS),
                area,
                forces,
                resources,
                timeline,
                rng.choice(OUTPUTS),
                rng.choice(SUSTAIN),
                fields.get(field_code) or rng.choice(field_ids),
                level,
                cycle.pk,
                body.id,
                body.path,
                province_root(body.path),
                started_on,
                lat,
                lng,
                person_name,
                position,
                individual and rng.random() < 0.6,
                outstanding,
                "Hội nghị biểu dương điển hình \u201cDân vận khéo\u201d" if outstanding else "",
                registered_on,
                nomination_id,
                replications,
                creator,
                None,
                search_text,
            ],
            row_id=exemplar_id,
        )
        audited = exemplar_id % 10 == 0
        for action, before, after, actor, note, when in events:
            w_ev.add([exemplar_id, action, before, after, actor, note, when])
            if audited:
                w_audit.add(
                    [
                        when,
                        actor,
                        usernames.get(actor, ""),
                        f"exemplars.{action}",
                        "exemplars.exemplar",
                        str(exemplar_id),
                        title[:255],
                        body.id,
                        {"stage": [before, after], **({"note": note} if note else {})},
                        None,
                    ]
                )

    for w in (w_ex, w_nom, w_ev, w_sheet, w_score, w_doc, w_dec, w_rep, w_prog, w_com, w_audit):
        w.close()
    # The registers continue after the generated decisions.
    with ctx.writer(
        RegisterCounter, ["organisation_id", "doc_type", "year", "last_number"], label="register counters"
    ) as w:
        for (body_id, year), last in counters.items():
            w.add([body_id, "QĐ", year, last])
