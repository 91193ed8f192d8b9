"""The shared validation layer (dvk.core.validation, dvk.core.forms, dvk.core.lookups, text.clean_text):
the same rules for forms, the API and query strings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import ValidationError as PydanticError

from dvk.core.forms import FormTokenMixin, SafeInputMixin, read_form_token
from dvk.core.text import clean_text, nfc
from dvk.core.validation import (
    MAX_ID,
    FiniteFloat,
    Id,
    JsonValue,
    finite_decimal,
    model_text,
    parse_id,
    parse_ids,
    parse_int,
    parse_page,
    text,
)
from dvk.organisations.models import Organisation

BIG = 10**20


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), (" 7 ", 7), (12, 12), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), (str(BIG), None),
     ("0", None), ("-3", None), ("abc", None), ("1e3", None), ("NaN", None), ("", None), (None, None),
     (True, None), ("١٢", None)],
)  # fmt: skip
def test_parse_id_accepts_only_bigint_ids(raw, expected):
    assert parse_id(raw) == expected


def test_parse_ids_drops_the_malformed_ones():
    assert parse_ids(["3", "x", str(BIG), "4", ""]) == [3, 4]


def test_pages_and_ints_are_bounded():
    assert parse_page(str(BIG)) == 100_000 and parse_page("abc") == 1 and parse_page("-4") == 1
    assert parse_page("3") == 3
    assert parse_int("50", 0, high=10) == 0 and parse_int("5", 0, high=10) == 5


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-inf", "1e400", "abc", "1e20"])
def test_finite_decimal_refuses_non_finite_and_huge(raw):
    with pytest.raises(ValidationError):
        finite_decimal(raw)


def test_finite_decimal_keeps_ordinary_numbers():
    assert finite_decimal("12.5") == Decimal("12.5")


def test_clean_text_removes_control_characters_and_keeps_vietnamese():
    assert clean_text("Mô\x00 hình\x0bdân\x1f vận\x7f") == "Mô hình\ndân vận"
    assert clean_text("Tiêu\tđề\r\nmới", multiline=False) == "Tiêu đề mới"
    assert clean_text("Ða\u0300") == "Ðà"  # NFC
    assert nfc("  x\x0c y ") == "x\n y"  # what every model stores


class _In(Schema):
    id: Id
    score: FiniteFloat
    title: text(20, min_length=1)  # type: ignore[valid-type]
    name: model_text(Organisation, "short_name")  # type: ignore[valid-type]
    figures: dict[text(200), JsonValue] = {}  # type: ignore[valid-type]


def _ok(**kw):
    return {"id": 1, "score": 1.5, "title": "Tiêu đề", "name": "", **kw}


@pytest.mark.parametrize(
    "bad",
    [{"id": BIG}, {"id": 0}, {"score": float("nan")}, {"score": float("inf")}, {"title": "x" * 21},
     {"title": "\x00\x0b"}, {"name": "x" * 500}, {"figures": {"a": float("nan")}}, {"figures": {"a": BIG}}],
)  # fmt: skip
def test_api_types_refuse_what_the_model_refuses(bad):
    with pytest.raises(PydanticError):
        _In(**_ok(**bad))


def test_api_types_clean_text_as_the_models_do():
    row = _In(**_ok(title="  Kế\x00 hoạch\n2026 ", figures={"k\x00": "v\x0b"}))
    assert row.title == "Kế hoạch 2026" and row.figures == {"k": "v"}
    assert (
        Organisation._meta.get_field("short_name").max_length
        == _In.model_fields["name"].metadata[-1].max_length
    )


class _Form(SafeInputMixin, FormTokenMixin, forms.Form):
    title = forms.CharField(max_length=50)
    body = forms.CharField(widget=forms.Textarea, required=False)
    count = forms.IntegerField(required=False)
    figure = forms.DecimalField(required=False)
    body_choice = forms.ModelChoiceField(Organisation.objects.all(), required=False)
    bodies = forms.ModelMultipleChoiceField(Organisation.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["late"] = forms.DecimalField(required=False)  # added after the mixin ran


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("count", str(BIG)), ("figure", "1e400"), ("figure", "NaN"), ("late", "1e400"),
     ("body_choice", str(BIG)), ("body_choice", "abc"), ("bodies", [str(BIG)]), ("bodies", ["1", "x"])],
)  # fmt: skip
def test_forms_refuse_out_of_range_ids_and_numbers_as_field_errors(field, value):
    form = _Form({"title": "ok", field: value})
    assert not form.is_valid() and field in form.errors  # a field error, never a database error


@pytest.mark.django_db
def test_forms_clean_text_and_carry_a_one_time_token():
    org = Organisation.objects.first()
    form = _Form(
        {"title": "Đại\x0bhội\x00", "body": "a\x0bb", "bodies": [str(org.pk)], "form_token": "abc-1"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Đại hội" and form.cleaned_data["body"] == "a\nb"
    assert form.once_token == "abc-1"
    assert _Form().initial["form_token"] and read_form_token({"form_token": "bad token!"}) == ""


@pytest.mark.django_db
def test_integer_lookups_never_overflow():
    """The floor under the validation: out-of-range ids match nothing (no OverflowError/DataError)."""
    from dvk.exemplars.models import Exemplar

    assert list(Organisation.objects.filter(pk__in=[BIG, -BIG])) == []
    first = Organisation.objects.order_by("pk").first()
    assert list(Organisation.objects.filter(pk__in=[BIG, first.pk])) == [first]
    assert not Exemplar.objects.filter(organisation_id=BIG).exists()
    assert not Exemplar.objects.filter(organisation__in=[BIG]).exists()
    assert not Exemplar.objects.filter(field__parent_id=BIG).exists()
