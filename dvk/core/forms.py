"""Form kit: the validation rules of dvk.core.validation on every Django form field, and the one
double-submit token.

`SafeInputMixin` (put it first in a form's bases) makes a form refuse or clean what the API's
schemas refuse or clean, so the two doors accept the same data:

- text fields: NFC, control characters removed (Word's vertical tab → line break), the model's
  `max_length` (a ModelForm has it already; plain forms declare it);
- integer fields: bounded to ±MAX_INT unless the form sets tighter bounds;
- decimal and float fields: finite (Django refuses NaN/Infinity) and below MAX_NUMBER in magnitude;
- model choice fields on an integer key: a value that is not an id (1 … 2^63-1) is an invalid choice,
  the same message as a well-formed id that is not offered — never a database error.

`FormTokenMixin` renders a hidden one-time `form_token`; a service given the token creates one
record however many times the form is posted (double click, reload after POST). `read_form_token`
reads it from a request's POST data for forms written by hand in a template (`{% form_token %}`).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dvk.core.text import clean_text
from dvk.core.validation import MAX_INT, MAX_NUMBER, parse_id

FORM_TOKEN = "form_token"  # noqa: S105 (a field name, not a secret)
# Dates are shown and read as dd/mm/yyyy whatever the language or the browser's locale (ISO is accepted too,
# for scripts and old bookmarks); never the month first.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATE_DISPLAY_FORMAT = "%d/%m/%Y"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def new_form_token() -> str:
    return secrets.token_urlsafe(16)


def read_form_token(data: Any) -> str:
    """The one-time token posted with a form ("" when absent or malformed)."""
    value = str(data.get(FORM_TOKEN, "") or "")
    return value if _TOKEN.match(value) else ""


class DateInput(forms.DateInput):
    """The one date widget: a text box showing dd/mm/yyyy with a calendar button (static/js/datepicker.js),
    the same in every browser and locale (a native date input shows the browser's own order)."""

    template_name = "core/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:  # noqa: A002
        attrs = dict(attrs or {})
        attrs.pop("type", None)
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            "data-datepicker": "",
        }
        super().__init__({**defaults, **attrs}, format=DATE_DISPLAY_FORMAT)


def not_far_ahead(value: Any, *, years: int = 1) -> Any:
    """A date at most `years` after today (a start or document date in 2030 is a typo of the year
    far more often than a plan): refused with the date and the limit in words."""
    import datetime as dt

    from django.utils import timezone

    if isinstance(value, dt.date):
        today = timezone.localdate()
        try:
            limit = today.replace(year=today.year + years)
        except ValueError:  # 29 February
            limit = today.replace(year=today.year + years, day=28)
        if value > limit:
            raise ValidationError(
                _("%(date)s is more than %(years)s year(s) from today: check the year.")
                % {"date": value.strftime(DATE_DISPLAY_FORMAT), "years": years}
            )
    return value


CHOICES_TEMPLATE = "core/widgets/choices.html"


def _date_field(field: forms.DateField) -> None:
    field.input_formats = DATE_INPUT_FORMATS
    field.error_messages["invalid"] = _("Enter a date as dd/mm/yyyy, e.g. 25/12/2026.")
    widget = field.widget
    if isinstance(widget, forms.DateInput) and not isinstance(widget, DateInput):
        replacement = DateInput(attrs=widget.attrs)
        replacement.is_required = widget.is_required
        field.widget = replacement


def _wrap(field: forms.Field, name: str, before: Callable[[Any], Any]) -> None:
    original = getattr(field, name)

    def wrapped(value: Any, *args: Any, **kwargs: Any) -> Any:
        return original(before(value), *args, **kwargs)

    setattr(field, name, wrapped)


def _integer_key(field: forms.ModelChoiceField) -> bool:
    if field.queryset is None:
        return False
    meta = field.queryset.model._meta
    key: Any = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    while key is not None and key.is_relation:  # a one-to-one primary key
        key = key.target_field
    return isinstance(key, models.IntegerField)


def _choices_widget(field: forms.Field) -> None:
    widget = field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect) and widget.template_name in (
        forms.CheckboxSelectMultiple.template_name,
        forms.RadioSelect.template_name,
    ):
        widget.template_name = CHOICES_TEMPLATE  # labels beside their boxes, in columns


def _ids_field(field: forms.ModelMultipleChoiceField) -> None:
    """Several ids: each must be a whole number in range before the database sees it."""
    if not _integer_key(field):
        return

    def check_ids(values: Any, f: Any = field) -> Any:
        for value in values or []:
            if parse_id(value) is None:
                raise ValidationError(
                    f.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": value}
                )
        return values

    _wrap(field, "_check_values", check_ids)


def _id_field(field: forms.ModelChoiceField) -> None:
    """One id: a whole number in range (or a model instance, or empty) before the database sees it."""
    if not _integer_key(field):
        return

    def check_id(value: Any, f: Any = field) -> Any:
        if value not in f.empty_values and not isinstance(value, models.Model) and parse_id(value) is None:
            raise ValidationError(f.error_messages["invalid_choice"], code="invalid_choice")
        return value

    _wrap(field, "to_python", check_id)


def _text_field(field: forms.CharField, multiline: bool | None) -> None:
    lines = isinstance(field.widget, forms.Textarea) if multiline is None else multiline

    def clean(value: Any, m: bool = lines) -> Any:
        return clean_text(value, multiline=m) if isinstance(value, str) else value

    _wrap(field, "to_python", clean)


def _value_rule(field: forms.Field, multiline: bool | None) -> None:
    """The rule of the field's kind: ids checked, text cleaned, numbers bounded."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        _ids_field(field)
    elif isinstance(field, forms.ModelChoiceField):
        _id_field(field)
    elif isinstance(field, forms.CharField) and not isinstance(field, forms.ChoiceField):
        _text_field(field, multiline)
    elif isinstance(field, forms.IntegerField):
        _bound(field, MAX_INT)
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        _bound(field, MAX_NUMBER)


def harden(field: forms.Field, *, multiline: bool | None = None) -> None:
    """Apply the shared input rules to one form field (see the module docstring); idempotent."""
    if getattr(field, "_dvk_hardened", False):
        return
    field._dvk_hardened = True  # type: ignore[attr-defined]
    _choices_widget(field)
    if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
        _date_field(field)
    _value_rule(field, multiline)


def _bound(field: forms.IntegerField | forms.DecimalField | forms.FloatField, limit: Any) -> None:
    if field.max_value is None:
        field.max_value = limit
        field.validators.append(MaxValueValidator(limit))
        field.widget.attrs.setdefault("max", str(limit))
    if field.min_value is None:
        field.min_value = -limit
        field.validators.append(MinValueValidator(-limit))


class SafeInputMixin:
    """Hardens every field of the form it is mixed into: declared, generated by a ModelForm, or added
    by the form's own __init__ after this one ran (hardened again just before cleaning)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            harden(field)

    def full_clean(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            harden(field)
        super().full_clean()  # type: ignore[misc]


class FormTokenMixin:
    """A hidden one-time token field (`form_token`): posting the same form twice creates one record
    (the service is given `form.once_token`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FORM_TOKEN] = forms.CharField(  # type: ignore[attr-defined]
            widget=forms.HiddenInput, required=False, max_length=64
        )
        if not self.is_bound:  # type: ignore[attr-defined]
            self.initial.setdefault(FORM_TOKEN, new_form_token())  # type: ignore[attr-defined]

    @property
    def once_token(self) -> str:
        """The posted token ("" when absent or malformed: then every post creates a record)."""
        return read_form_token(getattr(self, "cleaned_data", {}))
