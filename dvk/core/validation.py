"""One validation layer for every way input arrives: HTML forms, the API, query strings.

The same rules apply whichever door the data comes through, so a value the form refuses is refused
by the API too, and no malformed value ever reaches the database (where it would be a 500):

- **ids** are whole numbers from 1 to 2^63-1 (a BIGINT); anything else is "no such record";
- **pages and offsets** are bounded (`MAX_PAGE`, `MAX_OFFSET`), so no OFFSET overflows;
- **numbers** are finite and bounded (`MAX_NUMBER`): NaN, Infinity and 1e400 are refused;
- **text** is NFC with the control characters removed (\\t, \\n, \\r kept in multi-line text; Word's
  vertical tab and form feed become line breaks), and within the model's `max_length`.

Parsing helpers (`parse_id`, `parse_page`, ...) serve query strings; `Id`, `Offset`, `FiniteFloat`,
`FiniteDecimal`, `text()`, `model_text()` and `json_value()` are annotated types for the API's pydantic
schemas; `SafeInputMixin` (dvk.core.forms) applies the same rules to every field of a Django form.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BeforeValidator, Field

from dvk.core.text import clean_text

MAX_ID = 2**63 - 1  # the largest BIGINT: every primary key fits
MAX_INT = 2**31 - 1  # plain integer fields (counts, participants, percentages...)
MAX_PAGE = 100_000  # page numbers of HTML lists (50 rows a page: five million rows)
MAX_OFFSET = 10_000_000  # API offsets
MAX_NUMBER = Decimal("1e15")  # the largest magnitude of a decimal figure (scores, indicators...)
_DIGITS = re.compile(r"^\s*\+?[0-9]{1,19}\s*$")  # ASCII digits only (\d would accept ١٢)


# --- query strings and path values ---------------------------------------------------------------


def parse_id(value: Any) -> int | None:
    """`value` as a record id, or None when it is missing, not a whole number or out of range."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _DIGITS.match(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values: Any) -> list[int]:
    """The valid ids of a list of values (a form's repeated parameter); the others are dropped."""
    return [n for n in (parse_id(v) for v in values or []) if n is not None]


def parse_int(value: Any, default: int | None = None, *, low: int = 0, high: int = MAX_INT) -> int | None:
    """`value` as a whole number within [low, high]; `default` when missing or malformed."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and re.match(r"^\s*[+-]?[0-9]{1,19}\s*$", value):
        number = int(value)
    else:
        return default
    return number if low <= number <= high else default


def parse_page(value: Any) -> int:
    """A page number of an HTML list: 1 when missing or malformed, at most MAX_PAGE."""
    if isinstance(value, str) and re.match(r"^\s*\+?[0-9]{1,40}\s*$", value):
        return max(1, min(int(value), MAX_PAGE))  # a page past the end shows the empty last page
    return parse_int(value, 1, low=1, high=MAX_PAGE) or 1


def require_id(value: Any) -> int:
    """`value` as an id, or Http404 (for ids that come in the path or select one record)."""
    from django.http import Http404

    number = parse_id(value)
    if number is None:
        raise Http404
    return number


def finite_decimal(value: Any, *, limit: Decimal = MAX_NUMBER) -> Decimal:
    """`value` as a finite Decimal of magnitude below `limit`, or ValidationError (Vietnamese)."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(_("Enter a number."), code="invalid") from None
    if not number.is_finite():
        raise ValidationError(_("Enter a finite number."), code="invalid")
    if abs(number) >= limit:
        raise ValidationError(_("The value is too large."), code="max_value")
    return number


# --- JSON values (free mappings such as indicator figures) ---------------------------------------


def _bounded_number(value: int | float | Decimal) -> int | float | Decimal:
    """A JSON number, finite and below MAX_NUMBER in size; ValueError otherwise."""
    if isinstance(value, int):
        if abs(value) >= MAX_NUMBER:
            raise ValueError(_("The value is too large."))
        return value
    if not math.isfinite(value):
        raise ValueError(_("Enter a finite number."))
    if abs(float(value)) >= float(MAX_NUMBER):
        raise ValueError(_("The value is too large."))
    return value


def clean_json(value: Any, *, depth: int = 0) -> Any:
    """A JSON value with every string cleaned and every number finite and bounded; raises
    ValueError otherwise (pydantic turns it into a field error)."""
    if depth > 10:
        raise ValueError(_("The value is nested too deeply."))
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return _bounded_number(value)
    if isinstance(value, str):
        return clean_text(value, multiline=True)
    if isinstance(value, list):
        return [clean_json(v, depth=depth + 1) for v in value]
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_json(v, depth=depth + 1) for k, v in value.items()}
    raise ValueError(_("Invalid value."))


# --- annotated types for the API (pydantic) ------------------------------------------------------

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A record id: a whole number from 1 to 2^63-1 (path parameters, filters, `*_id` fields)."""
OptionalId = Annotated[int | None, Field(default=None, ge=1, le=MAX_ID)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False, gt=-float(MAX_NUMBER), lt=float(MAX_NUMBER))]
"""A finite number: NaN, Infinity and 1e400 (which JSON parsers read as Infinity) are refused."""
FiniteDecimal = Annotated[Decimal, Field(allow_inf_nan=False, gt=-MAX_NUMBER, lt=MAX_NUMBER)]
JsonValue = Annotated[Any, AfterValidator(lambda v: clean_json(v))]
"""Any JSON value, with strings cleaned and numbers finite (free mappings such as figures)."""


def _clean_single(value: Any) -> Any:
    return clean_text(value, multiline=False) if isinstance(value, str) else value


def _clean_multi(value: Any) -> Any:
    return clean_text(value, multiline=True) if isinstance(value, str) else value


def text(max_length: int | None = None, *, min_length: int = 0, multiline: bool = False) -> Any:
    """A string type for API schemas: NFC, control characters removed, surrounding spaces
    stripped, then its length checked (as the form's CharField does)."""
    return Annotated[
        str,
        BeforeValidator(_clean_multi if multiline else _clean_single),
        Field(min_length=min_length, max_length=max_length),
    ]


def clean_model_text(model: type[models.Model], field_name: str, value: Any) -> str:
    """`value` cleaned as `model.field_name` stores it, or a ValidationError on that field (for input
    that does not come through a schema or a form, e.g. multipart API parameters)."""
    field = model._meta.get_field(field_name)
    cleaned = clean_text(str(value or ""), multiline=isinstance(field, models.TextField))
    limit = getattr(field, "max_length", None)
    if limit and len(cleaned) > limit:
        raise ValidationError({field_name: [_("This value is too long.")]})
    if not cleaned and not field.blank:  # type: ignore[union-attr]
        raise ValidationError({field_name: [_("This field is required.")]})
    return cleaned


def model_text(model: type[models.Model], field_name: str, *, required: bool | None = None) -> Any:
    """The API string type for `model.field_name`: the model's own `max_length`, single-line for
    a CharField and multi-line for a TextField, required unless the field is `blank=True`."""
    field = model._meta.get_field(field_name)
    needed = (not field.blank) if required is None else required  # type: ignore[union-attr]
    return text(
        getattr(field, "max_length", None),
        min_length=1 if needed else 0,
        multiline=isinstance(field, models.TextField),
    )
