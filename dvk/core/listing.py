"""The list kit: one declarative spec per staff list, bound to a request.

A domain declares each staff list once, in `<app>/lists.py`:

    EXEMPLARS = register(ListSpec(
        name="exemplars.list",                       # the export route and the job refer to it
        title=_("Dân vận khéo models"),              # the page's title, the file's name
        build=exemplar_queryset,                     # (user, params) -> scoped QuerySet (403/404 raised here)
        columns=(
            Column("title", _("Name"), "title", sort="title"),
            Column("body", _("Body"), "organisation.name", sort="organisation__name"),
            Column("updated", _("Updated"), "updated_at", sort="updated_at", kind=DATETIME),
        ),
        filters=(Filter("q", _("Search")), Filter("stage", _("Stage"), choices=Stage.choices)),
        default_order=("-updated_at", "-id"),
    ))

and its view binds it: `listing = EXEMPLARS.bind(request)`; the template renders the rows it
always rendered, with the kit's pieces around them (`core/listing/*.html`): sortable headers
(`aria-sort`), the "1–50 / 1.234" summary with the export button, page numbers, and the hidden
inputs that keep the sort when a filter form is submitted.

What the URL carries is declared: the filters (and the path's own values, `kwargs`), `sort`
("key" or "-key", a column's key) and `page`. Anything else is dropped from the links; a sort key
that is not a sortable column, or a malformed page, falls back to the default (never a 5xx).
Sorting always ends with the primary key, so pages never repeat or skip rows.

The export (dvk.exports) rebuilds exactly this queryset from the same params — `spec.rows(user,
params)` — so the workbook holds what the page shows, on every page, in the same order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
from urllib.parse import urlencode

from django.db.models import F, QuerySet
from django.db.models.expressions import BaseExpression, OrderBy
from django.utils.functional import cached_property

from dvk.core.paging import Page, capped_count, page_of

TEXT, NUMBER, DECIMAL, DATE, DATETIME, BOOL = "text", "number", "decimal", "date", "datetime", "bool"
PER_PAGE = 50
COUNT_CAP = 10_000  # the total is exact up to here, "hơn 10.000" beyond (a COUNT never scans a million)
SORT, PAGE = "sort", "page"


_CHOICES: dict[tuple[str, str, str], dict[str, str]] = {}


def choice_label(obj: Any, field: str) -> Any:
    """`obj.get_<field>_display()` from a table translated once per model, field and language
    (the lazy label's translation per row and column costs more than the page's SQL)."""
    from django.utils import translation

    key = (obj._meta.label, field, translation.get_language() or "")
    table = _CHOICES.get(key)
    if table is None:
        table = _CHOICES[key] = {str(k): str(v) for k, v in obj._meta.get_field(field).flatchoices}
    value = getattr(obj, field)
    return table.get(str(value), value)


def vn_number(n: int | float) -> str:
    """1234567 → "1.234.567" (Vietnamese thousands separator)."""
    return f"{int(n):,}".replace(",", ".")


@dataclass(frozen=True)
class Column:
    key: str  # the value of ?sort=
    header: Any  # lazy translated (English source, Vietnamese catalogue)
    value: str | Callable[[Any], Any] = ""  # dotted attribute path ("organisation.name") or callable(row)
    # what the column sorts by: a field path, an ORM expression or a tuple of them (None: not sortable)
    sort: str | BaseExpression | tuple[str | BaseExpression, ...] | None = None
    kind: str = TEXT  # how the export writes the cell: text, number, decimal, date, datetime, bool
    export: bool = True  # False: shown only (an action column)
    show: bool = True  # False: exported only (a value the page shows inside another column)
    width: int | None = None  # export column width; fitted from the first rows when None

    def read(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        obj = row
        for part in (self.value or self.key).split("."):
            if obj is None:
                return None
            if part.startswith("get_") and part.endswith("_display") and hasattr(obj, "_meta"):
                obj = choice_label(obj, part[4:-8])
                continue
            obj = getattr(obj, part, None)
            if callable(obj) and not isinstance(obj, QuerySet):
                obj = obj()
        return obj

    def order_by(self, descending: bool) -> list[OrderBy]:
        sorts = self.sort if isinstance(self.sort, tuple) else (self.sort,)
        out = []
        for sort in sorts:
            expr = F(sort) if isinstance(sort, str) else sort
            assert expr is not None
            out.append(expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True))
        return out


@dataclass(frozen=True)
class Filter:
    param: str  # the query-string name
    label: Any = ""
    choices: Iterable[tuple[Any, Any]] | Callable[[], Iterable[tuple[Any, Any]]] | None = None
    keep: bool = False  # not a field of the filter form (a toggle link): the form carries it hidden

    def describe(self, value: str) -> str:
        choices = self.choices() if callable(self.choices) else self.choices
        for code, label in choices or ():
            if str(code) == value:
                return str(label)
        return value


Params = Mapping[str, str]


@dataclass(frozen=True)
class ListSpec:
    name: str
    title: Any
    build: Callable[[Any, Params], QuerySet]  # (user, params) -> the scoped, filtered queryset
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...] = ()
    kwargs: tuple[str, ...] = ()  # values taken from the path (a body, a year), carried by the export
    default_order: tuple[str, ...] = ()  # when no (valid) sort is asked; the pk is appended
    per_page: int = PER_PAGE
    exportable: Callable[[QuerySet], QuerySet] | None = None  # narrows what an export may hold (MẬT)
    export_note: Any = ""  # said on the page and in the file when `exportable` withholds rows
    filename: Callable[[Params], str] | None = None  # file name without date and extension
    # turns a batch of rows into what the columns read (e.g. audit events described with labels,
    # one query per batch); applied to the page's rows and to each chunk of an export
    prepare: Callable[[list[Any]], list[Any]] | None = None
    # the total is exact up to here ("> cap" beyond): a lower cap for a list whose filtered rows
    # run into the tens of thousands (a province's open cases), so its COUNT stays cheap
    count_cap: int = COUNT_CAP

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def clean(self, data: Mapping[str, Any], kwargs: Mapping[str, Any] | None = None) -> dict[str, str]:
        """The declared params of `data` (a QueryDict or dict) as short strings; others dropped."""
        out: dict[str, str] = {}
        for name in [f.param for f in self.filters] + [SORT]:
            raw = data.get(name)
            if isinstance(raw, list | tuple):
                raw = raw[-1] if raw else ""
            if raw not in (None, ""):
                out[name] = str(raw)[:200]
        for name in self.kwargs:
            value = (kwargs or {}).get(name, data.get(name))
            if value not in (None, ""):
                out[name] = str(value)[:40]
        if SORT in out and self.sort_of(out) is None:
            del out[SORT]
        return out

    def sort_of(self, params: Params) -> tuple[Column, bool] | None:
        raw = params.get(SORT, "")
        descending = raw.startswith("-")
        col = self.column(raw.lstrip("-"))
        if col is None or col.sort is None:
            return None
        return col, descending

    def ordered(self, qs: QuerySet, params: Params) -> QuerySet:
        sort = self.sort_of(params)
        if sort is None:
            order = list(self.default_order or qs.query.order_by or qs.model._meta.ordering or ())
            if not any(str(o).lstrip("-") in ("pk", "id") for o in order):
                order.append("-pk")
            return qs.order_by(*order)
        col, descending = sort
        return qs.order_by(*col.order_by(descending), "-pk" if descending else "pk")

    def queryset(self, user: Any, params: Params) -> QuerySet:
        return self.ordered(self.build(user, params), params)

    def export_queryset(self, user: Any, params: Params) -> QuerySet:
        qs = self.queryset(user, params)
        return self.exportable(qs) if self.exportable else qs

    def iter_rows(self, qs: QuerySet, chunk: int = 2000) -> Iterator[Any]:
        """The rows of `qs` as the columns read them, streamed in chunks (an export's rows)."""
        rows = qs.iterator(chunk_size=chunk)
        if self.prepare is None:
            yield from rows
            return
        while batch := list(islice(rows, chunk)):
            yield from self.prepare(batch)

    def bind(self, request: Any, **kwargs: Any) -> BoundList:
        params = self.clean(request.GET, kwargs)
        return BoundList(self, params, self.queryset(request.user, params), request.GET.get(PAGE))

    @property
    def export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.export]

    def describe_filters(self, params: Params) -> list[tuple[str, str]]:
        out = []
        for f in self.filters:
            if params.get(f.param):
                out.append((str(f.label or f.param), f.describe(params[f.param])))
        return out


