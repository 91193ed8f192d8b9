from __future__ import annotations

import pytest

from dvk.audit.models import AuditEvent
from dvk.audit.services import record
from dvk.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_events_cannot_be_changed_or_deleted(persona):
    org = Organisation.objects.get(code="PT-SNV")
    event = record(
        actor=persona("so.a"), action="test.write", target=org, changes={"name": ["a", "b"]}, organisation=org
    )
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.write"


def test_admin_changes_are_audited_with_ip(client_for):
    org = Organisation.objects.get(code="PT-SNV")
    client = client_for("admin")
    response = client.post(
        f"/quan-tri/organisations/organisation/{org.pk}/change/",
        {
            "name": "Sở Nội vụ tỉnh Phú Thọ (đổi tên)",
            "code": org.code,
            "short_name": "SNV",
            "kind": org.kind,
            "unit": org.unit_id,
            "valid_from": "01/07/2025",
            "valid_to": "",
            "email": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "successions_out-TOTAL_FORMS": "0",
            "successions_out-INITIAL_FORMS": "0",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(action="admin.update", target_id=str(org.pk)).get()
    assert event.actor_name == "admin" and event.ip_address == "10.1.2.3"


def test_admin_offers_no_edit_or_delete_of_audit_events(client_for, persona):
    event = record(actor=persona("admin"), action="test.x", target=Organisation.objects.get(code="PT-TU"))
    client = client_for("admin")
    assert client.get("/quan-tri/audit/auditevent/").status_code == 200
    assert client.post(f"/quan-tri/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_logins_and_failures_are_audited(client):
    client.post("/tai-khoan/dang-nhap/", {"username": "xa.a", "password": "sai"})
    client.post("/tai-khoan/dang-nhap/", {"username": "xa.a", "password": "demo-dvk-2020"})
    actions = list(AuditEvent.objects.filter(actor_name="xa.a").values_list("action", flat=True))
    assert "accounts.login_failed" in actions and "accounts.login" in actions


def test_audit_page_filters_and_is_forbidden_to_officers(client_for, persona):
    org = Organisation.objects.get(code="PT-DU-04897")
    record(actor=persona("xa.a"), action="demo.visible", target=org, organisation=org)
    other = Organisation.objects.get(code="PT-HDTD")
    assert client_for("xa.a").get("/nhat-ky/").status_code == 403
    html = client_for("tinh.bdv").get("/nhat-ky/", {"action": "demo."}).content.decode()
    assert "demo.visible" in html
    record(actor=persona("admin"), action="demo.outside", target=other, organisation=None)
    assert "demo.outside" not in client_for("tinh.bdv").get("/nhat-ky/", {"action": "demo."}).content.decode()
