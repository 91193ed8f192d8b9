"""The staff lists of the plans domain, declared for the list kit (dvk.core.listing); the Excel
export (dvk.exports) writes exactly what these show."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from dvk.core.access import require
from dvk.core.listing import DATE, NUMBER, Column, Filter, ListSpec, Params, register
from dvk.core.validation import parse_id
from dvk.plans import selectors
from dvk.plans.models import Activity, Campaign, Indicator, Report, SupervisionProgramme, UrgeLetter
from dvk.plans.workflow import AssignmentStage, PlanStage, ReportStage
from dvk.stats import drill


def _plans(user: Any, params: Params) -> Any:
    require(user, "plans.view_plans")
    return selectors.plan_list(user=user, q=params.get("q", ""), stage=params.get("stage", ""))


def _my_assignments(user: Any, params: Params) -> Any:
    require(user, "plans.work_on_assignment")
    return selectors.assignment_list(
        user=user,
        mine=True,
        stage=params.get("stage", ""),
        overdue=params.get("overdue") == "1",
        q=params.get("q", ""),
    )


def _letters(user: Any, params: Params) -> Any:
    require(user, "plans.send_reminders")
    return UrgeLetter.objects.visible_to(user).select_related("plan", "created_by")


PLANS = register(
    ListSpec(
        name="plans.list",
        title=_("Plans"),
        build=_plans,
        columns=(
            Column("number", _("Number"), "number", sort="number"),
            Column("title", _("Title"), "title", sort="title"),
            Column("body", _("Issuing body"), "organisation.name", sort="organisation__name"),
            Column("issued", _("Date"), "issued_on", sort="issued_on", kind=DATE),
            Column("theme", _("Theme"), "theme", sort="theme__name"),
            Column("stage", _("Stage"), "get_stage_display", sort="stage"),
        ),
        filters=(Filter("q", _("Search")), Filter("stage", _("Stage"), PlanStage.choices)),
        default_order=("-issued_on", "-id"),
    )
)

MY_ASSIGNMENTS = register(
    ListSpec(
        name="plans.my_assignments",
        title=_("My assignments"),
        build=_my_assignments,
        columns=(
            Column("task", _("Task"), "task.short_title", sort="task__title"),
            Column("plan", _("Plan"), lambda a: a.plan.number or a.plan.title, sort="plan__number"),
            Column("body", _("Body"), "organisation.name", sort="organisation__name"),
            Column("due", _("Due on"), "due_on", sort="due_on", kind=DATE),
            Column("stage", _("Stage"), "get_stage_display", sort="stage"),
            Column("progress", "%", "progress_percent", sort="progress_percent", kind=NUMBER),
        ),
        filters=(
            Filter("q", _("Search")),
            Filter("stage", _("Stage"), AssignmentStage.choices),
            Filter("overdue", _("Overdue only")),
        ),
        default_order=("due_on", "id"),
    )
)

LETTERS = register(
    ListSpec(
        name="plans.reminders",
        title=_("Reminder letters"),
        build=_letters,
        columns=(
            Column("number", _("Number"), "number", sort="number"),
            Column("sent", _("Date"), "sent_on", sort="sent_on", kind=DATE),
            Column("plan", _("Plan"), lambda u: u.plan.number or u.plan.title, sort="plan__number"),
            Column("by", _("Sent by"), "created_by.get_full_name", sort="created_by__last_name"),
            Column("letter", "", export=False),
        ),
        default_order=("-sent_on", "-id"),
    )
)


def _programmes(user: Any, params: Params) -> Any:
    require(user, "plans.view_supervision")
    return SupervisionProgramme.objects.visible_to(user).select_related("organisation")


PROGRAMMES = register(
    ListSpec(
        name="plans.supervision",
        title=_("Supervision and inspection"),
        build=_programmes,
        columns=(
            Column("title", _("Programme"), "title", sort="title"),
            Column("kind", _("Kind"), "get_kind_display", sort="kind"),
            Column("body", _("Issuing body"), "organisation.name", sort="organisation__name"),
            Column("from", _("From"), "starts_on", sort="starts_on", kind=DATE),
            Column("to", _("To"), "ends_on", sort="ends_on", kind=DATE),
        ),
        default_order=("-starts_on", "-id"),
    )
)


def _activities(user: Any, params: Params) -> Any:
    campaign = get_object_or_404(Campaign.objects.visible_to(user), pk=parse_id(params.get("campaign")) or 0)
    return Activity.objects.visible_to(user).filter(campaign=campaign).select_related("organisation")


def _with_figures(activities: list[Any]) -> list[Any]:
    """`a.figure_list`: the activity's figures as (indicator name, value), one query per batch."""
    names = {i.code: i.name for i in Indicator.objects.all()}
    for a in activities:
        a.figure_list = [(names.get(c, c), v) for c, v in (a.figures or {}).items()]
    return activities