@dataclass
class Header:
    label: Any
    url: str | None  # None: not sortable
    aria_sort: str  # "ascending", "descending" or "none"


@dataclass
class BoundList:
    spec: ListSpec
    params: dict[str, str]
    qs: QuerySet
    raw_page: Any = None
    page_links: list[tuple[int | None, str]] = field(default_factory=list)

    @cached_property
    def page(self) -> Page:
        page = page_of(self.qs, self.raw_page, self.spec.per_page)
        page.count, page.exact = self.count
        page.per_page = self.spec.per_page
        return page

    @cached_property
    def rows(self) -> list[Any]:
        """The page's rows as the columns read them (prepared when the spec says so)."""
        rows = list(self.page.object_list)
        return self.spec.prepare(rows) if self.spec.prepare else rows

    @cached_property
    def count(self) -> tuple[int, bool]:
        return capped_count(self.qs, self.spec.count_cap)

    def url(self, **changes: Any) -> str:
        params = {k: v for k, v in self.params.items() if k not in self.spec.kwargs}
        for k, v in changes.items():
            if v in (None, ""):
                params.pop(k, None)
            else:
                params[k] = str(v)
        return "?" + urlencode(params) if params else "?"

    @property
    def querystring(self) -> str:
        """The declared filters and the sort (no page): for links a template builds itself."""
        return self.url()[1:]

    @property
    def headers(self) -> list[Header]:
        sort = self.spec.sort_of(self.params)
        out = []
        for col in (c for c in self.spec.columns if c.show):
            if col.sort is None:
                out.append(Header(col.header, None, "none"))
                continue
            active = sort is not None and sort[0].key == col.key
            descending = bool(active and sort and sort[1])
            # a click on the active column flips it; on another column sorts ascending
            target = col.key if (not active or descending) else f"-{col.key}"
            aria = ("descending" if descending else "ascending") if active else "none"
            out.append(Header(col.header, self.url(sort=target, page=None), aria))
        return out

    @property
    def hidden(self) -> list[tuple[str, str]]:
        """Inputs a filter form carries so that filtering keeps the sort and the toggles that are not
        fields of the form (and goes back to page 1)."""
        names = [f.param for f in self.spec.filters if f.keep] + [SORT]
        return [(n, self.params[n]) for n in names if n in self.params]

    @property
    def toggles(self) -> dict[str, str]:
        """For each kept filter (a toggle link such as "Registered by me"), the URL that switches it
        on or off and keeps everything else: `{{ listing.toggles.mine }}`."""
        return {
            f.param: self.url(**{f.param: None if self.params.get(f.param) == "1" else "1", PAGE: None})
            for f in self.spec.filters
            if f.keep
        }

    @property
    def summary(self) -> str:
        page = self.page
        count, exact = self.count
        if not page.object_list:
            return f"0 / {vn_number(count)}" if exact else f"0 / > {vn_number(count)}"
        start = (page.number - 1) * self.spec.per_page + 1
        end = start + len(page.object_list) - 1
        total = vn_number(count) if exact else f"> {vn_number(count)}"
        return f"{vn_number(start)}–{vn_number(end)} / {total}"

    @property
    def last_page(self) -> int | None:
        count, exact = self.count
        return max(1, math.ceil(count / self.spec.per_page)) if exact else None

    @property
    def pages(self) -> list[tuple[int | None, str]]:
        """(number, url) for the page links: first, last, the current one and two either side;
        (None, "") marks a gap."""
        number = self.page.number
        last = self.last_page
        if last is None:
            last = number + (1 if self.page.has_next else 0)
        wanted = sorted({1, last, *range(max(1, number - 2), min(last, number + 2) + 1)})
        out: list[tuple[int | None, str]] = []
        previous = 0
        for n in wanted:
            if n - previous > 1:
                out.append((None, ""))
            out.append((n, self.url(page=n if n > 1 else None)))
            previous = n
        return out

    @property
    def previous_url(self) -> str:
        n = self.page.number - 1
        return self.url(page=n if n > 1 else None)

    @property
    def next_url(self) -> str:
        return self.url(page=self.page.number + 1)

    @property
    def export_url(self) -> str:
        from django.urls import NoReverseMatch, reverse

        try:
            base = reverse("exports:start", args=[self.spec.name])
        except NoReverseMatch:  # the exports app is not installed
            return ""
        return base + ("?" + urlencode(self.params) if self.params else "")


_REGISTRY: dict[str, ListSpec] = {}
_discovered = False


def register(spec: ListSpec) -> ListSpec:
    _REGISTRY[spec.name] = spec
    return spec


def get(name: str) -> ListSpec | None:
    """The spec registered under `name`, importing every app's `lists` module the first time."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("lists")
        _discovered = True
    return _REGISTRY.get(name)


def all_specs() -> list[ListSpec]:
    get("")
    return list(_REGISTRY.values())
