"""The voters' creating forms carry a one-time token: posted twice, they create one record."""

from __future__ import annotations

from dvk.core.forms import new_form_token
from dvk.voters.models import Deputy, Session, Term


def test_session_and_deputy_posted_twice_create_one_each(client_for, persona):
    client = client_for("hdnd.tinh")
    term = Term.objects.visible_to(persona("hdnd.tinh")).order_by("-starts_on").first()
    url = f"/cu-tri/khoa/{term.pk}/"
    assert "s-form_token" in client.get(url).content.decode()
    number = (term.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    data = {
        "s-number": number,
        "s-kind": "regular",
        "s-opens_on": "01/12/2030",
        "s-form_token": new_form_token(),
    }
    before = Session.objects.count()
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Session.objects.count() == before + 1

    data = {
        "d-full_name": "Đại biểu Gửi Hai Lần",
        "d-constituency": "Đơn vị số 9",
        "d-form_token": new_form_token(),
    }
    before = Deputy.objects.count()
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Deputy.objects.count() == before + 1


def test_a_petition_is_corrected_after_bulk_entry_with_one_audit_row(client_for, persona):
    from dvk.audit.models import AuditEvent
    from dvk.voters.models import Petition

    petition = Petition.objects.visible_to(persona("hdnd.tinh")).filter(stage="recorded").first()
    client = client_for("hdnd.tinh")
    page = client.get(f"/cu-tri/kien-nghi/{petition.pk}/").content.decode()
    assert 'id="edit-form"' in page
    url = f"/cu-tri/kien-nghi/{petition.pk}/sua/"
    text = "Đề nghị sửa chữa cầu treo bản Mường, đã xuống cấp nghiêm trọng."
    response = client.post(url, {"text": text, "raised_by": "Cử tri xóm Mường", "kind": "petition"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.text == text and "cau treo ban muong" in petition.search_text
    events = AuditEvent.objects.filter(action="voters.petition.edit", target_id=str(petition.pk))
    assert events.count() == 1 and events.get().changes["text"][1] == text
    client.post(url, {"text": text, "raised_by": "Cử tri xóm Mường", "kind": "petition"})  # unchanged
    assert events.count() == 1
    assert client.post(url, {"text": "", "kind": "petition"}).status_code == 422
    forwarded = Petition.objects.visible_to(persona("hdnd.tinh")).filter(stage="forwarded").first()
    refused = client.post(f"/cu-tri/kien-nghi/{forwarded.pk}/sua/", {"text": text, "kind": "petition"})
    assert refused.status_code == 422 and "trước khi chuyển" in refused.content.decode()
    # A commune officer reads the province's petitions but may not correct them.
    assert (
        client_for("xa.b").post(url, {"text": "Sửa trái phép nội dung", "kind": "petition"}).status_code
        == 403
    )
    petition.refresh_from_db()
    assert petition.text == text
