"""Scale data of the Front (DomainAppConfig.generator, run by `generate_data`): supervision
programmes, supervisions (teams, recommendations in every stage, some escalated) and critiques of
drafts with their versions, units, invitations, comments and answers.

Sizes come from the scale spec (`front_supervisions`, `front_recommendations`, `front_critiques`,
`front_comments`); a spec without them gets the defaults below (province: 10,000 critique
comments; national: 300,000). Rows are consistent with the workflows: recommendations past
"open" have an answer, escalated ones a target body and date; a critique from "sent" on has its
numbered document, from "explained" on every shown comment is answered. Event rows replay each
critique's path from "received". Text is NFC; paths are what save() would store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dvk.core.text import fold
from dvk.front.models import (
    Comment,
    Critique,
    CritiqueEvent,
    DraftUnit,
    DraftVersion,
    Invitation,
    Programme,
    Recommendation,
    RecommendationEvent,
    Supervision,
    TeamMember,
)
from dvk.front.workflow import CritiqueStage, RecommendationStage, SupervisionStage
from dvk.scale import names
from dvk.scale.context import BodyRef, GenerationContext

DEFAULTS = {
    "tiny": {
        "front_supervisions": 12,
        "front_recommendations": 36,
        "front_critiques": 4,
        "front_comments": 80,
    },
    "small": {
        "front_supervisions": 60,
        "front_recommendations": 200,
        "front_critiques": 20,
        "front_comments": 1_000,
    },
    "province": {
        "front_supervisions": 600,
        "front_recommendations": 2_000,
        "front_critiques": 150,
        "front_comments": 10_000,
    },
    "national": {
        "front_supervisions": 20_000,
        "front_recommendations": 60_000,
        "front_critiques": 3_000,
        "front_comments": 300_000,
    },
}
C, R, S = CritiqueStage, RecommendationStage, SupervisionStage
CRITIQUE_PATH = [
    ("accept", C.RECEIVED, C.COLLECTING),
    ("hold_conference", C.COLLECTING, C.CONFERENCE),
    ("send", C.CONFERENCE, C.SENT),
    ("complete", C.SENT, C.EXPLAINED),
    ("publish", C.EXPLAINED, C.PUBLISHED),
]
CRITIQUE_MIX = [
    (C.RECEIVED, 5),
    (C.COLLECTING, 15),
    (C.CONFERENCE, 5),
    (C.SENT, 20),
    (C.EXPLAINED, 10),
    (C.PUBLISHED, 45),
]
REC_MIX = [(R.OPEN, 25), (R.ESCALATED, 10), (R.ANSWERED, 15), (R.CLOSED, 50)]
TOPICS = (
    "chính sách hỗ trợ hộ nghèo",
    "bồi thường, giải phóng mặt bằng",
    "xây dựng nông thôn mới",
    "thu, chi ngân sách xã",
    "cải cách thủ tục hành chính",
    "bảo vệ môi trường",
    "chăm sóc sức khỏe Nhân dân",
)
ARTICLES = (
    ("Phạm vi điều chỉnh", "Văn bản này quy định {t} trên địa bàn tỉnh."),
    ("Đối tượng áp dụng", "Cơ quan, tổ chức, hộ gia đình, cá nhân có liên quan đến {t}."),
    ("Nguyên tắc thực hiện", "Bảo đảm công khai, minh bạch, đúng đối tượng."),
    ("Mức hỗ trợ", "Mức hỗ trợ tối đa không quá 50 triệu đồng."),
    ("Hồ sơ, thủ tục", "Hồ sơ gồm đơn đề nghị và các giấy tờ chứng minh."),
    ("Kinh phí thực hiện", "Kinh phí từ ngân sách tỉnh và các nguồn hợp pháp khác."),
    ("Tổ chức thực hiện", "Ủy ban nhân dân tỉnh tổ chức thực hiện."),
)


def _count(ctx: GenerationContext, key: str) -> int:
    return ctx.count(key) or DEFAULTS.get(ctx.spec.name, DEFAULTS["small"])[key]


def _pick(rng, mix):
    total = sum(w for _v, w in mix)
    x = rng.uniform(0, total)
    for value, weight in mix:
        x -= weight
        if x <= 0:
            return value
    return mix[-1][0]


@dataclass
class _Run:
    """What every part of the Front's generation reads."""

    ctx: GenerationContext
    rng: Any
    creator: dict[int, int]  # body id -> a user of that body
    any_user: int
    now: dt.datetime
    today: dt.date
    fronts: list[tuple[BodyRef, list[BodyRef], BodyRef | None]]  # (front, bodies it supervises, party)
    province_fronts: list[tuple[BodyRef, list[BodyRef], BodyRef | None]]


