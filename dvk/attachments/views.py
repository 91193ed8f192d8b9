from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from dvk.attachments.models import Attachment
from dvk.attachments.selectors import visible_target
from dvk.core.downloads import file_response


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve a file only if the user may see the record it belongs to (404 otherwise). `?xem=1` asks
    to show it in the browser: honoured for PDF, PNG and JPEG only (dvk.core.downloads.INLINE_TYPES);
    anything else is always a download."""
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    if attachment is None or not visible_target(request.user, attachment):
        raise Http404
    return file_response(
        attachment.file.open("rb"),
        attachment.original_name,
        mime=attachment.mime_type,
        inline=request.GET.get("xem") == "1",
    )
