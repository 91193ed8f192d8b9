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
from functools import lru_cache

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


def generate(ctx: GenerationContext) -> None:
    total = ctx.count("citizen_cases")
    if not total:
        return
    from dvk.citizens.demo import reference_data

    reference_data()
    policy = Policy.current()
    rng = ctx.rng_for("citizens")
    fields = list(Field.objects.filter(active=True).values_list("pk", flat=True))
    bodies = [b for b in ctx.bodies if b.suffix in CASE_BODY_SUFFIXES] or list(ctx.bodies)
    commune_names = {c.index: c.name for c in ctx.communes}
    staff: dict[int, list[int]] = {}
    for u in ctx.users:
        if u.role in ("officer", "leader"):
            staff.setdefault(u.body.id, []).append(u.id)
    paths = {kind: _weighted(p) for kind, p in PATHS.items()}
    texts: dict[tuple[str, int, str], tuple[str, str]] = {}
    counters: dict[tuple[int, int], int] = {}
    today = ctx.today
    now = ctx.now
    index_key = None
    try:
        from dvk.vault.keys import keyring

        index_key = keyring().index_key
    except Exception:  # noqa: BLE001 (a vault without keys: letters get no phone index)
        index_key = None

    def phone_index(phone: str) -> str:
        if index_key is None:
            return ""
        return hmac.new(index_key, f"phone\x00{phone}".encode(), hashlib.sha256).hexdigest()

    letter_fields = [
        "organisation_id", "org_path", "year", "seq", "received_on", "channel", "kind", "competence",
        "field_id", "summary", "people_count", "crowd", "anonymous", "lookup_code", "phone_index",
        "search_text", "created_at", "updated_at", "representatives", "petitioner_name", "petitioner_address", "person_index",
    ]  # fmt: skip
    case_fields = [
        "organisation_id", "org_path", "letter_id", "kind", "round", "stage", "handler_id", "field_id",
        "summary", "received_on", "accepted_on", "decided_on", "closed_on", "due_on", "due_rule", "due_ref",
        "complex", "people_count", "crowd", "anonymous", "prolonged", "prolonged_reason", "finished_late",
        "outcome", "search_text", "created_at", "updated_at", "published_answer",
    ]  # fmt: skip
    event_fields = ["case_id", "action", "from_stage", "to_stage", "actor_id", "note", "at"]
    deadline_fields = ["case_id", "rule", "start", "due", "legal_ref", "at"]
    seen_codes: set[str] = set()
    with (
        ctx.writer(Letter, letter_fields, total=total, label="citizens.Letter") as letters,
        ctx.writer(Case, case_fields, total=total, label="citizens.Case") as cases,
        ctx.writer(CaseEvent, event_fields, label="citizens.CaseEvent") as events,
        ctx.writer(CaseDeadline, deadline_fields, label="citizens.CaseDeadline") as deadlines,
    ):
        for _i in range(total):
            body = rng.choice(bodies)
            kind = rng.choice(KIND_MIX)
            actions, stage = rng.choice(paths[kind])
            open_case = stage in OPEN or stage == S.INFORMATION
            back = rng.randint(0, 120) if open_case else rng.randint(20, 720)
            received = today - dt.timedelta(days=back)
            place = commune_names.get(body.commune, "") if body.commune is not None else "tỉnh"
            key = (kind, rng.randrange(len(TEXTS[kind])), place)
            if key not in texts:
                summary = TEXTS[kind][key[1]].format(c=place or "địa phương")
                texts[key] = (summary, fold(summary))
            summary, folded = texts[key]
            people = rng.choice((1, 1, 1, 1, 1, 2, 3, 5, 8, 15)) if kind != Kind.DENUNCIATION else 1
            crowd = people >= policy.crowd_threshold
            field_id = rng.choice(fields) if fields else None
            year = received.year
            seq = counters.get((body.id, year), 0) + 1
            counters[(body.id, year)] = seq
            code = new_lookup_code()
            while code in seen_codes:
                code = new_lookup_code()
            seen_codes.add(code)
            anonymous = stage == S.INFORMATION
            phone = f"09{_i:08d}"  # predictable: the bench looks letter 7 up with 0900000007
            created = dt.datetime.combine(received, dt.time(8, 30), tzinfo=now.tzinfo)
            letter_id = letters.add(
                [
                    body.id, body.path, year, seq, received, rng.choice(("in_person", "post", "post", "public_form", "national_portal")),
                    kind, "forward" if stage == S.FORWARDED else "ours", field_id, summary, people, crowd, anonymous,
                    code, "" if anonymous else phone_index(phone), fold(f"{seq}/{year} {summary}"), created, created, "", "", "", "",
                ]
            )  # fmt: skip
            handlers = staff.get(body.id, [])
            handler = rng.choice(handlers) if handlers and stage != S.INFORMATION else None
            case_id = ctx.next_id(Case)
            # Replay the path: each step happens a few days after the previous one.
            day = received
            accepted = decided = closed = None
            due = None
            rule = ""
            ref = ""
            late = False
            history = []
            if stage != S.INFORMATION:
                rule = _first_rule(kind, body.kind)
                due, ref = _deadline(rule, received)
                history.append((rule, received, due, ref))
            current = S.CLASSIFYING if stage != S.INFORMATION else S.INFORMATION
            for action in actions:
                day = min(today, day + dt.timedelta(days=rng.randint(1, 12)))
                if due and day > due:
                    late = True
                target = TARGETS[action]
                at = dt.datetime.combine(day, dt.time(9, 0), tzinfo=now.tzinfo)
                events.add([case_id, action, current, target, handler, "", at])
                current = target
                if action == "accept":
                    accepted = day
                    resolution = _resolution_rule(kind)
                    if resolution:
                        rule = resolution
                        due, ref = _deadline(rule, day)
                        history.append((rule, day, due, ref))
                elif action in ("decide", "conclude", "answer"):
                    decided = day
                    due, rule, ref = None, "", ""
                if target in (S.CLOSED, S.REFUSED, S.FORWARDED, S.GUIDED, S.ANSWERED):
                    closed = day
                    due, rule, ref = None, "", ""
            overdue_by = (today - due).days if due and stage in OPEN else 0
            prolonged = overdue_by > policy.prolonged_after_days
            for h_rule, h_start, h_due, h_ref in history:
                deadlines.add([case_id, h_rule, h_start, h_due, h_ref, created])
            cases.add(
                [
                    body.id, body.path, letter_id, kind, 1, stage, handler, field_id, summary, received, accepted, decided,
                    closed, due, rule, ref, rng.random() < 0.05, people, crowd, anonymous, prolonged,
                    "Quá hạn giải quyết" if prolonged else "", late, "", folded, created, created, "",
                ],
                row_id=case_id,
            )  # fmt: skip
    with ctx.writer(
        ReceiptCounter, ["organisation_id", "year", "last"], label="citizens.ReceiptCounter"
    ) as rc:
        for (org_id, year), last in counters.items():
            rc.add([org_id, year, last])
    _sessions(ctx, rng, bodies, staff, total, policy.crowd_threshold)


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
