"""Scale data for voter petitions (DomainAppConfig.generator, run by `generate_data`).

Each province's People's Council gets a term, four regular sessions (three past and closed, the
current one open) and a planned next one; each session has voter meetings in the province's
communes (co-hosted by the commune's MTTQ). `ctx.count("voter_petitions")` petitions are spread
over the meetings; their stage follows the session's age (older sessions mostly answered), with
one to two forwards each to the province's departments, its UBND or the commune's UBND, answers
with every result, on-time and late, and carry-over rows for what older sessions left
unresolved. Rows are written as save() would (org_path/org_root, local_path, search_text).
Each petition and forward gets the event rows of the workflow path to its stage (classify, forward,
complete, close, mark_repeat, carry_over; a forward's answer), dated along the session, as the
demo's history shows them. (A carried-over roadmap answer stays "answered" with its CarryOver row and
no carry_over event: the service would have put it back to "forwarded".)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dvk.core.text import fold
from dvk.organisations.scoping import province_root
from dvk.scale.context import GenerationContext
from dvk.scale.spec import split_evenly
from dvk.voters.models import (
    CarryOver,
    Forward,
    ForwardEvent,
    Meeting,
    Petition,
    PetitionEvent,
    Session,
    Term,
)
from dvk.voters.workflow import Outcome

TEXTS = (
    "Đề nghị sửa chữa tuyến đường liên xã {c} bị xuống cấp",
    "Đề nghị hỗ trợ kinh phí xây dựng nhà văn hóa thôn tại {c}",
    "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân {c}",
    "Đề nghị nạo vét kênh mương nội đồng phục vụ sản xuất tại {c}",
    "Đề nghị đầu tư trạm y tế {c} đạt chuẩn quốc gia",
    "Đề nghị bố trí giáo viên cho điểm trường lẻ {c}",
    "Đề nghị xử lý tình trạng khai thác cát trái phép gần {c}",
    "Đề nghị tăng phụ cấp cho người hoạt động không chuyên trách ở {c}",
    "Đề nghị lắp đặt hệ thống chiếu sáng công cộng tại {c}",
    "Đề nghị giải quyết dứt điểm tranh chấp đất đai tại {c}",
)
FIELDS = (
    "infrastructure",
    "culture",
    "land",
    "agriculture",
    "health",
    "education",
    "environment",
    "social",
    "infrastructure",
    "land",
)
# (stage, outcome) mix by session age: index 0 = the current session
MIX = {
    0: [
        ("recorded", ""),
        ("classified", ""),
        ("forwarded", ""),
        ("forwarded", ""),
        ("answered", Outcome.RESOLVED),
        ("repeat", ""),
    ],
    1: [
        ("forwarded", ""),
        ("answered", Outcome.RESOLVED),
        ("answered", Outcome.ROADMAP),
        ("answered", Outcome.EXPLAINED),
        ("answered", Outcome.CANNOT),
        ("closed", Outcome.RESOLVED),
    ],
}
OLD = [
    ("closed", Outcome.RESOLVED),
    ("closed", Outcome.EXPLAINED),
    ("answered", Outcome.CANNOT),
    ("closed", Outcome.RESOLVED),
    ("answered", Outcome.ROADMAP),
]


EVENT_FIELDS = ["action", "from_stage", "to_stage", "actor_id", "note", "at"]
_CLASSIFY, _FORWARD = ("classify", "recorded", "classified"), ("forward", "classified", "forwarded")
_COMPLETE, _CLOSE = ("complete", "forwarded", "answered"), ("close", "answered", "closed")
# The workflow path (workflow.PETITION_WORKFLOW) to each generated stage: (action, from, to).
PATHS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "recorded": (),
    "classified": (_CLASSIFY,),
    "repeat": (("mark_repeat", "recorded", "repeat"),),
    "forwarded": (_CLASSIFY, _FORWARD),
    "answered": (_CLASSIFY, _FORWARD, _COMPLETE),
    "closed": (_CLASSIFY, _FORWARD, _COMPLETE, _CLOSE),
}


AGES = (10, 190, 370, 550)  # days since each generated session opened: the current one first

PFIELDS = [
    "meeting_id",
    "session_id",
    "due_session_id",
    "term_id",
    "organisation_id",
    "org_path",
    "org_root",
    "local_path",
    "kind",
    "text",
    "raised_by",
    "field",
    "level",
    "stage",
    "outcome",
    "satisfaction",
    "satisfaction_note",
    "repeat_of_id",
    "carried_over",
    "search_text",
    "created_at",
    "updated_at",
]
FFIELDS = [
    "petition_id",
    "organisation_id",
    "org_path",
    "org_root",
    "council_path",
    "sent_on",
    "due_on",
    "stage",
    "outcome",
    "answer",
    "target_date",
    "reason",
    "document_number",
    "answered_on",
    "created_at",
    "updated_at",
]


def generate(ctx: GenerationContext) -> None:
    total = ctx.count("voter_petitions")
    if not total or not ctx.provinces:
        return
    rng = ctx.rng_for("voters")
    per_province = split_evenly(total, len(ctx.provinces), [len(p.communes) + 1 for p in ctx.provinces])
    sessions = _sessions(ctx)
    meetings = _meetings(ctx, rng, sessions)
    by_province: dict[int, list] = {}
    for m in meetings:
        by_province.setdefault(m[0].index, []).append(m)
    with (
        ctx.writer(Petition, PFIELDS, total=total, label="voters.Petition") as pw,
        ctx.writer(Forward, FFIELDS, label="voters.Forward") as fw,
        ctx.writer(
            CarryOver, ["petition_id", "from_session_id", "to_session_id", "at"], label="voters.CarryOver"
        ) as cw,
        ctx.writer(PetitionEvent, ["petition_id", *EVENT_FIELDS], label="voters.PetitionEvent") as pe,
        ctx.writer(ForwardEvent, ["forward_id", *EVENT_FIELDS], label="voters.ForwardEvent") as fe,
    ):
        out = _Writers(pw=pw, fw=fw, cw=cw, pe=pe, fe=fe)
        for province, n in zip(ctx.provinces, per_province, strict=True):
            ms = by_province.get(province.index, [])
            if ms:
                _province_petitions(ctx, rng, out, province, ms, n)


def _sessions(ctx: GenerationContext) -> list:
    """Per province: the HĐND term, four regular sessions (the open one first) and the next one."""
    now, today = ctx.now, ctx.today
    terms, sessions = [], []
    with (
        ctx.writer(
            Term,
            [
                "organisation_id",
                "org_path",
                "org_root",
                "name",
                "starts_on",
                "answer_lead_days",
                "created_at",
                "updated_at",
            ],
            label="voters.Term",
        ) as tw,
        ctx.writer(
            Session,
            [
                "term_id",
                "organisation_id",
                "org_path",
                "org_root",
                "number",
                "kind",
                "opens_on",
                "closes_on",
                "stage",
                "answers_published_at",
                "created_at",
                "updated_at",
            ],
            label="voters.Session",
        ) as sw,
    ):
        for province in ctx.provinces:
            hdnd = province.bodies["HDND"]
            term_id = tw.add(
                [
                    hdnd.id,
                    hdnd.path,
                    province_root(hdnd.path),
                    "Khóa XIX, nhiệm kỳ 2021–2026",
                    dt.date(2021, 6, 1),
                    15,
                    now,
                    now,
                ]
            )
            ids = []
            for age, days in enumerate((10, 190, 370, 550)):
                opens = today - dt.timedelta(days=days)
                stage = "open" if age == 0 else "closed"
                ids.append(
                    sw.add(
                        [
                            term_id,
                            hdnd.id,
                            hdnd.path,
                            province_root(hdnd.path),
                            20 - age,
                            "regular",
                            opens,
                            opens + dt.timedelta(days=2),
                            stage,
                            now if age >= 1 else None,
                            now,
                            now,
                        ]
                    )
                )
            nxt = sw.add(
                [
                    term_id,
                    hdnd.id,
                    hdnd.path,
                    province_root(hdnd.path),
                    21,
                    "regular",
                    today + dt.timedelta(days=170),
                    None,
                    "planned",
                    None,
                    now,
                    now,
                ]
            )
            terms.append(term_id)
            sessions.append((province, hdnd, term_id, ids, nxt))
    return sessions


def _meetings(ctx: GenerationContext, rng: Any, sessions: list) -> list:
    """A voter meeting in every commune before every session."""
    now, today = ctx.now, ctx.today
    meetings = []
    fields = [
        "session_id",
        "term_id",
        "organisation_id",
        "org_path",
        "org_root",
        "timing",
        "held_on",
        "place",
        "front_id",
        "local_path",
        "voters_present",
        "notes",
        "created_at",
        "updated_at",
    ]
    with ctx.writer(Meeting, fields, label="voters.Meeting") as mw:
        for province, hdnd, term_id, ids, _nxt in sessions:
            for age, sid in enumerate(ids):
                opens = today - dt.timedelta(days=(10, 190, 370, 550)[age])
                for commune in province.communes:
                    front = next(b for b in commune.bodies if b.suffix == "MTTQ")
                    mid = mw.add(
                        [
                            sid,
                            term_id,
                            hdnd.id,
                            hdnd.path,
                            province_root(hdnd.path),
                            "before",
                            opens - dt.timedelta(days=rng.randint(5, 25)),
                            f"Hội trường UBND {commune.name}",
                            front.id,
                            front.path,
                            rng.randint(40, 250),
                            "",
                            now,
                            now,
                        ]
                    )
                    meetings.append((province, commune, hdnd, term_id, sid, age, ids, mid))
    return meetings


@dataclass
class _Writers:
    pw: Any  # petitions
    fw: Any  # forwards
    cw: Any  # carry-overs
    pe: Any  # petition events
    fe: Any  # forward events


def _province_petitions(
    ctx: GenerationContext, rng: Any, out: _Writers, province: Any, ms: list, n: int
) -> None:
    answerers = [
        province.bodies[s] for s in ("UBND", "SNV", "SNNMT", "SGDDT", "SYT", "STC") if s in province.bodies
    ]
    last_primary: dict[int, int] = {}
    for i in range(n):
        _p, commune, hdnd, term_id, sid, age, ids, mid = ms[i % len(ms)]
        stage, outcome = rng.choice(MIX.get(age, OLD))
        k = rng.randrange(len(TEXTS))
        level = "commune" if k in (1, 8) else "province"
        due_sid, carried = sid, 0
        if age >= 1 and (stage == "forwarded" or outcome == Outcome.ROADMAP):
            due_sid, carried = ids[0], 1  # unresolved: carried over into the current session
        repeat_of = None
        if stage == "repeat":
            repeat_of = last_primary.get(sid)
            if repeat_of is None:
                stage = "recorded"
        row = _Row(ms[i % len(ms)], i, k, stage, outcome, level, due_sid, carried, repeat_of)
        pid = _petition(ctx, out, row)
        if stage in ("classified", "recorded"):
            last_primary[sid] = pid
        _history(ctx, out, row, pid)
        if stage in ("forwarded", "answered", "closed"):
            _forwards(ctx, rng, out, row, pid, _bodies(rng, row, answerers))


@dataclass
class _Row:
    meeting: tuple  # (province, commune, hdnd, term_id, session id, age, session ids, meeting id)
    i: int
    k: int  # the text's index in TEXTS
    stage: str
    outcome: str
    level: str
    due_sid: int
    carried: int
    repeat_of: int | None


def _petition(ctx: GenerationContext, out: _Writers, row: _Row) -> int:
    _p, commune, hdnd, term_id, sid, _age, _ids, mid = row.meeting
    front = next(b for b in commune.bodies if b.suffix == "MTTQ")
    text = TEXTS[row.k].format(c=commune.name)
    stage, now = row.stage, ctx.now
    return out.pw.add(
        [
            mid,
            sid,
            row.due_sid,
            term_id,
            hdnd.id,
            hdnd.path,
            province_root(hdnd.path),
            front.path,
            "opinion" if row.i % 9 == 0 else "petition",
            text,
            "",
            FIELDS[row.k] if stage != "recorded" else "",
            row.level if stage != "recorded" else "",
            stage,
            row.outcome if stage in ("answered", "closed") else "",
            "satisfied" if stage == "closed" else "",
            "",
            row.repeat_of,
            row.carried,
            fold(text),
            now,
            now,
        ]
    )


def _history(ctx: GenerationContext, out: _Writers, row: _Row, pid: int) -> None:
    """The petition's workflow events to its stage, and its carry-over."""
    now, sid, age, ids = ctx.now, row.meeting[4], row.meeting[5], row.meeting[6]
    days_ago = AGES[age]
    for n_step, (action, before, after) in enumerate(PATHS[row.stage]):
        at = now - dt.timedelta(days=max(0, days_ago - 5 - 30 * n_step))
        out.pe.add([pid, action, before, after, None, "", at], row_id=None)
    if row.carried:
        out.cw.add([pid, sid, ids[0], now], row_id=None)
        if row.stage != "answered":  # a carried roadmap answer keeps its stage (see the docstring)
            carried_at = now - dt.timedelta(days=10)
            out.pe.add([pid, "carry_over", row.stage, row.stage, None, "", carried_at], row_id=None)


