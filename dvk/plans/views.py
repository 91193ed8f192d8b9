"""Screens of plans and monitoring: thin views over selectors (reads) and services (writes).
Out of scope is 404 (scoped get_object_or_404); visible but not allowed is 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dvk.attachments.services import attachments_of
from dvk.core.access import require
from dvk.core.downloads import DOCX, XLSX, file_response
from dvk.core.errors import handled
from dvk.core.forms import read_form_token
from dvk.core.paging import querystring
from dvk.core.presentation import buttons
from dvk.core.text import clean_text, fold
from dvk.core.types import AuthenticatedHttpRequest
from dvk.core.validation import parse_id, parse_ids, require_id
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import scope_for
from dvk.organisations.selectors import units_in_scope
from dvk.plans import lists, selectors, services
from dvk.plans.documents import reminder_letter
from dvk.plans.exports import matrix_workbook
from dvk.plans.forms import (
    ActivityForm,
    AssignTasksForm,
    CampaignForm,
    ChildPlanForm,
    EventForm,
    ImportForm,
    NoteForm,
    PlanForm,
    ProgrammeForm,
    ReportForm,
    ResponseForm,
    TaskForm,
    VisitForm,
    indicator_values,
)
from dvk.plans.models import (
    Activity,
    Assignment,
    Campaign,
    Event,
    Indicator,
    Plan,
    Recommendation,
    ReminderTier,
    Section,
    SupervisionProgramme,
    SupervisionVisit,
    Task,
    UrgeLetter,
)
from dvk.plans.periods import label as period_label
from dvk.plans.presentation import ASSIGNMENT_LOOKS, PLAN_LOOKS, RECOMMENDATION_LOOKS
from dvk.plans.workflow import (
    ASSIGNMENT_WORKFLOW,
    PLAN_WORKFLOW,
    RECOMMENDATION_WORKFLOW,
    AssignmentStage,
    PlanStage,
    ReportStage,
)


def _plan(request: AuthenticatedHttpRequest, pk: int | str) -> Plan:
    return get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("organisation", "theme", "parent"), pk=pk
    )


def _assignment(request: AuthenticatedHttpRequest, pk: int) -> Assignment:
    qs = Assignment.objects.visible_to(request.user).select_related(
        "task", "task__section", "plan", "plan__organisation", "organisation"
    )
    return get_object_or_404(qs, pk=pk)


# --- Plans ---------------------------------------------------------------------------------------


@login_required
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "plans.view_plans")
    q, stage = request.GET.get("q", ""), request.GET.get("stage", "")
    listing = lists.PLANS.bind(request)
    return render(
        request,
        "plans/plan_list.html",
        {
            "listing": listing,
            "page": listing.page,
            "q": q,
            "stage": stage,
            "stages": PlanStage.choices,
            "querystring": listing.querystring,
            "can_add": request.user.has_perm("plans.add_plan"),
        },
    )


@login_required
def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "plans.add_plan")
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with handled(form) as outcome:
            plan = services.create_plan(
                by=request.user,
                organisation=d["organisation"],
                title=d["title"],
                number=d["number"],
                issued_on=d["issued_on"],
                theme=d["theme"],
                parent=d["parent"],
                preamble=d["preamble"],
            )
        if outcome.ok:
            messages.success(request, _("The plan has been created as a draft."))
            return redirect("plans:plan_detail", plan.pk)
    return render(request, "plans/form.html", {"form": form, "title": _("New plan")})


@login_required
def plan_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "plans.add_plan")
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with handled(form) as outcome:
            plan = services.import_plan(
                by=request.user,
                organisation=d["organisation"],
                parsed=d["parsed"],
                number=d["number"],
                issued_on=d["issued_on"],
            )
        if outcome.ok:
            messages.success(
                request,
                _(
                    "Imported %(sections)s sections and %(tasks)s draft tasks. Review them, choose "
                    "the bodies, then issue the plan."
                )
                % {"sections": plan.sections.count(), "tasks": plan.tasks.count()},
            )
            _warn_other_issuer(request, d["parsed"].issuer, d["organisation"].name)
            return redirect("plans:plan_detail", plan.pk)
    return render(request, "plans/import.html", {"form": form})


def _warn_other_issuer(request: AuthenticatedHttpRequest, written: str, chosen: str) -> None:
    """The document's header names another issuing body than the one chosen: say so, change nothing."""
    a, b = fold(written), fold(chosen)
    if a and a not in b and b not in a:
        messages.warning(
            request,
            _(
                "The document names “%(written)s” as its issuing body, not “%(chosen)s”: check the plan's body."
            )
            % {"written": written, "chosen": chosen},
        )


