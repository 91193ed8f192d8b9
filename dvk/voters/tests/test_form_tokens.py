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
