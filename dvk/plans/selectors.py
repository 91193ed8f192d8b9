"""Scoped reads: plan lists, my assignments, the monitoring matrix and the progress roll-ups."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from dvk.core.paging import Page, page_of
from dvk.core.search import search
from dvk.organisations.models import AdministrativeUnit, Organisation
from dvk.organisations.selectors import current_organisations
from dvk.plans.models import Assignment, AssignmentQuerySet, Plan, Report, Section, Task
from dvk.plans.workflow import OPEN_ASSIGNMENT_STAGES, AssignmentStage, PlanStage


def plan_list(*, user: Any, q: str = "", stage: str = "", year: int | None = None) -> QuerySet[Plan]:
    qs = Plan.objects.visible_to(user).select_related("organisation", "theme")
    if stage:
        qs = qs.filter(stage=stage)
    if year:
        qs = qs.filter(issued_on__year=year)
    return search(qs, q)


def assignment_list(
    *,
    user: Any,
    plan: int | None = None,
    organisation: int | None = None,
    stage: str = "",
    overdue: bool = False,
    due_before: dt.date | None = None,
    mine: bool = False,
    q: str = "",
) -> AssignmentQuerySet:
    qs = Assignment.objects.visible_to(user).select_related("task", "plan", "organisation")
    if mine:
        qs = qs.filter(plan__stage=PlanStage.ISSUED)
    if plan:
        qs = qs.filter(plan_id=plan)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if stage:
        qs = qs.filter(stage=stage)
    if overdue:
        qs = qs.overdue()
    if due_before:
        qs = qs.filter(due_on__lt=due_before)
    if q:
        qs = search(qs, q, "plan__search_text")
    return qs.order_by("due_on", "id")


def my_assignments(user: Any) -> QuerySet[Assignment]:
    """Assignments of the bodies the user works for, open ones first by due date."""
    return assignment_list(user=user, mine=True).order_by("due_on", "id")


def section_subtree_ids(section: Section) -> list[int]:
    ids, frontier = [section.pk], [section.pk]
    by_parent: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in Section.objects.filter(plan_id=section.plan_id).values_list("pk", "parent_id"):
        if parent_id:
            by_parent[parent_id].append(pk)
    while frontier:
        frontier = [c for p in frontier for c in by_parent.get(p, [])]
        ids += frontier
    return ids


@dataclass
class Cell:
    assignment: Assignment
    overdue: bool


@dataclass
class Matrix:
    plan: Plan
    tasks: list[Task]
    rows: list[tuple[Organisation, list[Cell | None]]]
    page: Page
    summary: dict[str, int] = field(default_factory=dict)


def matrix_queryset(
    *, user: Any, plan: Plan, section: Section | None = None, kind: str = "", unit: int | None = None
) -> QuerySet[Assignment]:
    qs = Assignment.objects.visible_to(user).filter(plan=plan)
    if section is not None:
        qs = qs.filter(task__section_id__in=section_subtree_ids(section))
    if kind:
        qs = qs.filter(organisation__kind=kind)
    if unit:
        qs = qs.filter(Q(organisation__unit_id=unit) | Q(organisation__unit__parent_id=unit))
    return qs


def matrix(
    *,
    user: Any,
    plan: Plan,
    section: Section | None = None,
    kind: str = "",
    unit: int | None = None,
    page: Any = 1,
    per_page: int = 50,
) -> Matrix:
    """Bodies (rows, a page at a time) × tasks (columns); four queries whatever the size."""
    base = matrix_queryset(user=user, plan=plan, section=section, kind=kind, unit=unit)
    task_ids = base.values("task_id")
    tasks = list(Task.objects.filter(pk__in=task_ids).order_by("order", "id"))
    bodies = page_of(
        base.values_list("org_path", "organisation_id").distinct().order_by("org_path"), page, per_page
    )
    org_ids = [org_id for _path, org_id in bodies.object_list]
    cells = base.filter(organisation_id__in=org_ids).select_related("organisation", "organisation__unit")
    today = timezone.localdate()
    grid: dict[int, dict[int, Cell]] = defaultdict(dict)
    orgs: dict[int, Organisation] = {}
    for a in cells:
        orgs[a.organisation_id] = a.organisation
        grid[a.organisation_id][a.task_id] = Cell(a, a.is_overdue(today) and plan.stage == PlanStage.ISSUED)
    rows = [(orgs[o], [grid[o].get(t.pk) for t in tasks]) for o in org_ids if o in orgs]
    return Matrix(plan=plan, tasks=tasks, rows=rows, page=bodies, summary=progress(base, plan))


def progress(qs: QuerySet[Assignment], plan: Plan | None = None) -> dict[str, int]:
    """Counts and mean reported progress over a set of assignments (one aggregate query)."""
    today = timezone.localdate()
    late = Q(stage__in=OPEN_ASSIGNMENT_STAGES, due_on__lt=today)
    if plan is not None and plan.stage != PlanStage.ISSUED:
        late = Q(pk__in=[])
    data = qs.aggregate(
        total=Count("id"),
        accepted=Count("id", filter=Q(stage=AssignmentStage.ACCEPTED)),
        submitted=Count("id", filter=Q(stage=AssignmentStage.SUBMITTED)),
        returned=Count("id", filter=Q(stage=AssignmentStage.RETURNED)),
        overdue=Count("id", filter=late),
        mean=Avg("progress_percent"),
    )
    data["mean"] = round(data["mean"] or 0)
    return data


def plan_descendant_ids(plan: Plan) -> list[int]:
    ids, frontier = [plan.pk], [plan.pk]
    while frontier:
        frontier = list(Plan.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [p for p in frontier if p not in ids]
        ids += frontier
    return ids


def plan_tree_progress(*, user: Any, plan: Plan) -> dict[str, int]:
    """Progress of the plan together with every implementing plan below it (centre → province → body)."""
    return progress(Assignment.objects.visible_to(user).filter(plan_id__in=plan_descendant_ids(plan)), plan)


def section_progress(*, user: Any, plan: Plan) -> dict[int, dict[str, int]]:
    """{section id: {"total", "accepted", "mean"}} rolled up from tasks to every ancestor section."""
    rows = (
        Assignment.objects.visible_to(user)
        .filter(plan=plan)
        .values("task__section_id")
        .annotate(
            total=Count("id"),
            accepted=Count("id", filter=Q(stage=AssignmentStage.ACCEPTED)),
            points=Sum("progress_percent"),
        )
    )
    parents = dict(Section.objects.filter(plan=plan).values_list("pk", "parent_id"))
    out: dict[int, dict[str, int]] = defaultdict(lambda: {"total": 0, "accepted": 0, "points": 0})
    for row in rows:
        section_id = row["task__section_id"]
        while section_id:
            for key in ("total", "accepted", "points"):
                out[section_id][key] += row[key] or 0
            section_id = parents.get(section_id)
    for stats in out.values():
        stats["mean"] = round(stats["points"] / stats["total"]) if stats["total"] else 0
    return dict(out)


@dataclass
class RollupRow:
    organisation: Organisation | AdministrativeUnit | None
    total: int = 0
    accepted: int = 0
    overdue: int = 0
    points: int = 0

    @property
    def mean(self) -> int:
        return round(self.points / self.total) if self.total else 0


def rollup(*, user: Any, plan: Plan) -> dict[str, Any]:
    """Progress by the body that carries each assignment on today (following successors after a
    reorganisation), then by that body's commune or province, then for the whole province."""
    today = timezone.localdate()
    late = (
        Q(stage__in=OPEN_ASSIGNMENT_STAGES, due_on__lt=today)
        if plan.stage == PlanStage.ISSUED
        else Q(pk__in=[])
    )
    rows = list(
        Assignment.objects.visible_to(user)
        .filter(plan_id__in=plan_descendant_ids(plan))
        .values("organisation_id")
        .annotate(
            total=Count("id"),
            accepted=Count("id", filter=Q(stage=AssignmentStage.ACCEPTED)),
            overdue=Count("id", filter=late),
            points=Sum("progress_percent"),
        )
    )
    mapping = current_organisations([r["organisation_id"] for r in rows])
    by_org: dict[int, RollupRow] = {}
    for r in rows:
        key = mapping[r["organisation_id"]]
        row = by_org.setdefault(key, RollupRow(None))
        row.total += r["total"]
        row.accepted += r["accepted"]
        row.overdue += r["overdue"]
        row.points += r["points"] or 0
    orgs = Organisation.objects.in_bulk(list(by_org), field_name="pk")
    units = {o.unit_id for o in orgs.values()}
    unit_objs = AdministrativeUnit.objects.in_bulk(list(units))
    by_unit: dict[int, RollupRow] = {}
    total = RollupRow(None)
    for org_id, row in by_org.items():
        row.organisation = orgs.get(org_id)
        unit_id = row.organisation.unit_id if row.organisation else None
        if unit_id is not None:
            agg = by_unit.setdefault(unit_id, RollupRow(unit_objs.get(unit_id)))
            agg.total += row.total
            agg.accepted += row.accepted
            agg.overdue += row.overdue
            agg.points += row.points
        total.total += row.total
        total.accepted += row.accepted
        total.overdue += row.overdue
        total.points += row.points
    return {
        "bodies": sorted(by_org.values(), key=lambda r: r.organisation.path if r.organisation else ""),
        "units": sorted(by_unit.values(), key=lambda r: r.organisation.code if r.organisation else ""),
        "total": total,
    }


def late_bodies(user: Any, limit: int = 5) -> list[tuple[str, int]]:
    rows = (
        Assignment.objects.visible_to(user)
        .overdue()
        .values("organisation__name")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation__name")[:limit]
    )
    return [(r["organisation__name"], r["n"]) for r in rows]


def report_list(*, user: Any, assignment: Assignment) -> QuerySet[Report]:
    return Report.objects.visible_to(user).filter(assignment=assignment).select_related("submitted_by")
