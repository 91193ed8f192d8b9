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
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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
from dvk.scale.context import BodyRef, CommuneRef, GenerationContext, ProvinceRef

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
                "decision_number",
            ],
            label="councils",
        ) as councils,
        ctx.writer(
            CouncilMember, ["council_id", "user_id", "role", "conflict_note"], label="council members"
        ) as members,
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
                        "",
                    ]
                )
                for i, user_id in enumerate(seated):
                    members.add(
                        [
                            council_id,
                            user_id,
                            "chair" if i == 0 else ("secretary" if i == 1 else "member"),
                            "",
                        ]
                    )
                out[(province.index, key)] = (council_id, seated)
    return out


OUTCOMES: dict[str, str] = {
    S.RECOGNISED: "recognised",
    S.SUSPENDED: "recognised",
    S.NOT_RECOGNISED: "declined",
    S.WITHDRAWN: "withdrawn",
}
PASSED = {S.RECOGNISED, S.SUSPENDED}
FINAL = {S.RECOGNISED, S.NOT_RECOGNISED, S.SUSPENDED, S.WITHDRAWN}
CLOSE_ORDER = (
    "exemplar",
    "nomination",
    "event",
    "sheet",
    "score",
    "document",
    "decision",
    "replication",
    "progress",
    "commendation",
    "audit",
)
CONFERENCE = "Hội nghị biểu dương điển hình \u201cDân vận khéo\u201d"
# Columns each table is written with (BulkWriter: the others get their model default).
COLUMNS: dict[str, tuple[type, list[str], str]] = {
    "exemplar": (
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
        "exemplars",
    ),
    "event": (
        ExemplarEvent,
        ["exemplar_id", "action", "from_stage", "to_stage", "actor_id", "note", "at"],
        "exemplar events",
    ),
    "nomination": (
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
        "nominations",
    ),
    "sheet": (
        ScoreSheet,
        ["created_at", "updated_at", "nomination_id", "member_id", "comment", "percent"],
        "score sheets",
    ),
    "score": (Score, ["sheet_id", "criterion_id", "score"], "scores"),
    "document": (
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
        "register documents",
    ),
    "decision": (
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
        "decisions",
    ),
    "replication": (
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
        "replications",
    ),
    "progress": (
        ProgressUpdate,
        ["created_at", "updated_at", "exemplar_id", "reported_on", "summary", "figures", "created_by_id"],
        "progress updates",
    ),
    "commendation": (
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
        "commendations",
    ),
    "audit": (
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
        "audit events (exemplars)",
    ),
}


@dataclass
class _Staff:
    """Who acts: the body's commune staff, the province's coordinators and board leaders."""

    commune: dict[int, list[int]] = field(default_factory=dict)
    province: dict[int, list[int]] = field(default_factory=dict)
    leaders: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, ctx: GenerationContext) -> _Staff:
        staff = cls()
        for u in ctx.users:
            if u.body.commune is not None:
                if u.role in Membership.Role.WORK:  # viewers and council seats do not register models
                    staff.commune.setdefault(u.body.commune, []).append(u.id)
            elif u.role == Membership.Role.COORDINATOR:
                staff.province.setdefault(u.body.province, []).append(u.id)
            elif u.role == Membership.Role.BOARD_LEADER:
                staff.leaders.setdefault(u.body.province, []).append(u.id)
        return staff


@dataclass
class _Model:
    """One exemplar being generated: where it is, what it is, and what its steps set."""

    id: int
    body: BodyRef
    province: ProvinceRef
    commune: CommuneRef | None
    staff: list[int]
    coordinators: list[int]
    stage: str
    path: list[str]
    level: str
    kind: str
    start: dt.datetime
    gaps: list[int]
    cycle_key: str = "current"
    cycle: Any = None
    title: str = ""
    events: list[tuple[str, str, str, int, str, dt.datetime]] = field(default_factory=list)
    registered_on: dt.date | None = None
    nominated_on: dt.datetime | None = None
    opened: dt.datetime | None = None
    closed: dt.datetime | None = None
    updated: dt.datetime | None = None
    nomination_id: int | None = None


