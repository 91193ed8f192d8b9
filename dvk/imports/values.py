"""Cell values → clean text and dates, by the rules every importer shares.

- Text: legacy TCVN3 / VNI-Windows converted (`encodings.decode`, from the font and the
  characters), NFC, control characters removed, any run of whitespace (no-break spaces, line
  breaks, tabs) one space, trimmed.
- Dates: a cell Excel holds as a date; a serial number (the 1900 date system, from 1950 to 2100:
  a bare year such as 2020 is not a date); text d/m/yyyy, dd/mm/yyyy or dd-mm-yyyy (also with
  dots), always day first. Anything else raises `DateError` with the value as written.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from dvk.core.text import clean_text
from dvk.imports.encodings import decode
from dvk.imports.workbook import EXCEL_EPOCH, Cell

_WHITESPACE = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
SERIAL_MIN, SERIAL_MAX = 18264, 73415  # 01/01/1950 … 31/12/2100


class DateError(ValueError):
    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value


def squash(value: str) -> str:
    """Any whitespace run → one space, trimmed, NFC without control characters."""
    return _WHITESPACE.sub(" ", clean_text(value, multiline=False)).strip()


def text(cell: Cell) -> str:
    """The cell as clean Unicode text ("" when empty). Raises encodings.LegacyTextError."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float | int | Decimal):
        number = float(value)
        return str(int(number)) if number.is_integer() else str(value)
    raw = squash(str(value))
    converted, _encoding = decode(raw, cell.font)
    return squash(converted)


def date(cell: Cell) -> dt.date | None:
    """The cell as a date, None when empty; DateError otherwise."""
    value = cell.value
    if value is None or (isinstance(value, str) and not squash(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise DateError(str(value))
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if SERIAL_MIN <= number <= SERIAL_MAX:  # a time of day (the fraction) is dropped
            return EXCEL_EPOCH + dt.timedelta(days=int(number))
        raise DateError(text(cell))
    written = squash(str(value))
    match = _DATE_TEXT.match(written)
    if not match:
        raise DateError(written)
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateError(written) from exc


def as_text_or_number(value: Any) -> str:
    return text(Cell(value))
