"""The one way to export a list: `export(user=, spec=, params=)`.

- The rows are `spec.export_queryset(user, params)`: the same scoped, filtered and sorted queryset
  the page shows (dvk.core.listing), all pages, narrowed by the spec's `exportable` (documents
  marked MẬT are never in a bulk export). 403/404 from the spec's builder reach the caller.
- Up to `DVK_EXPORT_SYNC_MAX_ROWS` rows (2,000) the workbook is written at once and returned;
  above, an `ExportJob` is queued and `tasks.run_export` writes it into a private file
  (`MEDIA_ROOT/exports/<random>.xlsx`) that only the requesting user downloads, until it expires
  (`DVK_EXPORT_TTL_HOURS`, 24 h; `tasks.cleanup` deletes it).
- Every export is audited once (`exports.export`), when it is asked for.
"""

from __future__ import annotations

import io
import logging
import os
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.listing import ListSpec, Params
from dvk.core.paging import capped_count
from dvk.core.workflow import DomainError
from dvk.exports import xlsx
from dvk.exports.models import ExportJob

log = logging.getLogger(__name__)
CHUNK = 2000
MAX_RUNNING = 3  # background exports a user may have waiting or running at once


def sync_limit() -> int:
    return int(getattr(settings, "DVK_EXPORT_SYNC_MAX_ROWS", 2000))


def filename(spec: ListSpec, params: Params) -> str:
    """ "<list> <dd-mm-yyyy>.xlsx": the list's own name (or the spec's), never an internal id."""
    stem = spec.filename(params) if spec.filename else str(spec.title)
    return f"{stem} {timezone.localdate():%d-%m-%Y}.xlsx"


def export(
    *, user: Any, spec: ListSpec, params: Params, back_url: str = ""
) -> tuple[ExportJob, bytes | None]:
    """(job, workbook bytes) for a small list; (job, None) when it was queued for the background."""
    qs = spec.export_queryset(user, params)
    n, small = capped_count(qs, sync_limit())
    if (
        not small
        and ExportJob.objects.filter(
            user=user, status__in=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)
        ).count()
        >= MAX_RUNNING
    ):
        raise DomainError(
            _("You already have %(n)s exports being prepared; wait until one is ready.") % {"n": MAX_RUNNING}
        )
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=user,
            list_name=spec.name,
            title=str(spec.title)[:200],
            params=dict(params),
            background=not small,
            total=n if small else 0,
            filename=filename(spec, params)[:200],
            back_url=back_url if back_url.startswith("/") and not back_url.startswith("//") else "",
        )
        record(
            actor=user,
            action="exports.export",
            target=job,
            changes={
                "title": job.title,
                "params": dict(spec.describe_filters(params)),
                "background": job.background,
                "total": n if small else None,
            },
        )
        if not small:
            from dvk.exports.tasks import run_export

            transaction.on_commit(partial(run_export.enqueue, job.pk))
            return job, None
    buffer = io.BytesIO()
    written = xlsx.write(buffer, spec=spec, params=params, rows=spec.iter_rows(qs, CHUNK), total=n)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE, total=written, done=written, finished_at=timezone.now()
    )
    return job, buffer.getvalue()


def run(job: ExportJob) -> None:
    """Write a queued job's file (called by the background task). The user's scope is computed
    again from the user row: a membership lost meanwhile shrinks or refuses the export."""
    from dvk.core import listing

    claimed = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    )
    if not claimed:
        return  # already done, or run by another worker
    spec = listing.get(job.list_name)
    path = job.path
    part = path.with_suffix(".part")
    try:
        if spec is None:
            raise Http404
        qs = spec.export_queryset(job.user, job.params)
        total = qs.count()
        ExportJob.objects.filter(pk=job.pk).update(total=total)
        path.parent.mkdir(parents=True, exist_ok=True)

        def progress(n: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(done=n)

        with open(part, "wb") as out:
            written = xlsx.write(
                out,
                spec=spec,
                params=job.params,
                rows=spec.iter_rows(qs, CHUNK),
                total=total,
                progress=progress,
            )
        os.replace(part, path)
    except (Http404, PermissionDenied):
        _fail(job, part, _("You may no longer see this list."))
        return
    except Exception:
        log.exception("export %s failed", job.pk)
        _fail(job, part, _("The file could not be written. Try again or narrow the filters."))
        return
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        done=written,
        total=written,
        finished_at=timezone.now(),
        expires_at=job.expiry(),
    )


def _fail(job: ExportJob, part: Any, message: str) -> None:
    part.unlink(missing_ok=True)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED, error=message[:300], finished_at=timezone.now()
    )


def cleanup(now: Any = None) -> int:
    """Delete the files of expired exports (and of failed or stale ones); returns how many."""
    now = now or timezone.now()
    n = 0
    for job in ExportJob.objects.filter(status=ExportJob.Status.DONE, background=True, expires_at__lte=now):
        job.path.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.EXPIRED)
        n += 1
    stale = now - timedelta(days=1)
    for job in ExportJob.objects.filter(
        status__in=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING), created_at__lte=stale
    ):
        job.path.with_suffix(".part").unlink(missing_ok=True)
        _fail(job, job.path.with_suffix(".part"), _("The export did not finish in time."))
        n += 1
    return n
