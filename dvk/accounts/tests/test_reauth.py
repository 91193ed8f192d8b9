"""Re-authentication before sensitive actions: reading a denouncer's identity, recognising an
exemplar, issuing a periodic report. An old log-in is sent to "xác nhận lại mật khẩu" and back to
the form, which is never replayed; the API refuses an old token with a JSON 403."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from dvk.accounts.factories import DEMO_PASSWORD
from dvk.accounts.models import ApiToken
from dvk.accounts.reauth import SESSION_KEY
from dvk.audit.models import AuditEvent
from dvk.citizens.tests.conftest import INSPECTORATE, PLANTED, letter, org  # noqa: F401 (fixtures)
from dvk.citizens.workflow import Kind
from dvk.vault.models import IdentityAccess

pytestmark = pytest.mark.django_db

REAUTH = "/tai-khoan/xac-nhan-mat-khau/"


def age_login(client: Client, minutes: int) -> None:
    session = client.session
    session[SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


@pytest.fixture
def denunciation(letter, persona):  # noqa: F811
    from dvk.citizens.models import Case

    sent = letter(Kind.DENUNCIATION, body=INSPECTORATE, by="thanhtra.tinh", name=PLANTED, phone="0968123457")
    Case.objects.filter(letter=sent).update(handler=persona("thanhtra.tinh"))
    return sent


def test_an_old_login_confirms_the_password_before_reading_an_identity(client_for, denunciation):
    client = client_for("thanhtra.tinh")
    page = f"/tiep-cong-dan/don/{denunciation.pk}/"
    age_login(client, 16)
    assert client.get(page).status_code == 200  # looking at the letter needs nothing more
    response = client.post(
        page, {"reason": "Gọi điện xác minh"}, headers={"referer": f"http://testserver{page}"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTH) and "resubmit=1" in response["Location"]
    assert IdentityAccess.objects.filter(reason="Gọi điện xác minh").count() == 0  # nothing was read
    shown = client.get(response["Location"])
    assert "Xác nhận lại mật khẩu" in shown.content.decode()
    assert "Thao tác chưa được thực hiện" in shown.content.decode()

    wrong = client.post(REAUTH, {"password": "sai-mat-khau-roi", "next": page, "resubmit": "1"})
    assert wrong.status_code == 200 and "Mật khẩu không đúng." in wrong.content.decode()
    back = client.post(REAUTH, {"password": DEMO_PASSWORD, "next": page, "resubmit": "1"})
    assert back.status_code == 302 and back["Location"] == page  # back to the form, not replayed
    assert IdentityAccess.objects.filter(reason="Gọi điện xác minh").count() == 0
    assert "Hãy gửi lại biểu mẫu" in client.get(page).content.decode()
    assert AuditEvent.objects.filter(action="accounts.reauth", actor__username="thanhtra.tinh").count() == 1

    read = client.post(page, {"reason": "Gọi điện xác minh"})
    assert read.status_code == 200 and PLANTED in read.content.decode()
    assert IdentityAccess.objects.filter(reason="Gọi điện xác minh").count() == 1


def test_a_fresh_login_reads_at_once_and_the_window_is_fifteen_minutes(client_for, denunciation):
    client = client_for("thanhtra.tinh")  # force_login stamps the session like the log-in form
    age_login(client, 14)
    response = client.post(f"/tiep-cong-dan/don/{denunciation.pk}/", {"reason": "Xác minh lần một"})
    assert response.status_code == 200 and PLANTED in response.content.decode()


def test_the_return_address_is_never_another_site(client_for):
    client = client_for("xa.a")
    response = client.post(REAUTH, {"password": DEMO_PASSWORD, "next": "https://evil.example/steal"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_post_without_referer_comes_back_to_the_action_address(client_for):
    from dvk.exemplars.models import Exemplar

    pk = Exemplar.objects.visible_to(_user("lanhdao.bdv")).first().pk
    client = client_for("lanhdao.bdv")
    age_login(client, 30)
    response = client.post(f"/mo-hinh/{pk}/hanh-dong/recognise/", {"note": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTH + f"?next=%2Fmo-hinh%2F{pk}%2Fhanh-dong%2Frecognise%2F")


def test_recognising_needs_a_recent_password_other_actions_do_not(client_for):
    from dvk.exemplars.models import Exemplar

    client = client_for("lanhdao.bdv")
    exemplar = Exemplar.objects.visible_to(_user("lanhdao.bdv")).first()
    before = (exemplar.stage, exemplar.events.count())
    age_login(client, 20)
    detail = f"/mo-hinh/{exemplar.pk}/"
    response = client.post(
        f"/mo-hinh/{exemplar.pk}/hanh-dong/recognise/",
        {"note": "x"},
        headers={"referer": f"http://testserver{detail}"},
    )
    assert response.status_code == 302 and response["Location"].startswith(REAUTH)
    exemplar.refresh_from_db()
    assert (exemplar.stage, exemplar.events.count()) == before  # nothing happened
    other = client.post(f"/mo-hinh/{exemplar.pk}/hanh-dong/withdraw/", {"note": "x"})
    assert not other["Location"].startswith(REAUTH)  # an ordinary step is not asked for the password


def test_issuing_a_report_needs_a_recent_password(client_for, persona):
    from dvk.core.figures import Period
    from dvk.documents.models import Document
    from dvk.organisations.models import Organisation
    from dvk.reports import services
    from dvk.reports.models import Kind

    report = services.create_report(
        by=persona("tinh.bdv"),
        organisation=Organisation.objects.get(code="PT-BTGDV"),
        kind=Kind.HALF,
        period=Period.containing(timezone.localdate(), "half"),
    )
    client = client_for("tinh.bdv")
    count = Document.objects.count()
    age_login(client, 60)
    response = client.post(f"/bao-cao-dinh-ky/{report.pk}/ban-hanh/", {"signer_name": "A"})
    assert response.status_code == 302 and response["Location"].startswith(REAUTH)
    assert Document.objects.count() == count
    report.refresh_from_db()
    assert report.document_id is None  # not issued


def test_htmx_requests_are_redirected_with_hx_redirect(client_for):
    from dvk.exemplars.models import Exemplar

    pk = Exemplar.objects.visible_to(_user("lanhdao.bdv")).first().pk
    client = client_for("lanhdao.bdv")
    age_login(client, 20)
    response = client.post(f"/mo-hinh/{pk}/hanh-dong/recognise/", {}, headers={"hx-request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith(REAUTH)


def _user(username):
    from dvk.accounts.models import User

    return User.objects.get(username=username)


def test_the_api_refuses_recognising_with_an_old_token(api_for):
    from dvk.exemplars.models import Exemplar

    client = api_for("lanhdao.bdv")
    exemplar = Exemplar.objects.visible_to(_user("lanhdao.bdv")).first()
    url = f"/api/v1/exemplars/{exemplar.pk}/actions/recognise"
    ApiToken.objects.filter(user__username="lanhdao.bdv").update(
        created_at=timezone.now() - timedelta(minutes=16)
    )
    response = client.post(url, {"note": ""}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Thao tác này cần đăng nhập gần đây: mã truy cập (token)")
    ApiToken.objects.filter(user__username="lanhdao.bdv").update(created_at=timezone.now())
    fresh = client.post(url, {"note": ""}, content_type="application/json")
    assert "đăng nhập gần đây" not in fresh.json().get("detail", "")  # the workflow decides now
