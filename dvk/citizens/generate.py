"""Scale data for citizen reception (DomainAppConfig.generator, run by `generate_data`).

`ctx.count("citizen_cases")` cases (province: 100,000; national: 2,000,000), each with its letter
numbered per body and year, its event rows replaying a valid path of its kind's workflow
(workflow.py) and the deadline of its current step computed by dvk.deadlines (memoised per rule
and start day, so the legal calendar is exact). Bodies are the communes' People's Committees and
Party committees and the provinces' UBND and departments; open cases are recent, so the overdue
share is realistic. A reception session per body and month with visits (some đông người), and the
letters' receipt counters, so numbering continues after them. Rows are written as save() would
(nfc text, folded search_text, org_path/org_root, crowd). No identity is generated: generated
denunciations are anonymous information or carry no sealed identity.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dvk.citizens.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    Field,
    Letter,
    Policy,
    ReceiptCounter,
    ReceptionSession,
    Visit,
    new_lookup_code,
)
from dvk.citizens.workflow import Kind, Stage
from dvk.core.text import fold
from dvk.scale.context import GenerationContext

S = Stage
TEXTS = {
    Kind.PETITION: (
        "Kiến nghị sửa chữa tuyến đường liên xóm tại {c} bị xuống cấp nghiêm trọng",
        "Kiến nghị hỗ trợ kinh phí xây dựng nhà văn hóa thôn tại {c}",
        "Kiến nghị cấp nước sạch cho các hộ dân {c}",
    ),
    Kind.REFLECTION: (
        "Phản ánh tình trạng khai thác cát trái phép gần {c}",
        "Phản ánh đèn chiếu sáng công cộng tại {c} hư hỏng kéo dài",
        "Phản ánh ô nhiễm môi trường do cơ sở chăn nuôi tại {c}",
    ),
    Kind.COMPLAINT: (
        "Khiếu nại quyết định thu hồi đất làm đường giao thông tại {c}",
        "Khiếu nại việc không giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất tại {c}",
        "Khiếu nại mức bồi thường, hỗ trợ khi giải phóng mặt bằng tại {c}",
    ),
    Kind.DENUNCIATION: (
        "Tố cáo cán bộ địa chính {c} nhận tiền khi giải quyết hồ sơ",
        "Tố cáo việc sử dụng sai mục đích kinh phí hỗ trợ hộ nghèo tại {c}",
    ),
}
KIND_MIX = [Kind.PETITION] * 35 + [Kind.REFLECTION] * 30 + [Kind.COMPLAINT] * 25 + [Kind.DENUNCIATION] * 10
PATHS = {
    Kind.COMPLAINT: [
        ([], S.CLASSIFYING, 12),
        (["accept"], S.ACCEPTED, 8),
        (["accept", "verify"], S.VERIFYING, 10),
        (["accept", "verify", "dialogue"], S.DIALOGUE, 4),
        (["accept", "verify", "decide"], S.DECIDED, 6),
        (["accept", "verify", "decide", "close"], S.CLOSED, 40),
        (["refuse"], S.REFUSED, 8),
        (["forward"], S.FORWARDED, 6),
        (["guide"], S.GUIDED, 6),
    ],
    Kind.DENUNCIATION: [
        ([], S.CLASSIFYING, 10),
        (["accept"], S.ACCEPTED, 8),
        (["accept", "verify"], S.VERIFYING, 12),
        (["accept", "verify", "conclude"], S.DECIDED, 8),
        (["accept", "verify", "conclude", "close"], S.CLOSED, 35),
        (["refuse"], S.REFUSED, 7),
        (["forward"], S.FORWARDED, 8),
        ([], S.INFORMATION, 12),
    ],
    Kind.PETITION: [
        ([], S.CLASSIFYING, 15),
        (["accept"], S.ACCEPTED, 10),
        (["accept", "answer"], S.ANSWERED, 25),
        (["accept", "answer", "close"], S.CLOSED, 35),
        (["forward"], S.FORWARDED, 10),
        (["guide"], S.GUIDED, 5),
    ],
}
PATHS[Kind.REFLECTION] = PATHS[Kind.PETITION]
OPEN = {S.CLASSIFYING, S.ACCEPTED, S.VERIFYING, S.DIALOGUE, S.DECIDED}
TARGETS = {
    "accept": S.ACCEPTED,
    "verify": S.VERIFYING,
    "dialogue": S.DIALOGUE,
    "decide": S.DECIDED,
    "conclude": S.DECIDED,
    "close": S.CLOSED,
    "refuse": S.REFUSED,
    "forward": S.FORWARDED,
    "guide": S.GUIDED,
    "answer": S.ANSWERED,
}
CASE_BODY_SUFFIXES = {"UBND", "DU", "SNNMT", "SNV", "STC"}


def _weighted(paths):
    out = []
    for actions, stage, weight in paths:
        out += [(actions, stage)] * weight
    return out


@lru_cache(maxsize=20_000)
def _deadline(rule: str, start: dt.date) -> tuple[dt.date, str]:
    from dvk.deadlines.services import compute

    d = compute(rule, start)
    return d.due, d.legal_ref


def _first_rule(kind: str, body_kind: str) -> str:
    if kind == Kind.COMPLAINT:
        return "KN.THU_LY_L1"
    if kind == Kind.DENUNCIATION:
        return "TC.XU_LY_BAN_DAU"
    return "QD11.THONG_BAO" if body_kind == "party_committee" else "XLD.XU_LY_DON"


def _resolution_rule(kind: str) -> str | None:
    rules: dict[str, str] = {Kind.COMPLAINT: "KN.GIAI_QUYET_L1", Kind.DENUNCIATION: "TC.GIAI_QUYET"}
    return rules.get(kind)


LETTER_FIELDS = [
    "organisation_id", "org_path", "year", "seq", "received_on", "channel", "kind", "competence",
    "field_id", "summary", "people_count", "crowd", "anonymous", "lookup_code", "phone_index",
    "search_text", "created_at", "updated_at", "representatives", "petitioner_name", "petitioner_address", "person_index",
]  # fmt: skip
CASE_FIELDS = [
    "organisation_id", "org_path", "letter_id", "kind", "round", "stage", "handler_id", "field_id",
    "summary", "received_on", "accepted_on", "decided_on", "closed_on", "due_on", "due_rule", "due_ref",
    "complex", "people_count", "crowd", "anonymous", "prolonged", "prolonged_reason", "finished_late",
    "outcome", "search_text", "created_at", "updated_at", "published_answer",
]  # fmt: skip
EVENT_FIELDS = ["case_id", "action", "from_stage", "to_stage", "actor_id", "note", "at"]
DEADLINE_FIELDS = ["case_id", "rule", "start", "due", "legal_ref", "at"]
CHANNELS = ("in_person", "post", "post", "public_form", "national_portal")
PEOPLE = (1, 1, 1, 1, 1, 2, 3, 5, 8, 15)
FINISHING = (S.CLOSED, S.REFUSED, S.FORWARDED, S.GUIDED, S.ANSWERED)


def _phone_indexer() -> Callable[[str], str]:
    """The vault's keyed phone index (the public lookup's), or "" for all without vault keys."""
    try:
        from dvk.vault.keys import keyring

        key = keyring().index_key
    except Exception:  # noqa: BLE001 (a vault without keys: letters get no phone index)
        return lambda phone: ""
    return lambda phone: hmac.new(key, f"phone\x00{phone}".encode(), hashlib.sha256).hexdigest()


@dataclass
class _Replay:
    """A case's dates, current deadline and deadline history after replaying its path."""

    accepted: dt.date | None = None
    decided: dt.date | None = None
    closed: dt.date | None = None
    due: dt.date | None = None
    rule: str = ""
    ref: str = ""
    late: bool = False
    history: list[tuple[str, dt.date, dt.date, str]] = field(default_factory=list)

    def set_deadline(self, rule: str, start: dt.date) -> None:
        self.rule = rule
        self.due, self.ref = _deadline(rule, start)
        self.history.append((rule, start, self.due, self.ref))

    def clear_deadline(self) -> None:
        self.due, self.rule, self.ref = None, "", ""

    def step(self, kind: str, action: str, target: str, day: dt.date) -> None:
        """The effect of one action on the dates and the deadline."""
        if self.due and day > self.due:
            self.late = True
        if action == "accept":
            self.accepted = day
            resolution = _resolution_rule(kind)
            if resolution:
                self.set_deadline(resolution, day)
        elif action in ("decide", "conclude", "answer"):
            self.decided = day
            self.clear_deadline()
        if target in FINISHING:
            self.closed = day
            self.clear_deadline()


