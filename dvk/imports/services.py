"""Writers of the import jobs: upload (queue the dry run), check (the background dry run),
apply (the background import, all rows or none). The records themselves are written by the
domains' services through their importer's `create`."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.imports import engine
from dvk.imports.models import MAX_FILE_BYTES, ImportJob
from dvk.imports.workbook import sniff

logger = logging.getLogger(__name__)
UNEXPECTED = (
    "The file could not be processed; nothing was created. Check that it is a register and try again."
)


def allowed_specs(user: Any) -> dict[str, Any]:
    return {k: s for k, s in engine.specs().items() if user.has_perm(s.permission)}


def upload(*, user: Any, kind: str, filename: str, content: bytes, sheet: str = "") -> ImportJob:
    """Store the file and queue its dry run."""
    if kind not in allowed_specs(user):
        raise PermissionDenied(_("You are not allowed to import this register."))
    if not content:
        raise ValidationError({"file": [_("The file is empty.")]})
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError({"file": [_("The file is larger than 10 MB.")]})
    if not sniff(content):
        raise ValidationError({"file": [_("The file is not an Excel workbook (.xlsx or .xls).")]})
    job = ImportJob.objects.create(
        user=user, kind=kind, filename=filename[:200], content=content, sheet=sheet[:100]
    )
    from dvk.imports.tasks import check_import

    transaction.on_commit(lambda: check_import.enqueue(job.pk))
    return job


def _progress(job: ImportJob):
    def step(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    return step


def check(job: ImportJob) -> ImportJob:
    """The dry run, in the background: store the report."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING)
    try:
        report = engine.run(
            engine.get_spec(job.kind),
            bytes(job.content),
            user=job.user,
            sheet=job.sheet or None,
            progress=_progress(job),
        )
    except engine.ImportRefused as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
    except Exception:  # a file no rule foresaw: the job says so instead of waiting for ever
        logger.exception("import %s: the dry run failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=_(UNEXPECTED), finished_at=timezone.now()
        )
    else:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.CHECKED, report=report.as_json(), finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


def request_apply(*, user: Any, job: ImportJob) -> ImportJob:
    """Queue the import of a checked file without errors (a repeated request is a no-op)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.user_id != user.pk:
            raise PermissionDenied(_("You are not allowed to perform this action."))
        if job.status in (ImportJob.Status.APPLYING, ImportJob.Status.DONE):
            return job
        if not job.can_apply:
            raise ValidationError(_("Correct the errors in the file and upload it again."))
        job.status = ImportJob.Status.APPLYING
        job.done = 0
        job.save(update_fields=["status", "done"])
        from dvk.imports.tasks import apply_import

        transaction.on_commit(lambda: apply_import.enqueue(job.pk))
    return job


def apply(job: ImportJob) -> ImportJob:
    """The import, in the background: every row or none; audited once for the file."""
    try:
        with transaction.atomic():
            report = engine.run(
                engine.get_spec(job.kind),
                bytes(job.content),
                user=job.user,
                sheet=job.sheet or None,
                apply=True,
                progress=_progress(job),
            )
            record(
                actor=job.user,
                action="imports.apply",
                target=job,
                changes={"kind": job.kind, "file": job.filename, "created": len(report.created)},
            )
    except (engine.ImportRefused, PermissionDenied) as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
    except Exception:
        logger.exception("import %s: the import failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=_(UNEXPECTED), finished_at=timezone.now()
        )
    else:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.DONE,
            report=report.as_json(),
            created=report.created,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job
