"""Themes and plans: creating, importing, editing and moving a plan through PLAN_WORKFLOW."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError, Step, advance
from dvk.organisations.models import Organisation
from dvk.organisations.scoping import require_current, scope_for
from dvk.plans.importer import ParsedPlan, ParsedSection
from dvk.plans.models import (
    Assignment,
    Plan,
    Section,
    Task,
    Theme,
)
from dvk.plans.services.reports import start_assignment
from dvk.plans.services.tasks import fan_out
from dvk.plans.workflow import (
    ASSIGNMENT_WORKFLOW,
    PLAN_WORKFLOW,
    AssignmentStage,
    PlanStage,
)


@transaction.atomic
def theme_for(name: str, year: int | None, *, by: AuthenticatedUser | None = None) -> Theme | None:
    """The theme named `name` for `year`, created (and audited) the first time it is used."""
    if not name or not year:
        return None
    theme, created = Theme.objects.get_or_create(name=nfc(name), year=year)
    if created:
        record(
            actor=by, action="plans.theme.create", target=theme, changes={"name": theme.name, "year": year}
        )
    return theme


def check_number_free(
    organisation: Organisation, number: str, issued_on: dt.date | None, *, exclude: int | None = None
) -> None:
    """A document number is used once per issuing body and year (the plan's date; undated drafts share
    one "year"): entering or importing the same plan twice is refused with the plan that has it.
    The database holds the same rule for dated plans (constraint plan_number_unique_per_body_year)."""
    number = nfc(number or "").strip()
    if not number:
        return
    clash = Plan.objects.filter(organisation=organisation, number=number)
    clash = (
        clash.filter(issued_on__year=issued_on.year) if issued_on else clash.filter(issued_on__isnull=True)
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    other = clash.only("pk", "title", "issued_on").first()
    if other is not None:
        raise ValidationError(
            {
                "number": [
                    _(
                        "%(body)s already has a plan numbered %(number)s in %(year)s: “%(title)s”. "
                        "A document number is used once per issuing body and year; open that plan instead "
                        "or correct the number."
                    )
                    % {
                        "body": organisation.name,
                        "number": number,
                        "year": issued_on.year if issued_on else _("(no date)"),
                        "title": other.title,
                    }
                ]
            }
        )


@transaction.atomic
def create_plan(
    *,
    by: AuthenticatedUser,
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
    check_number_free(organisation, number, issued_on)
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
    by: AuthenticatedUser,
    organisation: Organisation,
    parsed: ParsedPlan,
    number: str = "",
    issued_on: dt.date | None = None,
    title: str = "",
    parent: Plan | None = None,
    parent_assignment: Assignment | None = None,
) -> Plan:
    """Store a parsed plan as a draft: its sections and one draft task per bullet, for review.

    The number and date typed in the form win; otherwise those read from the document's header.
    """
    plan = create_plan(
        by=by,
        organisation=organisation,
        title=title or parsed.title or _("Imported plan"),
        number=number or parsed.number,
        issued_on=issued_on or parsed.issued_on,
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
def update_plan(*, by: AuthenticatedUser, plan: Plan, **fields: Any) -> Plan:
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
    if "number" in changed or "issued_on" in changed:
        check_number_free(
            plan.organisation,
            fields.get("number", plan.number),
            fields.get("issued_on", plan.issued_on),
            exclude=plan.pk,
        )
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.save()
    record(actor=by, action="plans.plan.update", target=plan, organisation=plan.organisation, changes=changed)
    return plan


def issue_plan(*, by: AuthenticatedUser, plan: Plan, note: str = "") -> Plan:
    return act_on_plan(by=by, plan=plan, action="issue", note=note)


def act_on_plan(*, by: AuthenticatedUser, plan: Plan, action: str, note: str = "") -> Plan:
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
