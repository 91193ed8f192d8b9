"""Background work of the imports: the dry run of an uploaded file and its import."""

from __future__ import annotations

from django_tasks import task

from dvk.imports import services
from dvk.imports.models import ImportJob


@task()
def check_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None:
        return ""
    return services.check(job).status


@task()
def apply_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.APPLYING:
        return ""
    return services.apply(job).status