@dataclass
class _Generator:
    """What every generated case draws from, and the running numbering."""

    ctx: GenerationContext
    rng: Any
    policy: Policy
    fields: list[int]
    bodies: list[Any]
    commune_names: dict[int, str]
    staff: dict[int, list[int]]
    paths: dict[str, list[tuple[list[str], str]]]
    phone_index: Callable[[str], str]
    texts: dict[tuple[Kind, int, str], tuple[str, str]] = field(default_factory=dict)
    counters: dict[tuple[int, int], int] = field(default_factory=dict)
    seen_codes: set[str] = field(default_factory=set)

    @classmethod
    def start(cls, ctx: GenerationContext) -> _Generator:
        staff: dict[int, list[int]] = {}
        for u in ctx.users:
            if u.role in ("officer", "leader"):
                staff.setdefault(u.body.id, []).append(u.id)
        return cls(
            ctx=ctx,
            rng=ctx.rng_for("citizens"),
            policy=Policy.current(),
            fields=list(Field.objects.filter(active=True).values_list("pk", flat=True)),
            bodies=[b for b in ctx.bodies if b.suffix in CASE_BODY_SUFFIXES] or list(ctx.bodies),
            commune_names={c.index: c.name for c in ctx.communes},
            staff=staff,
            paths={kind: _weighted(p) for kind, p in PATHS.items()},
            phone_index=_phone_indexer(),
        )

    def text(self, kind: Kind, body: Any) -> tuple[str, str]:
        """One of the kind's texts for the body's place, with its folded form (cached)."""
        place = self.commune_names.get(body.commune, "") if body.commune is not None else "tỉnh"
        key = (kind, self.rng.randrange(len(TEXTS[kind])), place)
        if key not in self.texts:
            summary = TEXTS[kind][key[1]].format(c=place or "địa phương")
            self.texts[key] = (summary, fold(summary))
        return self.texts[key]

    def receipt(self, body: Any, year: int) -> int:
        seq = self.counters.get((body.id, year), 0) + 1
        self.counters[(body.id, year)] = seq
        return seq

    def lookup_code(self) -> str:
        code = new_lookup_code()
        while code in self.seen_codes:
            code = new_lookup_code()
        self.seen_codes.add(code)
        return code

    def case(self, i: int, writers: tuple[Any, Any, Any, Any]) -> None:
        """Case number `i`: its letter, event rows, deadline rows and the case row."""
        letters, cases, events, deadlines = writers
        rng, today, tz = self.rng, self.ctx.today, self.ctx.now.tzinfo
        body = rng.choice(self.bodies)
        kind = rng.choice(KIND_MIX)
        actions, stage = rng.choice(self.paths[kind])
        back = rng.randint(0, 120) if stage in OPEN or stage == S.INFORMATION else rng.randint(20, 720)
        received = today - dt.timedelta(days=back)
        summary, folded = self.text(kind, body)
        people = rng.choice(PEOPLE) if kind != Kind.DENUNCIATION else 1
        crowd = people >= self.policy.crowd_threshold
        field_id = rng.choice(self.fields) if self.fields else None
        year = received.year
        seq = self.receipt(body, year)
        code = self.lookup_code()
        anonymous = stage == S.INFORMATION
        phone = f"09{i:08d}"  # predictable: the bench looks letter 7 up with 0900000007
        created = dt.datetime.combine(received, dt.time(8, 30), tzinfo=tz)
        letter_id = letters.add(
            [
                body.id, body.path, year, seq, received, rng.choice(CHANNELS),
                kind, "forward" if stage == S.FORWARDED else "ours", field_id, summary, people, crowd, anonymous,
                code, "" if anonymous else self.phone_index(phone), f"{seq}/{year} {folded}", created, created, "", "", "", "",
            ]
        )  # fmt: skip
        handlers = self.staff.get(body.id, [])
        handler = rng.choice(handlers) if handlers and stage != S.INFORMATION else None
        case_id = self.ctx.next_id(Case)
        r = self.replay(kind, body, stage, actions, received, handler, case_id, events)
        overdue_by = (today - r.due).days if r.due and stage in OPEN else 0
        prolonged = overdue_by > self.policy.prolonged_after_days
        for h_rule, h_start, h_due, h_ref in r.history:
            deadlines.add([case_id, h_rule, h_start, h_due, h_ref, created])
        cases.add(
            [
                body.id, body.path, letter_id, kind, 1, stage, handler, field_id, summary, received, r.accepted, r.decided,
                r.closed, r.due, r.rule, r.ref, rng.random() < 0.05, people, crowd, anonymous, prolonged,
                "Quá hạn giải quyết" if prolonged else "", r.late, "", folded, created, created, "",
            ],
            row_id=case_id,
        )  # fmt: skip

    def replay(
        self,
        kind: str,
        body: Any,
        stage: str,
        actions: list[str],
        received: dt.date,
        handler: Any,
        case_id: int,
        events: Any,
    ) -> _Replay:
        """Replay the path: each step a few days after the previous one (never after today), an
        event row per step, the deadline of each step that sets one."""
        out = _Replay()
        if stage != S.INFORMATION:
            out.set_deadline(_first_rule(kind, body.kind), received)
        current = S.CLASSIFYING if stage != S.INFORMATION else S.INFORMATION
        day, tz = received, self.ctx.now.tzinfo
        for action in actions:
            day = min(self.ctx.today, day + dt.timedelta(days=self.rng.randint(1, 12)))
            target = TARGETS[action]
            events.add(
                [
                    case_id,
                    action,
                    current,
                    target,
                    handler,
                    "",
                    dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz),
                ]
            )
            out.step(kind, action, target, day)
            current = target
        return out


