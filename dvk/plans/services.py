"""The only writers of plans and monitoring. Each function checks the named permission, writes in
one transaction, records the audit event and schedules notifications after commit. Stages change
only through dvk.core.workflow.advance() with the workflows of workflow.py."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.attachments.services import attach
from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.text import nfc
from dvk.core.workflow import DomainError, Step, advance
from dvk.documents import services as documents
from dvk.notifications.services import notify
from dvk.organisations.models import AdministrativeUnit, Membership, Organisation
from dvk.organisations.scoping import reach_of, require_current, scope_for
from dvk.organisations.selectors import members_by_body
from dvk.plans.importer import ParsedPlan, ParsedSection
from dvk.plans.models import (
    Activity,
    Assignment,
    Campaign,
    Event,
    Indicator,
    Plan,
    Recommendation,
    ReminderTier,
    Report,
    Section,
    SupervisionProgramme,
    SupervisionVisit,
    Task,
    Theme,
    UrgeLetter,
)
from dvk.plans.periods import label as period_label
from dvk.plans.periods import periods
from dvk.plans.rules import forget_submissions
from dvk.plans.workflow import (
    ASSIGNMENT_WORKFLOW,
    OPEN_ASSIGNMENT_STAGES,
    PLAN_WORKFLOW,
    RECOMMENDATION_WORKFLOW,
    REPORT_WORKFLOW,
    AssignmentStage,
    PlanStage,
    ReportStage,
)


def _reviewers_of(plan: Plan) -> list[int]:
    """The staff of the assigning body (rule "plans.review_assignment")."""
    return list(
        Membership.objects.filter(
            organisation_id=plan.organisation_id, role__in=Membership.Role.STAFF, user__is_active=True
        ).values_list("user_id", flat=True)
    )


# --- Themes and plans ---------------------------------------------------------------------------


@transaction.atomic
def theme_for(name: str, year: int | None, *, by: Any = None) -> Theme | None:
    """The theme named `name` for `year`, created (and audited) the first time it is used."""
    if not name or not year:
        return None
    theme, created = Theme.objects.get_or_create(name=nfc(name), year=year)
    if created:
        record(
            actor=by, action="plans.theme.create", target=theme, changes={"name": theme.name, "year": year}
        )
    return theme


@transaction.atomic
def create_plan(
    *,
    by: Any,
    organisation: Organisation,
    title: str,
    number: str = "",
    issued_on: dt.date | None = None,
    theme: Theme | None = None,
    parent: Plan | None = None,
    parent_assignment: Assignment | None = None,
    preamble: str = "",
) -> Plan:
    if parent_assignment is not None:
        require(by, "plans.answer_with_plan", parent_assignment)
        organisation = parent_assignment.organisation
        parent = parent_assignment.plan
        theme = theme or parent.theme
    else:
        require(by, "plans.add_plan")
        if not scope_for(by).covers(organisation.path):
            raise PermissionDenied(_("You are not allowed to perform this action."))
    # A plan dated while its body was in force may be entered afterwards (the archive); a plan
    # of today (or undated, a draft) goes to a body in force.
    require_current(organisation, on=issued_on)
    if not nfc(title):
        raise ValidationError({"title": [_("This field is required.")]})
    plan = Plan.objects.create(
        organisation=organisation,
        title=title,
        number=number,
        issued_on=issued_on,
        theme=theme,
        parent=parent,
        parent_assignment=parent_assignment,
        preamble=preamble,
        created_by=by,
    )
    record(
        actor=by,
        action="plans.plan.create",
        target=plan,
        organisation=organisation,
        changes={"number": plan.number, "title": plan.title},
    )
    return plan


@transaction.atomic
def import_plan(
    *,
    by: Any,
    organisation: Organisation,
    parsed: ParsedPlan,
    number: str = "",
    issued_on: dt.date | None = None,
    title: str = "",
    parent: Plan | None = None,
    parent_assignment: Assignment | None = None,
) -> Plan:
    """Store a parsed plan as a draft: its sections and one draft task per bullet, for review."""
    plan = create_plan(
        by=by,
        organisation=organisation,
        title=title or parsed.title or _("Imported plan"),
        number=number,
        issued_on=issued_on,
        theme=theme_for(parsed.theme_name, parsed.theme_year, by=by),
        parent=parent,
        parent_assignment=parent_assignment,
        preamble=parsed.preamble,
    )
    plan.reference_number = parsed.reference_number
    plan.reference_date = parsed.reference_date
    plan.reference_issuer = parsed.reference_issuer
    plan.recipients = "\n".join(parsed.recipients)
    if parent is None and parsed.reference_number:
        plan.parent = Plan.objects.visible_to(by).filter(number=parsed.reference_number).first()
    plan.save()
    counter = {"section": 0, "task": 0}

    def store(node: ParsedSection, parent_section: Section | None) -> None:
        counter["section"] += 1
        section = Section.objects.create(
            plan=plan,
            parent=parent_section,
            number=node.number,
            title=node.title[:500],
            body=node.body,
            depth=node.depth,
            order=counter["section"],
        )
        for parsed_task in node.tasks:
            counter["task"] += 1
            Task.objects.create(
                plan=plan,
                section=section,
                title=parsed_task.title,
                order=counter["task"],
                suggested_kinds=parsed_task.target_kinds,
                imported=True,
            )
        for child in node.children:
            store(child, section)

    for top in parsed.sections:
        store(top, None)
    record(
        actor=by,
        action="plans.plan.import",
        target=plan,
        organisation=plan.organisation,
        changes={"sections": counter["section"], "tasks": counter["task"]},
    )
    return plan


# What the plan form may change; the stage only moves through PLAN_WORKFLOW, the body never changes.
PLAN_EDITABLE = ("number", "title", "issued_on", "theme", "parent", "preamble")


@transaction.atomic
def update_plan(*, by: Any, plan: Plan, **fields: Any) -> Plan:
    """Change the plan's heading fields (PLAN_EDITABLE) while it is not closed; one audit row with
    what changed, none when nothing did."""
    unknown = sorted(set(fields) - set(PLAN_EDITABLE))
    if unknown:
        raise ValueError(f"update_plan() cannot change {', '.join(unknown)}")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    require(by, "plans.change_plan", plan)
    if plan.stage == PlanStage.CLOSED:
        raise DomainError(_("The plan is closed."))
    if "title" in fields and not nfc(fields["title"]):
        raise ValidationError({"title": [_("This field is required.")]})
    if fields.get("parent") is not None and fields["parent"].pk == plan.pk:
        raise ValidationError({"parent": [_("A plan cannot implement itself.")]})
    fields = {k: nfc(v) if isinstance(v, str) else v for k, v in fields.items()}
    before = {k: getattr(plan, k) for k in fields}
    changed = {k: [before[k], v] for k, v in fields.items() if before[k] != v}
    if not changed:
        return plan
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.save()
    record(actor=by, action="plans.plan.update", target=plan, organisation=plan.organisation, changes=changed)
    return plan


def issue_plan(*, by: Any, plan: Plan, note: str = "") -> Plan:
    return act_on_plan(by=by, plan=plan, action="issue", note=note)


def act_on_plan(*, by: Any, plan: Plan, action: str, note: str = "") -> Plan:
    """Issue, close or reopen a plan (what each does: PLAN_WORKFLOW and the hooks below)."""
    return advance(obj=plan, workflow=PLAN_WORKFLOW, action=action, by=by, note=note)


def on_issue_plan(step: Step) -> None:
    if not step.obj.issued_on:
        step.obj.issued_on = timezone.localdate()


def after_issue_plan(step: Step) -> None:
    """Fan every task out, and start the assignment an implementing plan answers."""
    plan, by = step.obj, step.by
    for task in plan.tasks.all():
        fan_out(task=task, by=by)
    if plan.parent_assignment_id:
        assignment = Assignment.objects.get(pk=plan.parent_assignment_id)
        if assignment.stage == AssignmentStage.ASSIGNED and ASSIGNMENT_WORKFLOW.allows(
            by, ASSIGNMENT_WORKFLOW.transition_for("start", assignment.stage), assignment
        ):
            start_assignment(by=by, assignment=assignment, note=_("Implementing plan issued."))


# --- Tasks and fan-out ----------------------------------------------------------------------------


def resolve_targets(task: Task, on: dt.date | None = None) -> list[Organisation]:
    """The bodies a task goes to: its explicit list plus every body current on `on` (the plan's date)
    of the chosen kinds, in the chosen unit and at the chosen level — all of them within what the
    issuing body may direct (`scoping.reach_of`: its subtree; the province for the Ban), whichever
    way they were chosen."""
    on = on or task.plan.issued_on or timezone.localdate()
    reach = reach_of(task.plan.organisation)
    found = {o.pk: o for o in task.assignees.all() if o.path.startswith(reach)}
    if task.target_kinds:
        qs = (
            Organisation.objects.current(on)
            .filter(kind__in=task.target_kinds, path__startswith=reach)
            .exclude(pk=task.plan.organisation_id)
        )
        if task.target_unit_id:
            qs = qs.filter(Q(unit_id=task.target_unit_id) | Q(unit__parent_id=task.target_unit_id))
        if task.target_level:
            qs = qs.filter(unit__level=task.target_level)
        found.update({o.pk: o for o in qs})
    return sorted(found.values(), key=lambda o: o.path)


def default_due(plan: Plan) -> dt.date:
    start = plan.issued_on or timezone.localdate()
    return dt.date(start.year, 12, 31)


def fan_out(*, task: Task, by: Any) -> list[Assignment]:
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


def _check_assignees(by: Any, plan: Plan, organisations: Iterable[Organisation]) -> None:
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
    by: Any,
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
    by: Any,
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
def delete_task(*, by: Any, task: Task) -> None:
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


# --- Assignments and reports ----------------------------------------------------------------------


def _assignment_step(*, by: Any, assignment: Assignment, action: str, note: str = "") -> Assignment:
    return advance(obj=assignment, workflow=ASSIGNMENT_WORKFLOW, action=action, by=by, note=note)


def _report_step(
    *, by: Any, report: Report, action: str, note: str = "", audit: dict[str, Any] | None = None
) -> Report:
    return advance(obj=report, workflow=REPORT_WORKFLOW, action=action, by=by, note=note, audit=audit)


@transaction.atomic
def start_assignment(*, by: Any, assignment: Assignment, note: str = "") -> Assignment:
    return _assignment_step(by=by, assignment=assignment, action="start", note=note)


def clean_indicators(values: dict[str, Any] | None) -> dict[str, float | int]:
    """Known indicator codes with non-negative numbers; anything else is a validation error."""
    values = values or {}
    known = set(Indicator.objects.filter(active=True).values_list("code", flat=True))
    out: dict[str, float | int] = {}
    errors = []
    for code, raw in values.items():
        if raw in ("", None):
            continue
        if code not in known:
            errors.append(_("Unknown indicator “%(code)s”.") % {"code": code})
            continue
        try:
            number = float(str(raw).replace(",", "."))
        except ValueError:
            errors.append(_("Indicator “%(code)s” must be a number.") % {"code": code})
            continue
        if number < 0:
            errors.append(_("Indicator “%(code)s” cannot be negative.") % {"code": code})
            continue
        out[code] = int(number) if number.is_integer() else number
    if errors:
        raise ValidationError({"indicators": errors})
    return out


def open_period(assignment: Assignment) -> str:
    """The period a report is for when none is given: the earliest report still owed."""
    owed = assignment.reports.filter(stage__in=[ReportStage.DUE, ReportStage.RETURNED]).order_by(
        "due_on", "id"
    )
    first = owed.values_list("period", flat=True).first()
    if first:
        return first
    pending = assignment.reports.filter(stage=ReportStage.SUBMITTED).order_by("-submitted_at")
    return pending.values_list("period", flat=True).first() or f"adhoc-{timezone.localdate():%Y%m%d}"


def submit_report(
    *,
    by: Any,
    assignment: Assignment,
    summary: str,
    progress_percent: int,
    indicators: dict[str, Any] | None = None,
    period: str = "",
    annex: Any = None,
) -> tuple[Report, bool]:
    """File (or re-file after a return) the body's report for one period and submit the assignment.

    Returns (report, changed). Sending the same report again while it awaits review changes
    nothing, so a double submission never creates a second report. `annex` (an uploaded file) is
    attached in the same transaction: a refused file means nothing is submitted.
    """
    require(by, "plans.work_on_assignment", assignment)
    summary = nfc(summary)
    errors: dict[str, list[str]] = {}
    if not summary:
        errors["summary"] = [_("Describe what has been done.")]
    if progress_percent is None or not 0 <= int(progress_percent) <= 100:
        errors["progress_percent"] = [_("Progress must be between 0 and 100.")]
    if errors:
        raise ValidationError(errors)
    figures = clean_indicators(indicators)
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("plan").get(pk=assignment.pk)
        if assignment.plan.stage != PlanStage.ISSUED:
            raise DomainError(_("The plan is not in force."))
        if not (period or "").strip():
            # A repeated submission (double click, retried request) finds the report it already filed.
            same = assignment.reports.filter(
                stage=ReportStage.SUBMITTED, summary=summary, progress_percent=int(progress_percent)
            ).order_by("-submitted_at")
            for earlier in same:
                if earlier.indicators == figures:
                    return earlier, False
        period = (period or "").strip() or open_period(assignment)
        report = Report.objects.select_for_update().filter(assignment=assignment, period=period).first()
        if report is None:
            report = Report.objects.create(
                assignment=assignment,
                organisation_id=assignment.organisation_id,
                period=period,
                due_on=assignment.due_on,
                org_path=assignment.org_path,
                issuer_path=assignment.issuer_path,
            )
        if report.stage == ReportStage.SUBMITTED:
            unchanged = (
                report.summary == summary
                and report.progress_percent == int(progress_percent)
                and report.indicators == figures
            )
            if unchanged:
                return report, False
            raise DomainError(_("This report has already been submitted and is awaiting review."))
        if report.stage == ReportStage.ACCEPTED:
            raise DomainError(_("The report for this period has already been accepted."))
        report.summary, report.progress_percent, report.indicators = summary, int(progress_percent), figures
        report.submitted_by, report.submitted_at = by, timezone.now()
        report.revision += 1
        report.save()
        forget_submissions(by)  # the submitter may no longer review this assignment
        # The one audit row of this submission carries the period and the figures.
        report = _report_step(
            by=by,
            report=report,
            action="submit",
            audit={"period": period, "progress_percent": report.progress_percent, "indicators": figures},
        )
        if assignment.stage != AssignmentStage.SUBMITTED:
            assignment = _assignment_step(
                by=by, assignment=assignment, action="submit", note=period_label(period)
            )
        Assignment.objects.filter(pk=assignment.pk).update(
            progress_percent=report.progress_percent, last_report_at=report.submitted_at
        )
        if annex is not None:
            attach(target=report, upload=annex, by=by, kind="plans.report")
        notify(
            _reviewers_of(assignment.plan),
            title=_("Report submitted: %(body)s") % {"body": assignment.organisation.name},
            body=assignment.task.short_title,
            url=reverse("plans:assignment_detail", args=[assignment.pk]),
            kind="plans.report_submitted",
        )
    return report, True


def review_assignment(*, by: Any, assignment: Assignment, action: str, note: str = "") -> Assignment:
    """Accept or return the assignment and every report of it awaiting review (return needs a reason)."""
    if action not in ("accept", "return"):
        raise DomainError(_("Unknown action “%(action)s”.") % {"action": action})
    note = nfc(note)
    if action == "return" and not note:
        raise ValidationError({"note": [_("Give the reason for returning the report.")]})
    with transaction.atomic():
        result = _assignment_step(by=by, assignment=assignment, action=action, note=note)
        pending = Report.objects.filter(assignment=result, stage=ReportStage.SUBMITTED)
        for report in pending:
            report.review_note = note
            report.save(update_fields=["review_note", "updated_at"])
            _report_step(by=by, report=report, action=action, note=note)
        staff = members_by_body([result.organisation_id], Membership.Role.WORK).get(
            result.organisation_id, []
        )
        title = (_("Report accepted: %(task)s") if action == "accept" else _("Report returned: %(task)s")) % {
            "task": result.task.short_title
        }
        notify(
            staff,
            title=title,
            body=note,
            url=reverse("plans:assignment_detail", args=[result.pk]),
            kind=f"plans.report_{action}",
        )
    return result


def act_on_assignment(*, by: Any, assignment: Assignment, action: str, note: str = "") -> Assignment:
    """The API's actions endpoint: start, submit (re-send the filed report), accept, return."""
    if action in ("accept", "return"):
        return review_assignment(by=by, assignment=assignment, action=action, note=note)
    if action == "submit":
        ASSIGNMENT_WORKFLOW.transition_for("submit", assignment.stage)  # 409 before anything else
        require(by, "plans.work_on_assignment", assignment)
        last = (
            assignment.reports.filter(stage=ReportStage.RETURNED)
            .exclude(summary="")
            .order_by("-updated_at")
            .first()
        )
        if last is None:
            raise DomainError(_("Write the report first: submit it with its narrative and progress."))
        submit_report(
            by=by,
            assignment=assignment,
            summary=last.summary,
            progress_percent=last.progress_percent,
            indicators=last.indicators,
            period=last.period,
        )
        return Assignment.objects.get(pk=assignment.pk)
    with transaction.atomic():
        return _assignment_step(by=by, assignment=assignment, action=action, note=note)


@transaction.atomic
def request_report(*, by: Any, assignment: Assignment, due_on: dt.date) -> Report:
    """An ad hoc report the reviewer asks for."""
    require(by, "plans.review_assignment", assignment)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": [_("The due date cannot be in the past.")]})
    report, created = Report.objects.get_or_create(
        assignment=assignment,
        period=f"adhoc-{due_on:%Y%m%d}",
        defaults={
            "organisation_id": assignment.organisation_id,
            "due_on": due_on,
            "org_path": assignment.org_path,
            "issuer_path": assignment.issuer_path,
        },
    )
    if created:  # asking again for the same day changes nothing
        record(
            actor=by,
            action="plans.report.request",
            target=report,
            organisation=assignment.organisation,
            changes={"due_on": due_on},
        )
    return report


# --- Reminders ------------------------------------------------------------------------------------


def reminder_items(today: dt.date) -> list[tuple[Assignment, int]]:
    """(open assignment, days until due: negative when overdue) matching a reminder tier today."""
    tiers = list(ReminderTier.objects.filter(active=True))
    if not tiers:
        return []
    horizon = max([t.days for t in tiers if t.kind == ReminderTier.Kind.BEFORE] + [0])
    qs = (
        Assignment.objects.filter(
            stage__in=OPEN_ASSIGNMENT_STAGES,
            plan__stage=PlanStage.ISSUED,
            due_on__lte=today + dt.timedelta(days=horizon),
        )
        .select_related("task", "organisation")
        .order_by("due_on", "id")
    )
    return [
        (a, (a.due_on - today).days)
        for a in qs.iterator(chunk_size=2000)
        if a.due_on and any(t.matches(a.due_on, today) for t in tiers)
    ]


def send_reminder_digests(today: dt.date | None = None) -> int:
    """One digest per user per day listing the assignments that a tier selects today.

    Idempotent per day: the notification's dedupe key is the date, so a second run that day
    delivers nothing new. Returns the number of users the digest was sent to.
    """
    today = today or timezone.localdate()
    per_user: dict[int, list[str]] = defaultdict(list)
    items = reminder_items(today)
    staff = members_by_body((a.organisation_id for a, _days in items), Membership.Role.WORK)
    for assignment, days in items:
        due_on = today + dt.timedelta(days=days)  # assignment.due_on: reminder_items keeps dated ones only
        if days < 0:
            when = _("overdue by %(n)s days") % {"n": -days}
        elif days == 0:
            when = _("due today")
        else:
            when = _("due in %(n)s days") % {"n": days}
        line = f"- {assignment.task.short_title} ({assignment.organisation.name}): {when}, " + _(
            "due %(date)s"
        ) % {"date": due_on.strftime("%d/%m/%Y")}
        for user_id in staff.get(assignment.organisation_id, []):
            per_user[user_id].append(line)
    url = reverse("plans:my_assignments")
    with transaction.atomic():
        for user_id, lines in per_user.items():
            notify(
                [user_id],
                title=_("Reminder: %(n)s assignments need your attention") % {"n": len(lines)},
                body="\n".join(lines),
                url=url,
                kind="plans.reminder",
                dedupe_key=f"plans.digest:{today}",
            )
    return len(per_user)


def urge(
    *,
    by: Any,
    plan: Plan,
    assignments: Iterable[Assignment],
    message: str = "",
    token: str = "",
    organisation: Organisation | None = None,
) -> UrgeLetter:
    """A manual "đôn đốc" to the bodies of the selected late assignments, with its letter."""
    require(by, "plans.send_reminders", plan)
    assignments = [a for a in assignments if a.plan_id == plan.pk]
    if not assignments:
        raise ValidationError({"assignments": [_("Select at least one late body.")]})
    if token:
        found = UrgeLetter.objects.filter(created_by=by, token=token).first()
        if found:
            return found
    issuer = organisation or plan.organisation
    today = timezone.localdate()
    subject = _("V/v urging the implementation of %(plan)s") % {"plan": plan.number or plan.title}
    try:
        with transaction.atomic():
            # Numbered in the issuer's CV register (dvk.documents): a locked counter, so two letters
            # sent at once never share a number, and a rolled-back letter leaves no gap.
            document = documents.issue(
                organisation=issuer,
                doc_type="CV",
                title=subject,
                by=by,
                issued_on=today,
                recipients=["Như trên"],
            )
            letter = UrgeLetter.objects.create(
                organisation=issuer,
                plan=plan,
                document=document,
                number=document.number,
                sent_on=today,
                subject=subject,
                message=nfc(message),
                created_by=by,
                token=token[:64],
            )
            documents.link(document, letter)
            letter.assignments.set(assignments)
            letter.recipients.set({a.organisation_id for a in assignments})
            record(
                actor=by,
                action="plans.urge",
                target=letter,
                organisation=issuer,
                changes={"number": letter.number, "assignments": [a.pk for a in assignments]},
            )
            staff = members_by_body((a.organisation_id for a in assignments), Membership.Role.WORK)
            users = {u for ids in staff.values() for u in ids}
            notify(
                users,
                title=_("Reminder letter %(number)s: %(plan)s")
                % {"number": letter.number, "plan": plan.number or plan.title},
                body=letter.message,
                url=reverse("plans:my_assignments"),
                kind="plans.urge",
                dedupe_key=f"plans.urge:{letter.pk}",
                email=documents.may_email(document),
            )
    except IntegrityError:  # the same form posted twice at once
        return UrgeLetter.objects.get(created_by=by, token=token)
    return letter


# --- Supervision ----------------------------------------------------------------------------------


@transaction.atomic
def create_programme(
    *,
    by: Any,
    organisation: Organisation,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    kind: str = "supervision",
    team: str = "",
    plan: Plan | None = None,
) -> SupervisionProgramme:
    require(by, "plans.manage_supervision", organisation)
    require_current(organisation, on=starts_on)
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end date cannot be before the start date.")]})
    programme = SupervisionProgramme.objects.create(
        organisation=organisation,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        kind=kind,
        team=nfc(team),
        plan=plan,
        created_by=by,
    )
    record(
        actor=by,
        action="plans.supervision.create",
        target=programme,
        organisation=organisation,
        changes={"title": programme.title},
    )
    return programme


@transaction.atomic
def add_visit(
    *,
    by: Any,
    programme: SupervisionProgramme,
    organisation: Organisation,
    visited_on: dt.date,
    findings: str = "",
    recommendations: Iterable[str] = (),
    due_on: dt.date | None = None,
) -> SupervisionVisit:
    require(by, "plans.manage_supervision", programme.organisation)
    if not scope_for(by).covers(organisation.path):
        raise ValidationError({"organisation": [_("The body is not in your scope.")]})
    require_current(organisation, on=visited_on)
    visit = SupervisionVisit.objects.create(
        programme=programme, organisation=organisation, visited_on=visited_on, findings=findings
    )
    texts = [nfc(t) for t in recommendations if nfc(t)]
    for text in texts:
        Recommendation.objects.create(
            visit=visit, organisation=organisation, text=text, due_on=due_on, issuer_path=programme.org_path
        )
    record(
        actor=by,
        action="plans.supervision.visit",
        target=visit,
        organisation=organisation,
        changes={"programme": programme.pk, "recommendations": len(texts)},
    )
    staff = members_by_body([organisation.pk], Membership.Role.WORK).get(organisation.pk, [])
    if texts:
        notify(
            staff,
            title=_("Supervision recommendations to answer: %(title)s") % {"title": programme.title},
            body="\n".join(f"- {t}" for t in texts),
            url=reverse("plans:supervision_list"),
            kind="plans.recommendation",
        )
    return visit


def respond_recommendation(*, by: Any, recommendation: Recommendation, response: str) -> Recommendation:
    response = nfc(response)
    if not response:
        raise ValidationError({"response": [_("Write the body's response.")]})

    return advance(
        obj=recommendation, workflow=RECOMMENDATION_WORKFLOW, action="respond", by=by, note=response
    )


def on_respond_recommendation(step: Step) -> None:
    step.obj.response = step.note


def review_recommendation(
    *, by: Any, recommendation: Recommendation, action: str, note: str = ""
) -> Recommendation:
    return advance(obj=recommendation, workflow=RECOMMENDATION_WORKFLOW, action=action, by=by, note=note)


# --- Campaigns and events -------------------------------------------------------------------------


@transaction.atomic
def create_campaign(
    *,
    by: Any,
    organisation: Organisation,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    description: str = "",
    theme: Theme | None = None,
) -> Campaign:
    require(by, "plans.manage_campaigns", organisation)
    require_current(organisation, on=starts_on)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end date cannot be before the start date.")]})
    campaign = Campaign.objects.create(
        organisation=organisation,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        description=nfc(description),
        theme=theme,
    )
    record(
        actor=by,
        action="plans.campaign.create",
        target=campaign,
        organisation=organisation,
        changes={"name": campaign.name},
    )
    return campaign


def record_activity(
    *,
    by: Any,
    campaign: Campaign,
    organisation: Organisation,
    title: str,
    held_on: dt.date,
    place: str = "",
    participants: int = 0,
    results: str = "",
    figures: dict[str, Any] | None = None,
    token: str = "",
) -> tuple[Activity, bool]:
    require(by, "plans.record_activity", organisation)
    if not scope_for(by).covers(organisation.path):
        raise PermissionDenied(_("You are not allowed to perform this action."))
    require_current(organisation, on=held_on)
    if not campaign.starts_on <= held_on <= campaign.ends_on:
        raise ValidationError(
            {
                "held_on": [
                    _("The date must fall within the campaign (%(start)s – %(end)s).")
                    % {
                        "start": campaign.starts_on.strftime("%d/%m/%Y"),
                        "end": campaign.ends_on.strftime("%d/%m/%Y"),
                    }
                ]
            }
        )
    values = clean_indicators(figures)
    if token:
        found = Activity.objects.filter(created_by=by, token=token).first()
        if found:
            return found, False
    try:
        with transaction.atomic():
            activity = Activity.objects.create(
                campaign=campaign,
                organisation=organisation,
                title=title,
                held_on=held_on,
                place=place,
                participants=participants,
                results=results,
                figures=values,
                created_by=by,
                token=token[:64],
            )
            record(
                actor=by,
                action="plans.activity.create",
                target=activity,
                organisation=organisation,
                changes={"campaign": campaign.pk, "title": activity.title, "participants": participants},
            )
    except IntegrityError:
        return Activity.objects.get(created_by=by, token=token), False
    return activity, True


@transaction.atomic
def save_event(
    *,
    by: Any,
    organisation: Organisation,
    event: Event | None = None,
    invited: Iterable[Organisation] = (),
    **fields: Any,
) -> Event:
    require(by, "plans.manage_campaigns", organisation)
    creating = event is None
    if creating:
        require_current(organisation, on=fields.get("held_on"))
    event = event or Event(organisation=organisation)
    for key, value in fields.items():
        setattr(event, key, value)
    event.save()
    event.invited.set(list(invited))
    record(
        actor=by,
        action="plans.event.create" if creating else "plans.event.update",
        target=event,
        organisation=organisation,
        changes={k: str(v) for k, v in fields.items() if k in ("title", "held_on")},
    )
    return event
