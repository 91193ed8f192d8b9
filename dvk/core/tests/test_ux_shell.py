"""The shell every page shares: Vietnamese whatever the browser says, English only by choice,
one date widget (dd/mm/yyyy whatever the locale), readable checkbox lists, no healthz link, a favicon."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.test import Client
from django.utils import translation

from dvk.core.forms import DateInput, SafeInputMixin

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_vietnamese(client_for):
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = anonymous.get("/tai-khoan/dang-nhap/").content.decode()
    assert "Đăng nhập" in html and "Log in" not in html
    client = client_for("tinh.bdv")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<html lang="vi">' in html and "Tổng quan" in html and "Overview" not in html
    assert response["Content-Language"] == "vi"


def test_english_is_a_remembered_choice_from_the_user_menu(client_for):
    client = client_for("tinh.bdv")
    html = client.get("/").content.decode()
    assert 'action="/ngon-ngu/"' in html and 'value="en"' in html  # offered in the user menu
    response = client.post("/ngon-ngu/", {"language": "en", "next": "/ke-hoach/"})
    assert response.status_code == 302 and response["Location"] == "/ke-hoach/"
    cookie = response.cookies["django_language"]
    assert cookie.value == "en" and int(cookie["max-age"]) >= 365 * 24 * 3600 - 1
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    client.post("/ngon-ngu/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese():
    client = Client()
    client.cookies["django_language"] = "fr"
    assert '<html lang="vi">' in client.get("/tai-khoan/dang-nhap/").content.decode()


def test_footer_has_no_healthz_link_and_pages_have_a_favicon(client_for):
    for html in (
        Client().get("/tai-khoan/dang-nhap/").content.decode(),
        client_for("xa.a").get("/").content.decode(),
    ):
        assert "healthz" not in html
        assert 'rel="icon"' in html and "favicon.svg" in html
    response = Client().get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("/favicon.svg")
    assert Client().get("/healthz").status_code == 200  # the probe itself stays
    from django.contrib.staticfiles import finders

    for name in ("favicon.svg", "js/app.js", "js/datepicker.js"):
        assert finders.find(name), name


class _DatedForm(SafeInputMixin, forms.Form):
    on = forms.DateField(label="On", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kinds = forms.MultipleChoiceField(
        label="Kinds",
        choices=[("a", "Một loại có tên dài"), ("b", "Loại khác")],
        widget=forms.CheckboxSelectMultiple,
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_date_field_shows_and_reads_dd_mm_yyyy_whatever_the_language(language):
    with translation.override(language):
        form = _DatedForm(initial={"on": dt.date(2026, 12, 1)})
        html = str(form["on"])
        assert 'type="text"' in html and 'type="date"' not in html
        assert (
            'value="01/12/2026"' in html and "data-datepicker" in html and 'placeholder="dd/mm/yyyy"' in html
        )
        assert isinstance(form.fields["on"].widget, DateInput)
        bound = _DatedForm({"on": "02/03/2026", "kinds": ["a"]})
        assert bound.is_valid(), bound.errors
        assert bound.cleaned_data["on"] == dt.date(2026, 3, 2)  # day first, never month first
        assert _DatedForm({"on": "2026-03-02", "kinds": ["a"]}).is_valid()
        again = _DatedForm({"on": "31/02/2026", "kinds": ["a"]})
        assert not again.is_valid() and 'value="31/02/2026"' in str(again["on"])  # re-rendered as typed


def test_a_bad_date_is_refused_in_vietnamese():
    with translation.override("vi"):
        form = _DatedForm({"on": "12/31/2026", "kinds": ["a"]})
        assert not form.is_valid()
        assert form.errors["on"] == ["Nhập ngày theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 25/12/2026."]


def test_checkbox_lists_render_labels_beside_their_boxes():
    html = str(_DatedForm()["kinds"])
    assert 'class="dvk-choices"' in html and html.count('class="form-check"') == 2
    assert '<label class="form-check-label" for="id_kinds_0">Một loại có tên dài</label>' in html
