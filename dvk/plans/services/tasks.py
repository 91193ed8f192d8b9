"""Tasks of a plan and their fan-out: one assignment per target body within the issuer's reach."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError
from dvk.notifications.services import notify
from dvk.organisations.models import AdministrativeUnit, Membership, Organisation
from dvk.organisations.scoping import reach_of, require_current, scope_for
from dvk.organisations.selectors import members_by_body
from dvk.plans.models import (
    Assignment,
    Indicator,
    Plan,
    Report,
    Section,
    Task,
)
from dvk.plans.periods import periods
from dvk.plans.workflow import (
    PlanStage,
)
from dvk.stats import counters


def resolve_targets(task: Task, on: dt.date | None = None) -> list[Organisation]:
    """The bodies a task goes to: its explicit list plus every body current on `on` (the plan's date)
    of the chosen kinds, in the chosen unit and at the chosen level — all of them within what the
    issuing body may direct (`scoping.reach_of`: its subtree; the province for the Ban), whichever
    way they were chosen."""
    return targets_for(
        task.plan,
        assignees=task.assignees.all(),
        kinds=task.target_kinds,
        unit_id=task.target_unit_id,
        level=task.target_level,
        on=on,
    )


def targets_for(
    plan: Plan,
    *,
    assignees: Iterable[Organisation] = (),
    kinds: Iterable[str] = (),
    unit_id: int | None = None,
    level: str = "",
    on: dt.date | None = None,
) -> list[Organisation]:
    """The bodies a choice of receivers names (resolve_targets for a task not saved yet: the task form
    shows them live as the choice changes)."""
    on = on or plan.issued_on or timezone.localdate()
    reach = reach_of(plan.organisation)
    found = {o.pk: o for o in assignees if o.path.startswith(reach)}
    kinds = list(kinds)
    if kinds:
        qs = (
            Organisation.objects.current(on)
            .filter(kind__in=kinds, path__under=reach)
            .exclude(pk=plan.organisation_id)
        )
        if unit_id:
            qs = qs.filter(Q(unit_id=unit_id) | Q(unit__parent_id=unit_id))
        if level:
            qs = qs.filter(unit__level=level)
        found.update({o.pk: o for o in qs})
    return sorted(found.values(), key=lambda o: o.path)


def receiver_counts(plan: Plan) -> dict[int, int]:
    """How many bodies each task of the plan would reach (or reaches) now: one query for the explicit
    lists and one per distinct choice of kinds, unit and level — imported tasks share a handful."""
    tasks = list(plan.tasks.prefetch_related("assignees"))
    by_choice: dict[tuple, list[Organisation]] = {}
    counts = {}
    reach = reach_of(plan.organisation)
    for task in tasks:
        key = (tuple(sorted(task.target_kinds or [])), task.target_unit_id, task.target_level)
        if key not in by_choice:
            by_choice[key] = targets_for(plan, kinds=key[0], unit_id=key[1], level=key[2]) if key[0] else []
        ids = {o.pk for o in by_choice[key]}
        ids |= {o.pk for o in task.assignees.all() if o.path.startswith(reach)}
        counts[task.pk] = len(ids)
    return counts


@transaction.atomic
def assign_tasks(
    *,
    by: AuthenticatedUser,
    plan: Plan,
    tasks: Iterable[Task],
    suggested: bool = False,
    target_kinds: Iterable[str] = (),
    target_unit: AdministrativeUnit | None = None,
    target_level: str = "",
    assignees: Iterable[Organisation] = (),
) -> int:
    """Choose the receivers of many tasks at once (after an import): each task takes its importer's
    suggestion (`suggested`) or the kinds, unit, level and bodies given. One audit row per task changed;
    an issued plan fans the tasks out at once. Returns the number of tasks changed."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    require(by, "plans.change_plan", plan)
    if plan.stage == PlanStage.CLOSED:
        raise DomainError(_("The plan is closed."))
    assignees = list(assignees)
    kinds = list(target_kinds)
    if not suggested and not kinds and not assignees:
        raise ValidationError({"target_kinds": [_("Choose kinds of body or bodies to receive the tasks.")]})
    _check_assignees(by, plan, assignees)
    changed = 0
    for task in plan.tasks.filter(pk__in=[t.pk for t in tasks]):
        new_kinds = list(task.suggested_kinds or []) if suggested else kinds
        if suggested and not new_kinds:
            continue
        before = {"kinds": task.target_kinds, "level": task.target_level, "unit": task.target_unit_id}
        task.target_kinds = new_kinds
        if not suggested:
            task.target_unit, task.target_level = target_unit, target_level
        task.save(update_fields=["target_kinds", "target_unit", "target_level"])
        if assignees:
            task.assignees.add(*assignees)
        after = {"kinds": task.target_kinds, "level": task.target_level, "unit": task.target_unit_id}
        record(
            actor=by,
            action="plans.task.update",
            target=task,
            organisation=plan.organisation,
            changes={k: [before[k], v] for k, v in after.items() if before[k] != v}
            | ({"assignees": [o.pk for o in assignees]} if assignees else {}),
        )
        changed += 1
        if plan.stage == PlanStage.ISSUED:
            fan_out(task=task, by=by)
    return changed


def default_due(plan: Plan) -> dt.date:
    start = plan.issued_on or timezone.localdate()
    return dt.date(start.year, 12, 31)


def fan_out(*, task: Task, by: AuthenticatedUser) -> list[Assignment]:
    """One assignment per target body (existing ones are kept), each with its due reports."""
    plan = task.plan
    targets = resolve_targets(task)
    existing = set(task.assignments.values_list("organisation_id", flat=True))
    due_on = task.due_on or default_due(plan)
    new = [
        Assignment(
            task=task, plan=plan, organisation=o, due_on=due_on, org_path=o.path, issuer_path=plan.org_path
        )
        for o in targets
        if o.pk not in existing
    ]
    if not new:
        return []
    Assignment.objects.bulk_create(new, ignore_conflicts=True)
    created = list(Assignment.objects.filter(task=task, organisation_id__in=[a.organisation_id for a in new]))
    start = plan.issued_on or timezone.localdate()
    reports = [
        Report(
            assignment=a,
            organisation_id=a.organisation_id,
            period=code,
            due_on=due,
            org_path=a.org_path,
            issuer_path=a.issuer_path,
        )
        for a in created
        for code, due in periods(task.regime, start, a.due_on or due_on)
    ]
    Report.objects.bulk_create(reports, ignore_conflicts=True)
    # bulk_create sends no post_save: the reports due are counted here (dvk.stats), in the same
    # transaction. They belong to assignments created just now, so none existed before.
    counters.count_created(reports)
    record(
        actor=by,
        action="plans.task.fan_out",
        target=task,
        organisation=plan.organisation,
        changes={"assignments": len(created), "bodies": [a.organisation_id for a in created][:200]},
    )
    users = members_by_body((a.organisation_id for a in created), Membership.Role.WORK)
    recipients = {u for ids in users.values() for u in ids}
    if recipients and plan.stage == PlanStage.ISSUED:
        notify(
            recipients,
            title=_("New assignment: %(task)s") % {"task": task.short_title},
            body=f"{plan}",
            url=reverse("plans:my_assignments"),
            kind="plans.assigned",
        )
    return created


def _validate_task_fields(title: str, due_on: dt.date | None, plan: Plan) -> None:
    errors: dict[str, list[str]] = {}
    if not nfc(title):
        errors["title"] = [_("This field is required.")]
    if due_on and plan.issued_on and due_on < plan.issued_on:
        errors["due_on"] = [_("The due date cannot be before the plan's date.")]
    if errors:
        raise ValidationError(errors)


def _check_assignees(by: AuthenticatedUser, plan: Plan, organisations: Iterable[Organisation]) -> None:
    """Explicit assignees: in the user's scope, within what the issuing body may direct, in force."""
    scope = scope_for(by)
    reach = reach_of(plan.organisation)
    for o in organisations:
        if not scope.covers(o.path):
            raise ValidationError({"assignee_ids": [_("One of the bodies is not in your scope.")]})
        if not o.path.startswith(reach):
            raise ValidationError(
                {
                    "assignee_ids": [
                        _(
                            "%(body)s is not under %(issuer)s: a plan assigns work only to the bodies its issuer directs."
                        )
                        % {"body": o.name, "issuer": plan.organisation.name}
                    ]
                }
            )
        require_current(o, "assignee_ids", on=plan.issued_on)


@transaction.atomic
def add_task(
    *,
    by: AuthenticatedUser,
    plan: Plan,
    title: str,
    section: Section | None = None,
    description: str = "",
    assignees: Iterable[Organisation] = (),
    due_on: dt.date | None = None,
    regime: str = "ad_hoc",
    target_kinds: Iterable[str] = (),
    target_unit: AdministrativeUnit | None = None,
    target_level: str = "",
    indicators: Iterable[Indicator] = (),
) -> tuple[Task, list[Assignment]]:
    require(by, "plans.change_plan", plan)
    if plan.stage == PlanStage.CLOSED:
        raise DomainError(_("The plan is closed."))
    _validate_task_fields(title, due_on, plan)
    assignees = list(assignees)
    _check_assignees(by, plan, assignees)
    order = (plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    task = Task.objects.create(
        plan=plan,
        section=section,
        title=nfc(title),
        description=nfc(description),
        due_on=due_on,
        regime=regime,
        target_kinds=list(target_kinds),
        target_unit=target_unit,
        target_level=target_level,
        order=order,
    )
    task.assignees.set(assignees)
    task.indicators.set(list(indicators))
    record(
        actor=by,
        action="plans.task.create",
        target=task,
        organisation=plan.organisation,
        changes={"title": task.title, "assignees": [o.pk for o in assignees]},
    )
    created = fan_out(task=task, by=by) if plan.stage == PlanStage.ISSUED else []
    return task, created


@transaction.atomic
def update_task(
    *,
    by: AuthenticatedUser,
    task: Task,
    title: str,
    description: str = "",
    section: Section | None = None,
    assignees: Iterable[Organisation] = (),
    due_on: dt.date | None = None,
    regime: str = "ad_hoc",
    target_kinds: Iterable[str] = (),
    target_unit: AdministrativeUnit | None = None,
    target_level: str = "",
    indicators: Iterable[Indicator] = (),
) -> tuple[Task, list[Assignment]]:
    plan = task.plan
    require(by, "plans.change_plan", plan)
    if plan.stage == PlanStage.CLOSED:
        raise DomainError(_("The plan is closed."))
    _validate_task_fields(title, due_on, plan)
    assignees = list(assignees)
    _check_assignees(by, plan, assignees)
    before = {"title": task.title, "due_on": task.due_on, "regime": task.regime, "kinds": task.target_kinds}
    task.title, task.description, task.section = nfc(title), nfc(description), section
    task.due_on, task.regime, task.target_kinds = due_on, regime, list(target_kinds)
    task.target_unit, task.target_level = target_unit, target_level
    task.save()
    task.assignees.set(assignees)
    task.indicators.set(list(indicators))
    if due_on and plan.stage == PlanStage.DRAFT:
        task.assignments.update(due_on=due_on)
    after = {"title": task.title, "due_on": task.due_on, "regime": task.regime, "kinds": task.target_kinds}
    record(
        actor=by,
        action="plans.task.update",
        target=task,
        organisation=plan.organisation,
        changes={k: [before[k], v] for k, v in after.items() if before[k] != v},
    )
    created = fan_out(task=task, by=by) if plan.stage == PlanStage.ISSUED else []
    return task, created


@transaction.atomic
def delete_task(*, by: AuthenticatedUser, task: Task) -> None:
    plan = Plan.objects.select_for_update().get(pk=task.plan_id)  # the stage as stored, not as passed in
    require(by, "plans.change_plan", plan)
    if plan.stage != PlanStage.DRAFT:
        raise DomainError(_("Tasks can be removed only while the plan is a draft."))
    record(
        actor=by,
        action="plans.task.delete",
        target=task,
        organisation=plan.organisation,
        changes={"title": task.title},
    )
    task.delete()
