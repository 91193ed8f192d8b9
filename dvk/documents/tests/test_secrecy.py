"""Documents marked MẬT (or above) are never e-mailed, exported in bulk or published by the system:
the selectors, the export, the API list, the public verification and the e-mail predicate."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from dvk.documents import selectors, services
from dvk.documents.models import Document


def _issue(org, title, **kwargs):
    return services.issue(
        organisation=org, doc_type="BC", title=title, by=None, issued_on=dt.date(2033, 4, 2), **kwargs
    )


@pytest.fixture
def pair(body):
    ban = body("PT-BTGDV")
    return (
        ban,
        _issue(ban, "Báo cáo công khai", verifiable=True),
        _issue(ban, "Báo cáo tình hình mật", secrecy="mat"),
    )


def test_secret_documents_are_not_releasable(pair):
    _ban, public, secret = pair
    assert selectors.may_release(public) and not selectors.may_release(secret)
    assert services.may_email(public) and not services.may_email(secret)
    assert set(selectors.releasable(Document.objects.filter(pk__in=[public.pk, secret.pk]))) == {public}
    for action in ("send", "export", "publish"):
        with pytest.raises(services.SecretDocumentError):
            services.ensure_releasable(secret, action=action)
        services.ensure_releasable(public, action=action)


def test_a_secret_document_cannot_be_made_verifiable_nor_found_by_its_code(body, pair):
    _ban, public, _secret = pair
    with pytest.raises(services.SecretDocumentError):
        _issue(body("PT-BTGDV"), "Mật", secrecy="toi_mat", verifiable=True)
    assert selectors.find_verifiable(public.verification_code.lower()) == public
    Document.objects.filter(pk=public.pk).update(secrecy="mat")  # marked secret afterwards
    assert selectors.find_verifiable(public.verification_code) is None
    assert selectors.find_verifiable("") is None and selectors.find_verifiable("X" * 500) is None


def test_export_leaves_secret_rows_out_and_says_so(client_for, pair):
    ban, public, secret = pair
    response = client_for("tinh.bdv").get(f"/so-van-ban/{ban.pk}/2033/excel/", follow=True)
    assert response.status_code == 200 and response.redirect_chain[0][1] == 301
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert public.number in values and public.title in values
    assert secret.number not in values and secret.title not in values
    assert any("mật" in str(v) for v in values)  # the note that one was left out


def test_api_list_leaves_secret_documents_out(api_for, pair):
    ban, public, secret = pair
    items = api_for("tinh.bdv").get(f"/api/v1/documents?organisation={ban.pk}&year=2033").json()["items"]
    assert [i["number"] for i in items] == [public.number]


def test_the_register_page_lists_a_secret_document_for_its_officers_with_its_mark(client_for, pair):
    ban, _public, secret = pair
    page = client_for("tinh.bdv").get(f"/so-van-ban/{ban.pk}/2033/").content.decode()
    assert secret.number in page and "MẬT" in page


def test_public_verification_never_shows_a_secret_document(pair):
    _ban, public, _secret = pair
    assert Client().get(f"/xac-minh/{public.verification_code}/").status_code == 200
    Document.objects.filter(pk=public.pk).update(secrecy="mat")
    assert Client().get(f"/xac-minh/{public.verification_code}/").status_code == 404
