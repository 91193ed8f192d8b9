"""Scale data for the plans domain (DomainAppConfig.generator, run by `generate_data`).

Each province's Ban Tuyên giáo và Dân vận issues plans (issued, closed, a few drafts) with two
sections and three tasks; issued and closed plans cascade one assignment per body and task to
bodies of the task's target kinds in the province (explicit assignees when a task needs more).
Reports follow the assignment's stage: accepted reports for earlier periods, then the latest
one submitted / returned / accepted as the assignment says; an assignment in progress has one
requested (due) ad hoc report, an assigned one none. Period codes are those of periods.py.
org_path / issuer_path / search_text are what save() sets. Event rows: plans all; assignments
all; reports for each assignment's latest report (earlier, accepted ones have none).
Audit events for every tenth assignment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dvk.audit.models import AuditEvent
from dvk.core.text import nfc
from dvk.organisations.models import Membership
from dvk.plans.models import (
    Assignment,
    AssignmentEvent,
    Indicator,
    Plan,
    PlanEvent,
    Regime,
    Report,
    ReportEvent,
    Section,
    Task,
    Theme,
)
from dvk.plans.workflow import AssignmentStage, PlanStage, ReportStage
from dvk.scale import names
from dvk.scale.context import GenerationContext
from dvk.scale.spec import split_evenly

A, R = AssignmentStage, ReportStage
PLAN_TITLES = (
    "Kế hoạch triển khai thực hiện \u201cNăm dân vận khéo\u201d {y}",
    "Kế hoạch thực hiện phong trào thi đua \u201cDân vận khéo\u201d năm {y}",
    "Kế hoạch tuyên truyền, vận động Nhân dân tham gia xây dựng nông thôn mới năm {y}",
    "Kế hoạch công tác dân vận năm {y}",
    "Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm {y}",
    "Kế hoạch sơ kết 5 năm phong trào thi đua \u201cDân vận khéo\u201d giai đoạn 2021–2025",
)
TASKS = (
    ("Quán triệt, tuyên truyền sâu rộng kế hoạch đến cán bộ, đảng viên và Nhân dân", ["party_committee"]),
    (
        "Đăng ký, xây dựng ít nhất một mô hình \u201cDân vận khéo\u201d trên từng lĩnh vực",
        ["party_committee", "front", "peoples_committee"],
    ),
    (
        "Vận động Nhân dân tham gia giữ gìn vệ sinh môi trường, xây dựng khu dân cư kiểu mẫu",
        ["front", "mass_organisation", "residential_area"],
    ),
    (
        "Thực hiện tốt công tác dân vận chính quyền, cải cách hành chính",
        ["peoples_committee", "peoples_council"],
    ),
    ("Tổ chức gặp mặt, biểu dương các điển hình tiên tiến", ["party_committee", "party_cell"]),
    (
        "Báo cáo kết quả thực hiện theo định kỳ về Ban Tuyên giáo và Dân vận Tỉnh ủy",
        ["party_committee", "front", "mass_organisation"],
    ),
)
REGIMES = (Regime.MONTHLY, Regime.QUARTERLY, Regime.QUARTERLY, Regime.HALF_YEAR)
ASSIGNMENT_MIX = {A.ASSIGNED: 14, A.IN_PROGRESS: 22, A.SUBMITTED: 20, A.ACCEPTED: 38, A.RETURNED: 6}
SUMMARIES = (
    "Đã tổ chức quán triệt đến {n} cán bộ, đảng viên; tuyên truyền trên hệ thống loa truyền thanh.",
    "Vận động {n} hộ dân tham gia; ra mắt mô hình tại khu dân cư.",
    "Đã hoàn thành {p}% chỉ tiêu; tiếp tục vận động các hộ còn lại.",
    "Tổ chức {k} hội nghị, thu hút {n} lượt người tham gia.",
)


def period_codes(regime: str, start: dt.date, until: dt.date) -> list[tuple[str, dt.date]]:
    """The (code, period end) of each period ending between `start` and `until`, as periods.py names them."""
    out: list[tuple[str, dt.date]] = []
    for year in range(start.year, until.year + 1):
        if regime == Regime.MONTHLY:
            ends = [(f"{year}-M{m:02d}", _month_end(year, m)) for m in range(1, 13)]
        elif regime == Regime.QUARTERLY:
            ends = [(f"{year}-Q{q}", _month_end(year, 3 * q)) for q in range(1, 5)]
        else:
            ends = [(f"{year}-H1", dt.date(year, 6, 30)), (f"{year}-Y", dt.date(year, 12, 31))]
        out += [(code, end) for code, end in ends if start <= end <= until]
    return out


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _reference(ctx: GenerationContext) -> tuple[list[int], list[tuple[str, str]]]:
    themes = [
        Theme.objects.using(ctx.using).get_or_create(name=name, year=year)[0].pk
        for name, year in (("Năm dân vận khéo", 2025), ("Năm dân vận khéo", 2026))
    ]
    indicators = []
    for order, (code, name, unit) in enumerate(
        (
            ("nguoi-tham-du", "Số người tham dự", "người"),
            ("mo-hinh-dang-ky", "Mô hình đăng ký", "mô hình"),
            ("kinh-phi", "Kinh phí huy động", "triệu đồng"),
        ),
        start=1,
    ):
        Indicator.objects.using(ctx.using).get_or_create(
            code=code, defaults={"name": name, "unit": unit, "order": order}
        )
        indicators.append((code, unit))
    return themes, indicators


@dataclass
class _People:
    """Who acts in the generated history: coordinators per province, staff per body (and per
    commune, for bodies without their own accounts), usernames for the audit rows."""

    coordinators: dict[int, list[int]]
    staff_of: dict[int, list[int]]
    usernames: dict[int, str]

    def staff_for(self, body: Any, province: Any) -> list[int]:
        return (
            self.staff_of.get(body.id)
            or self.staff_of.get(-1 - body.commune if body.commune is not None else 0)
            or self.coordinators[province.index]
        )


# (plan id, province, stage, issued_on, issuer path, [(task id, regime, kinds, due_on)])
PlanRow = tuple[int, Any, str, dt.date, str, list[tuple[int, str, list[str], dt.date]]]
# The stage of an assignment's latest report, by the assignment's stage (accepted otherwise).
LATEST_REPORT_STAGE: dict[str, str] = {A.SUBMITTED: R.SUBMITTED, A.RETURNED: R.RETURNED}
# (code, period end, stage, progress, submitted at, submitted by); the last two are None while due
ReportRow = tuple[str, dt.date, str, int, dt.datetime | None, int | None]
# (action, from, to, actor, note, at)
EventRow = tuple[str, str, str, int, str, dt.datetime]


def generate(ctx: GenerationContext) -> None:
    rng = ctx.rng_for("plans")
    themes, indicators = _reference(ctx)
    n_plans, n_assign, n_reports = ctx.count("plans"), ctx.count("assignments"), ctx.count("reports")
    people = _people(ctx)
    by_kind: dict[tuple[int, str], list] = {}
    for b in ctx.bodies:
        if b.suffix not in {"TU", "BTGDV", "HDTD"}:
            by_kind.setdefault((b.province, b.kind), []).append(b)
    plan_rows = _write_plans(ctx, rng, themes, people, n_plans)
    planned = _plan_assignments(ctx, rng, plan_rows, by_kind, n_assign)
    counts = _report_counts(ctx, rng, planned, n_reports)
    _write_assignments(ctx, rng, planned, counts, people, indicators, n_reports)


def _people(ctx: GenerationContext) -> _People:
    coordinators = {
        p.index: [u.id for u in ctx.users_with_role(Membership.Role.COORDINATOR, p.index)]
        for p in ctx.provinces
    }
    staff_of: dict[int, list[int]] = {}  # who files a body's reports: its WORK roles (no viewers)
    for u in ctx.users:
        if u.role not in Membership.Role.WORK:
            continue
        staff_of.setdefault(u.body.id, []).append(u.id)
        if u.body.commune is not None:
            staff_of.setdefault(-1 - u.body.commune, []).append(u.id)
    return _People(coordinators, staff_of, {u.id: u.username for u in ctx.users})


def _write_plans(
    ctx: GenerationContext, rng: Any, themes: list[int], people: _People, n_plans: int
) -> list[PlanRow]:
    """1. Plans, sections, tasks (small tables)."""
    plan_rows: list[PlanRow] = []
    w_plan = ctx.writer(
        Plan,
        [
            "created_at",
            "updated_at",
            "number",
            "title",
            "issued_on",
            "organisation_id",
            "theme_id",
            "parent_id",
            "parent_assignment_id",
            "reference_number",
            "reference_date",
            "reference_issuer",
            "preamble",
            "recipients",
            "stage",
            "org_path",
            "search_text",
            "created_by_id",
        ],
        total=n_plans,
        label="plans",
    )
    w_pev = ctx.writer(
        PlanEvent,
        ["plan_id", "action", "from_stage", "to_stage", "actor_id", "note", "at"],
        label="plan events",
    )
    w_sec = ctx.writer(
        Section, ["plan_id", "parent_id", "number", "title", "body", "depth", "order"], label="plan sections"
    )
    w_task = ctx.writer(
        Task,
        [
            "plan_id",
            "section_id",
            "title",
            "description",
            "order",
            "due_on",
            "regime",
            "target_kinds",
            "target_unit_id",
            "target_level",
            "imported",
        ],
        label="plan tasks",
    )
    for province, how_many in zip(ctx.provinces, split_evenly(n_plans, len(ctx.provinces)), strict=True):
        issuer = province.bodies["BTGDV"]
        for k in range(1, how_many + 1):
            issued_on = (ctx.now - dt.timedelta(days=rng.randint(380, 800))).date()
            plan_stage = rng.choices([PlanStage.ISSUED, PlanStage.CLOSED, PlanStage.DRAFT], [80, 15, 5])[0]
            number = f"{k}-KH/BTGDVTU"
            title = nfc(rng.choice(PLAN_TITLES).format(y=issued_on.year))
            created = dt.datetime.combine(issued_on, dt.time(2), tzinfo=dt.UTC) - dt.timedelta(days=7)
            author = rng.choice(people.coordinators[province.index])
            plan_id = w_plan.add(
                [
                    created,
                    created,
                    number,
                    title,
                    issued_on if plan_stage != PlanStage.DRAFT else None,
                    issuer.id,
                    rng.choice(themes),
                    None,
                    None,
                    "",
                    None,
                    "",
                    "Thực hiện Chương trình công tác năm của Tỉnh ủy.",
                    "Các đảng ủy xã, phường; các sở, ban, ngành, đoàn thể tỉnh",
                    plan_stage,
                    issuer.path,
                    names.fast_fold(f"{number} {title} "),
                    author,
                ]
            )
            tasks = []
            if plan_stage != PlanStage.DRAFT:
                issued_at = created + dt.timedelta(days=7)
                w_pev.add([plan_id, "issue", PlanStage.DRAFT, PlanStage.ISSUED, author, "", issued_at])
                if plan_stage == PlanStage.CLOSED:
                    w_pev.add(
                        [
                            plan_id,
                            "close",
                            PlanStage.ISSUED,
                            PlanStage.CLOSED,
                            author,
                            "",
                            issued_at + dt.timedelta(days=360),
                        ]
                    )
            w_sec.add(
                [
                    plan_id,
                    None,
                    "I",
                    "MỤC ĐÍCH, YÊU CẦU",
                    "Nâng cao nhận thức, trách nhiệm của cả hệ thống chính trị về công tác dân vận.",
                    1,
                    1,
                ]
            )
            section_id = w_sec.add([plan_id, None, "II", "NHIỆM VỤ, GIẢI PHÁP", "", 1, 2])
            for order, (task_title, kinds) in enumerate(rng.sample(TASKS, 3), start=1):
                regime = rng.choice(REGIMES)
                due_on = issued_on + dt.timedelta(days=rng.randint(330, 420))
                task_id = w_task.add(
                    [plan_id, section_id, task_title, "", order, due_on, regime, kinds, None, "", False]
                )
                tasks.append((task_id, regime, kinds, due_on))
            plan_rows.append((plan_id, province, plan_stage, issued_on, issuer.path, tasks))
    for w in (w_plan, w_pev, w_sec, w_task):
        w.close()

    return plan_rows


def _plan_assignments(
    ctx: GenerationContext,
    rng: Any,
    plan_rows: list[PlanRow],
    by_kind: dict[tuple[int, str], list],
    n_assign: int,
) -> list[tuple[PlanRow, Any, Any, str]]:
    """2. Assignments: exactly n_assign over the tasks of issued and closed plans; tasks whose kinds
    have too few bodies get explicit assignees (written here)."""
    live = [(p, t) for p in plan_rows if p[2] != PlanStage.DRAFT for t in p[5]]
    quotas = split_evenly(n_assign, len(live)) if live else []
    planned = []  # (plan row, task, body, stage)
    explicit: list[tuple[int, int]] = []  # (task id, body id) for tasks that needed explicit assignees
    stages, weights = list(ASSIGNMENT_MIX), list(ASSIGNMENT_MIX.values())
    for (plan, task), quota in zip(live, quotas, strict=True):
        province = plan[1]
        pool = [b for kind in task[2] for b in by_kind.get((province.index, kind), [])]
        if len(pool) < quota:  # the kinds do not have enough bodies: add explicit assignees
            extra = [
                b
                for key, bodies in by_kind.items()
                if key[0] == province.index and key[1] not in task[2]
                for b in bodies
            ]
            added = rng.sample(extra, min(quota - len(pool), len(extra)))
            explicit += [(task[0], b.id) for b in added]
            pool = pool + added
        for body in sorted(rng.sample(pool, quota), key=lambda b: b.path):
            stage = (
                A.ACCEPTED
                if plan[2] == PlanStage.CLOSED and rng.random() < 0.85
                else rng.choices(stages, weights)[0]
            )
            planned.append((plan, task, body, stage))
    if explicit:
        through = Task.assignees.through
        with ctx.writer(through, ["task_id", "organisation_id"], label="explicit task assignees") as w:
            for row in explicit:
                w.add(list(row))

    return planned


def _report_counts(
    ctx: GenerationContext, rng: Any, planned: list[tuple[PlanRow, Any, Any, str]], n_reports: int
) -> list[int]:
    """3. How many reports each assignment gets: its stage fixes the minimum, its periods the maximum."""
    caps, mins = [], []
    for plan, task, _body, stage in planned:
        past = period_codes(task[1], plan[3], min(task[3], ctx.today))
        if stage == A.ASSIGNED:
            lo, hi = 0, 0
        elif stage == A.IN_PROGRESS:
            lo, hi = 1, 1
        else:
            lo, hi = 1, max(1, len(past))
        mins.append(lo)
        caps.append(hi)
    counts = list(mins)
    spare = n_reports - sum(counts)
    if spare < 0 or spare > sum(c - m for c, m in zip(caps, mins, strict=True)):
        raise ValueError(f"cannot place {n_reports} reports on {len(planned)} assignments with these stages")
    visit_order = list(range(len(planned)))
    rng.shuffle(visit_order)
    while spare:
        for i in visit_order:
            if spare and counts[i] < caps[i]:
                counts[i] += 1
                spare -= 1

    return counts


@dataclass
class _Writers:
    """The bulk writers of step 4."""

    assignments: Any
    assignment_events: Any
    reports: Any
    report_events: Any
    audit: Any

    @classmethod
    def open(cls, ctx: GenerationContext, n_assignments: int, n_reports: int) -> _Writers:
        w_as = ctx.writer(
            Assignment,
            [
                "created_at",
                "updated_at",
                "task_id",
                "plan_id",
                "organisation_id",
                "due_on",
                "stage",
                "progress_percent",
                "last_report_at",
                "org_path",
                "issuer_path",
            ],
            total=n_assignments,
            label="assignments",
        )
        w_aev = ctx.writer(
            AssignmentEvent,
            ["assignment_id", "action", "from_stage", "to_stage", "actor_id", "note", "at"],
            label="assignment events",
        )
        w_rep = ctx.writer(
            Report,
            [
                "created_at",
                "updated_at",
                "assignment_id",
                "organisation_id",
                "period",
                "due_on",
                "stage",
                "summary",
                "progress_percent",
                "indicators",
                "submitted_at",
                "submitted_by_id",
                "review_note",
                "revision",
                "org_path",
                "issuer_path",
            ],
            total=n_reports,
            label="reports",
        )
        w_rev = ctx.writer(
            ReportEvent,
            ["report_id", "action", "from_stage", "to_stage", "actor_id", "note", "at"],
            label="report events",
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
            label="audit events (plans)",
        )
        return cls(w_as, w_aev, w_rep, w_rev, w_audit)

    def close(self) -> None:
        for w in (self.assignments, self.assignment_events, self.reports, self.report_events, self.audit):
            w.close()


def _write_assignments(
    ctx: GenerationContext,
    rng: Any,
    planned: list[tuple[PlanRow, Any, Any, str]],
    counts: list[int],
    people: _People,
    indicators: list[tuple[str, str]],
    n_reports: int,
) -> None:
    """4. Each assignment with its history, its reports and their events; audit rows for every tenth."""
    writers = _Writers.open(ctx, len(planned), n_reports)
    for (plan, task, body, stage), n in zip(planned, counts, strict=True):
        _write_assignment(ctx, rng, writers, people, indicators, plan, task, body, stage, n)
    writers.close()


def _write_assignment(
    ctx: GenerationContext,
    rng: Any,
    w: _Writers,
    people: _People,
    indicators: list[tuple[str, str]],
    plan: PlanRow,
    task: tuple[int, str, list[str], dt.date],
    body: Any,
    stage: str,
    n: int,
) -> None:
    _plan_id, province, _pstage, issued_on, issuer_path, _tasks = plan
    task_id, regime, _kinds, due_on = task
    assigned_at = dt.datetime.combine(issued_on, dt.time(3), tzinfo=dt.UTC)
    staff = people.staff_for(body, province)
    reviewers = people.coordinators[province.index]
    assignment_id = ctx.next_id(Assignment)
    events: list[EventRow] = []
    reports: list[ReportRow] = []
    progress, last_at = 0, None
    if stage == A.IN_PROGRESS:
        started = assigned_at + dt.timedelta(days=rng.randint(3, 30))
        events.append(("start", A.ASSIGNED, A.IN_PROGRESS, rng.choice(staff), "", started))
        req = min(due_on, ctx.today)
        reports.append((f"adhoc-{req:%Y%m%d}", req, R.DUE, 0, None, None))
    elif n:
        reports = _submitted_reports(ctx, rng, stage, regime, issued_on, due_on, n, staff)
        progress, last_at = reports[-1][3], reports[-1][4]
        events = _review_events(rng, reports, reviewers)
    updated = max([assigned_at] + [e[5] for e in events])
    w.assignments.add(
        [
            assigned_at,
            updated,
            task_id,
            plan[0],
            body.id,
            due_on,
            stage,
            progress,
            last_at,
            body.path,
            issuer_path,
        ],
        row_id=assignment_id,
    )
    for action, before, after, actor, note, at in events:
        w.assignment_events.add([assignment_id, action, before, after, actor, note, at])
        if assignment_id % 10 == 0:
            w.audit.add(
                [
                    at,
                    actor,
                    people.usernames.get(actor, ""),
                    f"plans.assignment.{action}",
                    "plans.assignment",
                    str(assignment_id),
                    body.name[:255],
                    body.id,
                    {"stage": [before, after]},
                    None,
                ]
            )
    _write_reports(rng, w, indicators, reports, reviewers, assignment_id, body, assigned_at, issuer_path)


def _submitted_reports(
    ctx: GenerationContext,
    rng: Any,
    stage: str,
    regime: str,
    issued_on: dt.date,
    due_on: dt.date,
    n: int,
    staff: list[int],
) -> list[ReportRow]:
    """The last `n` periods' reports: accepted, but the latest as the assignment's stage says."""
    until = min(due_on, ctx.today)
    past = period_codes(regime, issued_on, until) or [(f"adhoc-{until:%Y%m%d}", until)]
    chosen = past[-n:]
    reports: list[ReportRow] = []
    for j, (code, end) in enumerate(chosen):
        last = j == len(chosen) - 1
        rstage = R.ACCEPTED if not last else LATEST_REPORT_STAGE.get(stage, R.ACCEPTED)
        progress = min(100, int(100 * (j + 1) / len(chosen) * rng.uniform(0.6, 1.0)))
        if stage == A.ACCEPTED and last:
            progress = 100 if rng.random() < 0.7 else progress
        submitted = dt.datetime.combine(end, dt.time(2), tzinfo=dt.UTC) + dt.timedelta(
            days=rng.randint(0, 5), minutes=rng.randint(0, 500)
        )
        submitted = min(submitted, ctx.now - dt.timedelta(hours=1))
        reports.append((code, end, rstage, progress, submitted, rng.choice(staff)))
    return reports


def _review_events(rng: Any, reports: list[ReportRow], reviewers: list[int]) -> list[EventRow]:
    """The assignment's own history: each report submitted, then reviewed."""
    events: list[EventRow] = []
    previous = A.ASSIGNED
    for _code, _end, rstage, _p, submitted, actor in reports:
        assert submitted is not None and actor is not None  # every report here was just submitted
        events.append(("submit", previous, A.SUBMITTED, actor, "", submitted))
        review_at = submitted + dt.timedelta(days=rng.randint(1, 7))
        if rstage == R.ACCEPTED:
            events.append(("accept", A.SUBMITTED, A.ACCEPTED, rng.choice(reviewers), "", review_at))
            previous = A.ACCEPTED
        elif rstage == R.RETURNED:
            note = "Đề nghị bổ sung số liệu cụ thể."
            events.append(("return", A.SUBMITTED, A.RETURNED, rng.choice(reviewers), note, review_at))
    return events


