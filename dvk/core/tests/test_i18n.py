from __future__ import annotations

from django.test import Client
from django.utils import translation

from dvk.core.i18n_check import untranslated


def test_every_source_string_has_a_vietnamese_translation():
    missing = untranslated("vi")
    assert missing == [], "Untranslated strings (add them to a vi catalogue):\n" + "\n".join(
        f"  {where}: {text!r}" for text, where in missing[:80]
    )


def test_vietnamese_is_the_default_language(db):
    response = Client().get("/tai-khoan/dang-nhap/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_dates_are_day_month_year():
    import datetime as dt

    from django.utils.formats import date_format

    with translation.override("vi"):
        assert date_format(dt.date(2020, 2, 19), "SHORT_DATE_FORMAT") == "19/02/2020"


def test_iso_dates_from_json_data_render_day_first():
    import datetime as dt

    from dvk.core.templatetags.ui import vn_date

    assert vn_date("2025-09-29") == "29/09/2025"
    assert vn_date(dt.date(2020, 10, 15)) == "15/10/2020"
    assert vn_date("quý III") == "quý III"
