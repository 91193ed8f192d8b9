"""Repeatable rows (one line per force, milestone or figure) instead of a multi-line syntax.

A `RowsField` posts one value per column and row (`<name>-<column>`, repeated); the widget renders
the rows already given plus a few blank ones, so the form works without a script, and
static/exemplars/rows.js adds an "Add a row" button that clones the last row. Rows left blank are
dropped; each column's text is cleaned like any other form text (dvk.core.text.clean_text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from django import forms

from dvk.core.text import clean_text

MAX_ROWS = 50  # more rows than any registration needs; the rest are ignored


@dataclass(frozen=True)
class Column:
    name: str
    label: Any
    choices: tuple[tuple[str, Any], ...] = ()
    input_type: str = "text"
    max_length: int = 300
    width: str = ""  # a Bootstrap column class, e.g. "col-md-3"
    placeholder: Any = ""
    extra: dict[str, str] = field(default_factory=dict)


class RowsWidget(forms.Widget):
    template_name = "exemplars/widgets/rows.html"

    def __init__(self, columns: tuple[Column, ...], *, blank_rows: int = 2, attrs: Any = None) -> None:
        super().__init__(attrs)
        self.columns = columns
        self.blank_rows = blank_rows

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[dict[str, str]]:
        getlist = getattr(data, "getlist", None)
        lists = []
        for column in self.columns:
            key = f"{name}-{column.name}"
            values = getlist(key) if getlist is not None else [data.get(key, "")]
            lists.append([v if isinstance(v, str) else "" for v in values][:MAX_ROWS])
        rows = []
        for values in zip_longest(*lists, fillvalue=""):
            row = {
                c.name: clean_text(v, multiline=False)[: c.max_length]
                for c, v in zip(self.columns, values, strict=True)
            }
            if any(row.values()):
                rows.append(row)
        return rows

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{c.name}" in data for c in self.columns)

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        rows = [r for r in (value or []) if isinstance(r, dict)]
        blanks = self.blank_rows if rows else max(self.blank_rows, 1)
        rows = rows + [{} for _i in range(blanks)]
        context["widget"]["columns"] = self.columns
        context["widget"]["rows"] = [
            [
                {
                    "column": c,
                    "name": f"{name}-{c.name}",
                    "value": str(row.get(c.name, "") or ""),
                    "id": f"id_{name}-{c.name}-{i}",
                }
                for c in self.columns
            ]
            for i, row in enumerate(rows)
        ]
        return context


class RowsField(forms.Field):
    """A list of {column: text} rows; the form's clean_<name>() checks and converts them."""

    widget = RowsWidget

    def __init__(self, *, columns: tuple[Column, ...], blank_rows: int = 2, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", RowsWidget(columns, blank_rows=blank_rows))
        super().__init__(**kwargs)
        self.columns = columns

    def to_python(self, value: Any) -> list[dict[str, str]]:
        if not isinstance(value, list):
            return []
        return [r for r in value if isinstance(r, dict)]

    def has_changed(self, initial: Any, data: Any) -> bool:
        return (initial or []) != (data or [])
