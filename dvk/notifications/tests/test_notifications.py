from __future__ import annotations

import pytest
from django.core import mail

from dvk.notifications.models import Notification
from dvk.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_notify_after_commit_creates_in_app_and_email(persona, django_capture_on_commit_callbacks):
    user = persona("xa.a")
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], title="Hồ sơ đã được tiếp nhận", body="Mô hình của đơn vị đã được tiếp nhận.", url="/")
    note = Notification.objects.get(user=user, title="Hồ sơ đã được tiếp nhận")
    assert note.emailed_at is not None
    assert mail.outbox[-1].subject == "Hồ sơ đã được tiếp nhận" and mail.outbox[-1].to == [user.email]


def test_nothing_is_sent_if_the_transaction_rolls_back(persona, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([persona("xa.a")], title="Không gửi")
    assert len(callbacks) == 1  # queued for after commit only
    assert not Notification.objects.filter(title="Không gửi").exists()


def test_dedupe_key_sends_once(persona, django_capture_on_commit_callbacks):
    user = persona("so.a")
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            notify([user], title="Nhắc việc hằng ngày", dedupe_key="digest:2026-11-27")
    assert Notification.objects.filter(user=user, dedupe_key="digest:2026-11-27").count() == 1


def test_bell_counts_unread_and_reading_works(client_for, persona, api_for):
    user = persona("mttq.tinh")
    Notification.objects.filter(user=user).delete()  # start from an empty bell (the demo may hold some)
    notes = [Notification.objects.create(user=user, title=f"Tin {i}", url="/don-vi/") for i in range(3)]
    client = client_for("mttq.tinh")
    assert 'data-testid="unread-count">3<' in client.get("/thong-bao/chuong/").content.decode()
    assert client.post(f"/thong-bao/{notes[0].pk}/doc/").url == "/don-vi/"
    api = api_for("mttq.tinh")
    assert api.post(f"/api/v1/notifications/{notes[1].pk}/read").json()["read_at"] is not None
    assert api.get("/api/v1/notifications?unread=true").json()["count"] == 1
    # someone else's notification is not found
    assert api_for("xa.a").post(f"/api/v1/notifications/{notes[2].pk}/read").status_code == 404
    assert client_for("xa.a").post(f"/thong-bao/{notes[2].pk}/doc/").status_code == 404