class _Generator:
    """The exemplars of one generation run. The random draws happen in a fixed order (the same
    seed gives the same rows): body, stage, timeline, cycle, text, steps, review, outcomes."""

    def __init__(self, ctx: GenerationContext, rng: Any, total: int) -> None:
        self.ctx, self.rng = ctx, rng
        ref = _reference(ctx)
        self.cycles, self.sets, self.fields = ref["cycles"], ref["sets"], ref["fields"]
        self.councils = _councils(ctx, self.cycles)
        self.field_ids = list(self.fields.values())
        self.people = _Staff.of(ctx)
        self.submitters = [b for b in ctx.bodies if b.commune is not None] * 9 + [
            b for b in ctx.bodies if b.commune is None and b.suffix not in {"TU", "BTGDV", "HDTD"}
        ]
        self.hamlets: dict[int, list[str]] = {}
        self.stages, self.weights = list(STAGE_MIX), list(STAGE_MIX.values())
        self.counters: dict[tuple[int, int], int] = {}  # (issuing body, year) -> last sequence
        self.w = {
            key: ctx.writer(model, columns, total=total if key == "exemplar" else None, label=label)
            for key, (model, columns, label) in COLUMNS.items()
        }
        self.decision_content_type = ContentType.objects.db_manager(ctx.using).get_for_model(Decision).pk
        self.full_names = {u.id: u.full_name for u in ctx.users}
        self.usernames = {u.id: u.username for u in ctx.users}
        self.body_by_id = {b.id: b for b in ctx.bodies}

    def close(self) -> None:
        for key in CLOSE_ORDER:
            self.w[key].close()
        # The registers continue after the generated decisions.
        with self.ctx.writer(
            RegisterCounter, ["organisation_id", "doc_type", "year", "last_number"], label="register counters"
        ) as w:
            for (body_id, year), last in self.counters.items():
                w.add([body_id, "QĐ", year, last])

    # --- one exemplar ---------------------------------------------------------------------

    def one(self) -> None:
        m = self._draw()
        row = self._content(m)
        self._steps(m)
        sheet_total = self._nomination(m) if m.nominated_on is not None else None
        if m.nominated_on is not None and m.stage in PASSED and m.closed is not None:
            self._decision(m, sheet_total)
        outstanding = m.stage == S.RECOGNISED and self.rng.random() < 0.06
        replications = self._replications(m)
        if outstanding:
            self._commendation(m)
        if m.stage == S.IN_PROGRESS and self.rng.random() < 0.5:
            self._progress(m)
        self._write_exemplar(m, row, outstanding, replications)
        self._write_events(m)

    def _draw(self) -> _Model:
        """The body, stage, path, level, kind and the start of the timeline."""
        rng, people = self.rng, self.people
        body = rng.choice(self.submitters)
        staff = (
            people.commune.get(body.commune, [])
            if body.commune is not None
            else people.province.get(body.province, [])
        )
        stage = rng.choices(self.stages, self.weights)[0]
        path = list(PATHS.get(stage, []))
        if stage == S.WITHDRAWN:
            path = PATHS[rng.choice([S.DRAFT, S.REGISTERED, S.IN_PROGRESS, S.NOMINATED])] + ["withdraw"]
        provincial = stage == S.UNDER_REVIEW or body.commune is None or rng.random() < 0.25
        kind = Kind.INDIVIDUAL if rng.random() < 0.22 else Kind.COLLECTIVE
        # Timeline: steps spaced by realistic gaps, ending before now.
        gaps = [rng.randint(*GAPS[a]) for a in path]
        span = sum(gaps) + rng.randint(0, 60)
        start = self.ctx.now - dt.timedelta(days=span + rng.randint(0, 30), hours=rng.randint(0, 8))
        m = _Model(
            id=0,
            body=body,
            province=self.ctx.provinces[body.province],
            commune=self.ctx.communes[body.commune] if body.commune is not None else None,
            staff=staff or people.province[body.province],
            coordinators=people.province[body.province],
            stage=stage,
            path=path,
            level=Level.PROVINCE if provincial else Level.COMMUNE,
            kind=kind,
            start=start,
            gaps=gaps,
        )
        old_cycle = start.year <= 2025 and stage in FINAL and rng.random() < 0.6
        m.cycle_key = "old" if old_cycle else "current"
        m.cycle = self.cycles[m.cycle_key]
        return m

    def _content(self, m: _Model) -> dict[str, Any]:
        """Title, text and place of the model (the exemplar row's content columns)."""
        rng, body = self.rng, m.body
        individual = m.kind == Kind.INDIVIDUAL
        place = m.commune.name if m.commune else f"tỉnh {m.province.name}"
        pool = self.hamlets.setdefault(
            body.commune if body.commune is not None else -1 - body.province,
            [names.hamlet_name(rng) for _ in range(6)],
        )
        hamlet = f"{rng.choice(pool)}, {place}"
        field_code, pattern = rng.choice(INDIVIDUAL_TITLES if individual else COLLECTIVE_TITLES)
        m.title = nfc(pattern.format(h=hamlet, c=place))
        n_households = rng.randint(40, 900)
        summary = nfc(rng.choice(SUMMARIES).format(n=rng.randint(50, 3000), p=rng.randint(80, 100)))
        area = f"{hamlet}; {n_households} hộ dân"
        person_name = position = ""
        if individual:
            person_name = names.person_name(rng)[0]
            position = rng.choice(POSITIONS)
        resources = {
            "funds": f"{rng.randint(20, 900)} triệu đồng",
            "workdays": f"{rng.randint(100, 3000)} ngày công",
        }
        started_on = (m.start - dt.timedelta(days=rng.randint(30, 400))).date()
        lat = lng = None
        if rng.random() < 0.3:
            lat = Decimal(f"{rng.uniform(8.6, 23.3):.6f}")
            lng = Decimal(f"{rng.uniform(102.2, 109.4):.6f}")
        return {
            "field_code": field_code,
            "summary": summary,
            "area": area,
            "person_name": person_name,
            "position": position,
            "search_text": names.fast_fold(" ".join([m.title, summary, person_name, area])),
            "forces": [
                {"name": f"Chi bộ {hamlet.split(',')[0]}", "role": "lead"},
                {"name": "Ban công tác Mặt trận", "role": "coordinate"},
                {"name": "Các chi hội đoàn thể", "role": "take_part"},
            ],
            "resources": resources,
            "started_on": started_on,
            "timeline": [{"date": started_on.isoformat(), "milestone": "Ra mắt mô hình"}],
            "lat": lat,
            "lng": lng,
            "creator": rng.choice(m.staff),
        }

    def _actor(self, m: _Model, action: str) -> int:
        if action in BY_BODY:
            return self.rng.choice(m.staff)
        if action in {"recognise", "decline"}:
            return self.rng.choice(self.people.leaders.get(m.body.province, m.coordinators))
        return self.rng.choice(m.coordinators)

    def _steps(self, m: _Model) -> None:
        """The event rows replaying the path, and the dates the steps set."""
        m.id = self.ctx.next_id(Exemplar)
        at, current = m.start, S.DRAFT
        for action, gap in zip(m.path, m.gaps, strict=True):
            at = at + dt.timedelta(days=gap, minutes=self.rng.randint(0, 600))
            actor = self._actor(m, action)
            target = TARGET[action]
            m.events.append((action, current, target, actor, NOTES.get(action, ""), at))
            if action == "register":
                m.registered_on = at.date()
            elif action == "nominate":
                m.nominated_on = at
            elif action == "open_review":
                m.opened = at
            elif action in {"recognise", "decline"}:
                m.closed = at
            current = target
        m.updated = m.events[-1][5] if m.events else m.start

    def _nomination(self, m: _Model) -> tuple[float, float] | None:
        """The nomination row and, once a provincial council reviewed it, its score sheets.
        Returns (average, percent agreeing) of the sheets, None without any."""
        assert m.nominated_on is not None
        council_id, seated = None, list[int]()
        if m.level == Level.PROVINCE:
            council_id, seated = self.councils[(m.body.province, m.cycle_key)]
        m.nomination_id = self.ctx.next_id(Nomination)
        criteria_set, criteria = self.sets[m.kind]
        self.w["nomination"].add(
            [
                m.nominated_on,
                m.closed or m.opened or m.nominated_on,
                m.id,
                m.cycle.pk,
                m.level,
                criteria_set.pk,
                council_id,
                self.rng.choice(m.staff),
                m.nominated_on.date(),
                m.opened,
                m.closed if m.stage != S.WITHDRAWN else m.updated,
                OUTCOMES.get(m.stage, "pending"),
            ],
            row_id=m.nomination_id,
        )
        if not (council_id and m.opened is not None):
            return None
        percents = self._sheets(m, seated, criteria)
        if not percents:
            return None
        return sum(percents) / len(percents), 100.0 * sum(p >= 70 for p in percents) / len(percents)

    def _sheets(self, m: _Model, seated: list[int], criteria: list[Any]) -> list[float]:
        """Under review: some members have scored; decided: a quorum or more has."""
        rng = self.rng
        assert m.opened is not None
        if m.stage == S.UNDER_REVIEW:
            n_sheets = rng.randint(0, min(len(seated), 4))
        else:
            n_sheets = rng.randint(min(3, len(seated)), min(len(seated), 6))
        if m.stage in PASSED:
            low, high = 0.72, 0.98
        else:
            low, high = (0.35, 0.68) if m.stage == S.NOT_RECOGNISED else (0.5, 0.95)
        weight_sum = sum(float(c.weight) * c.max_score for c in criteria)
        percents = []
        for member in rng.sample(seated, n_sheets):
            scores = [round(c.max_score * rng.uniform(low, high) * 2) / 2 for c in criteria]
            weighted = sum(s * float(c.weight) for s, c in zip(scores, criteria, strict=True))
            percent = round(weighted / weight_sum * 100, 2)
            percents.append(percent)
            when = m.opened + dt.timedelta(days=rng.randint(1, 4))
            sheet_id = self.w["sheet"].add(
                [when, when, m.nomination_id, member, "", Decimal(f"{percent:.2f}")]
            )
            for s, c in zip(scores, criteria, strict=True):
                self.w["score"].add([sheet_id, c.pk, Decimal(f"{s:.2f}")])
        return percents

    def _issuer(self, m: _Model) -> BodyRef:
        if m.level == Level.PROVINCE or m.commune is None:
            return m.province.bodies["BTGDV"]
        return m.commune.party

    def _decision(self, m: _Model, sheet_total: tuple[float, float] | None) -> None:
        """The decision, numbered in the issuing body's register (one register row per decision)."""
        assert m.closed is not None
        issuer = self._issuer(m)
        signed_on = m.closed.date()
        key = (issuer.id, signed_on.year)
        self.counters[key] = seq = self.counters.get(key, 0) + 1
        issuer_row = self.body_by_id[issuer.id]
        number = format_number("party", seq, "QĐ", "BTGDVTU" if issuer_row.suffix == "BTGDV" else "ĐU")
        code_v = verification_code(m.id + self.ctx.seed * 7919)
        decision_id = self.ctx.next_id(Decision)
        signer = self.rng.choice(self.people.leaders.get(m.body.province, m.coordinators))
        what = "điển hình" if m.kind == Kind.INDIVIDUAL else "mô hình"
        summary_line = f"Công nhận {what} “Dân vận khéo” {m.cycle.name}: {m.title}"[:500]
        capacity, capacity_of, position = SIGNING_DEFAULTS.get(issuer_row.kind, ("", "", ""))
        if m.level == Level.PROVINCE:
            place = m.province.name
        else:
            place = m.commune.name if m.commune else ""
        document_id = self.w["document"].add(
            [
                m.closed,
                m.closed,
                issuer.id,
                issuer_row.path,
                "QĐ",
                signed_on.year,
                seq,
                number,
                "party",
                signed_on,
                place,
                summary_line,
                signer,
                self.full_names.get(signer, ""),
                capacity,
                capacity_of,
                position,
                [m.body.name],
                self.decision_content_type,
                decision_id,
                code_v,
                signer,
                names.fast_fold(f"{number} {summary_line}"),
            ]
        )
        average, agreeing = (Decimal(f"{v:.2f}") for v in sheet_total) if sheet_total else (None, None)
        self.w["decision"].add(
            [
                m.closed,
                m.closed,
                m.id,
                m.nomination_id,
                issuer.id,
                document_id,
                number,
                signed_on,
                signer,
                m.level,
                m.cycle.pk,
                average,
                agreeing,
                code_v,
            ],
            row_id=decision_id,
        )

    def _replications(self, m: _Model) -> int:
        """Up to two communes of the province adopting a recognised collective model of a commune."""
        rng = self.rng
        if not (m.stage == S.RECOGNISED and m.kind == Kind.COLLECTIVE and rng.random() < 0.12):
            return 0
        if m.commune is None:
            return 0
        assert m.updated is not None
        adopters = rng.sample(m.province.communes, min(2, len(m.province.communes)))
        seen, replications = set(), 0
        for adopter in adopters:
            target_body = adopter.party
            if target_body.id in seen or target_body.id == m.body.id:
                continue
            seen.add(target_body.id)
            when = min(m.updated + dt.timedelta(days=rng.randint(10, 200)), self.ctx.now)
            self.w["replication"].add(
                [
                    when,
                    when,
                    m.id,
                    target_body.id,
                    target_body.path,
                    when.date(),
                    "Điều chỉnh cho phù hợp với điều kiện địa phương.",
                    "Được Nhân dân đồng tình hưởng ứng.",
                    None,
                    None,
                    rng.choice(self.people.commune.get(adopter.index) or m.staff),
                ]
            )
            replications += 1
        return replications

    def _commendation(self, m: _Model) -> None:
        rng = self.rng
        assert m.updated is not None
        when = min(m.updated + dt.timedelta(days=rng.randint(10, 120)), self.ctx.now)
        self.w["commendation"].add(
            [
                when,
                when,
                m.id,
                rng.choice(["giay_khen", "bang_khen", "bieu_duong"]),
                f"Ban Thường vụ Tỉnh ủy {m.province.name}",
                f"{rng.randint(1, 999)}-QĐ/TU",
                when.date(),
                CONFERENCE,
                rng.choice(m.coordinators),
            ]
        )

    def _progress(self, m: _Model) -> None:
        rng = self.rng
        assert m.updated is not None
        when = min(m.updated + dt.timedelta(days=rng.randint(30, 180)), self.ctx.now)
        self.w["progress"].add(
            [
                when,
                when,
                m.id,
                when.date(),
                f"Đã vận động thêm {rng.randint(5, 120)} hộ tham gia.",
                {"households": rng.randint(20, 600)},
                rng.choice(m.staff),
            ]
        )
        m.updated = max(m.updated, when)

    def _write_exemplar(self, m: _Model, c: dict[str, Any], outstanding: bool, replications: int) -> None:
        rng, body = self.rng, m.body
        self.w["exemplar"].add(
            [
                m.start,
                m.updated,
                m.kind,
                m.stage,
                m.title,
                c["summary"],
                rng.choice(SITUATIONS),
                "Huy động 100% hộ dân tham gia.",
                rng.choice(METHODS),
                c["area"],
                c["forces"],
                c["resources"],
                c["timeline"],
                rng.choice(OUTPUTS),
                rng.choice(SUSTAIN),
                self.fields.get(c["field_code"]) or rng.choice(self.field_ids),
                m.level,
                m.cycle.pk,
                body.id,
                body.path,
                province_root(body.path),
                c["started_on"],
                c["lat"],
                c["lng"],
                c["person_name"],
                c["position"],
                m.kind == Kind.INDIVIDUAL and rng.random() < 0.6,
                outstanding,
                CONFERENCE if outstanding else "",
                m.registered_on,
                m.nomination_id,
                replications,
                c["creator"],
                None,
                c["search_text"],
            ],
            row_id=m.id,
        )

    def _write_events(self, m: _Model) -> None:
        """Every action as an event row; every tenth exemplar's actions in the audit trail too."""
        audited = m.id % 10 == 0
        for action, before, after, actor, note, when in m.events:
            self.w["event"].add([m.id, action, before, after, actor, note, when])
            if not audited:
                continue
            self.w["audit"].add(
                [
                    when,
                    actor,
                    self.usernames.get(actor, ""),
                    f"exemplars.{action}",
                    "exemplars.exemplar",
                    str(m.id),
                    m.title[:255],
                    m.body.id,
                    {"stage": [before, after], **({"note": note} if note else {})},
                    None,
                ]
            )


def generate(ctx: GenerationContext) -> None:
    rng = ctx.rng_for("exemplars")
    total = ctx.count("exemplars")
    run = _Generator(ctx, rng, total)
    for _i in range(total):
        run.one()
    run.close()