def generate(ctx: GenerationContext) -> None:
    rng = ctx.rng_for("front")
    if not ctx.provinces or not ctx.users:
        return
    fronts = _fronts(ctx)
    run = _Run(
        ctx=ctx,
        rng=rng,
        creator={u.body.id: u.id for u in ctx.users},
        any_user=ctx.users[0].id,
        now=ctx.now,
        today=ctx.today,
        fronts=fronts,
        province_fronts=fronts[: len(ctx.provinces)],
    )
    sup_rows = _supervisions(run, _programmes(run))
    _recommendations(run, sup_rows)
    _critiques(run)


def _fronts(ctx: GenerationContext) -> list[tuple[BodyRef, list[BodyRef], BodyRef | None]]:
    fronts: list[tuple[BodyRef, list[BodyRef], BodyRef | None]] = []
    for p in ctx.provinces:
        b = p.bodies
        targets = [b[s] for s in ("SNV", "SNNMT", "SGDDT", "SYT", "STC", "UBND") if s in b]
        if "MTTQ" in b:
            fronts.append((b["MTTQ"], targets, b.get("TU")))
    for commune in ctx.communes:
        by_suffix = {x.suffix: x for x in commune.bodies}
        if "MTTQ" in by_suffix and "UBND" in by_suffix:
            fronts.append((by_suffix["MTTQ"], [by_suffix["UBND"]], by_suffix.get("DU")))
    return fronts


# --- programmes and supervisions ------------------------------------------------------------------------