def generate(ctx: GenerationContext) -> None:
    total = ctx.count("citizen_cases")
    if not total:
        return
    from dvk.citizens.demo import reference_data

    reference_data()
    gen = _Generator.start(ctx)
    with (
        ctx.writer(Letter, LETTER_FIELDS, total=total, label="citizens.Letter") as letters,
        ctx.writer(Case, CASE_FIELDS, total=total, label="citizens.Case") as cases,
        ctx.writer(CaseEvent, EVENT_FIELDS, label="citizens.CaseEvent") as events,
        ctx.writer(CaseDeadline, DEADLINE_FIELDS, label="citizens.CaseDeadline") as deadlines,
    ):
        for i in range(total):
            gen.case(i, (letters, cases, events, deadlines))
    with ctx.writer(
        ReceiptCounter, ["organisation_id", "year", "last"], label="citizens.ReceiptCounter"
    ) as rc:
        for (org_id, year), last in gen.counters.items():
            rc.add([org_id, year, last])
    _sessions(ctx, gen.rng, gen.bodies, gen.staff, total, gen.policy.crowd_threshold)


def _sessions(ctx: GenerationContext, rng, bodies, staff, total: int, threshold: int) -> None:
    """About one session per 40 cases, each with 1–4 visits; one visit in ten is đông người."""
    count = max(1, total // 40)
    session_fields = [
        "organisation_id",
        "org_path",
        "kind",
        "held_on",
        "place",
        "leader_name",
        "note",
        "created_at",
        "updated_at",
    ]
    visit_fields = ["organisation_id", "org_path", "session_id", "people_count", "crowd", "representatives", "content", "outcome", "created_at", "updated_at"]  # fmt: skip
    with (
        ctx.writer(
            ReceptionSession, session_fields, total=count, label="citizens.ReceptionSession"
        ) as sessions,
        ctx.writer(Visit, visit_fields, label="citizens.Visit") as visits,
    ):
        for _i in range(count):
            body = rng.choice(bodies)
            held = ctx.today - dt.timedelta(days=rng.randint(0, 720))
            at = dt.datetime.combine(held, dt.time(8, 0), tzinfo=ctx.now.tzinfo)
            session_id = sessions.add(
                [body.id, body.path, rng.choice(("regular", "regular", "ad_hoc")), held, "Trụ sở tiếp công dân", "Lãnh đạo " + body.name[:150], "", at, at]
            )  # fmt: skip
            for _v in range(rng.randint(1, 4)):
                people = 12 if rng.random() < 0.1 else rng.randint(1, 3)
                visits.add(
                    [body.id, body.path, session_id, people, people >= threshold, "", "Công dân trình bày kiến nghị, phản ánh", rng.choice(("answered", "guided", "letter")), at, at]
                )  # fmt: skip
