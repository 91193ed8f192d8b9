"""What a domain declares to import its register: the columns and three callables.

A domain app names its spec on its AppConfig (`importers = ("dvk.exemplars.register_import.SPEC",)`);
`dvk.imports` reads the workbook, finds the sheet and the header, classifies the rows, applies
the text and date rules and runs the dry run and the apply, without importing any domain model.
The spec does the domain's part:

- `prepare(user)` loads what matching needs once per file (bodies in the user's reach, fields,
  units): a constant number of queries, whatever the number of rows;
- `interpret(row, ctx)` turns one data row into a record (a dict of what the file says and what it
  matched) and a list of `Issue`s — no write;
- `existing(records, ctx)` finds, in one query, the records already in the database (a file
  imported twice creates nothing new): {duplicate key: id};
- `create(record, user, ctx)` writes one record through the domain's service;
- `create_batch(records, user, ctx)` (optional, preferred) writes a batch of records through the
  domain's bulk service in a constant number of queries and returns them in order; a refused
  record raises an error whose `index` attribute is its place in the batch (the report names
  its row). Without it the records are created one by one.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dvk.core.text import fold
from dvk.imports import values
from dvk.imports.workbook import Cell


@dataclass(frozen=True)
class Column:
    key: str
    headers: tuple[str, ...]  # header texts as offices write them; matched folded
    required: bool = False  # the header must be present for the sheet to be the register


@dataclass
class Issue:
    reason: str
    message: str
    extra: dict[str, Any] = field(default_factory=dict)


class Row:
    """One data row: cells by column key, with the shared text and date rules."""

    def __init__(self, number: int, cells: dict[str, Cell]) -> None:
        self.number = number  # Excel's 1-based row number
        self.cells = cells
        self.issues: list[Issue] = []

    def text(self, key: str) -> str:
        return values.text(self.cells.get(key, Cell()))

    def date(self, key: str) -> dt.date | None:
        """The date, or None; an unparseable value adds the `unparseable_date` issue."""
        from django.utils.translation import gettext as _

        try:
            return values.date(self.cells.get(key, Cell()))
        except values.DateError as exc:
            self.issues.append(
                Issue(
                    "unparseable_date",
                    _("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": exc.value},
                    {"value": exc.value, "column": key},
                )
            )
            return None


@dataclass
class Interpretation:
    record: dict[str, Any]
    issues: list[Issue]
    key: tuple | None = None  # duplicate key: same name and unit after normalisation


@dataclass
class ImportSpec:
    kind: str  # the command's first argument: "exemplars", "bodies", …
    label: Any  # lazy: what the page calls it
    columns: tuple[Column, ...]
    permission: str  # named permission to import (checked against the user, no object)
    prepare: Callable[[Any], Any]
    interpret: Callable[[Row, Any], Interpretation]
    existing: Callable[[Sequence[dict[str, Any]], Any], dict[tuple, int]]
    create: Callable[[dict[str, Any], Any, Any], Any]
    create_batch: Callable[[Sequence[dict[str, Any]], Any, Any], Sequence[Any]] | None = None
    record_fields: tuple[str, ...] = ()  # keys of a record in the JSON output, in order
    title_field: str = "title"  # what the page shows of a record
    order: int = 100

    @property
    def required_keys(self) -> set[str]:
        return {c.key for c in self.columns if c.required}


# --- helpers the domains' specs share ---------------------------------------------------------


def folded_index(items: Iterable[Any], *names: Callable[[Any], str]) -> dict[str, list[Any]]:
    """{folded name: [items]} for each of the `names` of every item."""
    index: dict[str, list[Any]] = {}
    for item in items:
        for name in names:
            key = fold(name(item))
            if key and item not in index.setdefault(key, []):
                index[key].append(item)
    return index


def suggestions(
    wanted: str, index: dict[str, list[Any]], label: Callable[[Any], str], n: int = 3
) -> list[str]:
    """Up to `n` names close to `wanted` (folded comparison), for the error message."""
    close = difflib.get_close_matches(fold(wanted), list(index), n=n, cutoff=0.6)
    out: list[str] = []
    for key in close:
        for item in index[key]:
            name = label(item)
            if name not in out:
                out.append(name)
    return out[:n]


_LEVEL_WORDS = ("thi tran ", "dac khu ", "phuong ", "xa ")


def unit_key(name: str) -> str:
    """A commune's name folded and without its level word: "Xã Hợp Thành" → "hop thanh"."""
    key = fold(name)
    for word in _LEVEL_WORDS:
        if key.startswith(word):
            return key[len(word) :].strip()
    return key
