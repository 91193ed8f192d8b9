"""Import pages: upload a register → its dry run, row by row (checked in the background, the page
polls with htmx) → import it. A job is seen only by the user who uploaded it (another's is a 404)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dvk.core.errors import handled
from dvk.core.forms import SafeInputMixin
from dvk.core.types import AuthenticatedHttpRequest
from dvk.imports import engine, services
from dvk.imports.models import ImportJob


class UploadForm(SafeInputMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of register"))
    file = forms.FileField(label=_("Excel file (.xlsx or .xls)"))
    sheet = forms.CharField(
        label=_("Sheet"),
        required=False,
        max_length=100,
        help_text=_("Empty: the first sheet with the header row."),
    )

    def __init__(self, *args: Any, kinds: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(k, s.label) for k, s in kinds.items()]


def _need(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    if not request.user.has_perm("imports.import_register"):
        raise PermissionDenied
    kinds = services.allowed_specs(request.user)
    if not kinds:
        raise PermissionDenied
    return kinds


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    kinds = _need(request)
    form = UploadForm(
        request.POST or None, request.FILES or None, kinds=kinds, initial={"kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with handled(form) as outcome:
            job = services.upload(
                user=request.user,
                kind=form.cleaned_data["kind"],
                filename=upload.name or "",
                content=upload.read(),
                sheet=form.cleaned_data["sheet"],
            )
        if outcome.ok:
            return redirect("imports:job", job.pk)
    recent = ImportJob.objects.filter(user=request.user).defer("content")[:10]
    return render(request, "imports/start.html", {"form": form, "recent": recent, "kinds": kinds})


def _job(request: AuthenticatedHttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.defer("content"), pk=pk, user=request.user)


def _context(job: ImportJob) -> dict[str, Any]:
    spec = engine.specs().get(job.kind)
    report = job.report or {}
    rows: list[dict[str, Any]] = []
    for rec in report.get("records", []):
        day = rec.get("started_on") or rec.get("received_on") or rec.get("valid_from")
        shown = f"{day[8:10]}/{day[5:7]}/{day[0:4]}" if isinstance(day, str) and len(day) == 10 else ""
        rows.append(
            {
                "row": rec["row"],
                "status": "create",
                "record": rec,
                "date": shown,
                "title": rec.get(spec.title_field if spec else "title") or "",
            }
        )
    by_row: dict[int, list[str]] = {}
    for err in report.get("errors", []):
        by_row.setdefault(err["row"], []).append(err.get("message") or err["reason"])
    for number, messages in by_row.items():  # one line per row of the file, with all its errors
        rows.append({"row": number, "status": "error", "messages": messages})
    for skip in report.get("skipped", []):
        rows.append({"row": skip["row"], "status": "skip", "message": engine.skip_message(skip["reason"])})
    rows.sort(key=lambda r: (r["row"], r["status"]))
    return {
        "job": job,
        "spec": spec,
        "title_field": spec.title_field if spec else "title",
        "rows": rows,
        "counts": {
            "records": len(report.get("records", [])),
            "errors": len({e["row"] for e in report.get("errors", [])}),
            "skipped": len(report.get("skipped", [])),
        },
    }


@login_required
def job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "imports/job.html", _context(_job(request, pk)))


@login_required
def progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "imports/_report.html", _context(_job(request, pk)))


@login_required
@require_POST
def apply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = _job(request, pk)
    with handled(request):
        services.request_apply(user=request.user, job=found)
    return redirect("imports:job", found.pk)
