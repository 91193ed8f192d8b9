"""The days in a drill-down list's URL are read as every date field reads them (dvk.core.forms
DATE_INPUT_FORMATS, day first); anything else is ignored, never an error page."""

from __future__ import annotations

import datetime as dt

import pytest

from dvk.stats.drill import parse_day


@pytest.mark.parametrize("text", ["05/03/2026", "05-03-2026", "05.03.2026", "2026-03-05", " 05/03/2026 "])
def test_the_date_fields_forms_are_read_day_first(text):
    assert parse_day(text) == dt.date(2026, 3, 5)


@pytest.mark.parametrize(
    "text", ["", None, "31/02/2026", "03/05", "05/03/1899", "05/03/3000", "abc", "2026-13-01"]
)
def test_anything_else_is_ignored(text):
    assert parse_day(text) is None
