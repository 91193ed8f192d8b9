from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from dvk.attachments.models import Attachment
from dvk.attachments.selectors import visible_target


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a file only if the user may see the record it belongs to (404 otherwise)."""
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    if attachment is None or not visible_target(request.user, attachment):
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