@login_required
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    sections = list(plan.sections.all())
    tasks = list(plan.tasks.prefetch_related("assignees").select_related("target_unit"))
    counts = dict(_task_counts(request.user, plan))
    by_section: dict[int | None, list[Task]] = {}
    for t in tasks:
        t.assignment_count = counts.get(t.pk, 0)
        by_section.setdefault(t.section_id, []).append(t)
    stats = selectors.section_progress(user=request.user, plan=plan)
    for s in sections:
        s.task_list = by_section.get(s.pk, [])
        s.stats = stats.get(s.pk)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "sections": sections,
            "loose_tasks": by_section.get(None, []),
            "actions": buttons(PLAN_WORKFLOW.available(request.user, plan), PLAN_LOOKS),
            "can_change": request.user.has_perm("plans.change_plan", plan) and plan.stage != PlanStage.CLOSED,
            "progress": selectors.plan_tree_progress(user=request.user, plan=plan),
            "rollup": selectors.rollup(user=request.user, plan=plan),
            "children": Plan.objects.visible_to(request.user)
            .filter(parent=plan)
            .select_related("organisation"),
            "events": plan.events.select_related("actor"),
        },
    )


def _task_counts(user: Any, plan: Plan):
    from django.db.models import Count

    return (
        Assignment.objects.visible_to(user)
        .filter(plan=plan)
        .values("task_id")
        .annotate(n=Count("id"))
        .values_list("task_id", "n")
    )


@login_required
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    require(request.user, "plans.change_plan", plan)
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {
            k: form.cleaned_data[k] for k in ("number", "title", "issued_on", "theme", "parent", "preamble")
        }
        with handled(form) as outcome:
            services.update_plan(by=request.user, plan=plan, **fields)
        if outcome.ok:
            messages.success(request, _("Saved."))
            return redirect("plans:plan_detail", plan.pk)
    return render(request, "plans/form.html", {"form": form, "title": _("Edit plan"), "back": plan})


@login_required
@require_POST
def plan_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    plan = _plan(request, pk)
    if action == "issue" and plan.stage == PlanStage.DRAFT and not request.POST.get("confirm_unassigned"):
        if _unassigned(plan):  # issuing would leave tasks with nobody: say which, and ask first
            return redirect("plans:plan_issue", plan.pk)
    with handled(request) as outcome:
        services.act_on_plan(by=request.user, plan=plan, action=action, note=request.POST.get("note", ""))
    if outcome.ok:
        messages.success(request, PLAN_DONE.get(action, _("Done.")))
    return redirect("plans:plan_detail", plan.pk)


PLAN_DONE = {
    "issue": _("The plan has been issued: every task has gone to its receiving bodies."),
}


def _unassigned(plan: Plan) -> list[Task]:
    counts = services.receiver_counts(plan)
    return [t for t in plan.tasks.select_related("section").order_by("order") if not counts.get(t.pk)]


