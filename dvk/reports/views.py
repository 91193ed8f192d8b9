"""Pages of periodic reports. Thin: a form, one service call inside `handled()`, a redirect or a
file. Out of scope → 404 (the scoped queryset), not allowed → 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dvk.accounts.reauth import recent_auth_required
from dvk.core.access import require
from dvk.core.downloads import XLSX, file_response
from dvk.core.errors import flash_form_errors, handled
from dvk.core.paging import page_of, querystring
from dvk.core.types import AuthenticatedHttpRequest
from dvk.core.validation import require_id
from dvk.documents import render as renderer
from dvk.documents.layout import DOCX_MIME
from dvk.reports import annex, documents, selectors, services
from dvk.reports.forms import CreateForm, DiscardForm, IssueForm, NarrativeForm, UploadForm
from dvk.reports.models import Kind, PeriodicReport


def _report(request: AuthenticatedHttpRequest, pk: int) -> PeriodicReport:
    return get_object_or_404(selectors.report_detail_qs(request.user), pk=require_id(pk))


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) == 4 else None


@login_required
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "reports.view_reports")
    form = CreateForm(request.POST or None, user=request.user)
    if request.method == "POST":
        require(request.user, "reports.add_report")
        if form.is_valid():
            data = form.cleaned_data
            with handled(form) as outcome:
                period = services.period_for(
                    data["kind"],
                    year=data["year"],
                    part=data.get("part"),
                    start=data.get("start"),
                    end=data.get("end"),
                )
                report = services.create_report(
                    by=request.user, organisation=data["organisation"], kind=data["kind"], period=period
                )
            if outcome.ok:
                messages.success(request, _("The draft is ready, filled with the period's figures."))
                return redirect("reports:detail", report.pk)
    kind = request.GET.get("kind", "")
    year = _year(request.GET.get("year"))
    page = page_of(
        selectors.report_list(user=request.user, kind=kind, year=year), request.GET.get("page"), 25
    )
    return render(
        request,
        "reports/list.html",
        {
            "page": page,
            "form": form,
            "kinds": Kind.choices,
            "kind": kind,
            "year": year or "",
            "querystring": querystring(request),
            "may_create": request.user.has_perm("reports.add_report"),
        },
    )


@login_required
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    require(request.user, "reports.view_reports", report)
    narrative = NarrativeForm(request.POST or None, instance=report)
    if request.method == "POST":
        if narrative.is_valid():
            with handled(narrative) as outcome:
                services.update_narrative(by=request.user, report=report, data=narrative.cleaned_data)
            if outcome.ok:
                messages.success(request, _("Changes saved."))
                return redirect("reports:detail", report.pk)
        report = _report(request, pk)
    draft = services.latest_draft(report)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "narrative": narrative,
            "upload_form": UploadForm(),
            "issue_form": IssueForm(),
            "discard_form": DiscardForm(),
            "draft": draft,
            "may_edit": report.is_draft and request.user.has_perm("reports.edit_report", report),
            "may_issue": report.is_draft and request.user.has_perm("reports.issue_report", report),
            "can_pdf": renderer.can_render_pdf(),
            "events": report.events.select_related("actor"),
        },
    )


@login_required
@require_POST
def report_refresh(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    with handled(request) as outcome:
        services.refresh_figures(by=request.user, report=report)
    if outcome.ok:
        messages.success(request, _("The figures were taken again."))
    return redirect("reports:detail", report.pk)


@login_required
@require_POST
def report_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("reports:detail", report.pk)
    with handled(request) as outcome:
        services.upload_draft(by=request.user, report=report, upload=form.cleaned_data["upload"])
    if outcome.ok:
        messages.success(request, _("The edited draft was saved; it will be issued as it is."))
    return redirect("reports:detail", report.pk)


def _in_scope(request: AuthenticatedHttpRequest, pk: int) -> bool:
    """`when=` of the re-authentication: a report out of scope is a 404 before any password prompt."""
    _report(request, pk)
    return True


@login_required
@require_POST
@recent_auth_required(when=_in_scope)  # issuing numbers a document in the register: password again
def report_issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("reports:detail", report.pk)
    data = form.cleaned_data
    with handled(request) as outcome:
        report = services.issue_report(
            by=request.user,
            report=report,
            signer_name=data.get("signer_name", ""),
            signer_position=data.get("signer_position") or None,
            issued_on=data.get("issued_on"),
            recipients=form.recipient_lines(),
        )
    if outcome.ok:
        messages.success(request, _("Report %(number)s issued.") % {"number": report.number})
    return redirect("reports:detail", report.pk)


@login_required
@require_POST
def report_discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = DiscardForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("reports:detail", report.pk)
    with handled(request) as outcome:
        services.discard_report(by=request.user, report=report, note=form.cleaned_data["note"])
    if outcome.ok:
        messages.success(request, _("The draft was discarded."))
    return redirect("reports:detail", report.pk)


def _filename(report: PeriodicReport, what: str, ext: str) -> str:
    return f"{what} {report.number or report.period_code}.{ext}".replace("/", "-")


def _docx(report: PeriodicReport) -> bytes:
    if report.document_id:
        draft = services.latest_draft(report)
        edited = draft.file.read() if draft is not None else None
        return documents.issued_docx(report, edited=edited)
    return documents.draft_docx(report)


@login_required
def report_docx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    require(request.user, "reports.view_reports", report)
    what = _("Report") if report.document_id else _("Draft report")
    return file_response(_docx(report), _filename(report, what, "docx"), mime=DOCX_MIME)


@login_required
def report_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    require(request.user, "reports.view_reports", report)
    return file_response(
        annex.annex_workbook(report), _filename(report, _("Statistical annex"), "xlsx"), mime=XLSX
    )


@login_required
def report_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The PDF where LibreOffice is installed; otherwise back to the page with a Vietnamese message."""
    report = _report(request, pk)
    require(request.user, "reports.view_reports", report)
    with handled(request) as outcome:
        pdf = renderer.to_pdf(_docx(report))
    if not outcome.ok:
        return redirect("reports:detail", report.pk)
    return file_response(pdf, _filename(report, _("Report"), "pdf"), mime="application/pdf")
