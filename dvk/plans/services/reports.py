"""Assignments and the reports that answer them: filing, reviewing, asking for an ad hoc report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.attachments.services import attach
from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError, advance
from dvk.notifications.services import notify
from dvk.organisations.models import Membership
from dvk.organisations.selectors import members_by_body
from dvk.plans.models import (
    Assignment,
    Indicator,
    Plan,
    Report,
)
from dvk.plans.periods import label as period_label
from dvk.plans.rules import forget_submissions
from dvk.plans.workflow import (
    ASSIGNMENT_WORKFLOW,
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


def _assignment_step(
    *, by: AuthenticatedUser, assignment: Assignment, action: str, note: str = ""
) -> Assignment:
    return advance(obj=assignment, workflow=ASSIGNMENT_WORKFLOW, action=action, by=by, note=note)


def _report_step(
    *, by: AuthenticatedUser, report: Report, action: str, note: str = "", audit: dict[str, Any] | None = None
) -> Report:
    return advance(obj=report, workflow=REPORT_WORKFLOW, action=action, by=by, note=note, audit=audit)


@transaction.atomic
def start_assignment(*, by: AuthenticatedUser, assignment: Assignment, note: str = "") -> Assignment:
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


def _check_report_input(summary: str, progress_percent: int) -> None:
    errors: dict[str, list[str]] = {}
    if not summary:
        errors["summary"] = [_("Describe what has been done.")]
    if progress_percent is None or not 0 <= int(progress_percent) <= 100:
        errors["progress_percent"] = [_("Progress must be between 0 and 100.")]
    if errors:
        raise ValidationError(errors)


def _same_content(report: Report, summary: str, progress: int, figures: dict[str, float | int]) -> bool:
    return report.summary == summary and report.progress_percent == progress and report.indicators == figures


def _already_filed(
    assignment: Assignment, summary: str, progress: int, figures: dict[str, float | int]
) -> Report | None:
    """A repeated submission (double click, retried request) finds the report it already filed."""
    same = assignment.reports.filter(
        stage=ReportStage.SUBMITTED, summary=summary, progress_percent=progress
    ).order_by("-submitted_at")
    return next((earlier for earlier in same if earlier.indicators == figures), None)


def _report_for(assignment: Assignment, period: str) -> Report:
    """The report of `period`, locked; created (due) the first time the body reports for it."""
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
    return report


def _tell_reviewers(assignment: Assignment) -> None:
    notify(
        _reviewers_of(assignment.plan),
        title=_("Report submitted: %(body)s") % {"body": assignment.organisation.name},
        body=assignment.task.short_title,
        url=reverse("plans:assignment_detail", args=[assignment.pk]),
        kind="plans.report_submitted",
    )


def submit_report(
    *,
    by: AuthenticatedUser,
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
    _check_report_input(summary, progress_percent)
    progress = int(progress_percent)
    figures = clean_indicators(indicators)
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("plan").get(pk=assignment.pk)
        if assignment.plan.stage != PlanStage.ISSUED:
            raise DomainError(_("The plan is not in force."))
        period = (period or "").strip()
        if not period and (earlier := _already_filed(assignment, summary, progress, figures)) is not None:
            return earlier, False
        period = period or open_period(assignment)
        report = _report_for(assignment, period)
        if report.stage == ReportStage.SUBMITTED:
            if _same_content(report, summary, progress, figures):
                return report, False
            raise DomainError(_("This report has already been submitted and is awaiting review."))
        if report.stage == ReportStage.ACCEPTED:
            raise DomainError(_("The report for this period has already been accepted."))
        report.summary, report.progress_percent, report.indicators = summary, progress, figures
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
        _tell_reviewers(assignment)
    return report, True


def review_assignment(
    *, by: AuthenticatedUser, assignment: Assignment, action: str, note: str = ""
) -> Assignment:
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


def act_on_assignment(
    *, by: AuthenticatedUser, assignment: Assignment, action: str, note: str = ""
) -> Assignment:
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
def request_report(*, by: AuthenticatedUser, assignment: Assignment, due_on: dt.date) -> Report:
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
