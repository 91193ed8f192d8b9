"""The only writers of periodic reports.

A draft takes the period's figures from every domain through the figures contributions
(`dvk.core.figures.sections`: the domains are never imported here) and keeps them as a snapshot,
refreshed on demand while it is a draft. Its narrative is written in the app (`update_narrative`)
or in the downloaded Word draft, uploaded back through the attachments kit (`upload_draft`).
Issuing numbers it in the body's register (`dvk.documents.services.issue`, type BC) in the same
transaction as the workflow step."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.attachments.models import Attachment
from dvk.attachments.services import attach, attachments_of
from dvk.attachments.validators import refuse_oversize
from dvk.audit.services import diff, record, snapshot
from dvk.core.access import require
from dvk.core.figures import Period, Section, sections
from dvk.core.workflow import DomainError, Step, WorkflowError, advance
from dvk.documents import services as documents
from dvk.documents.models import Document
from dvk.organisations.models import Organisation
from dvk.organisations.scoping import reach_of, require_current
from dvk.reports.models import NARRATIVE, Kind, PeriodicReport
from dvk.reports.workflow import WORKFLOW, Stage

DRAFT_KIND = "reports.draft"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- periods and figures -----------------------------------------------------------------------


def period_for(kind: str, *, year: int, part: int | None = None, start=None, end=None) -> Period:
    """The period of a report: a month (part 1–12), a half (1–2), a year, or any range (start,
    end; e.g. 01/01/2017–31/12/2020). ValidationError with a Vietnamese message otherwise."""
    try:
        if kind == Kind.MONTH:
            return Period.month(year, int(part or 0))
        if kind == Kind.HALF:
            return Period.half_year(year, int(part or 0))
        if kind == Kind.YEAR:
            return Period.year(year)
        if kind == Kind.RANGE:
            if start is None or end is None:
                raise ValidationError({"start": [_("Give the first and the last day of the period.")]})
            if end < start:
                raise ValidationError({"end": [_("The period ends before it starts.")]})
            label = (
                _("Period %(a)s–%(b)s") % {"a": start.year, "b": end.year}
                if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
                else None
            )
            return Period.range(start, end, label)
    except ValueError as exc:
        raise ValidationError({"part": [_("Choose the month or the half of the year.")]}) from exc
    raise ValidationError({"kind": [_("Choose one of the allowed values.")]})


def default_title(kind: str, period: Period) -> str:
    """The summary line (trích yếu) of the report, in Vietnamese document style."""
    subject = "công tác dân vận và phong trào thi đua “Dân vận khéo”"
    if kind == Kind.MONTH:
        return f"kết quả {subject} tháng {period.start.month}/{period.start.year}"
    if kind == Kind.HALF:
        which = "6 tháng đầu năm" if period.start.month == 1 else "6 tháng cuối năm"
        return f"sơ kết {subject} {which} {period.start.year}"
    if kind == Kind.YEAR:
        return f"tổng kết {subject} năm {period.start.year}"
    return f"tổng kết {subject} giai đoạn {period.start.year}–{period.end.year}"


def figures_unit(organisation: Organisation) -> int | None:
    """The body whose subtree the figures cover: the body's reach (the whole province for the
    Ban, whose coordinators work province-wide; otherwise the body itself)."""
    path = reach_of(organisation)
    if path == organisation.path:
        return organisation.pk
    return Organisation.objects.filter(path=path).values_list("pk", flat=True).first() or organisation.pk


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def serialise(found: Iterable[Section]) -> list[dict[str, Any]]:
    """The sections as JSON (labels in the language of the request that took them)."""
    return [
        {
            "key": s.key,
            "title": str(s.title),
            "figures": [
                {"key": f.key, "label": str(f.label), "value": _plain(f.value), "unit": str(f.unit or "")}
                for f in s.figures
            ],
            "tables": [
                {
                    "key": t.key,
                    "title": str(t.title),
                    "columns": [str(c) for c in t.columns],
                    "rows": [[_plain(v) for v in row] for row in t.rows],
                }
                for t in s.tables
            ],
        }
        for s in found
    ]


def take_figures(*, user: Any, organisation: Organisation, period: Period) -> list[dict[str, Any]]:
    return serialise(sections(user, period, unit=figures_unit(organisation)))


def _period(report: PeriodicReport) -> Period:
    return Period(report.period_start, report.period_end, report.period_label, report.period_code)


# --- writes --------------------------------------------------------------------------------------


@transaction.atomic
def create_report(
    *, by: Any, organisation: Organisation, kind: str, period: Period, title: str = ""
) -> PeriodicReport:
    """A draft of `organisation`'s report for `period`, pre-filled with every domain's figures."""
    require(by, "reports.add_report", organisation)
    require_current(organisation, "organisation", on=timezone.localdate())
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("Choose one of the allowed values.")]})
    report = PeriodicReport.objects.create(
        organisation=organisation,
        kind=kind,
        period_code=period.code,
        period_start=period.start,
        period_end=period.end,
        period_label=str(period.label),
        title=(title or default_title(kind, period))[:500],
        figures=take_figures(user=by, organisation=organisation, period=period),
        figures_at=timezone.now(),
        created_by=by,
    )
    record(
        actor=by,
        action="reports.create",
        target=report,
        changes={"kind": kind, "period": period.code, "sections": [s["key"] for s in report.figures]},
        organisation=organisation,
    )
    return report


def _editable(by: Any, report_id: int) -> PeriodicReport:
    report = PeriodicReport.objects.select_for_update().get(pk=report_id)
    require(by, "reports.edit_report", report)
    if report.stage != Stage.DRAFT:
        raise WorkflowError(_("This report has been issued or discarded; it can no longer be changed."))
    return report


@transaction.atomic
def update_narrative(*, by: Any, report: PeriodicReport, data: dict[str, Any]) -> PeriodicReport:
    """The narrative parts (situation, limitations, tasks ahead, proposals) and the summary line."""
    report = _editable(by, report.pk)
    fields = ["title", *NARRATIVE]
    before = snapshot(report, fields)
    for name in fields:
        if name in data:
            setattr(report, name, str(data[name] or ""))
    if not report.title.strip():
        raise ValidationError({"title": [_("Give the document's summary.")]})
    report.save()
    changes = diff(before, snapshot(report, fields))
    if changes:
        record(
            actor=by, action="reports.edit", target=report, changes=changes, organisation=report.organisation
        )
    return report


@transaction.atomic
def refresh_figures(*, by: Any, report: PeriodicReport) -> PeriodicReport:
    """Take the period's figures again (a draft only)."""
    report = _editable(by, report.pk)
    report.figures = take_figures(user=by, organisation=report.organisation, period=_period(report))
    report.figures_at = timezone.now()
    report.save(update_fields=["figures", "figures_at", "updated_at"])
    record(
        actor=by,
        action="reports.refresh",
        target=report,
        changes={"period": report.period_code},
        organisation=report.organisation,
    )
    return report


