from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dvk.core.paging import page_of
from dvk.core.types import AuthenticatedHttpRequest
from dvk.notifications.models import Notification
from dvk.notifications.services import mark_read


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = page_of(Notification.objects.filter(user=request.user), request.GET.get("page"), 30)
    return render(request, "notifications/list.html", {"page": page})


@login_required
def bell(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The unread badge, polled by htmx."""
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(request, "notifications/_bell.html", {"unread": unread})


@login_required
@require_POST
def read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(Notification, user=request.user, pk=pk)
    mark_read(user=request.user, notification_id=note.pk)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:list")