def _write_reports(
    rng: Any,
    w: _Writers,
    indicators: list[tuple[str, str]],
    reports: list[ReportRow],
    reviewers: list[int],
    assignment_id: int,
    body: Any,
    assigned_at: dt.datetime,
    issuer_path: str,
) -> None:
    for j, (code, end, rstage, rprogress, submitted, actor) in enumerate(reports):
        figures = {indicators[0][0]: rng.randint(20, 900)} if submitted else {}
        summary = (
            rng.choice(SUMMARIES).format(n=rng.randint(20, 900), p=rprogress, k=rng.randint(1, 6))
            if submitted
            else ""
        )
        reviewed = submitted + dt.timedelta(days=3) if submitted and rstage != R.SUBMITTED else None
        report_id = w.reports.add(
            [
                submitted or assigned_at,
                reviewed or submitted or assigned_at,
                assignment_id,
                body.id,
                code,
                end,
                rstage,
                summary,
                rprogress,
                figures,
                submitted,
                actor,
                "Đề nghị bổ sung số liệu cụ thể." if rstage == R.RETURNED else "",
                1 if submitted else 0,
                body.path,
                issuer_path,
            ]
        )
        if j == len(reports) - 1 and submitted:
            w.report_events.add([report_id, "submit", R.DUE, R.SUBMITTED, actor, "", submitted])
            if rstage in (R.ACCEPTED, R.RETURNED):
                action = "accept" if rstage == R.ACCEPTED else "return"
                w.report_events.add(
                    [report_id, action, R.SUBMITTED, rstage, rng.choice(reviewers), "", reviewed]
                )