def _programmes(run: _Run) -> dict[int, int]:
    ctx, today, now, creator, any_user = run.ctx, run.today, run.now, run.creator, run.any_user
    programme_of: dict[int, int] = {}
    with ctx.writer(
        Programme,
        [
            "organisation_id",
            "year",
            "title",
            "description",
            "org_path",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
    ) as w:
        for front, _t, _p in run.province_fronts:
            programme_of[front.id] = w.add(
                [
                    front.id,
                    today.year,
                    f"Chương trình giám sát năm {today.year} của {front.name}",
                    "",
                    front.path,
                    creator.get(front.id, any_user),
                    now,
                    now,
                ]
            )
    return programme_of


SupRow = tuple[int, BodyRef, BodyRef, "BodyRef | None", str, dt.date]


def _supervision_kind(run: _Run, front: BodyRef) -> str:
    rng = run.rng
    commune_level = front not in [f for f, _t, _p in run.province_fronts]
    return (
        rng.choice(["people_inspection", "community_investment"])
        if commune_level and rng.random() < 0.6
        else rng.choice(["team", "team", "documents"])
    )


def _supervisions(run: _Run, programme_of: dict[int, int]) -> list[SupRow]:
    ctx, rng, today, now = run.ctx, run.rng, run.today, run.now
    creator, any_user, fronts, province_fronts = run.creator, run.any_user, run.fronts, run.province_fronts
    n_sup = _count(ctx, "front_supervisions")
    sup_rows: list[tuple[int, BodyRef, BodyRef, BodyRef | None, str, dt.date]] = []
    sup_fields = [
        "programme_id",
        "organisation_id",
        "kind",
        "title",
        "supervised_id",
        "plan",
        "decision_number",
        "decision_date",
        "notice_on",
        "findings",
        "reported_on",
        "escalate_to_id",
        "stage",
        "org_path",
        "supervised_path",
        "search_text",
        "created_by_id",
        "created_at",
        "updated_at",
    ]
    with (
        ctx.writer(Supervision, sup_fields, total=n_sup, label="front.Supervision") as w,
        ctx.writer(
            TeamMember,
            ["supervision_id", "name", "position", "organisation_id", "is_lead", "order"],
            with_ids=True,
        ) as team,
    ):
        for i in range(n_sup):
            front, targets, party = fronts[i % len(fronts)] if i % 3 else rng.choice(province_fronts)
            supervised = rng.choice(targets)
            kind = _supervision_kind(run, front)
            stage = S.CLOSED if rng.random() < 0.5 else S.REPORTED
            reported = today - dt.timedelta(days=rng.randint(10, 300))
            title = f"Giám sát {rng.choice(TOPICS)} tại {supervised.name}"
            sid = w.add(
                [
                    programme_of.get(front.id),
                    front.id,
                    kind,
                    title,
                    supervised.id,
                    "",
                    f"{i + 1}/QĐ-MTTQ-BTT",
                    reported - dt.timedelta(days=30),
                    reported - dt.timedelta(days=25),
                    "Kết quả giám sát: cơ bản thực hiện đúng quy định; còn một số tồn tại.",
                    reported,
                    party.id if party else None,
                    stage,
                    front.path,
                    supervised.path,
                    fold(title),
                    creator.get(front.id, any_user),
                    now,
                    now,
                ]
            )
            sup_rows.append((sid, front, supervised, party, stage, reported))
            if kind == "team":
                for k in range(3):
                    team.add([sid, names.person_name(rng)[0], "Thành viên đoàn", front.id, k == 0, k])

    return sup_rows


def _recommendations(run: _Run, sup_rows: list[SupRow]) -> None:
    ctx, rng, today, now, creator = run.ctx, run.rng, run.today, run.now, run.creator
    n_rec = _count(ctx, "front_recommendations")
    rec_fields = [
        "supervision_id",
        "organisation_id",
        "addressee_id",
        "number",
        "text",
        "due_on",
        "stage",
        "response",
        "answered_on",
        "escalated_to_id",
        "escalated_on",
        "closed_on",
        "org_path",
        "addressee_path",
        "escalated_path",
        "created_at",
        "updated_at",
    ]
    with (
        ctx.writer(Recommendation, rec_fields, total=n_rec, label="front.Recommendation") as w,
        ctx.writer(
            RecommendationEvent,
            ["recommendation_id", "action", "from_stage", "to_stage", "actor_id", "note", "at"],
        ) as events,
    ):
        for i in range(n_rec):
            sid, front, supervised, party, sup_stage, reported = sup_rows[i % len(sup_rows)]
            rstage: str = R.CLOSED if sup_stage == S.CLOSED else _pick(rng, REC_MIX)
            due = reported + dt.timedelta(days=30)
            if rstage == R.OPEN and rng.random() < 0.5:
                due = today + dt.timedelta(days=rng.randint(1, 40))
            escalated = rstage == R.ESCALATED and party is not None
            if rstage == R.ESCALATED and party is None:
                rstage = R.OPEN
            answered = rstage in (R.ANSWERED, R.CLOSED)
            rid = w.add(
                [
                    sid,
                    front.id,
                    supervised.id,
                    i // len(sup_rows) + 1,
                    f"Đề nghị {supervised.name} khắc phục tồn tại về {rng.choice(TOPICS)}.",
                    due,
                    rstage,
                    "Đơn vị đã tiếp thu và khắc phục." if answered else "",
                    due - dt.timedelta(days=3) if answered else None,
                    party.id if escalated and party else None,
                    due + dt.timedelta(days=1) if escalated else None,
                    due if rstage == R.CLOSED else None,
                    front.path,
                    supervised.path,
                    party.path if escalated and party else "",
                    now,
                    now,
                ]
            )
            at = now - dt.timedelta(days=rng.randint(1, 200))
            if escalated:
                events.add([rid, "escalate", R.OPEN, R.ESCALATED, None, "", at])
            if answered:
                events.add(
                    [
                        rid,
                        "answer",
                        R.ESCALATED if escalated else R.OPEN,
                        R.ANSWERED,
                        creator.get(supervised.id),
                        "",
                        at,
                    ]
                )
            if rstage == R.CLOSED:
                events.add([rid, "accept", R.ANSWERED, R.CLOSED, creator.get(front.id), "", at])


# --- critiques -----------------------------------------------------------------------------------------

CRIT_FIELDS = [
    "organisation_id",
    "drafting_body_id",
    "title",
    "explanatory_note",
    "received_on",
    "stage",
    "form",
    "lead_id",
    "public_comments",
    "window_opens",
    "window_closes",
    "publish_required",
    "document_number",
    "document_date",
    "document_text",
    "answer_due_on",
    "published_on",
    "org_path",
    "drafting_path",
    "search_text",
    "created_by_id",
    "created_at",
    "updated_at",
]
UNIT_FIELDS = [
    "version_id",
    "parent_id",
    "article_id",
    "kind",
    "key",
    "number",
    "label",
    "heading",
    "text",
    "order",
    "depth",
]
COMMENT_FIELDS = [
    "critique_id",
    "version_id",
    "unit_id",
    "source",
    "organisation_id",
    "author_name",
    "text",
    "moderation",
    "answer",
    "explanation",
    "answered_by_id",
    "answered_at",
    "created_by_id",
    "order",
    "created_at",
    "updated_at",
]
STAGE_ORDER: list[str] = [s for s, _w in CRITIQUE_MIX]


@dataclass
class _Draft:
    """One generated critique, as its comments need it."""

    id: int
    stage: str
    front_user: int
    drafting: BodyRef
    topic: str
    sent: bool
    versions: list[int] = field(default_factory=list)
    first_units: list[tuple[int, int]] = field(default_factory=list)  # (unit id, order) of version 1


def _critique(run: _Run, cw: Any, i: int, numbers: dict[int, int]) -> _Draft:
    rng, today, now, creator, any_user = run.rng, run.today, run.now, run.creator, run.any_user
    front, targets, _party = (
        run.province_fronts[i % len(run.province_fronts)]
        if rng.random() < 0.7
        else run.fronts[i % len(run.fronts)]
    )
    drafting = rng.choice(targets)
    stage = _pick(rng, CRITIQUE_MIX)
    received = today - dt.timedelta(days=rng.randint(5, 360))
    topic = rng.choice(TOPICS)
    title = f"Dự thảo Nghị quyết quy định {topic} (số {i + 1})"
    sent = stage in (C.SENT, C.EXPLAINED, C.PUBLISHED)
    number = ""
    if sent:
        numbers[front.id] = numbers.get(front.id, 0) + 1
        number = f"{numbers[front.id]}/{'MTTQ'}-BTT"
    lead = creator.get(front.id)
    cid = cw.add(
        [
            front.id,
            drafting.id,
            title,
            "Tờ trình kèm theo dự thảo.",
            received,
            stage,
            "" if stage == C.RECEIVED else "conference",
            lead if stage != C.RECEIVED else None,
            rng.random() < 0.3,
            received + dt.timedelta(days=2),
            received + dt.timedelta(days=20),
            True,
            number,
            received + dt.timedelta(days=25) if sent else None,
            "Văn bản phản biện xã hội." if sent else "",
            received + dt.timedelta(days=40) if sent else None,
            received + dt.timedelta(days=50) if stage == C.PUBLISHED else None,
            front.path,
            drafting.path,
            fold(title),
            creator.get(drafting.id, any_user),
            now,
            now,
        ]
    )
    return _Draft(id=cid, stage=stage, front_user=lead or any_user, drafting=drafting, topic=topic, sent=sent)


def _critique_events(ew: Any, d: _Draft, now: dt.datetime) -> None:
    """The critique's path from "received" to its stage."""
    if d.stage == C.RECEIVED:
        return
    for action, src, dst in CRITIQUE_PATH:
        if STAGE_ORDER.index(dst) > STAGE_ORDER.index(d.stage):
            break
        ew.add([d.id, action, src, dst, d.front_user, "", now])


def _versions(run: _Run, vw: Any, uw: Any, d: _Draft) -> None:
    """Version 1 (and 2 once explained) with 7 articles of 2 clauses each."""
    now, author = run.now, run.creator.get(d.drafting.id, run.any_user)
    d.versions = [vw.add([d.id, 1, "", "text", author, now, now])]
    if d.stage in (C.EXPLAINED, C.PUBLISHED):
        d.versions.append(vw.add([d.id, 2, "Tiếp thu ý kiến phản biện.", "text", author, now, now]))
    for v_index, vid in enumerate(d.versions):
        order = 0
        for a, (heading, text) in enumerate(ARTICLES, start=1):
            order += 1
            aid = run.ctx.next_id(DraftUnit)
            body = text.format(t=d.topic) + (" (sửa đổi)" if v_index and a == 4 else "")
            uw.add(
                [vid, None, None, "article", f"d{a}", str(a), f"Điều {a}", heading, body, order, 3],
                row_id=aid,
            )
            if v_index == 0:
                d.first_units.append((aid, order))
            for k in (1, 2):
                order += 1
                kid = uw.add(
                    [
                        vid,
                        aid,
                        aid,
                        "clause",
                        f"d{a}/k{k}",
                        str(k),
                        f"Điều {a}, khoản {k}",
                        "",
                        f"Nội dung khoản {k} Điều {a}.",
                        order,
                        4,
                    ]
                )
                if v_index == 0:
                    d.first_units.append((kid, order))


def _moderation_and_answer(rng: Any, d: _Draft, source: str) -> tuple[str, str]:
    moderation = (
        "approved" if source != "public" else ("approved" if d.sent or rng.random() < 0.7 else "pending")
    )
    answered_all = d.stage in (C.EXPLAINED, C.PUBLISHED)
    answer = ""
    if moderation == "approved" and (answered_all or (d.stage == C.SENT and rng.random() < 0.5)):
        answer = rng.choice(["accepted", "accepted", "partly", "not_accepted"])
    return moderation, answer


def _comment_author(run: _Run, d: _Draft, source: str, org: BodyRef | None) -> int | None:
    if org:
        return run.creator.get(org.id, d.front_user)
    return d.front_user if source != "public" else None


def _comments(run: _Run, mw: Any, d: _Draft, invited: list[BodyRef], count: int) -> None:
    rng, now = run.rng, run.now
    for k in range(count):
        unit_id, order = rng.choice(d.first_units)
        source = rng.choice(["member", "member", "expert", "conference", "public"])
        org = rng.choice(invited) if source == "member" and invited else None
        moderation, answer = _moderation_and_answer(rng, d, source)
        mw.add(
            [
                d.id,
                d.versions[0],
                unit_id,
                source,
                org.id if org else None,
                "" if org else ("Chuyên gia" if source == "expert" else "Người dân"),
                f"Góp ý số {k + 1}: đề nghị làm rõ nội dung về {d.topic}.",
                moderation,
                answer,
                ""
                if answer in ("", "accepted")
                else "Giải trình: giữ như dự thảo vì phù hợp quy định hiện hành.",
                run.creator.get(d.drafting.id, run.any_user) if answer else None,
                now if answer else None,
                _comment_author(run, d, source, org),
                order,
                now,
                now,
            ]
        )


def _critiques(run: _Run) -> None:
    ctx = run.ctx
    n_crit = _count(ctx, "front_critiques")
    n_comments = _count(ctx, "front_comments")
    per_critique = max(1, n_comments // max(1, n_crit))
    numbers: dict[int, int] = {}
    written = 0
    with (
        ctx.writer(Critique, CRIT_FIELDS, total=n_crit, label="front.Critique") as cw,
        ctx.writer(
            DraftVersion,
            ["critique_id", "number", "note", "source", "created_by_id", "created_at", "updated_at"],
        ) as vw,
        ctx.writer(DraftUnit, UNIT_FIELDS) as uw,
        ctx.writer(Invitation, ["critique_id", "organisation_id", "expert_name", "org_path"]) as iw,
        ctx.writer(Comment, COMMENT_FIELDS, total=n_comments, label="front.Comment") as mw,
        ctx.writer(
            CritiqueEvent, ["critique_id", "action", "from_stage", "to_stage", "actor_id", "note", "at"]
        ) as ew,
    ):
        for i in range(n_crit):
            d = _critique(run, cw, i, numbers)
            _critique_events(ew, d, run.now)
            _versions(run, vw, uw, d)
            if d.stage == C.RECEIVED:
                continue
            invited = [
                x for x in ctx.provinces[d.drafting.province].bodies.values() if x.kind == "mass_organisation"
            ][:3]
            for member in invited:
                iw.add([d.id, member.id, "", member.path])
            iw.add([d.id, None, "Chuyên gia " + str(i + 1), ""])
            count = per_critique if written + per_critique <= n_comments else max(0, n_comments - written)
            if i == n_crit - 1:
                count = max(0, n_comments - written)
            _comments(run, mw, d, invited, count)
            written += count
