"""The comments of one critique a page at a time, for the critique page and its table of acceptance
and explanation (bảng tiếp thu, giải trình).

A draft under critique gathers hundreds of comments; an official reads them article by article
(Điều 5 with its clauses) or looks for the ones still without an answer. So both pages show 50
comments in table order, filtered by article (`?unit=d5`, `?unit=chung` for the draft as a whole)
and by answer (`?answer=none|accepted|partly|not_accepted`, `pending` for the Front's moderators),
with the tally of every article beside the filter. The full table stays one file: the official
DOCX and XLSX (dvk.front.exports).

Queries per page do not grow with the comments: one aggregate (the tallies, which also give every
total, so no COUNT), the page's rows and their prefetches. A value the page does not offer (an
unknown article, a malformed page) is ignored, never an error.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dvk.core.listing import vn_number
from dvk.core.validation import parse_page
from dvk.front.models import Comment, DraftUnit

PER_PAGE = 50
WHOLE = "chung"  # ?unit= for the comments on the draft as a whole
A = Comment.Answer
M = Comment.Moderation

# ?answer= value -> (label, condition, tally bucket)
ANSWER_FILTERS: dict[str, tuple[Any, Q, str]] = {
    "none": (_("Not answered yet"), Q(moderation=M.APPROVED, answer=""), "unanswered"),
    A.ACCEPTED.value: (A.ACCEPTED.label, Q(answer=A.ACCEPTED), A.ACCEPTED.value),
    A.PARTLY.value: (A.PARTLY.label, Q(answer=A.PARTLY), A.PARTLY.value),
    A.NOT_ACCEPTED.value: (A.NOT_ACCEPTED.label, Q(answer=A.NOT_ACCEPTED), A.NOT_ACCEPTED.value),
}
PENDING_FILTER = (_("Awaiting moderation"), Q(moderation=M.PENDING), "pending")
BUCKETS = ("total", "unanswered", A.ACCEPTED.value, A.PARTLY.value, A.NOT_ACCEPTED.value, "pending")


def article_key(key: str | None) -> str:
    """The article a unit belongs to: "d5/k2/pa" -> "d5"; no unit -> WHOLE."""
    return key.split("/", 1)[0] if key else WHOLE


@dataclass
class ArticleTally:
    """The comments on one article (its clauses and points included), or on the draft as a whole."""

    key: str
    label: str
    first: int  # the table order of its first comment
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))

    @property
    def total(self) -> int:
        return self.counts["total"]

    @property
    def unanswered(self) -> int:
        return self.counts["unanswered"]


def tallies(qs: QuerySet[Comment]) -> dict[str, ArticleTally]:
    """Per article (in draft order), the comments of `qs` in each bucket: one aggregate over the
    critique's comments by unit (on the comment index, no join), then the key and reference of
    those units (a join would hash every unit of every draft: it grows with the database)."""
    rows = list(
        qs.order_by()
        .values("unit_id")
        .annotate(
            first=Min("order"),
            total=Count("pk"),
            unanswered=Count("pk", filter=ANSWER_FILTERS["none"][1]),
            pending=Count("pk", filter=PENDING_FILTER[1]),
            **{a: Count("pk", filter=Q(answer=a)) for a in A.values},
        )
    )
    ids = [r["unit_id"] for r in rows if r["unit_id"]]
    units = {u["pk"]: u for u in DraftUnit.objects.filter(pk__in=ids).values("pk", "key", "label")}
    out: dict[str, ArticleTally] = {}
    for row in rows:
        unit = units.get(row["unit_id"]) or {"key": "", "label": ""}
        key = article_key(unit["key"])
        label = str(_("The draft as a whole")) if key == WHOLE else unit["label"].split(",")[0]
        tally = out.setdefault(key, ArticleTally(key=key, label=label, first=row["first"]))
        if unit["key"] == key:
            tally.label = unit["label"] or tally.label  # the article's own reference
        tally.first = min(tally.first, row["first"])
        for bucket in BUCKETS:
            tally.counts[bucket] += row[bucket]
    ordered = sorted(out.values(), key=lambda t: (t.key != WHOLE, t.first, t.key))
    return {t.key: t for t in ordered}


def _in_article(key: str) -> Q:
    if key == WHOLE:
        return Q(unit__isnull=True)
    return Q(unit__key=key) | Q(unit__key__startswith=f"{key}/")


def _row_number(base: QuerySet[Comment]) -> Subquery:
    """The row's number in the whole table (what the DOCX says), for a filtered page's rows only:
    the comments of `base` before it in table order (order, id), counted on the table index."""
    before = base.filter(Q(order__lt=OuterRef("order")) | Q(order=OuterRef("order"), id__lt=OuterRef("id")))
    return Subquery(before.order_by().values("critique").annotate(n=Count("pk")).values("n"))


@dataclass
class CommentPage:
    """One page of a critique's comments with its filters; duck-types the list kit's pager
    (`core/listing/pages.html` and `summary.html` read `listing.page`, `pages`, `summary`, …)."""

    rows: list[Comment]
    number: int
    has_next: bool
    count: int
    unit: str
    answer: str
    articles: list[ArticleTally]
    answer_choices: list[tuple[str, Any, int]]
    all_counts: dict[str, int]
    export_url: str = ""
    per_page: int = PER_PAGE

    # the pager of the list kit
    @property
    def page(self) -> CommentPage:
        return self

    @property
    def object_list(self) -> list[Comment]:
        return self.rows

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.number > 1

    def tally(self, key: str) -> ArticleTally | None:
        """The tally of the article with this key (None: no comment on it)."""
        return next((a for a in self.articles if a.key == key), None)

    @property
    def filtered(self) -> bool:
        return bool(self.unit or self.answer)

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page

    def url(self, **changes: Any) -> str:
        params = {"unit": self.unit, "answer": self.answer, "page": str(self.number)}
        params.update({k: "" if v is None else str(v) for k, v in changes.items()})
        if params.get("page") == "1":
            params["page"] = ""
        kept = {k: v for k, v in params.items() if v}
        return "?" + urlencode(kept) if kept else "?"

    @property
    def summary(self) -> str:
        if not self.rows:
            return f"0 / {vn_number(self.count)}"
        return (
            f"{vn_number(self.start + 1)}–{vn_number(self.start + len(self.rows))} / {vn_number(self.count)}"
        )

    @property
    def last_page(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def pages(self) -> list[tuple[int | None, str]]:
        last, number = self.last_page, self.number
        wanted = sorted({1, last, *range(max(1, number - 2), min(last, number + 2) + 1)})
        out: list[tuple[int | None, str]] = []
        previous = 0
        for n in wanted:
            if n - previous > 1:
                out.append((None, ""))
            out.append((n, self.url(page=n)))
            previous = n
        return out

    @property
    def previous_url(self) -> str:
        return self.url(page=self.number - 1)

    @property
    def next_url(self) -> str:
        return self.url(page=self.number + 1)


def comment_page(
    qs: QuerySet[Comment],
    params: Any,
    *,
    moderator: bool = False,
    prepare: Callable[[QuerySet[Comment]], QuerySet[Comment]] | None = None,
    number_rows: bool = True,
) -> CommentPage:
    """The page of `qs` (the comments the user sees, in table order) that `params` (request.GET)
    asks for. `prepare` adds the page's select_related/prefetch; `number_rows` sets `row_no` on
    each row: its number in the whole `qs` (the official table's STT)."""
    tally = tallies(qs)
    choices = dict(ANSWER_FILTERS)
    if moderator:
        choices["pending"] = PENDING_FILTER
    unit = str(params.get("unit", ""))[:120]
    unit = unit if unit in tally else ""
    answer = str(params.get("answer", ""))[:20]
    answer = answer if answer in choices else ""
    scope = [tally[unit]] if unit else list(tally.values())
    bucket = choices[answer][2] if answer else "total"
    count = sum(t.counts[bucket] for t in scope)
    filtered = qs
    if unit:
        filtered = filtered.filter(_in_article(unit))
    if answer:
        filtered = filtered.filter(choices[answer][1])
    number = parse_page(params.get("page"))
    start = (number - 1) * PER_PAGE
    page_qs = prepare(filtered) if prepare else filtered
    if number_rows and (unit or answer):
        page_qs = page_qs.annotate(before=Coalesce(_row_number(qs), 0))
    rows = list(page_qs[start : start + PER_PAGE + 1])
    for i, row in enumerate(rows):
        row.row_no = (row.before + 1) if hasattr(row, "before") else start + i + 1  # type: ignore[attr-defined]
    totals = {b: sum(t.counts[b] for t in tally.values()) for b in BUCKETS}
    return CommentPage(
        rows=rows[:PER_PAGE],
        number=number,
        has_next=len(rows) > PER_PAGE,
        count=count,
        unit=unit,
        answer=answer,
        articles=list(tally.values()),
        answer_choices=[(k, label, totals[b]) for k, (label, _q, b) in choices.items()],
        all_counts=totals,
    )


def place_under_units(page: CommentPage, units: list[DraftUnit]) -> list[Comment]:
    """Puts the page's comments under the units of the latest version (`shown_comments`, and the
    article's `tally` on each article): a comment goes under the unit with its unit's key (one on
    Điều 5 of v1 stays under Điều 5 in v2). Returns the others, to list above the draft: those on
    the draft as a whole, then those on a unit the latest version no longer has."""
    by_key: dict[str | None, list[Comment]] = {}
    for c in page.rows:
        by_key.setdefault(c.unit.key if c.unit else None, []).append(c)
    for u in units:
        setattr(u, "shown_comments", by_key.pop(u.key, []))  # noqa: B010
        setattr(u, "tally", page.tally(u.key) if u.kind == "article" else None)  # noqa: B010
    general = by_key.pop(None, [])
    return general + [c for rest in by_key.values() for c in rest]