def _check_draft_file(content: bytes) -> None:
    """The uploaded Word file must still carry the draft's header (the register writes the number
    and the date into it when the report is issued)."""
    from dvk.documents.layout import find_header

    try:
        from docx import Document as read_docx

        parsed = read_docx(io.BytesIO(content))
    except Exception as exc:  # any broken or non-Word file
        raise ValidationError({"upload": [_("The file is not a Word (DOCX) document.")]}) from exc
    if find_header(parsed) is None:
        raise ValidationError(
            {
                "upload": [
                    _(
                        "The uploaded file has lost the header of the draft (body, “Số …”, place and date); "
                        "download the draft again and edit only its text."
                    )
                ]
            }
        )


@transaction.atomic
def upload_draft(*, by: Any, report: PeriodicReport, upload: Any) -> Attachment:
    """Keep the officer's edited Word draft (the attachments kit stores and audits it); the
    latest one becomes the issued document."""
    report = _editable(by, report.pk)
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".docx"):
        raise ValidationError({"upload": [_("The file is not a Word (DOCX) document.")]})
    refuse_oversize(getattr(upload, "size", 0) or 0, field="upload")  # before reading it (it may be dropped)
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    _check_draft_file(content)
    return attach(target=report, upload=upload, by=by, kind=DRAFT_KIND, label=_("Edited draft (Word)"))


def latest_draft(report: PeriodicReport) -> Attachment | None:
    return attachments_of(report).filter(kind=DRAFT_KIND).order_by("-created_at", "-id").first()


@transaction.atomic
def issue_report(
    *,
    by: Any,
    report: PeriodicReport,
    signer_name: str = "",
    signer_position: str | None = None,
    issued_on: dt.date | None = None,
    recipients: Iterable[str] = (),
) -> PeriodicReport:
    """Number the report in its body's register (BC) and move it to "issued"."""
    return advance(
        obj=report,
        workflow=WORKFLOW,
        action="issue",
        by=by,
        params={
            "signer_name": signer_name,
            "signer_position": signer_position,
            "issued_on": issued_on,
            "recipients": list(recipients),
        },
    )


def on_issue(step: Step) -> None:
    report: PeriodicReport = step.obj
    issued_on = step.params.get("issued_on") or timezone.localdate()
    if issued_on < report.period_start:
        raise ValidationError({"issued_on": [_("A report cannot be issued before its period starts.")]})
    signer = step.by if getattr(step.by, "is_authenticated", False) else None
    document: Document = documents.issue(
        organisation=report.organisation,
        doc_type="BC",
        title=report.title,
        by=step.by,
        issued_on=issued_on,
        subject=report,
        signer=signer,
        signer_name=step.params.get("signer_name") or "",
        signer_position=step.params.get("signer_position") or None,
        recipients=step.params.get("recipients") or (),
        verifiable=True,
    )
    report.document = document
    report.number = document.number


@transaction.atomic
def discard_report(*, by: Any, report: PeriodicReport, note: str) -> PeriodicReport:
    return advance(obj=report, workflow=WORKFLOW, action="discard", by=by, note=note)


def act(*, by: Any, report: PeriodicReport, action: str, note: str = "") -> PeriodicReport:
    """The workflow buttons of the detail page."""
    if action == "issue":
        return issue_report(by=by, report=report)
    if action == "discard":
        return discard_report(by=by, report=report, note=note)
    raise DomainError(_("Unknown action."))