@login_required
def plan_issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Before issuing a plan with tasks nobody would receive: list them, offer to assign them (many at
    once), and issue only when the coordinator confirms that they stay unassigned."""
    plan = _plan(request, pk)
    if not any(t.action == "issue" for t in PLAN_WORKFLOW.available(request.user, plan)):
        require(request.user, "plans.issue_plan", plan)
        return redirect("plans:plan_detail", plan.pk)
    unassigned = _unassigned(plan)
    if not unassigned:
        return redirect("plans:plan_detail", plan.pk)
    return render(
        request,
        "plans/plan_issue.html",
        {"plan": plan, "unassigned": unassigned, "total": plan.tasks.count()},
    )


@login_required
def tasks_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Choose the receivers of many tasks at once (typically right after importing a plan)."""
    plan = _plan(request, pk)
    require(request.user, "plans.change_plan", plan)
    unassigned = _unassigned(plan)
    initial = {
        "tasks": unassigned,
        "mode": AssignTasksForm.SUGGESTED
        if any(t.suggested_kinds for t in unassigned)
        else AssignTasksForm.CHOSEN,
    }
    form = AssignTasksForm(request.POST or None, initial=initial, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with handled(form) as outcome:
            n = services.assign_tasks(
                by=request.user,
                plan=plan,
                tasks=d["tasks"],
                suggested=d["mode"] == AssignTasksForm.SUGGESTED,
                target_kinds=d["target_kinds"],
                target_unit=d["target_unit"],
                target_level=d["target_level"],
                assignees=d["assignees"],
            )
        if outcome.ok:
            left = len(_unassigned(plan))
            messages.success(
                request,
                _("Receivers chosen for %(n)s tasks; %(left)s tasks still have none.")
                % {"n": n, "left": left},
            )
            return redirect("plans:plan_detail", plan.pk)
    return render(
        request,
        "plans/tasks_assign.html",
        {"form": form, "plan": plan, "unassigned": unassigned, "title": _("Assign many tasks")},
    )


def _chosen_targets(form: TaskForm, plan: Plan, task: Task | None) -> list[Organisation]:
    """The bodies the form's current choice reaches (bound: what was posted; unbound: the initial values,
    which include the importer's suggested kinds)."""
    if form.is_bound:
        form.is_valid()
        d = getattr(form, "cleaned_data", {})
    else:
        d = {k: form.initial.get(k) for k in ("assignees", "target_kinds", "target_unit", "target_level")}
    unit = d.get("target_unit")  # a unit (posted) or its id (initial)
    return services.targets_for(
        plan,
        assignees=d.get("assignees") or [],
        kinds=d.get("target_kinds") or [],
        unit_id=getattr(unit, "pk", unit) or None,
        level=d.get("target_level") or "",
    )


@login_required
def task_targets(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The receivers of the task form's current choice, refreshed by htmx as the choice changes."""
    plan = _plan(request, pk)
    require(request.user, "plans.change_plan", plan)
    form = TaskForm(request.GET, user=request.user, plan=plan)
    return render(
        request, "plans/_targets.html", {"targets": _chosen_targets(form, plan, None), "plan": plan}
    )


def _saved_message(plan: Plan, task: Task, created: list) -> str:
    if plan.stage == PlanStage.ISSUED:
        return _("Task saved; %(n)s new assignments.") % {"n": len(created)}
    n = len(services.resolve_targets(task))
    if not n:
        return _(
            "Task saved. Nobody receives it yet: choose kinds of body or bodies before issuing the plan."
        )
    return _("Task saved; it will go to %(n)s bodies when the plan is issued.") % {"n": n}


def _task_form_save(request: AuthenticatedHttpRequest, form: TaskForm, plan: Plan, task: Task | None):
    d = form.cleaned_data
    keys = (
        "title",
        "description",
        "section",
        "due_on",
        "regime",
        "assignees",
        "target_kinds",
        "target_unit",
        "target_level",
        "indicators",
    )
    kwargs = {k: d[k] for k in keys}
    if task is None:
        return services.add_task(by=request.user, plan=plan, **kwargs)
    return services.update_task(by=request.user, task=task, **kwargs)


@login_required
def task_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    require(request.user, "plans.change_plan", plan)
    form = TaskForm(request.POST or None, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        with handled(form) as outcome:
            task, created = _task_form_save(request, form, plan, None)
        if outcome.ok:
            messages.success(request, _saved_message(plan, task, created))
            return redirect("plans:plan_detail", plan.pk)
    return render(
        request,
        "plans/task_form.html",
        {"form": form, "plan": plan, "targets": _chosen_targets(form, plan, None), "title": _("New task")},
    )


@login_required
def task_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(
        Task.objects.select_related("plan"), pk=pk, plan__in=Plan.objects.visible_to(request.user)
    )
    plan = task.plan
    require(request.user, "plans.change_plan", plan)
    initial = {
        "title": task.title,
        "description": task.description,
        "section": task.section_id,
        "due_on": task.due_on,
        "regime": task.regime,
        "target_kinds": task.target_kinds or (task.suggested_kinds if plan.stage == PlanStage.DRAFT else []),
        "target_level": task.target_level,
        "target_unit": task.target_unit_id,
        "assignees": list(task.assignees.all()),
        "indicators": list(task.indicators.all()),
    }
    form = TaskForm(request.POST or None, initial=initial, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        with handled(form) as outcome:
            task, created = _task_form_save(request, form, plan, task)
        if outcome.ok:
            messages.success(request, _saved_message(plan, task, created))
            return redirect("plans:plan_detail", plan.pk)
    targets = _chosen_targets(form, plan, task)
    return render(
        request,
        "plans/task_form.html",
        {"form": form, "plan": plan, "task": task, "targets": targets, "title": _("Review task")},
    )


@login_required
@require_POST
def task_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(
        Task.objects.select_related("plan"), pk=pk, plan__in=Plan.objects.visible_to(request.user)
    )
    with handled(request) as outcome:
        services.delete_task(by=request.user, task=task)
    if outcome.ok:
        messages.success(request, _("Task removed."))
    return redirect("plans:plan_detail", task.plan_id)


# --- Assignments ----------------------------------------------------------------------------------


@login_required
def my_assignments(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "plans.work_on_assignment")
    stage = request.GET.get("stage", "")
    listing = lists.MY_ASSIGNMENTS.bind(request)
    return render(
        request,
        "plans/my_assignments.html",
        {
            "listing": listing,
            "page": listing.page,
            "stage": stage,
            "stages": AssignmentStage.choices,
            "overdue": request.GET.get("overdue") == "1",
            "querystring": listing.querystring,
            "today": timezone.localdate(),
        },
    )


def _owed_periods(assignment: Assignment) -> list[tuple[str, str]]:
    owed = assignment.reports.filter(stage__in=[ReportStage.DUE, ReportStage.RETURNED]).order_by(
        "due_on", "id"
    )
    choices = [
        (r.period, f"{period_label(r.period)} — {r.due_on:%d/%m/%Y}" if r.due_on else period_label(r.period))
        for r in owed
    ]
    return choices or [("", _("Ad hoc report"))]


def _report_indicators(assignment: Assignment):
    chosen = list(assignment.task.indicators.all())
    return chosen or list(Indicator.objects.filter(active=True))


@login_required
def assignment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _assignment_page(request, _assignment(request, pk))


def _assignment_page(
    request: AuthenticatedHttpRequest, assignment: Assignment, report_form: ReportForm | None = None
) -> HttpResponse:
    """The assignment page; given a report form that failed, it is shown again with what the body
    typed and the messages beside the fields (status 200), never emptied by a redirect."""
    reports = list(selectors.report_list(user=request.user, assignment=assignment))
    can_report = (
        request.user.has_perm("plans.work_on_assignment", assignment)
        and assignment.plan.stage == PlanStage.ISSUED
    )
    form = report_form or (
        ReportForm(periods=_owed_periods(assignment), indicators=_report_indicators(assignment))
        if can_report
        else None
    )
    indicators = {i.code: i for i in Indicator.objects.all()}
    for r in reports:
        r.figures = [(indicators[c].name if c in indicators else c, v) for c, v in r.indicators.items()]
        r.files = list(attachments_of(r)) if r.stage != ReportStage.DUE else []
    return render(
        request,
        "plans/assignment_detail.html",
        {
            "a": assignment,
            "reports": reports,
            "form": form,
            "actions": buttons(
                [t for t in ASSIGNMENT_WORKFLOW.available(request.user, assignment) if t.action != "submit"],
                ASSIGNMENT_LOOKS,
            ),
            "events": assignment.events.select_related("actor"),
            "note_form": NoteForm(),
            "child_plans": assignment.implementing_plans.all(),
            "can_answer": request.user.has_perm("plans.answer_with_plan", assignment),
            "overdue": assignment.is_overdue() and assignment.plan.stage == PlanStage.ISSUED,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def report_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    require(request.user, "plans.work_on_assignment", assignment)
    form = ReportForm(
        request.POST,
        request.FILES,
        periods=_owed_periods(assignment),
        indicators=_report_indicators(assignment),
    )
    if form.is_valid():
        d = form.cleaned_data
        with handled(form) as outcome:
            report, changed = services.submit_report(
                by=request.user,
                assignment=assignment,
                summary=d["summary"],
                period=d["period"],
                progress_percent=d["progress_percent"],
                indicators=indicator_values(form),
                annex=d.get("attachment") or None,
            )
        if outcome.ok:
            messages.success(request, _("The report has been submitted."))
            return redirect("plans:assignment_detail", assignment.pk)
    if (
        set(form.errors) == {"period"}
        and assignment.reports.filter(
            period=str(request.POST.get("period", ""))[:32],
            stage__in=[ReportStage.SUBMITTED, ReportStage.ACCEPTED],
        ).exists()
    ):  # the same report posted twice (double click, reload): already filed, nothing to correct
        messages.info(request, _("This report has already been submitted and is awaiting review."))
        return redirect("plans:assignment_detail", assignment.pk)
    messages.error(request, _("The report was not sent: correct the fields marked below."))
    return _assignment_page(request, assignment, report_form=form)


@login_required
@require_POST
def assignment_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    assignment = _assignment(request, pk)
    with handled(request) as outcome:
        services.act_on_assignment(
            by=request.user, assignment=assignment, action=action, note=request.POST.get("note", "")
        )
    if outcome.ok:
        messages.success(request, _("Done."))
    return redirect("plans:assignment_detail", assignment.pk)


@login_required
def child_plan_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    require(request.user, "plans.answer_with_plan", assignment)
    form = ChildPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with handled(form) as outcome:
            if d["parsed"]:
                plan = services.import_plan(
                    by=request.user,
                    organisation=assignment.organisation,
                    parsed=d["parsed"],
                    number=d["number"],
                    issued_on=d["issued_on"],
                    title=d["title"],
                    parent_assignment=assignment,
                )
            else:
                plan = services.create_plan(
                    by=request.user,
                    organisation=assignment.organisation,
                    title=d["title"],
                    number=d["number"],
                    issued_on=d["issued_on"],
                    parent_assignment=assignment,
                )
        if outcome.ok:
            messages.success(
                request, _("Your implementing plan has been created as a draft; issue it when ready.")
            )
            return redirect("plans:plan_detail", plan.pk)
    return render(
        request,
        "plans/form.html",
        {"form": form, "title": _("Implementing plan"), "back_assignment": assignment},
    )


# --- Monitoring -----------------------------------------------------------------------------------


def _matrix_filters(request: AuthenticatedHttpRequest):
    plans = selectors.plan_list(user=request.user).exclude(stage=PlanStage.DRAFT)
    plan_id = request.GET.get("plan")
    plan: Plan | None
    if plan_id:
        plan = get_object_or_404(plans, pk=require_id(plan_id))
    else:  # the user's own body's latest plan first (the coordinator's province plan), else the latest
        own = Membership.objects.filter(user=request.user).values("organisation_id")
        plan = plans.filter(organisation_id__in=own).first() or plans.first()
    section = None
    if plan and request.GET.get("section"):
        section = get_object_or_404(Section, pk=require_id(request.GET["section"]), plan=plan)
    kind = request.GET.get("kind", "")
    unit = parse_id(request.GET.get("unit"))
    return plans, plan, section, kind, unit


@login_required
def matrix(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "plans.view_matrix")
    plans, plan, section, kind, unit = _matrix_filters(request)
    data = (
        selectors.matrix(
            user=request.user, plan=plan, section=section, kind=kind, unit=unit, page=request.GET.get("page")
        )
        if plan
        else None
    )
    return render(
        request,
        "plans/matrix.html",
        {
            "plans": plans[:100],
            "plan": plan,
            "section": section,
            "kind": kind,
            "unit": unit,
            "m": data,
            "sections": plan.sections.all() if plan else [],
            "kinds": Organisation.Kind.choices,
            "units": units_in_scope(request.user),
            "querystring": querystring(request),
            "can_urge": plan and request.user.has_perm("plans.send_reminders", plan),
        },
    )


@login_required
def matrix_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "plans.view_matrix")
    _plans, plan, section, kind, unit = _matrix_filters(request)
    if plan is None:
        messages.error(request, _("There is no issued plan to export."))
        return redirect("plans:matrix")
    content = matrix_workbook(user=request.user, plan=plan, section=section, kind=kind, unit=unit)
    return file_response(content, matrix_filename(plan), mime=XLSX)


def matrix_filename(plan: Plan) -> str:
    """Named by the plan's number and date as officials cite it: "Theo dõi KH 18-KH-BTGDVTU ngày 03-08-2026.xlsx"."""
    number = (plan.number or str(plan.pk)).replace("/", "-")
    if plan.issued_on:
        return _("Plan monitoring %(number)s of %(date)s.xlsx") % {
            "number": number,
            "date": plan.issued_on.strftime("%d-%m-%Y"),
        }
    return _("Plan monitoring %(number)s.xlsx") % {"number": number}


@login_required
@require_POST
def urge(request: AuthenticatedHttpRequest) -> HttpResponse:
    plan = _plan(request, require_id(request.POST.get("plan")))
    require(request.user, "plans.send_reminders", plan)
    ids = parse_ids(request.POST.getlist("assignment"))
    chosen = list(Assignment.objects.visible_to(request.user).filter(plan=plan, pk__in=ids))
    with handled(request) as outcome:
        letter = services.urge(
            by=request.user,
            plan=plan,
            assignments=chosen,
            message=clean_text(request.POST.get("message", "")),
            token=read_form_token(request.POST),
        )
    if not outcome.ok:
        return redirect(f"{_url('plans:matrix')}?plan={plan.pk}")
    messages.success(
        request,
        _("Reminder letter %(number)s sent to %(n)s bodies.")
        % {"number": letter.number, "n": letter.recipients.count()},
    )
    return redirect("plans:reminders")


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


@login_required
def reminders(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "plans.send_reminders")
    listing = lists.LETTERS.bind(request)
    return render(
        request,
        "plans/reminders.html",
        {
            "listing": listing,
            "page": listing.page,
            "tiers": ReminderTier.objects.all(),
            "querystring": listing.querystring,
        },
    )


@login_required
def letter_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(
        UrgeLetter.objects.visible_to(request.user).select_related("organisation", "plan"), pk=pk
    )
    require(request.user, "plans.send_reminders", letter.plan)
    return file_response(
        reminder_letter(letter), _("Reminder letter %(number)s.docx") % {"number": letter.pk}, mime=DOCX
    )


# --- Supervision ----------------------------------------------------------------------------------


@login_required
def supervision_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "plans.view_supervision")
    listing = lists.PROGRAMMES.bind(request)
    open_recs = (
        Recommendation.objects.visible_to(request.user)
        .exclude(stage="closed")
        .select_related("organisation", "visit__programme")[:50]
    )
    return render(
        request,
        "plans/supervision_list.html",
        {
            "listing": listing,
            "page": listing.page,
            "recommendations": open_recs,
            "can_add": request.user.has_perm("plans.manage_supervision"),
            "querystring": listing.querystring,
        },
    )


@login_required
def supervision_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "plans.manage_supervision")
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with handled(form) as outcome:
            programme = services.create_programme(
                by=request.user,
                organisation=d["organisation"],
                title=d["title"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                kind=d["kind"],
                team=d["team"],
                plan=d["plan"],
            )
        if outcome.ok:
            return redirect("plans:supervision_detail", programme.pk)
    return render(request, "plans/form.html", {"form": form, "title": _("New supervision programme")})


@login_required
def supervision_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(
        SupervisionProgramme.objects.visible_to(request.user).select_related("organisation", "plan"), pk=pk
    )
    recs = Recommendation.objects.visible_to(request.user).select_related("organisation")
    visits = (
        SupervisionVisit.objects.visible_to(request.user)
        .filter(programme=programme)
        .select_related("organisation")
        .prefetch_related(Prefetch("recommendations", queryset=recs))
    )
    if scope_for(request.user).covers(programme.org_path):
        visits = (
            SupervisionVisit.objects.filter(programme=programme)
            .select_related("organisation")
            .prefetch_related(Prefetch("recommendations", queryset=recs))
        )
    visits = list(visits)
    for v in visits:
        for r in v.recommendations.all():
            r.actions = buttons(RECOMMENDATION_WORKFLOW.available(request.user, r), RECOMMENDATION_LOOKS)
    can_manage = request.user.has_perm("plans.manage_supervision", programme.organisation)
    return render(
        request,
        "plans/supervision_detail.html",
        {
            "p": programme,
            "visits": visits,
            "visit_form": VisitForm(user=request.user) if can_manage else None,
            "response_form": ResponseForm(),
        },
    )


@login_required
@require_POST
def visit_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(SupervisionProgramme.objects.visible_to(request.user), pk=pk)
    require(request.user, "plans.manage_supervision", programme.organisation)
    form = VisitForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        with handled(request) as outcome:
            services.add_visit(
                by=request.user,
                programme=programme,
                organisation=d["organisation"],
                visited_on=d["visited_on"],
                findings=d["findings"],
                recommendations=d["recommendations"].splitlines(),
                due_on=d["due_on"],
            )
        if outcome.ok:
            messages.success(request, _("Visit recorded."))
    else:
        messages.error(request, _("The visit was not recorded: check the body, the date and the findings."))
    return redirect("plans:supervision_detail", programme.pk)


@login_required
@require_POST
def recommendation_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    rec = get_object_or_404(Recommendation.objects.visible_to(request.user).select_related("visit"), pk=pk)
    with handled(request) as outcome:
        if action == "respond":
            services.respond_recommendation(
                by=request.user, recommendation=rec, response=request.POST.get("response", "")
            )
        else:
            services.review_recommendation(
                by=request.user, recommendation=rec, action=action, note=request.POST.get("note", "")
            )
    if outcome.ok:
        messages.success(request, _("Done."))
    return redirect("plans:supervision_detail", rec.visit.programme_id)


# --- Campaigns and events -------------------------------------------------------------------------


@login_required
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "plans.view_plans")
    return render(
        request,
        "plans/campaign_list.html",
        {
            "campaigns": Campaign.objects.visible_to(request.user).select_related("organisation", "theme")[
                :50
            ],
            "events": Event.objects.visible_to(request.user).select_related("organisation")[:50],
            "can_manage": request.user.has_perm("plans.manage_campaigns"),
        },
    )


@login_required
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "plans.manage_campaigns")
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with handled(form) as outcome:
            campaign = services.create_campaign(
                by=request.user,
                organisation=d["organisation"],
                name=d["name"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                description=d["description"],
                theme=d["theme"],
            )
        if outcome.ok:
            return redirect("plans:campaign_detail", campaign.pk)
    return render(request, "plans/form.html", {"form": form, "title": _("New campaign")})


@login_required
def campaign_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    activities = (
        Activity.objects.visible_to(request.user).filter(campaign=campaign).select_related("organisation")
    )
    listing = lists.ACTIVITIES.bind(request, campaign=campaign.pk)
    page = listing.page
    listing.rows  # noqa: B018 (the figures' indicator names attached to the page's rows, one query)
    can_record = request.user.has_perm("plans.record_activity")
    form = ActivityForm(request.POST or None, user=request.user) if can_record else None
    if request.method == "POST":
        require(request.user, "plans.record_activity")
        if form is not None and form.is_valid():
            d = form.cleaned_data
            with handled(form) as outcome:
                services.record_activity(
                    by=request.user,
                    campaign=campaign,
                    organisation=d["organisation"],
                    title=d["title"],
                    held_on=d["held_on"],
                    place=d["place"],
                    participants=d["participants"],
                    results=d["results"],
                    figures=indicator_values(form),
                    token=form.once_token,
                )
            if outcome.ok:
                messages.success(request, _("Activity recorded."))
                return redirect("plans:campaign_detail", campaign.pk)
    from django.db.models import Count, Sum

    totals = activities.aggregate(n=Count("id"), people=Sum("participants"))
    return render(
        request,
        "plans/campaign_detail.html",
        {
            "c": campaign,
            "listing": listing,
            "page": page,
            "form": form,
            "totals": totals,
            "querystring": listing.querystring,
        },
    )


@login_required
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _event_form(request, None)


@login_required
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    return _event_form(request, event)


def _event_form(request: AuthenticatedHttpRequest, event: Event | None) -> HttpResponse:
    require(request.user, "plans.manage_campaigns")
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        fields = {
            k: d[k]
            for k in (
                "kind",
                "title",
                "theme",
                "plan",
                "held_on",
                "place",
                "agenda",
                "outcomes",
                "invited_exemplars",
            )
        }
        with handled(form) as outcome:
            event = services.save_event(
                by=request.user, organisation=d["organisation"], event=event, invited=d["invited"], **fields
            )
        if outcome.ok and event is not None:
            return redirect("plans:event_detail", event.pk)
    return render(request, "plans/form.html", {"form": form, "title": _("Event")})


@login_required
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.visible_to(request.user).select_related("organisation", "theme", "plan"), pk=pk
    )
    return render(
        request,
        "plans/event_detail.html",
        {
            "e": event,
            "invited": event.invited.order_by("path"),
            "can_manage": request.user.has_perm("plans.manage_campaigns"),
        },
    )