def _bodies(rng: Any, row: _Row, answerers: list) -> list:
    commune = row.meeting[1]
    bodies = (
        [next(b for b in commune.bodies if b.suffix == "UBND")]
        if row.level == "commune"
        else [rng.choice(answerers)]
    )
    if rng.random() < 0.2 and row.level == "province":
        bodies.append(rng.choice([a for a in answerers if a.id != bodies[0].id] or answerers))
    return list({x.id: x for x in bodies}.values())


def _forwards(ctx: GenerationContext, rng: Any, out: _Writers, row: _Row, pid: int, bodies: list) -> None:
    now, today, hdnd, age = ctx.now, ctx.today, row.meeting[2], row.meeting[5]
    opens = today - dt.timedelta(days=AGES[age])
    due = opens + dt.timedelta(days=165)
    outcome = row.outcome
    for b in bodies:
        if row.stage == "forwarded":
            out.fw.add(
                [
                    pid,
                    b.id,
                    b.path,
                    province_root(b.path),
                    hdnd.path,
                    opens + dt.timedelta(days=10),
                    due,
                    "sent",
                    "",
                    "",
                    None,
                    "",
                    "",
                    None,
                    now,
                    now,
                ]
            )
            continue
        late = rng.random() < 0.25
        answered_on = (
            due + dt.timedelta(days=rng.randint(1, 20))
            if late
            else due - dt.timedelta(days=rng.randint(1, 60))
        )
        fid = out.fw.add(
            [
                pid,
                b.id,
                b.path,
                province_root(b.path),
                hdnd.path,
                opens + dt.timedelta(days=10),
                due,
                "answered",
                outcome,
                "Đã xem xét, trả lời cử tri.",
                today + dt.timedelta(days=200) if outcome == Outcome.ROADMAP else None,
                "Chưa cân đối được nguồn lực." if outcome == Outcome.CANNOT else "",
                f"{pid}/UBND-TH",
                min(answered_on, today),
                now,
                now,
            ]
        )
        at = now - dt.timedelta(days=max(0, (today - min(answered_on, today)).days))
        out.fe.add([fid, "answer", "sent", "answered", None, "", at], row_id=None)
