"""Export routes: ask for an export of a list (file at once, or a job page with a progress bar),
follow a job (htmx polling), download its file. A job is seen only by the user who asked for it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from dvk.core import listing
from dvk.core.downloads import XLSX, file_response
from dvk.core.errors import handled
from dvk.core.types import AuthenticatedHttpRequest
from dvk.exports import services
from dvk.exports.models import ExportJob


def _back(request: AuthenticatedHttpRequest) -> str:
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        from urllib.parse import urlsplit

        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


@login_required
def start(request: AuthenticatedHttpRequest, name: str) -> HttpResponse:
    spec = listing.get(name)
    if spec is None:
        raise Http404
    params = spec.clean(request.GET)
    back = _back(request)
    with handled(request) as outcome:
        job, content = services.export(user=request.user, spec=spec, params=params, back_url=back)
    if not outcome.ok:
        return redirect(back or "/")
    if content is not None:
        return file_response(content, job.filename, mime=XLSX)
    return redirect("exports:job", job.pk)


def _job(request: AuthenticatedHttpRequest, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob, pk=pk, user=request.user)


@login_required
def job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "exports/job.html", {"job": _job(request, pk)})


@login_required
def progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "exports/_progress.html", {"job": _job(request, pk)})


@login_required
def download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if not job.downloadable or not job.path.exists():
        raise Http404
    return file_response(open(job.path, "rb"), job.filename, mime=XLSX)  # noqa: SIM115 (closed by FileResponse)
