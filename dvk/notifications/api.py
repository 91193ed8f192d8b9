from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from dvk.api.pagination import Page, paginate
from dvk.core.types import AuthenticatedHttpRequest
from dvk.notifications.models import Notification
from dvk.notifications.services import mark_read

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    kind: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationList(Schema):
    count: int
    count_exact: bool = True
    items: list[NotificationOut]


class Filters(Page):
    unread: bool = False


@router.get("/notifications", response=NotificationList)
def notification_list(request: AuthenticatedHttpRequest, filters: Query[Filters]):
    qs = Notification.objects.filter(user=request.user)
    if filters.unread:
        qs = qs.filter(read_at__isnull=True)
    return paginate(qs, filters)


@router.post("/notifications/{notification_id}/read", response=NotificationOut)
def read(request: AuthenticatedHttpRequest, notification_id: int):
    note = get_object_or_404(Notification, user=request.user, pk=notification_id)
    mark_read(user=request.user, notification_id=note.pk)
    note.refresh_from_db()
    return note
