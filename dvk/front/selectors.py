"""Reads of MTTQ supervision and social critique for pages, exports and the API: every query starts
from a model's `visible_to(user)` and loads its relations up front, so the number of queries of a
list does not grow with its rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from dvk.core.text import search_terms
from dvk.front.drafts import ArticleDiff, ParsedUnit, compare
from dvk.front.models import (
    Comment,
    Critique,
    DraftUnit,
    DraftVersion,
    Programme,
    Recommendation,
    Supervision,
)
from dvk.front.workflow import OPEN_RECOMMENDATION_STAGES
from dvk.organisations.scoping import scope_for


def _search(qs: QuerySet, q: str) -> QuerySet:
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=term)
    return qs


def programme_list(*, user: Any, year: int | None = None) -> QuerySet[Programme]:
    qs = Programme.objects.visible_to(user).select_related("organisation")
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(supervision_count=Count("supervisions"))


def supervision_list(
    *, user: Any, q: str = "", stage: str = "", kind: str = "", programme: int | None = None
) -> QuerySet[Supervision]:
    qs = Supervision.objects.visible_to(user).select_related(
        "organisation", "supervised", "programme", "escalate_to"
    )
    if stage:
        qs = qs.filter(stage=stage)
    if kind:
        qs = qs.filter(kind=kind)
    if programme:
        qs = qs.filter(programme_id=programme)
    return _search(qs, q)


def recommendation_worklist(
    *,
    user: Any,
    stage: str = "",
    open_only: bool = False,
    overdue: bool = False,
    addressed_to_me: bool = False,
    supervision: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Recommendation]:
    """Recommendations in scope, oldest answer date first. `addressed_to_me`: only those a body
    the user works for must answer."""
    today = today or timezone.localdate()
    qs = Recommendation.objects.visible_to(user).select_related(
        "organisation", "addressee", "supervision", "escalated_to"
    )
    if addressed_to_me and not scope_for(user).everything:
        qs = qs.filter(scope_for(user).q("addressee_path"))
    if stage:
        qs = qs.filter(stage=stage)
    elif open_only or overdue:
        qs = qs.filter(stage__in=OPEN_RECOMMENDATION_STAGES)
    if overdue:
        qs = qs.filter(due_on__lt=today)
    if supervision:
        qs = qs.filter(supervision_id=supervision)
    return qs.order_by("due_on", "id")


def _count_of(qs: QuerySet) -> QuerySet:
    return qs.order_by().values("critique").annotate(n=Count("pk")).values("n")


def critique_list(*, user: Any, q: str = "", stage: str = "") -> QuerySet[Critique]:
    qs = (
        Critique.objects.visible_to(user)
        .select_related("organisation", "drafting_body", "lead")
        .prefetch_related(
            "invitations", Prefetch("versions", queryset=DraftVersion.objects.order_by("number"))
        )
    )
    if stage:
        qs = qs.filter(stage=stage)
    # Correlated counts on the (critique, moderation, order) index, evaluated for the page's rows
    # only: a GROUP BY over every comment of the scope is what made this list slow.
    shown = Comment.objects.filter(critique=OuterRef("pk"), moderation=Comment.Moderation.APPROVED)
    qs = qs.annotate(
        comment_count=Subquery(_count_of(shown)),
        unanswered=Subquery(_count_of(shown.filter(answer=""))),
    )
    return _search(qs, q)


def visible_comments(critique: Critique, *, user: Any) -> QuerySet[Comment]:
    """The comments `user` sees, in table order, without relations (for tallies and paging).
    Moderators (the Front) also see those awaiting moderation or rejected; everyone else sees the
    comments shown."""
    qs = critique.comments.all()
    if not user.has_perm("front.moderate", critique):
        qs = qs.filter(moderation=Comment.Moderation.APPROVED)
    return qs.order_by("order", "id")


def table_comments(critique: Critique) -> QuerySet[Comment]:
    """The shown comments in table order, without relations (for tallies and paging)."""
    return critique.comments.filter(moderation=Comment.Moderation.APPROVED).order_by("order", "id")


def with_table_relations(qs: QuerySet[Comment]) -> QuerySet[Comment]:
    """What a row of the table reads: its unit, author body, version and the units it changed (with
    their version: one query for the page, whether or not a row has such units)."""
    changed = Prefetch("changed_units", queryset=DraftUnit.objects.select_related("version"))
    return qs.select_related("unit", "organisation", "version").prefetch_related(changed)


def comments_of(critique: Critique, *, user: Any) -> QuerySet[Comment]:
    """Comments in table order with their relations (see visible_comments)."""
    return (
        visible_comments(critique, user=user)
        .select_related("unit", "organisation", "version", "answered_by")
        .prefetch_related("changed_units__version")
    )


def response_table(critique: Critique) -> QuerySet[Comment]:
    """The comment-by-comment table (shown comments only): exports and the public page."""
    return with_table_relations(table_comments(critique))


def response_table_rows(critique: Critique) -> list[dict[str, Any]]:
    """The whole table as plain values for the API: two queries (the rows with their unit, body and
    version; the units each comment changed), no model instances (a table of a thousand comments
    serialises in milliseconds)."""
    rows = list(
        table_comments(critique).values(
            "id",
            "version__number",
            "unit_id",
            "unit__label",
            "source",
            "organisation__name",
            "author_name",
            "text",
            "moderation",
            "answer",
            "explanation",
            "answered_at",
        )
    )
    changed: dict[int, list[str]] = {}
    links = (
        DraftUnit.changed_by.through.objects.filter(comment__critique=critique)
        .order_by("draftunit__version__number", "draftunit__order", "id")
        .values_list("comment_id", "draftunit__label", "draftunit__version__number")
    )
    for comment_id, label, number in links:
        changed.setdefault(comment_id, []).append(f"{label} (v{number})")
    sources = dict(Comment.Source.choices)
    answers = dict(Comment.Answer.choices)
    out = []
    for r in rows:
        member = r["source"] == Comment.Source.MEMBER and r["organisation__name"]
        out.append(
            {
                "id": r["id"],
                "version": r["version__number"],
                "unit_id": r["unit_id"],
                "unit": r["unit__label"] or "",
                "source": r["source"],
                "author": member or r["author_name"] or str(sources.get(r["source"], r["source"])),
                "text": r["text"],
                "moderation": r["moderation"],
                "answer": r["answer"],
                "answer_label": str(answers[r["answer"]]) if r["answer"] else "",
                "explanation": r["explanation"],
                "answered_at": r["answered_at"],
                "changed_units": changed.get(r["id"], []),
            }
        )
    return out


def public_critiques() -> QuerySet[Critique]:
    """Drafts open to public comment now, and published response tables."""
    today = timezone.localdate()
    open_now = (
        Q(public_comments=True, stage__in=("collecting", "conference"))
        & (Q(window_opens__isnull=True) | Q(window_opens__lte=today))
        & (Q(window_closes__isnull=True) | Q(window_closes__gte=today))
    )
    return Critique.objects.filter(open_now | Q(stage="published")).select_related(
        "organisation", "drafting_body"
    )


def latest_version(critique: Critique) -> DraftVersion | None:
    return critique.versions.order_by("-number").first()


def units_of(version: DraftVersion) -> list[DraftUnit]:
    return list(version.units.order_by("order"))


def _unit_dicts(version: DraftVersion) -> list[dict]:
    """The version's units in order, each rendered as a line of the draft, with its article's key."""
    rows = list(version.units.order_by("order"))
    keys = {u.pk: u.key for u in rows}
    out = []
    for u in rows:
        parsed = ParsedUnit(
            kind=u.kind, key=u.key, label=u.label, number=u.number, heading=u.heading, text=u.text
        )
        out.append(
            {
                "id": u.pk,
                "kind": u.kind,
                "key": u.key,
                "label": u.label,
                "article_key": u.key if u.kind == "article" else keys.get(u.article_id or 0, ""),
                "rendered": parsed.render(),
            }
        )
    return out


def version_diff(old: DraftVersion, new: DraftVersion) -> list[ArticleDiff]:
    """Side-by-side differences per article between two versions of one draft."""
    return compare(_unit_dicts(old), _unit_dicts(new))


def recommendation_counts(qs: QuerySet[Recommendation], today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return qs.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(stage__in=OPEN_RECOMMENDATION_STAGES)),
        overdue=Count("pk", filter=Q(stage__in=OPEN_RECOMMENDATION_STAGES, due_on__lt=today)),
        escalated=Count("pk", filter=Q(escalated_on__isnull=False)),
        closed=Count("pk", filter=Q(stage="closed")),
    )


def supervision_detail_qs(user: Any) -> QuerySet[Supervision]:
    recs = Recommendation.objects.select_related("addressee", "escalated_to").order_by("number", "id")
    return (
        Supervision.objects.visible_to(user)
        .select_related("organisation", "supervised", "programme", "escalate_to")
        .prefetch_related("team__organisation", Prefetch("recommendations", queryset=recs))
    )
