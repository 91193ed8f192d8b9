"""Background work of the exports: writing a large list's file, and deleting expired files."""

from __future__ import annotations

from django_tasks import task

from dvk.exports import services
from dvk.exports.models import ExportJob


@task()
def run_export(job_id: int) -> int:
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None:
        return 0
    services.run(job)
    return ExportJob.objects.values_list("done", flat=True).get(pk=job_id)


@task()
def cleanup() -> int:
    return services.cleanup()