def _results(a: Any) -> str:
    figures = "; ".join(f"{name}: {value}" for name, value in a.figure_list)
    return f"{a.results}\n{figures}".strip() if figures else a.results


ACTIVITIES = register(
    ListSpec(
        name="plans.activities",
        title=_("Activities"),
        build=_activities,
        kwargs=("campaign",),
        columns=(
            Column("when", _("When"), "held_on", sort="held_on", kind=DATE),
            Column("body", _("Body"), "organisation.name", sort="organisation__name"),
            Column("what", _("What"), "title", sort="title"),
            Column("where", _("Where"), "place", sort="place"),
            Column("participants", _("Participants"), "participants", sort="participants", kind=NUMBER),
            Column("results", _("Results"), _results, width=60),
        ),
        default_order=("-held_on", "-id"),
        prepare=_with_figures,
    )
)


# The reports a figure of the dashboard's plans section counts (dvk.plans.figures): due in the
# whole months of the period (`from`, `to`), in a body's subtree with the bodies merged into it
# (`under`), in a state as counted today (`state`).
_OPEN = (ReportStage.DUE, ReportStage.RETURNED)
REPORT_STATES = (
    ("done", _("Submitted or accepted")),
    ("accepted", _("Accepted")),
    ("waiting", _("Awaiting review")),
    ("late", _("Overdue")),
    ("upcoming", _("Not yet due")),
)


def _state_q(state: str, today: Any) -> Any:
    from django.db.models import Q

    return {
        "done": Q(stage__in=(ReportStage.SUBMITTED, ReportStage.ACCEPTED)),
        "accepted": Q(stage=ReportStage.ACCEPTED),
        "waiting": Q(stage=ReportStage.SUBMITTED),
        "late": Q(stage__in=_OPEN, due_on__lt=today),
        "upcoming": Q(stage__in=_OPEN, due_on__gte=today),
    }.get(state)


def _reports(user: Any, params: Params) -> Any:
    from django.utils import timezone

    require(user, "plans.view_plans")
    qs = Report.objects.visible_to(user).select_related(
        "organisation", "assignment__task", "assignment__plan"
    )
    if under := parse_id(params.get("under")):
        qs = qs.filter(drill.under_q(under))
    qs = qs.filter(
        drill.day_q("due_on", drill.parse_day(params.get("from")), drill.parse_day(params.get("to")))
    )
    if (state := _state_q(params.get("state", ""), timezone.localdate())) is not None:
        qs = qs.filter(state)
    if params.get("stage", "") in ReportStage.values:
        qs = qs.filter(stage=params["stage"])
    return qs


REPORTS = register(
    ListSpec(
        name="plans.reports",
        title=_("Reports due"),
        build=_reports,
        columns=(
            Column("body", _("Body"), "organisation.name", sort="organisation__name"),
            Column("task", _("Task"), "assignment.task.short_title", sort="assignment__task__title"),
            Column(
                "plan",
                _("Plan"),
                lambda r: r.assignment.plan.number or r.assignment.plan.title,
                sort="assignment__plan__number",
            ),
            Column("period", _("Period"), "period_display", sort="period"),
            Column("due", _("Due on"), "due_on", sort="due_on", kind=DATE),
            Column("stage", _("Stage"), "get_stage_display", sort="stage"),
        ),
        filters=(
            Filter("state", _("Status"), REPORT_STATES),
            Filter("stage", _("Stage"), ReportStage.choices),
            Filter("under", _("Body and the bodies under it"), keep=True),
            Filter("from", _("From (dd/mm/yyyy)"), keep=True),
            Filter("to", _("To (dd/mm/yyyy)"), keep=True),
        ),
        default_order=("due_on", "id"),
    )
)
